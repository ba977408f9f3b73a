// Text forms of values as Spark prints them (show(), CSV/JSON writers, casts to string).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kindred {

// Java's Double.toString: shortest round-trip digits, "1.0", "1.0E10", "NaN", "Infinity".
std::string FormatDouble(double v);
std::string FormatFloat(float v);
// "2024-01-31" from days since the epoch.
std::string FormatDate(int32_t days);
// "2024-01-31 12:34:56" or "2024-01-31 12:34:56.123" (UTC) from epoch microseconds.
std::string FormatTimestamp(int64_t micros);
// Unscaled 128-bit value with `scale` digits after the point: "12.30".
std::string FormatDecimal(__int128 unscaled, int scale);

// Parsers for the same forms; return false when the text is not a valid value.
bool ParseDate(std::string_view s, int32_t* days);
bool ParseTimestamp(std::string_view s, int64_t* micros);
bool ParseDecimal(std::string_view s, int scale, __int128* unscaled);
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d);

}  // namespace kindred
