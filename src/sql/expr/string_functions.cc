// String functions. Positions and lengths count Unicode code points, as Spark's UTF8String
// does. Each kernel loops over a batch with a reused scratch buffer (no per-row allocation
// once it has grown).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/strings.h"
#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

inline int Utf8Len(unsigned char c) {
  return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
}

int64_t NumChars(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); i += Utf8Len(s[i])) ++n;
  return n;
}

// Byte offset of code point `k` (clamped to the end).
size_t ByteOffset(std::string_view s, int64_t k) {
  size_t i = 0;
  while (k > 0 && i < s.size()) {
    i += Utf8Len(s[i]);
    --k;
  }
  return std::min(i, s.size());
}

uint32_t DecodeAt(std::string_view s, size_t i) {
  unsigned char c = s[i];
  int len = Utf8Len(c);
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
  return cp;
}

// Case mapping for ASCII, Latin-1, Greek and Cyrillic (the ranges with simple offsets).
uint32_t UpperCp(uint32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  if (c >= 0x100 && c <= 0x17F && (c & 1) && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) return c - 1;
  return c;
}
uint32_t LowerCp(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c >= 0x391 && c <= 0x3A9) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x100 && c <= 0x17F && !(c & 1) && c != 0x130 && c != 0x138) return c + 1;
  return c;
}

void MapCase(std::string_view s, bool upper, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      out->push_back(static_cast<char>(upper ? (c >= 'a' && c <= 'z' ? c - 32 : c)
                                             : (c >= 'A' && c <= 'Z' ? c + 32 : c)));
      ++i;
      continue;
    }
    uint32_t cp = DecodeAt(s, i);
    i += Utf8Len(c);
    AppendUtf8(upper ? UpperCp(cp) : LowerCp(cp), out);
  }
}

// A kernel applying f(row, args, scratch) → optional string (false = null) to non-null rows.
template <typename F>
KernelFn StringMap(F f) {
  return [f](const BoundExpr& call, const std::vector<ColumnPtr>& args, int64_t n,
             const EvalContext&) -> Result<ColumnPtr> {
    ColumnBuilder b(call.type, n);
    std::string scratch;
    for (int64_t i = 0; i < n; ++i) {
      bool null = false;
      for (const auto& a : args) null |= a->IsNull(i);
      if (null) {
        b.AppendNull();
        continue;
      }
      scratch.clear();
      if (f(i, args, &scratch)) b.AppendString(scratch);
      else b.AppendNull();
    }
    return b.Finish();
  };
}

// concat(s1, ..., sk) when the result's size is only known exactly after writing it (an
// argument bound as an integer column) or when its bound exceeds the int32 offsets: every
// argument as a string column, offsets first, then the bytes column by column.
Result<ColumnPtr> ConcatExact(const BoundExpr& call, const std::vector<ColumnPtr>& args,
                              int64_t n) {
  std::vector<ColumnPtr> strings;
  for (const auto& a : args) {
    if (a->type().is_string_like()) {
      strings.push_back(a);
    } else {
      ASSIGN_OR_RETURN(ColumnPtr c, CastColumn(a, DataType::String()));
      strings.push_back(std::move(c));
    }
  }
  std::vector<const Column*> cols;
  for (const auto& a : strings) cols.push_back(a.get());
  Buffer validity = MergeValidity(cols, n);
  const uint8_t* valid = validity.empty() ? nullptr : validity.data();
  Buffer offsets((n + 1) * sizeof(int32_t));
  int32_t* o = reinterpret_cast<int32_t*>(offsets.data());
  o[0] = 0;
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (valid == nullptr || GetBit(valid, i)) {
      for (const Column* c : cols) total += c->offsets()[i + 1] - c->offsets()[i];
      if (total > INT32_MAX)
        return InvalidArgument("concat result exceeds 2 GiB in one batch");
    }
    o[i + 1] = static_cast<int32_t>(total);
  }
  Buffer bytes(static_cast<size_t>(total));
  uint8_t* out = bytes.data();
  for (int64_t i = 0; i < n; ++i) {
    if (o[i + 1] == o[i]) continue;
    uint8_t* p = out + o[i];
    for (const Column* c : cols) {
      std::string_view v = c->GetString(i);
      std::memcpy(p, v.data(), v.size());
      p += v.size();
    }
  }
  return Column::FromBuffers(call.type, n, std::move(validity), std::move(bytes),
                             std::move(offsets));
}

// One step of concat's row loop: the literal text that precedes an argument (the arguments
// between two columns that are literals, joined), then that argument's value. A trailing
// literal is a last step with no value.
struct ConcatPiece {
  enum Kind { kNone, kString, kInt64, kInt32 } kind = kNone;
  const uint8_t* prefix = nullptr;  // padded to 16 readable bytes past its end
  int32_t prefix_length = 0;
  const uint8_t* bytes = nullptr;    // kString: the column's values
  const int32_t* offsets = nullptr;  // kString
  int64_t copy16_limit = 0;  // kString: a value starting at or before this offset has 16
                             // readable bytes from its start
  const void* values = nullptr;  // kInt64 / kInt32
};

// Copies len bytes; `dst` has 16 writable bytes, and `src` 16 readable ones when src_has_16.
// Short strings are one unaligned 16-byte move instead of a call to memcpy.
inline void CopyBytes(uint8_t* dst, const uint8_t* src, int32_t len, bool src_has_16) {
  if (len <= 16 && src_has_16) {
    uint8_t block[16];
    std::memcpy(block, src, 16);
    std::memcpy(dst, block, 16);
  } else {
    std::memcpy(dst, src, static_cast<size_t>(len));
  }
}

// concat's row loop: writes each valid row's pieces at out and the end offsets at o[1..n];
// returns the bytes written. Instantiated without the integer cases when there are none, so
// the string-only loop keeps its values in registers.
template <bool kWithIntegers>
int32_t WriteConcatRows(const std::vector<ConcatPiece>& pieces, int64_t n, const uint8_t* valid,
                        int32_t* o, uint8_t* out) {
  int32_t pos = 0;
  o[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (valid == nullptr || GetBit(valid, i)) {
      for (const ConcatPiece& p : pieces) {
        if (p.prefix_length > 0) {
          CopyBytes(out + pos, p.prefix, p.prefix_length, true);
          pos += p.prefix_length;
        }
        if (p.kind == ConcatPiece::kString) {
          const int32_t start = p.offsets[i];
          const int32_t len = p.offsets[i + 1] - start;
          CopyBytes(out + pos, p.bytes + start, len, start <= p.copy16_limit);
          pos += len;
        } else if constexpr (kWithIntegers) {
          if (p.kind == ConcatPiece::kInt64) {
            pos += WriteSignedDecimal(static_cast<const int64_t*>(p.values)[i],
                                      reinterpret_cast<char*>(out + pos));
          } else if (p.kind == ConcatPiece::kInt32) {
            pos += WriteSignedDecimal(static_cast<const int32_t*>(p.values)[i],
                                      reinterpret_cast<char*>(out + pos));
          }
        }
      }
    }
    o[i + 1] = pos;
  }
  return pos;
}

// The loop of WriteConcatRows for the common shape of one value after an optional literal
// ('id_' || n, a || b with a a literal) and no nulls: the piece's kind is fixed at compile
// time, so each row is a prefix move and one value.
template <ConcatPiece::Kind kKind>
int32_t WriteSinglePieceRows(const ConcatPiece& p, int64_t n, int32_t* o, uint8_t* out) {
  int32_t pos = 0;
  o[0] = 0;
  uint8_t prefix[16];
  std::memcpy(prefix, p.prefix, 16);
  const int32_t prefix_length = p.prefix_length;
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(out + pos, prefix, 16);
    pos += prefix_length;
    if constexpr (kKind == ConcatPiece::kString) {
      const int32_t start = p.offsets[i];
      const int32_t len = p.offsets[i + 1] - start;
      CopyBytes(out + pos, p.bytes + start, len, start <= p.copy16_limit);
      pos += len;
    } else if constexpr (kKind == ConcatPiece::kInt64) {
      pos += WriteSignedDecimal(static_cast<const int64_t*>(p.values)[i],
                                reinterpret_cast<char*>(out + pos));
    } else {
      pos += WriteSignedDecimal(static_cast<const int32_t*>(p.values)[i],
                                reinterpret_cast<char*>(out + pos));
    }
    o[i + 1] = pos;
  }
  return pos;
}

// concat(s1, ..., sk): null when any argument is null. Rows are written one after another
// (each row's pieces, then its end offset) into a bytes buffer sized up front with 16 bytes
// of slack, so short pieces are copied with one wide move. Literal arguments are copied from
// the literal itself, and integer arguments (a cast to string folded into the call by the
// binder) are formatted straight into the result.
Result<ColumnPtr> ConcatKernel(const BoundExpr& call, const std::vector<ColumnPtr>& args,
                               int64_t n, const EvalContext&) {
  if (n == 0) return ConcatExact(call, args, n);
  std::vector<ConcatPiece> pieces;
  pieces.reserve(args.size() + 1);
  // Each piece's prefix text, padded; reserved so that pointers into them stay valid.
  std::vector<std::string> prefixes;
  prefixes.reserve(args.size() + 1);
  std::string pending;
  auto start_piece = [&]() -> ConcatPiece& {
    const size_t len = pending.size();
    pending.resize(len + 16, '\0');
    prefixes.push_back(std::move(pending));
    pending.clear();
    ConcatPiece& p = pieces.emplace_back();
    p.prefix = reinterpret_cast<const uint8_t*>(prefixes.back().data());
    p.prefix_length = static_cast<int32_t>(len);
    return p;
  };
  std::vector<const Column*> nullable;
  int64_t bound = 0;
  bool has_integers = false;
  for (size_t k = 0; k < args.size(); ++k) {
    const Column& c = *args[k];
    const BoundExpr* arg = k < call.args.size() ? call.args[k].get() : nullptr;
    if (arg != nullptr && arg->kind == BoundKind::kLiteral && !arg->value.is_null() &&
        arg->value.type.is_string_like()) {
      pending += arg->value.as_string();
      bound += static_cast<int64_t>(arg->value.as_string().size()) * n;
      continue;
    }
    if (c.has_nulls()) nullable.push_back(&c);
    if (c.type().is_string_like()) {
      ConcatPiece& p = start_piece();
      p.kind = ConcatPiece::kString;
      p.bytes = c.values_buffer().data();
      p.offsets = c.offsets();
      p.copy16_limit = static_cast<int64_t>(c.values_buffer().size()) - 16;
      bound += p.offsets[n] - p.offsets[0];
    } else if (c.type().id == TypeId::kInt64) {
      ConcatPiece& p = start_piece();
      p.kind = ConcatPiece::kInt64;
      p.values = c.values<int64_t>();
      bound += n * MaxDecimalLength(c.values<int64_t>(), n);
      has_integers = true;
    } else if (c.type().id == TypeId::kInt32) {
      ConcatPiece& p = start_piece();
      p.kind = ConcatPiece::kInt32;
      p.values = c.values<int32_t>();
      bound += n * MaxDecimalLength(c.values<int32_t>(), n);
      has_integers = true;
    } else {
      return ConcatExact(call, args, n);
    }
  }
  if (!pending.empty()) start_piece();
  if (bound > INT32_MAX) {
    // Without nulls and integers the bound is the exact size.
    if (nullable.empty() && !has_integers)
      return InvalidArgument("concat result of ", bound, " bytes exceeds 2 GiB in one batch");
    return ConcatExact(call, args, n);
  }
  Buffer validity = MergeValidity(nullable, n);
  const uint8_t* valid = validity.empty() ? nullptr : validity.data();
  Buffer offsets((n + 1) * sizeof(int32_t));
  int32_t* o = reinterpret_cast<int32_t*>(offsets.data());
  Buffer bytes(static_cast<size_t>(bound) + 16);
  uint8_t* out = bytes.data();
  int32_t pos = 0;
  if (pieces.size() == 1 && valid == nullptr && pieces[0].prefix_length <= 16 &&
      pieces[0].kind != ConcatPiece::kNone) {
    switch (pieces[0].kind) {
      case ConcatPiece::kString:
        pos = WriteSinglePieceRows<ConcatPiece::kString>(pieces[0], n, o, out);
        break;
      case ConcatPiece::kInt64:
        pos = WriteSinglePieceRows<ConcatPiece::kInt64>(pieces[0], n, o, out);
        break;
      default:
        pos = WriteSinglePieceRows<ConcatPiece::kInt32>(pieces[0], n, o, out);
        break;
    }
  } else {
    pos = has_integers ? WriteConcatRows<true>(pieces, n, valid, o, out)
                       : WriteConcatRows<false>(pieces, n, valid, o, out);
  }
  bytes.resize(static_cast<size_t>(pos));
  return Column::FromBuffers(call.type, n, std::move(validity), std::move(bytes),
                             std::move(offsets));
}

// A kernel producing a fixed-width value of type T per non-null row.
template <typename T, typename F>
KernelFn FixedMap(F f) {
  return [f](const BoundExpr& call, const std::vector<ColumnPtr>& args, int64_t n,
             const EvalContext&) -> Result<ColumnPtr> {
    Buffer values = MakeValues<T>(n);
    T* o = MutableValues<T>(values);
    std::vector<const Column*> cols;
    for (const auto& a : args) cols.push_back(a.get());
    Buffer validity = MergeValidity(cols, n);
    for (int64_t i = 0; i < n; ++i) {
      bool valid = validity.empty() || GetBit(validity.data(), i);
      o[i] = valid ? f(i, args) : T{};
    }
    return Column::FromBuffers(call.type, n, std::move(validity), std::move(values));
  };
}

// Registers `name` taking `types` (implicitly cast), returning `ret`.
void Def(FunctionRegistry& r, const std::string& name, std::vector<DataType> types, int min_args,
         DataType ret, KernelFn kernel, std::vector<BoundPtr> (*defaults)(std::vector<BoundPtr>) = nullptr,
         bool always_nullable = false) {
  r.Add(name, [=](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, min_args, static_cast<int>(types.size())));
    // Spark fills optional arguments in before naming: locate(a, s) is "locate(a, s, 1)".
    if (defaults) args = defaults(std::move(args));
    std::string sql = CallSql(called, args);
    std::vector<BoundPtr> cast;
    for (size_t i = 0; i < args.size(); ++i) {
      ASSIGN_OR_RETURN(BoundPtr c, ImplicitCast(args[i], types[i], static_cast<int>(i), sql));
      cast.push_back(c);
    }
    return BoundCall(called, sql, ret, always_nullable || AnyNullable(cast), cast, kernel);
  });
}

std::string_view TrimChars(std::string_view s, std::string_view chars, bool left, bool right) {
  auto in = [&](char c) { return chars.find(c) != std::string_view::npos; };
  size_t b = 0, e = s.size();
  if (left)
    while (b < e && in(s[b])) ++b;
  if (right)
    while (e > b && in(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// Spark's UTF8String.substringSQL.
std::string_view SubstringSql(std::string_view s, int64_t pos, int64_t len) {
  int64_t chars = NumChars(s);
  int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? chars + pos : 0);
  int64_t end = len == INT32_MAX ? chars : start + len;
  start = std::max<int64_t>(start, 0);
  end = std::min(end, chars);
  if (start >= end) return {};
  size_t bs = ByteOffset(s, start);
  size_t be = bs + ByteOffset(s.substr(bs), end - start);
  return s.substr(bs, be - bs);
}

void Pad(std::string_view s, int64_t len, std::string_view pad, bool left, std::string* out) {
  int64_t chars = NumChars(s);
  if (len <= 0) return;
  if (len <= chars || pad.empty()) {
    out->append(s.substr(0, ByteOffset(s, len)));
    return;
  }
  int64_t need = len - chars;
  int64_t pad_chars = NumChars(pad);
  std::string fill;
  while (need > 0) {
    int64_t take = std::min(need, pad_chars);
    fill.append(pad.substr(0, ByteOffset(pad, take)));
    need -= take;
  }
  if (left) {
    out->append(fill);
    out->append(s);
  } else {
    out->append(s);
    out->append(fill);
  }
}

// 1-based char position of `needle` in `hay` at or after char `from` (0-based), 0 if absent.
int32_t FindChars(std::string_view hay, std::string_view needle, int64_t from) {
  size_t start = ByteOffset(hay, from);
  if (from > NumChars(hay)) return 0;
  size_t p = hay.find(needle, start);
  if (p == std::string_view::npos) return 0;
  return static_cast<int32_t>(NumChars(hay.substr(0, p)) + 1);
}

std::string Soundex(std::string_view s) {
  if (s.empty()) return std::string(s);
  char first = s[0];
  if (first >= 'a' && first <= 'z') first -= 32;
  if (first < 'A' || first > 'Z') return std::string(s);
  // Codes for A..Z: vowels (and H, W, Y) are 0.
  static const char* kCodes = "01230120022455012623010202";
  std::string out(1, first);
  char last = kCodes[first - 'A'];
  for (size_t i = 1; i < s.size() && out.size() < 4; ++i) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') c -= 32;
    if (c < 'A' || c > 'Z') continue;
    char code = kCodes[c - 'A'];
    if (code != '0' && code != last) out += code;
    // H and W do not separate equal codes; vowels do.
    if (c != 'H' && c != 'W') last = code;
  }
  while (out.size() < 4) out += '0';
  return out;
}

int32_t Levenshtein(std::string_view a, std::string_view b) {
  std::vector<uint32_t> x, y;
  for (size_t i = 0; i < a.size(); i += Utf8Len(a[i])) x.push_back(DecodeAt(a, i));
  for (size_t i = 0; i < b.size(); i += Utf8Len(b[i])) y.push_back(DecodeAt(b, i));
  std::vector<int32_t> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = static_cast<int32_t>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = static_cast<int32_t>(i);
    for (size_t j = 1; j <= y.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

// Java's String.format for the common conversions (%s %d %f %e %x %c %b %% %n, flags, width,
// precision).
std::string FormatString(std::string_view fmt, const std::vector<ColumnPtr>& args, int64_t row) {
  std::string out;
  size_t argi = 1;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    size_t j = i + 1;
    std::string spec = "%";
    // explicit index "1$"
    size_t k = j;
    while (k < fmt.size() && isdigit(static_cast<unsigned char>(fmt[k]))) ++k;
    size_t use_arg = 0;
    if (k < fmt.size() && fmt[k] == '$' && k > j) {
      use_arg = std::stoul(std::string(fmt.substr(j, k - j)));
      j = k + 1;
    }
    while (j < fmt.size() && std::string_view("-#+ 0,(").find(fmt[j]) != std::string_view::npos) {
      if (fmt[j] != ',' && fmt[j] != '(') spec += fmt[j];
      ++j;
    }
    while (j < fmt.size() && (isdigit(static_cast<unsigned char>(fmt[j])) || fmt[j] == '.')) spec += fmt[j++];
    if (j >= fmt.size()) break;
    char conv = fmt[j];
    i = j;
    if (conv == '%') { out += '%'; continue; }
    if (conv == 'n') { out += '\n'; continue; }
    size_t ai = use_arg ? use_arg : argi++;
    const Column* c = ai < args.size() ? args[ai].get() : nullptr;
    bool null = !c || c->IsNull(row);
    char buf[512];
    switch (conv) {
      case 'd':
        if (null) { std::snprintf(buf, sizeof(buf), (spec + "s").c_str(), "null"); break; }
        std::snprintf(buf, sizeof(buf), (spec + "lld").c_str(), static_cast<long long>(c->GetInt64(row)));
        break;
      case 'x':
      case 'X':
      case 'o':
        if (null) { std::snprintf(buf, sizeof(buf), (spec + "s").c_str(), "null"); break; }
        std::snprintf(buf, sizeof(buf), (spec + "ll" + conv).c_str(), static_cast<long long>(c->GetInt64(row)));
        break;
      case 'f':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
        if (null) { std::snprintf(buf, sizeof(buf), (spec + "s").c_str(), "null"); break; }
        std::snprintf(buf, sizeof(buf), (spec + conv).c_str(), c->GetDouble(row));
        break;
      case 'c':
        if (null) { std::snprintf(buf, sizeof(buf), "null"); break; }
        std::snprintf(buf, sizeof(buf), (spec + "c").c_str(), static_cast<int>(c->GetInt64(row)));
        break;
      case 'b':
      case 'B': {
        std::string v = null ? "false" : (c->type().id == TypeId::kBool ? (c->values<uint8_t>()[row] ? "true" : "false") : "true");
        std::snprintf(buf, sizeof(buf), (spec + "s").c_str(), v.c_str());
        break;
      }
      default: {  // 's', 'S'
        std::string v = null ? "null" : c->FormatValue(row);
        if (conv == 'S') v = ToUpper(v);
        std::snprintf(buf, sizeof(buf), (spec + "s").c_str(), v.c_str());
        break;
      }
    }
    out += buf;
  }
  return out;
}

std::vector<BoundPtr> DefaultPos1(std::vector<BoundPtr> a) {
  if (a.size() == 2) a.push_back(BoundLiteral(Value::Int32(1)));
  return a;
}
std::vector<BoundPtr> DefaultSubstrLen(std::vector<BoundPtr> a) {
  if (a.size() == 2) a.push_back(BoundLiteral(Value::Int32(INT32_MAX)));
  return a;
}
std::vector<BoundPtr> DefaultPadSpace(std::vector<BoundPtr> a) {
  if (a.size() == 2) a.push_back(BoundLiteral(Value::String(" ")));
  return a;
}
std::vector<BoundPtr> DefaultEmptyReplace(std::vector<BoundPtr> a) {
  if (a.size() == 2) a.push_back(BoundLiteral(Value::String("")));
  return a;
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& r) {
  const DataType S = DataType::String();
  const DataType I = DataType::Int32();
  const DataType B = DataType::Bool();
  auto str = [](const std::vector<ColumnPtr>& a, int k, int64_t i) { return a[k]->GetString(i); };

  for (bool upper : {false, true}) {
    KernelFn k = StringMap([upper](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
      MapCase(a[0]->GetString(i), upper, out);
      return true;
    });
    for (const char* name : upper ? std::vector<const char*>{"upper", "ucase"}
                                  : std::vector<const char*>{"lower", "lcase"})
      Def(r, name, {S}, 1, S, k);
  }
  KernelFn length = FixedMap<int32_t>([str](int64_t i, const std::vector<ColumnPtr>& a) {
    return static_cast<int32_t>(a[0]->type().id == TypeId::kBinary ? a[0]->GetString(i).size()
                                                                    : NumChars(str(a, 0, i)));
  });
  for (const char* name : {"length", "char_length", "character_length", "len"})
    Def(r, name, {S}, 1, I, length);
  Def(r, "octet_length", {S}, 1, I, FixedMap<int32_t>([](int64_t i, const std::vector<ColumnPtr>& a) {
        return static_cast<int32_t>(a[0]->GetString(i).size());
      }));
  Def(r, "bit_length", {S}, 1, I, FixedMap<int32_t>([](int64_t i, const std::vector<ColumnPtr>& a) {
        return static_cast<int32_t>(a[0]->GetString(i).size() * 8);
      }));

  struct TrimDef { const char* name; bool left, right; };
  for (TrimDef t : {TrimDef{"trim", true, true}, TrimDef{"btrim", true, true},
                    TrimDef{"ltrim", true, false}, TrimDef{"rtrim", false, true}}) {
    Def(r, t.name, {S, S}, 1, S,
        StringMap([t](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
          std::string_view chars = a.size() > 1 ? a[1]->GetString(i) : std::string_view(" ");
          out->append(TrimChars(a[0]->GetString(i), chars, t.left, t.right));
          return true;
        }));
  }
  KernelFn substr = StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
    out->append(SubstringSql(a[0]->GetString(i), a[1]->GetInt64(i), a[2]->GetInt64(i)));
    return true;
  });
  Def(r, "substring", {S, I, I}, 2, S, substr, DefaultSubstrLen);
  Def(r, "substr", {S, I, I}, 2, S, substr, DefaultSubstrLen);
  Def(r, "left", {S, I}, 2, S, StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
        out->append(SubstringSql(a[0]->GetString(i), 1, a[1]->GetInt64(i)));
        return true;
      }));
  Def(r, "right", {S, I}, 2, S, StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
        int64_t len = a[1]->GetInt64(i);
        if (len > 0) out->append(SubstringSql(a[0]->GetString(i), -len, INT32_MAX));
        return true;
      }));

  r.Add("concat", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    std::string sql = CallSql(name, args);
    std::vector<BoundPtr> cast;
    for (size_t i = 0; i < args.size(); ++i) {
      ASSIGN_OR_RETURN(BoundPtr c, ImplicitCast(args[i], DataType::String(), static_cast<int>(i), sql));
      // A cast of an int or bigint to string is folded into the call: the kernel writes the
      // digits straight into the result instead of building the cast's column first.
      if (c->kind == BoundKind::kCall && c->fn == "cast" && c->args.size() == 1 &&
          (c->args[0]->type.id == TypeId::kInt64 || c->args[0]->type.id == TypeId::kInt32)) {
        c = c->args[0];
      }
      cast.push_back(c);
    }
    return BoundCall("concat", sql, DataType::String(), AnyNullable(cast), cast, ConcatKernel);
  });
  r.Add("concat_ws", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(name, args, 1, -1));
    std::string sql = CallSql(name, args);
    std::vector<BoundPtr> cast;
    for (size_t i = 0; i < args.size(); ++i) {
      if (i > 0 && args[i]->type.id == TypeId::kList) {
        cast.push_back(args[i]);
        continue;
      }
      ASSIGN_OR_RETURN(BoundPtr c, ImplicitCast(args[i], DataType::String(), static_cast<int>(i), sql));
      cast.push_back(c);
    }
    // Null arguments are skipped; only a null separator gives null.
    return BoundCall("concat_ws", sql, DataType::String(), cast[0]->nullable, cast,
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       ColumnBuilder b(DataType::String(), n);
                       std::string out;
                       for (int64_t i = 0; i < n; ++i) {
                         if (a[0]->IsNull(i)) { b.AppendNull(); continue; }
                         std::string_view sep = a[0]->GetString(i);
                         out.clear();
                         bool first = true;
                         auto add = [&](std::string_view v) {
                           if (!first) out.append(sep);
                           first = false;
                           out.append(v);
                         };
                         for (size_t k = 1; k < a.size(); ++k) {
                           const Column& c = *a[k];
                           if (c.IsNull(i)) continue;
                           if (c.type().id == TypeId::kList) {
                             const int32_t* o = c.offsets();
                             for (int32_t e = o[i]; e < o[i + 1]; ++e)
                               if (c.child()->IsValid(e)) add(c.child()->FormatValue(e));
                           } else {
                             add(c.GetString(i));
                           }
                         }
                         b.AppendString(out);
                       }
                       return b.Finish();
                     });
  });
  Def(r, "replace", {S, S, S}, 2, S,
      StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
        std::string_view s = a[0]->GetString(i), from = a[1]->GetString(i), to = a[2]->GetString(i);
        if (from.empty()) {
          out->append(s);
          return true;
        }
        size_t p = 0;
        while (true) {
          size_t q = s.find(from, p);
          if (q == std::string_view::npos) break;
          out->append(s.substr(p, q - p));
          out->append(to);
          p = q + from.size();
        }
        out->append(s.substr(p));
        return true;
      }),
      DefaultEmptyReplace);
  Def(r, "translate", {S, S, S}, 3, S,
      StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
        std::string_view s = a[0]->GetString(i), from = a[1]->GetString(i), to = a[2]->GetString(i);
        std::vector<uint32_t> f, t;
        for (size_t k = 0; k < from.size(); k += Utf8Len(from[k])) f.push_back(DecodeAt(from, k));
        for (size_t k = 0; k < to.size(); k += Utf8Len(to[k])) t.push_back(DecodeAt(to, k));
        for (size_t k = 0; k < s.size(); k += Utf8Len(s[k])) {
          uint32_t cp = DecodeAt(s, k);
          auto it = std::find(f.begin(), f.end(), cp);
          if (it == f.end()) AppendUtf8(cp, out);
          else if (static_cast<size_t>(it - f.begin()) < t.size()) AppendUtf8(t[it - f.begin()], out);
        }
        return true;
      }));
  struct Match { const char* name; int mode; };
  for (Match m : {Match{"startswith", 0}, Match{"endswith", 1}, Match{"contains", 2}}) {
    int mode = m.mode;
    Def(r, m.name, {S, S}, 2, B, FixedMap<uint8_t>([mode](int64_t i, const std::vector<ColumnPtr>& a) -> uint8_t {
          std::string_view s = a[0]->GetString(i), p = a[1]->GetString(i);
          if (mode == 0) return s.substr(0, p.size()) == p;
          if (mode == 1) return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
          return s.find(p) != std::string_view::npos;
        }));
  }
  Def(r, "instr", {S, S}, 2, I, FixedMap<int32_t>([](int64_t i, const std::vector<ColumnPtr>& a) {
        return FindChars(a[0]->GetString(i), a[1]->GetString(i), 0);
      }));
  Def(r, "locate", {S, S, I}, 2, I, FixedMap<int32_t>([](int64_t i, const std::vector<ColumnPtr>& a) {
        int64_t pos = a[2]->GetInt64(i);
        if (pos < 1) return int32_t{0};
        return FindChars(a[1]->GetString(i), a[0]->GetString(i), pos - 1);
      }), DefaultPos1);
  Def(r, "position", {S, S, I}, 2, I, FixedMap<int32_t>([](int64_t i, const std::vector<ColumnPtr>& a) {
        int64_t pos = a[2]->GetInt64(i);
        if (pos < 1) return int32_t{0};
        return FindChars(a[1]->GetString(i), a[0]->GetString(i), pos - 1);
      }), DefaultPos1);
  for (bool left : {true, false}) {
    Def(r, left ? "lpad" : "rpad", {S, I, S}, 2, S,
        StringMap([left](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
          Pad(a[0]->GetString(i), a[1]->GetInt64(i), a[2]->GetString(i), left, out);
          return true;
        }),
        DefaultPadSpace);
  }
  Def(r, "repeat", {S, I}, 2, S, StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
        std::string_view s = a[0]->GetString(i);
        for (int64_t k = a[1]->GetInt64(i); k > 0; --k) out->append(s);
        return true;
      }));
  Def(r, "reverse", {S}, 1, S, StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
        std::string_view s = a[0]->GetString(i);
        std::vector<std::string_view> chars;
        for (size_t k = 0; k < s.size(); k += Utf8Len(s[k])) chars.push_back(s.substr(k, Utf8Len(s[k])));
        for (auto it = chars.rbegin(); it != chars.rend(); ++it) out->append(*it);
        return true;
      }));
  Def(r, "initcap", {S}, 1, S, StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
        std::string lower;
        MapCase(a[0]->GetString(i), false, &lower);
        bool start = true;
        for (size_t k = 0; k < lower.size();) {
          uint32_t cp = DecodeAt(lower, k);
          k += Utf8Len(lower[k]);
          AppendUtf8(start ? UpperCp(cp) : cp, out);
          start = cp == ' ';
        }
        return true;
      }));
  Def(r, "ascii", {S}, 1, I, FixedMap<int32_t>([](int64_t i, const std::vector<ColumnPtr>& a) {
        std::string_view s = a[0]->GetString(i);
        return s.empty() ? 0 : static_cast<int32_t>(DecodeAt(s, 0));
      }));
  for (const char* name : {"chr", "char"}) {
    Def(r, name, {DataType::Int64()}, 1, S, StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
          int64_t v = a[0]->GetInt64(i);
          if (v < 0) return true;
          AppendUtf8(static_cast<uint32_t>(v & 0xFF), out);
          return true;
        }));
  }
  Def(r, "soundex", {S}, 1, S, StringMap([](int64_t i, const std::vector<ColumnPtr>& a, std::string* out) {
        out->append(Soundex(a[0]->GetString(i)));
        return true;
      }));
  Def(r, "levenshtein", {S, S}, 2, I, FixedMap<int32_t>([](int64_t i, const std::vector<ColumnPtr>& a) {
        return Levenshtein(a[0]->GetString(i), a[1]->GetString(i));
      }));
  for (const char* name : {"format_string", "printf"}) {
    r.Add(name, [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(called, args, 1, -1));
      std::string sql = CallSql(called, args);
      ASSIGN_OR_RETURN(BoundPtr f, ImplicitCast(args[0], DataType::String(), 0, sql));
      args[0] = f;
      return BoundCall("format_string", sql, DataType::String(), args[0]->nullable, args,
                       [](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                          const EvalContext&) -> Result<ColumnPtr> {
                         ColumnBuilder b(DataType::String(), n);
                         for (int64_t i = 0; i < n; ++i) {
                           if (a[0]->IsNull(i)) b.AppendNull();
                           else b.AppendString(FormatString(a[0]->GetString(i), a, i));
                         }
                         return b.Finish();
                       });
    });
  }
}

}  // namespace kindred::sql
