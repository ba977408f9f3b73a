// Arrow IPC *stream* reader, for data sent by clients (Spark Connect LocalRelation) or read from
// files. The input is untrusted: every offset and length is bounds-checked, and malformed input
// yields InvalidArgument naming what is wrong ("truncated record batch body"); it never crashes.
// Accepted: metadata V4/V5, little-endian, uncompressed bodies, with or without the 0xFFFFFFFF
// continuation word, with or without the EOS marker at the end.
// Type mapping (Arrow -> Kindred): Null, Bool, Int 8..64 signed, FloatingPoint SINGLE/DOUBLE,
// Utf8/LargeUtf8 -> string, Binary/LargeBinary -> binary, Date (DAY or MILLISECOND) -> date,
// Timestamp (any unit, any zone) -> timestamp in microseconds, Decimal 128 -> decimal,
// List/LargeList -> array. Other types are InvalidArgument ("unsupported Arrow type Interval");
// dictionary-encoded fields and compressed bodies (LZ4/ZSTD) are Unimplemented.
// All functions are thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "columnar/table.h"
#include "columnar/types.h"
#include "common/status.h"

namespace kindred {

// All record batches of the stream concatenated into one table (zero rows when the stream has
// no batches). The table owns its memory; `bytes` may be released afterwards.
Result<TablePtr> ReadArrowIpcStream(std::string_view bytes);

// The record batches of the stream, one table each, in order.
Result<std::vector<TablePtr>> ReadArrowIpcBatches(std::string_view bytes);

// Only the schema (the stream's first message); the rest of the stream is not examined.
Result<Schema> ReadArrowIpcSchema(std::string_view bytes);

}  // namespace kindred
