// Cast kernels with Spark's non-ANSI semantics: invalid input yields null, integral narrowing
// wraps, floating → integral saturates (Java conversion), strings are trimmed before parsing.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "columnar/format_value.h"
#include "sql/expr/bound_expr.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

__int128 Pow10(int n) {
  __int128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

bool FitsPrecision(__int128 v, int precision) {
  __int128 lim = Pow10(precision);
  return v < lim && v > -lim;
}

template <typename D, typename S>
D ConvertNumber(S v) {
  if constexpr (std::is_floating_point_v<S> && std::is_integral_v<D> && !std::is_same_v<D, uint8_t>) {
    // Java: NaN → 0, out-of-range saturates (to int for byte/short, then narrows).
    if (std::isnan(v)) return 0;
    if constexpr (sizeof(D) == 8) {
      if (v >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
      if (v <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
      return static_cast<D>(v);
    } else {
      int32_t i;
      if (v >= 2147483647.0) i = std::numeric_limits<int32_t>::max();
      else if (v <= -2147483648.0) i = std::numeric_limits<int32_t>::min();
      else i = static_cast<int32_t>(v);
      return static_cast<D>(i);
    }
  } else if constexpr (std::is_same_v<D, uint8_t>) {
    return v != 0 ? 1 : 0;
  } else {
    return static_cast<D>(v);
  }
}

// Spark's UTF8String.toLong: optional sign, digits, an optional fraction that is dropped.
bool ParseIntegral(std::string_view s, int64_t* out) {
  s = Trim(s);
  if (s.empty()) return false;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    ++i;
  }
  if (i >= s.size()) return false;
  unsigned __int128 v = 0;
  bool any = false;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
    any = true;
    if (v > (static_cast<unsigned __int128>(1) << 63)) return false;
  }
  if (i < s.size()) {
    for (++i; i < s.size(); ++i)
      if (s[i] < '0' || s[i] > '9') return false;
  }
  if (!any && (s.size() < 2)) return false;
  if (!neg && v > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max())) return false;
  *out = neg ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
  return true;
}

bool ParseFloating(std::string_view s, double* out) {
  s = Trim(s);
  std::string l = ToLower(s);
  if (l == "nan") { *out = std::nan(""); return true; }
  if (l == "infinity" || l == "+infinity" || l == "inf" || l == "+inf") { *out = INFINITY; return true; }
  if (l == "-infinity" || l == "-inf") { *out = -INFINITY; return true; }
  if (!l.empty() && (l.back() == 'd' || l.back() == 'f')) l.pop_back();
  return ParseDouble(l, out);
}

bool ParseBool(std::string_view s, bool* out) {
  std::string l = ToLower(Trim(s));
  if (l == "true" || l == "t" || l == "yes" || l == "y" || l == "1") { *out = true; return true; }
  if (l == "false" || l == "f" || l == "no" || l == "n" || l == "0") { *out = false; return true; }
  return false;
}

bool ParseDateLoose(std::string_view s, int32_t* days) {
  s = Trim(s);
  if (ParseDate(s, days)) return true;
  // Spark also accepts "yyyy" and "yyyy-[m]m" and single-digit months/days.
  int y = 0, m = 1, d = 1;
  size_t i = 0;
  auto num = [&](int* out, int maxlen) {
    size_t st = i;
    int v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && static_cast<int>(i - st) < maxlen)
      v = v * 10 + (s[i++] - '0');
    *out = v;
    return i > st;
  };
  if (!num(&y, 4)) return false;
  if (i < s.size() && s[i] == '-') {
    ++i;
    if (!num(&m, 2)) return false;
    if (i < s.size() && s[i] == '-') {
      ++i;
      if (!num(&d, 2)) return false;
    }
  }
  if (i != s.size() && s[i] != ' ' && s[i] != 'T') return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
  return ParseDate(buf, days);
}

constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::string CastToString(const Column& c, int64_t i) {
  if (c.type().id == TypeId::kList) {
    std::string out = "[";
    const int32_t* o = c.offsets();
    for (int32_t k = o[i]; k < o[i + 1]; ++k) {
      if (k > o[i]) out += ", ";
      out += c.child()->IsNull(k) ? "null" : CastToString(*c.child(), k);
    }
    return out + "]";
  }
  return c.FormatValue(i);
}

// cast(integer as string): the decimal text of every row written straight into the Arrow
// offsets and bytes in one pass, the same text std::to_string gives. The bytes buffer is
// sized from the batch's largest magnitude (plus the slack WriteDecimal needs) and trimmed to
// the text written. Null rows stay null with no bytes.
template <typename T>
ColumnPtr IntegersToStrings(const Column& c, const DataType& to) {
  const int64_t n = c.length();
  const T* v = c.values<T>();
  const bool nulls = c.has_nulls();
  const uint8_t* valid = nulls ? c.validity_buffer().data() : nullptr;
  Buffer offsets((n + 1) * sizeof(int32_t));
  int32_t* o = reinterpret_cast<int32_t*>(offsets.data());
  // At most 20 bytes per row: a batch never comes near the int32 offset limit.
  Buffer bytes(static_cast<size_t>(n) * MaxDecimalLength(v, n) + 8);
  char* out = reinterpret_cast<char*>(bytes.data());
  int32_t pos = 0;
  o[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (nulls && !GetBit(valid, i)) {
      o[i + 1] = pos;
      continue;
    }
    pos += WriteSignedDecimal(v[i], out + pos);
    o[i + 1] = pos;
  }
  bytes.resize(static_cast<size_t>(pos));
  Buffer validity = nulls ? c.validity_buffer() : Buffer();
  return Column::FromBuffers(to, n, std::move(validity), std::move(bytes), std::move(offsets));
}

__int128 RoundHalfUpDiv(__int128 v, __int128 d) {
  __int128 q = v / d, r = v % d;
  if (r * 2 >= d) ++q;
  else if (r * 2 <= -d) --q;
  return q;
}

}  // namespace

Result<ColumnPtr> CastColumn(const ColumnPtr& in, const DataType& to) {
  const Column& c = *in;
  const DataType& from = c.type();
  int64_t n = c.length();
  if (from == to) return in;
  if (from.id == TypeId::kNull) return Column::Nulls(to, n);
  if (to.id == TypeId::kNull) return Column::Nulls(to, n);

  // → string
  if (to.id == TypeId::kString || (to.id == TypeId::kBinary && from.is_string_like())) {
    if (from.is_string_like()) {
      return Column::FromBuffers(to, n, c.validity_buffer(), c.values_buffer(),
                                 c.offsets_buffer());
    }
    switch (from.id) {
      case TypeId::kInt8: return IntegersToStrings<int8_t>(c, to);
      case TypeId::kInt16: return IntegersToStrings<int16_t>(c, to);
      case TypeId::kInt32: return IntegersToStrings<int32_t>(c, to);
      case TypeId::kInt64: return IntegersToStrings<int64_t>(c, to);
      default: break;
    }
    ColumnBuilder b(to, n);
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) b.AppendNull();
      else b.AppendString(CastToString(c, i));
    }
    return b.Finish();
  }

  // string → anything
  if (from.is_string_like()) {
    ColumnBuilder b(to, n);
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) { b.AppendNull(); continue; }
      std::string_view s = c.GetString(i);
      switch (to.id) {
        case TypeId::kBool: {
          bool v;
          if (ParseBool(s, &v)) b.AppendBool(v); else b.AppendNull();
          break;
        }
        case TypeId::kInt8:
        case TypeId::kInt16:
        case TypeId::kInt32:
        case TypeId::kInt64: {
          int64_t v;
          int bits = to.byte_width() * 8;
          bool ok = ParseIntegral(s, &v);
          if (ok && bits < 64) ok = v >= -(int64_t{1} << (bits - 1)) && v < (int64_t{1} << (bits - 1));
          if (ok) b.AppendInt(v); else b.AppendNull();
          break;
        }
        case TypeId::kFloat32:
        case TypeId::kFloat64: {
          double v;
          if (ParseFloating(s, &v)) b.AppendDouble(v); else b.AppendNull();
          break;
        }
        case TypeId::kDate32: {
          int32_t d;
          if (ParseDateLoose(s, &d)) b.AppendInt(d); else b.AppendNull();
          break;
        }
        case TypeId::kTimestamp: {
          int64_t t;
          int32_t d;
          std::string_view ts = Trim(s);
          if (ParseTimestamp(ts, &t)) b.AppendInt(t);
          else if (ParseDateLoose(ts, &d)) b.AppendInt(int64_t{d} * kMicrosPerDay);
          else b.AppendNull();
          break;
        }
        case TypeId::kDecimal128: {
          // Parse with one extra digit so the last kept digit rounds half-up.
          __int128 v;
          std::string_view ts = Trim(s);
          if (ParseDecimal(ts, to.scale + 1, &v)) {
            v = RoundHalfUpDiv(v, 10);
            if (FitsPrecision(v, to.precision)) { b.AppendDecimal(v); break; }
          }
          b.AppendNull();
          break;
        }
        default:
          return InvalidArgument("cannot cast ", from.ToString(), " to ", to.ToString());
      }
    }
    return b.Finish();
  }

  // date / timestamp conversions
  if (from.id == TypeId::kDate32 && to.id == TypeId::kTimestamp) {
    ColumnBuilder b(to, n);
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) b.AppendNull();
      else b.AppendInt(int64_t{c.values<int32_t>()[i]} * kMicrosPerDay);
    }
    return b.Finish();
  }
  if (from.id == TypeId::kTimestamp && to.id == TypeId::kDate32) {
    ColumnBuilder b(to, n);
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) b.AppendNull();
      else b.AppendInt(FloorDiv(c.values<int64_t>()[i], kMicrosPerDay));
    }
    return b.Finish();
  }
  if (from.id == TypeId::kTimestamp && to.is_numeric()) {
    // Spark: timestamp → numeric is seconds since the epoch.
    ColumnBuilder b(to, n);
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) { b.AppendNull(); continue; }
      int64_t us = c.values<int64_t>()[i];
      if (to.is_floating()) b.AppendDouble(static_cast<double>(us) / 1e6);
      else if (to.id == TypeId::kDecimal128) b.AppendDecimal(static_cast<__int128>(us) * Pow10(to.scale) / 1000000);
      else b.AppendInt(FloorDiv(us, 1000000));
    }
    return b.Finish();
  }
  if (from.is_numeric() && to.id == TypeId::kTimestamp) {
    ColumnBuilder b(to, n);
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) { b.AppendNull(); continue; }
      if (from.is_integer()) b.AppendInt(c.GetInt64(i) * 1000000);
      else b.AppendInt(static_cast<int64_t>(c.GetDouble(i) * 1e6));
    }
    return b.Finish();
  }
  if (from.id == TypeId::kDate32 || from.id == TypeId::kTimestamp || to.id == TypeId::kDate32 ||
      to.id == TypeId::kTimestamp) {
    // Spark rejects these at analysis; at run time they are all null.
    return Column::Nulls(to, n);
  }

  // decimal involvement
  if (from.id == TypeId::kDecimal128 || to.id == TypeId::kDecimal128) {
    ColumnBuilder b(to, n);
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) { b.AppendNull(); continue; }
      if (to.id == TypeId::kDecimal128) {
        __int128 v;
        if (from.id == TypeId::kDecimal128) {
          __int128 src = c.values<__int128>()[i];
          v = to.scale >= from.scale ? src * Pow10(to.scale - from.scale)
                                     : RoundHalfUpDiv(src, Pow10(from.scale - to.scale));
        } else if (from.is_floating()) {
          double d = c.GetDouble(i);
          if (!std::isfinite(d)) { b.AppendNull(); continue; }
          double scaled = std::round(d * std::pow(10.0, to.scale));
          if (std::fabs(scaled) >= 1e38) { b.AppendNull(); continue; }
          v = static_cast<__int128>(scaled);
        } else {
          v = static_cast<__int128>(c.GetInt64(i)) * Pow10(to.scale);
        }
        if (FitsPrecision(v, to.precision)) b.AppendDecimal(v); else b.AppendNull();
      } else if (to.is_floating()) {
        b.AppendDouble(c.GetDouble(i));
      } else if (to.id == TypeId::kBool) {
        b.AppendBool(c.values<__int128>()[i] != 0);
      } else {
        int64_t v = c.GetInt64(i);
        int bits = to.byte_width() * 8;
        if (bits < 64) v = static_cast<int64_t>(static_cast<uint64_t>(v) << (64 - bits)) >> (64 - bits);
        b.AppendInt(v);
      }
    }
    return b.Finish();
  }

  // fixed-width numeric / bool ↔ numeric / bool
  ColumnPtr out;
  bool ok = DispatchFixed(from.id, [&](auto stag) {
    using S = decltype(stag);
    DispatchFixed(to.id, [&](auto dtag) {
      using D = decltype(dtag);
      if constexpr (!std::is_same_v<S, __int128> && !std::is_same_v<D, __int128>) {
        Buffer values = MakeValues<D>(n);
        D* o = MutableValues<D>(values);
        const S* s = c.values<S>();
        for (int64_t i = 0; i < n; ++i) o[i] = ConvertNumber<D, S>(s[i]);
        out = Column::FromBuffers(to, n, c.validity_buffer(), std::move(values));
      }
    });
  });
  if (ok && out) return out;
  return InvalidArgument("cannot cast ", from.ToString(), " to ", to.ToString());
}

}  // namespace kindred::sql
