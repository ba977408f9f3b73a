#include "format/csv/reader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

#include "columnar/column.h"
#include "columnar/format_value.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "common/thread_pool.h"
#include "format/csv/bad_records.h"

namespace kindred {
namespace {

using format_internal::BadRecord;

constexpr size_t kMaxFirstErrors = 20;
// Below this size one core parses faster than splitting costs.
constexpr size_t kParallelThreshold = size_t{8} << 20;
constexpr size_t kMinChunkBytes = size_t{2} << 20;
// Records parsed before a chunk's buffers are sized by extrapolation.
constexpr int64_t kSampleRecords = 2048;

// The byte-level rules of one read, with lookup tables so the scanning loops test one table
// entry per byte instead of several comparisons.
struct Dialect {
  char delim = ',';
  char quote = '"';
  char escape = '"';
  char comment = 0;
  bool has_quote = true;
  bool has_comment = false;
  bool skip_initial_space = false;
  bool trim_trailing = false;
  bool multi_line = true;
  bool unquoted_stop[256] = {};  // delimiter, CR, LF
  bool quoted_stop[256] = {};    // quote, escape, LF

  void BuildTables() {
    unquoted_stop[static_cast<uint8_t>(delim)] = true;
    unquoted_stop[static_cast<uint8_t>('\n')] = true;
    unquoted_stop[static_cast<uint8_t>('\r')] = true;
    quoted_stop[static_cast<uint8_t>(quote)] = true;
    if (escape) quoted_stop[static_cast<uint8_t>(escape)] = true;
    quoted_stop[static_cast<uint8_t>('\n')] = true;
  }
};

// One field of a record: a view into the input, or (when quotes had to be unescaped) a range
// of the record's scratch buffer.
struct FieldRef {
  const char* data;  // null when the value lives in scratch
  uint32_t scratch_off;
  uint32_t size;
  bool quoted;
};

// One tokenized record. Reused across records so the hot loop does not allocate.
struct Record {
  std::vector<FieldRef> fields;
  std::string scratch;
  const char* begin = nullptr;  // raw text, without the line terminator
  const char* end = nullptr;
  int64_t newlines = 0;  // LF characters consumed, the terminator included
  bool unterminated = false;

  std::string_view field(size_t i) const {
    const FieldRef& f = fields[i];
    if (f.data) return std::string_view(f.data, f.size);
    return std::string_view(scratch.data() + f.scratch_off, f.size);
  }
};

inline bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Tokenizes the record starting at `p` (a line start) and returns the position after its line
// terminator (LF or CRLF; a lone CR is data).
const char* ReadRecord(const char* p, const char* end, const Dialect& d, Record* r) {
  r->fields.clear();
  r->scratch.clear();
  r->newlines = 0;
  r->unterminated = false;
  r->begin = p;
  while (true) {
    if (d.skip_initial_space)
      while (p < end && IsBlank(*p) && *p != d.delim) ++p;
    FieldRef f{nullptr, 0, 0, false};
    if (d.has_quote && p < end && *p == d.quote) {
      f.quoted = true;
      ++p;
      const char* start = p;
      bool in_scratch = false;
      auto to_scratch = [&](const char* upto) {
        if (!in_scratch) {
          f.scratch_off = static_cast<uint32_t>(r->scratch.size());
          in_scratch = true;
        }
        r->scratch.append(start, upto - start);
      };
      const char* content_end;
      while (true) {
        while (p < end && !d.quoted_stop[static_cast<uint8_t>(*p)]) ++p;
        if (p >= end) {
          r->unterminated = true;
          content_end = end;
          break;
        }
        char c = *p;
        if (c == '\n') {
          if (!d.multi_line) {
            // The line ends the record; the open quote makes it malformed.
            r->unterminated = true;
            content_end = (p > start && p[-1] == '\r') ? p - 1 : p;
            break;
          }
          ++r->newlines;
          ++p;
          continue;
        }
        if (c == d.escape && d.escape != d.quote) {
          if (p + 1 < end && (p[1] == d.quote || p[1] == d.escape)) {
            to_scratch(p);
            r->scratch.push_back(p[1]);
            p += 2;
            start = p;
          } else {
            ++p;
          }
          continue;
        }
        // A quote: doubled (RFC 4180 escape) or closing.
        if (d.escape == d.quote && p + 1 < end && p[1] == d.quote) {
          to_scratch(p + 1);
          p += 2;
          start = p;
          continue;
        }
        content_end = p;
        ++p;
        break;
      }
      if (!r->unterminated) {
        // Text between the closing quote and the delimiter: spaces are dropped, anything else
        // is kept after the quoted part (lenient, like common CSV parsers).
        const char* t = p;
        while (t < end && *t != d.delim && *t != '\n' &&
               !(*t == '\r' && (t + 1 == end || t[1] == '\n')))
          ++t;
        bool only_blank = true;
        for (const char* q = p; q < t; ++q) only_blank &= IsBlank(*q);
        if (!only_blank) {
          to_scratch(content_end);
          r->scratch.append(p, t - p);
          start = content_end = t;
        }
        p = t;
      }
      if (in_scratch) {
        r->scratch.append(start, content_end - start);
        f.size = static_cast<uint32_t>(r->scratch.size() - f.scratch_off);
      } else {
        f.data = start;
        f.size = static_cast<uint32_t>(content_end - start);
      }
    } else {
      const char* start = p;
      while (true) {
        while (p < end && !d.unquoted_stop[static_cast<uint8_t>(*p)]) ++p;
        if (p < end && *p == '\r' && p + 1 < end && p[1] != '\n') {
          ++p;  // a lone CR inside a field is data
          continue;
        }
        break;
      }
      const char* fe = p;
      if (d.trim_trailing)
        while (fe > start && IsBlank(fe[-1]) && fe[-1] != d.delim) --fe;
      f.data = start;
      f.size = static_cast<uint32_t>(fe - start);
    }
    r->fields.push_back(f);
    if (p >= end) {
      r->end = end;
      return end;
    }
    if (*p == d.delim && !(r->unterminated)) {
      ++p;
      continue;
    }
    r->end = p;
    if (*p == '\r') ++p;
    if (p < end && *p == '\n') {
      ++p;
      ++r->newlines;
    }
    return p;
  }
}

// Skips blank and comment lines before `stop_at`; counts the LFs skipped.
const char* SkipBlankLines(const char* p, const char* stop_at, const char* end, const Dialect& d,
                           int64_t* lines) {
  while (p < stop_at) {
    if (*p == '\n') {
      ++p;
      ++*lines;
    } else if (*p == '\r' && p + 1 < end && p[1] == '\n') {
      p += 2;
      ++*lines;
    } else if (d.has_comment && *p == d.comment) {
      const void* nl = std::memchr(p, '\n', end - p);
      if (!nl) return end;
      p = static_cast<const char*>(nl) + 1;
      ++*lines;
    } else {
      break;
    }
  }
  return p;
}

// Growable buffers of one output column, appended to directly by the parser (no per-value
// allocation) and turned into a Column without copying.
class ColumnAccum {
 public:
  void Init(const DataType& type) {
    type_ = type;
    var_ = type_.is_string_like();
    if (var_) offsets_.assign(64, 0);
  }
  const DataType& type() const { return type_; }
  int64_t length() const { return length_; }

  void AppendNull() {
    if (validity_.empty()) validity_.assign(length_ / 8 + 64, 0xFF);
    if (static_cast<int64_t>(validity_.size()) * 8 <= length_)
      Grow(&validity_, validity_.size() + 1, 0xFF);
    ClearBit(validity_.data(), length_);
    if (var_) {
      PushOffset();
    } else {
      size_t w = static_cast<size_t>(type_.byte_width());
      if (used_ + w > values_.size()) Grow(&values_, used_ + w, 0);
      std::memset(values_.data() + used_, 0, w);
      used_ += w;
    }
    ++length_;
  }
  void AppendString(std::string_view v) {
    if (used_ + v.size() > values_.size()) Grow(&values_, used_ + v.size(), 0);
    if (!v.empty()) std::memcpy(values_.data() + used_, v.data(), v.size());
    used_ += v.size();
    PushOffset();
    MarkValid();
  }
  template <typename T>
  void AppendFixed(T v) {
    if (used_ + sizeof(T) > values_.size()) Grow(&values_, used_ + sizeof(T), 0);
    std::memcpy(values_.data() + used_, &v, sizeof(T));
    used_ += sizeof(T);
    MarkValid();
  }

  // Grows the buffers once to `scale` times their current use, so a chunk whose size is known
  // does not pay for repeated doubling (each a copy of everything appended so far).
  void Reserve(double scale) {
    auto grow = [scale](Buffer* b, size_t used, uint8_t fill) {
      size_t want = static_cast<size_t>(static_cast<double>(used) * scale) + 64;
      if (want > b->size()) b->resize(want, fill);
    };
    grow(&values_, used_, 0);
    if (var_) grow(&offsets_, 4 * static_cast<size_t>(length_ + 1), 0);
    if (!validity_.empty()) grow(&validity_, static_cast<size_t>(length_ / 8 + 1), 0xFF);
  }

  // Concatenates `parts` (same type) into one column; empties them.
  static Result<ColumnPtr> Concat(const std::vector<ColumnAccum*>& parts, const std::string& name);

 private:
  // Buffers are kept at their capacity and filled through raw pointers: growing happens
  // rarely, and appending a value is a bounds check and a memcpy.
  static void Grow(Buffer* b, size_t need, uint8_t fill) {
    b->resize(std::max<size_t>({need, b->size() * 2, 4096}), fill);
  }
  void PushOffset() {
    // Offsets are int32 (Arrow's Utf8); Concat checks the total before it could overflow.
    size_t at = 4 * static_cast<size_t>(length_ + 1);
    if (at + 4 > offsets_.size()) Grow(&offsets_, at + 4, 0);
    int32_t end = static_cast<int32_t>(used_);
    std::memcpy(offsets_.data() + at, &end, 4);
  }
  void MarkValid() {
    if (!validity_.empty() && static_cast<int64_t>(validity_.size()) * 8 <= length_)
      Grow(&validity_, validity_.size() + 1, 0xFF);
    ++length_;
  }
  // Trims the buffers to their used sizes.
  void Seal() {
    values_.resize(used_);
    if (var_) offsets_.resize(4 * static_cast<size_t>(length_ + 1));
    if (!validity_.empty()) validity_.resize((length_ + 7) / 8);
  }

  DataType type_;
  bool var_ = false;
  int64_t length_ = 0;
  size_t used_ = 0;  // bytes of values_ in use
  Buffer validity_;  // empty until the first null; unused bits are 1
  Buffer values_;
  Buffer offsets_;
};

Result<ColumnPtr> ColumnAccum::Concat(const std::vector<ColumnAccum*>& parts,
                                      const std::string& name) {
  DataType type = parts[0]->type_;
  bool var = type.is_string_like();
  int64_t total_len = 0;
  size_t total_bytes = 0;
  bool any_nulls = false;
  for (ColumnAccum* p : parts) {
    p->Seal();
    total_len += p->length_;
    total_bytes += p->used_;
    any_nulls |= !p->validity_.empty();
  }
  if (var && total_bytes > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    return ResourceExhausted("CSV column '", name, "' holds more than 2 GiB of text");
  if (parts.size() == 1) {
    ColumnAccum* p = parts[0];
    if (var && p->length_ == 0) p->offsets_.assign(4, 0);
    return Column::FromBuffers(type, p->length_, std::move(p->validity_), std::move(p->values_),
                               std::move(p->offsets_));
  }
  Buffer values;
  values.reserve(total_bytes);
  Buffer offsets;
  Buffer validity;
  if (var) {
    offsets.resize(4 * (total_len + 1));  // every offset is written below, the first here
    std::memset(offsets.data(), 0, 4);
  }
  if (any_nulls) validity.assign((total_len + 7) / 8 + 1, 0xFF);
  int64_t row0 = 0;
  int32_t base = 0;
  for (ColumnAccum* p : parts) {
    values.insert(values.end(), p->values_.begin(), p->values_.end());
    if (var) {
      const uint8_t* src = p->offsets_.data();
      uint8_t* dst = offsets.data() + 4 * row0;
      for (int64_t i = 1; i <= p->length_; ++i) {
        int32_t o;
        std::memcpy(&o, src + 4 * i, 4);
        o += base;
        std::memcpy(dst + 4 * i, &o, 4);
      }
      base += static_cast<int32_t>(p->values_.size());
    }
    if (!p->validity_.empty()) {
      const uint8_t* bits = p->validity_.data();
      for (int64_t byte = 0; byte * 8 < p->length_; ++byte) {
        if (bits[byte] == 0xFF) continue;
        for (int64_t i = byte * 8; i < std::min(p->length_, byte * 8 + 8); ++i)
          if (!GetBit(bits, i)) ClearBit(validity.data(), row0 + i);
      }
    }
    row0 += p->length_;
    Buffer().swap(p->values_);
    Buffer().swap(p->offsets_);
    Buffer().swap(p->validity_);
  }
  return Column::FromBuffers(type, total_len, std::move(validity), std::move(values),
                             std::move(offsets));
}

// One parsed field value before it is appended (so DROPMALFORMED can drop a whole row).
struct Cell {
  bool valid = false;
  int64_t i = 0;
  double f = 0;
  __int128 dec = 0;
  std::string_view s;
};

bool ParseBool(std::string_view t, bool* out) {
  if (EqualsIgnoreCase(t, "true")) {
    *out = true;
    return true;
  }
  if (EqualsIgnoreCase(t, "false")) {
    *out = false;
    return true;
  }
  return false;
}

// Parses one field for a column of type `t`. Returns false (cell null) when the text is not a
// value of the type; a null field returns true with an invalid cell.
bool ParseCell(std::string_view v, bool quoted, const DataType& t, std::string_view null_value,
               Cell* c) {
  c->valid = false;
  if (t.is_string_like()) {
    if (!quoted && (v.empty() || v == null_value)) return true;
    c->s = v;
    c->valid = true;
    return true;
  }
  if (!quoted && v == null_value) return true;
  std::string_view s = Trim(v);
  if (s.empty()) return true;
  switch (t.id) {
    case TypeId::kBool: {
      bool b;
      if (!ParseBool(s, &b)) return false;
      c->i = b;
      break;
    }
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      int64_t x;
      if (!ParseInt64(s, &x)) return false;
      int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
      if (t.id == TypeId::kInt8) lo = -128, hi = 127;
      if (t.id == TypeId::kInt16) lo = -32768, hi = 32767;
      if (t.id == TypeId::kInt32)
        lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
      if (x < lo || x > hi) return false;
      c->i = x;
      break;
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      if (!ParseDouble(s, &c->f)) return false;
      break;
    case TypeId::kDate32: {
      int32_t days;
      if (!ParseDate(s, &days)) return false;
      c->i = days;
      break;
    }
    case TypeId::kTimestamp:
      if (!ParseTimestamp(s, &c->i)) return false;
      break;
    case TypeId::kDecimal128: {
      if (!format_internal::ParseDecimalForType(s, t.precision, t.scale, &c->dec)) return false;
      break;
    }
    default:
      return false;
  }
  c->valid = true;
  return true;
}

void AppendCell(const Cell& c, ColumnAccum* col) {
  if (!c.valid) {
    col->AppendNull();
    return;
  }
  switch (col->type().id) {
    case TypeId::kString:
    case TypeId::kBinary:
      col->AppendString(c.s);
      break;
    case TypeId::kBool:
      col->AppendFixed<uint8_t>(c.i ? 1 : 0);
      break;
    case TypeId::kInt8:
      col->AppendFixed<int8_t>(static_cast<int8_t>(c.i));
      break;
    case TypeId::kInt16:
      col->AppendFixed<int16_t>(static_cast<int16_t>(c.i));
      break;
    case TypeId::kInt32:
    case TypeId::kDate32:
      col->AppendFixed<int32_t>(static_cast<int32_t>(c.i));
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      col->AppendFixed<int64_t>(c.i);
      break;
    case TypeId::kFloat32:
      col->AppendFixed<float>(static_cast<float>(c.f));
      break;
    case TypeId::kFloat64:
      col->AppendFixed<double>(c.f);
      break;
    case TypeId::kDecimal128:
      col->AppendFixed<__int128>(c.dec);
      break;
    default:
      col->AppendNull();
      break;
  }
}

struct ParseContext {
  Dialect dialect;
  std::vector<std::string> names;
  std::vector<DataType> types;
  CsvParseMode mode = CsvParseMode::kPermissive;
  std::string null_value;
  bool check_utf8 = false;  // set when the input is not valid UTF-8 as a whole
};

// The output of parsing one byte range: columns, the bad records (line = LFs before the record
// within the chunk, made absolute later) and where parsing stopped.
struct ChunkResult {
  std::vector<ColumnAccum> cols;
  int64_t rows = 0;
  int64_t newlines = 0;
  const char* end_pos = nullptr;
  bool stopped = false;  // FAILFAST met a malformed row
  std::vector<BadRecord> bad;
};

// Parses the records that start in [p, stop_at); the last one may run on until `end`.
void ParseChunk(const char* p, const char* stop_at, const char* end, const ParseContext& ctx,
                ChunkResult* out) {
  size_t ncols = ctx.types.size();
  out->cols.resize(ncols);
  for (size_t c = 0; c < ncols; ++c) out->cols[c].Init(ctx.types[c]);
  Record rec;
  std::vector<Cell> cells(ncols);
  int64_t lines = 0;
  int64_t records = 0;
  const char* begin = p;
  while (true) {
    p = SkipBlankLines(p, stop_at, end, ctx.dialect, &lines);
    if (p >= stop_at) break;
    int64_t rel_line = lines;
    p = ReadRecord(p, end, ctx.dialect, &rec);
    lines += rec.newlines;
    if (++records == kSampleRecords && stop_at - p > p - begin) {
      // Extrapolate the buffers' final sizes from the first records of the chunk.
      double scale = 1.1 * static_cast<double>(stop_at - begin) / static_cast<double>(p - begin);
      for (ColumnAccum& col : out->cols) col.Reserve(scale);
    }

    size_t nf = rec.fields.size();
    bool bad = false;
    std::string reason;
    if (rec.unterminated) {
      bad = true;
      reason = "unterminated quoted field";
    } else if (nf != ncols) {
      bad = true;
      reason = StrCat("expected ", ncols, " fields, found ", nf);
    }
    for (size_t c = 0; c < ncols; ++c) {
      Cell& cell = cells[c];
      if (c >= nf) {
        cell.valid = false;
        continue;
      }
      std::string_view v = rec.field(c);
      if (ctx.check_utf8 && !format_internal::IsValidUtf8(v.data(), v.size())) {
        cell.valid = false;
        if (!bad) reason = StrCat("invalid UTF-8 in column '", ctx.names[c], "'");
        bad = true;
        continue;
      }
      if (!ParseCell(v, rec.fields[c].quoted, ctx.types[c], ctx.null_value, &cell)) {
        if (!bad)
          reason = StrCat("column '", ctx.names[c], "': cannot parse '", v, "' as ",
                          ctx.types[c].ToString());
        bad = true;
      }
    }
    if (bad) {
      out->bad.push_back(
          BadRecord{"", rel_line, std::move(reason), std::string(rec.begin, rec.end)});
      if (ctx.mode == CsvParseMode::kFailFast) {
        out->stopped = true;
        break;
      }
      if (ctx.mode == CsvParseMode::kDropMalformed) continue;
    }
    for (size_t c = 0; c < ncols; ++c) AppendCell(cells[c], &out->cols[c]);
    ++out->rows;
  }
  out->end_pos = p;
  out->newlines = lines;
}

// Spark's inferSchema ladder for one value.
enum class InferKind { kNull, kInt, kLong, kDouble, kBool, kDate, kTimestamp, kString };

bool LooksNumeric(std::string_view s) {
  for (char c : s)
    if (c >= '0' && c <= '9') return true;
  return s == "NaN" || s == "Infinity" || s == "-Infinity" || s == "+Infinity";
}

InferKind InferValue(std::string_view v) {
  std::string_view s = Trim(v);
  if (s.empty()) return InferKind::kNull;
  int64_t i;
  if (ParseInt64(s, &i))
    return (i >= std::numeric_limits<int32_t>::min() && i <= std::numeric_limits<int32_t>::max())
               ? InferKind::kInt
               : InferKind::kLong;
  double d;
  if (LooksNumeric(s) && s.find_first_of("xX") == std::string_view::npos && ParseDouble(s, &d))
    return InferKind::kDouble;
  bool b;
  if (ParseBool(s, &b)) return InferKind::kBool;
  int32_t days;
  if (s.size() == 10 && ParseDate(s, &days)) return InferKind::kDate;
  int64_t micros;
  if (ParseTimestamp(s, &micros)) return InferKind::kTimestamp;
  return InferKind::kString;
}

InferKind MergeKinds(InferKind a, InferKind b) {
  if (a == b || b == InferKind::kNull) return a;
  if (a == InferKind::kNull) return b;
  auto numeric = [](InferKind k) {
    return k == InferKind::kInt || k == InferKind::kLong || k == InferKind::kDouble;
  };
  if (numeric(a) && numeric(b)) return std::max(a, b);
  auto temporal = [](InferKind k) { return k == InferKind::kDate || k == InferKind::kTimestamp; };
  if (temporal(a) && temporal(b)) return InferKind::kTimestamp;
  return InferKind::kString;
}

DataType KindType(InferKind k) {
  switch (k) {
    case InferKind::kInt:
      return DataType::Int32();
    case InferKind::kLong:
      return DataType::Int64();
    case InferKind::kDouble:
      return DataType::Float64();
    case InferKind::kBool:
      return DataType::Bool();
    case InferKind::kDate:
      return DataType::Date32();
    case InferKind::kTimestamp:
      return DataType::Timestamp();
    default:
      return DataType::String();
  }
}

Result<char> ParseCharOption(const std::string& option, const std::string& value,
                             bool allow_empty) {
  if (value.size() == 1) return value[0];
  if (value.empty()) {
    if (allow_empty) return '\0';
    return InvalidArgument("CSV option '", option, "' must not be empty");
  }
  if (value == "\\t") return '\t';
  if (value == "\\\\") return '\\';
  if (value == "\\\"") return '"';
  if (value == "\\'") return '\'';
  if (value == "\\0" || value == "\\u0000") return '\0';
  if (value.size() == 6 && value[0] == '\\' && (value[1] == 'u' || value[1] == 'U')) {
    int64_t cp = std::strtol(value.substr(2).c_str(), nullptr, 16);
    if (cp > 0 && cp < 128) return static_cast<char>(cp);
  }
  return InvalidArgument("CSV option '", option, "' must be a single character, got '", value, "'");
}

Result<bool> ParseBoolOption(const std::string& option, const std::string& value) {
  if (EqualsIgnoreCase(Trim(value), "true")) return true;
  if (EqualsIgnoreCase(Trim(value), "false")) return false;
  return InvalidArgument("option '", option, "' must be true or false, got '", value, "'");
}

enum class Encoding { kUtf8, kLatin1 };

Result<Encoding> ParseEncoding(const std::string& name) {
  std::string n = ToLower(Trim(name));
  if (n == "utf-8" || n == "utf8") return Encoding::kUtf8;
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "iso_8859_1" || n == "iso8859_1" ||
      n == "latin1" || n == "latin-1" || n == "l1")
    return Encoding::kLatin1;
  return InvalidArgument("CSV option 'encoding': unsupported charset '", name,
                         "' (supported: UTF-8, ISO-8859-1)");
}

// Spark's CSVUtils.makeSafeHeader: empty names become _c<i>; repeated names get their index.
std::vector<std::string> SafeHeader(const std::vector<std::string>& raw) {
  std::vector<std::string> out(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i].empty()) {
      out[i] = StrCat("_c", i);
      continue;
    }
    int same = 0;
    for (size_t k = 0; k < raw.size(); ++k) same += EqualsIgnoreCase(raw[k], raw[i]);
    out[i] = same > 1 ? StrCat(raw[i], i) : raw[i];
  }
  return out;
}

// Reads one or more CSV sources into one table.
class CsvReadJob {
 public:
  explicit CsvReadJob(const CsvReadOptions& opts) : opts_(opts) {}

  Status Init() {
    Dialect& d = ctx_.dialect;
    d.delim = opts_.delimiter;
    d.quote = opts_.quote;
    d.has_quote = opts_.quote != '\0';
    d.escape = opts_.escape ? opts_.escape : opts_.quote;
    d.skip_initial_space = opts_.skip_initial_space;
    d.trim_trailing = opts_.trim_trailing_space;
    d.multi_line = opts_.multi_line;
    if (opts_.comment.size() > 1)
      return InvalidArgument("CSV option 'comment' must be one character, got '", opts_.comment,
                             "'");
    d.has_comment = !opts_.comment.empty();
    d.comment = d.has_comment ? opts_.comment[0] : 0;
    if (d.delim == '\n' || d.delim == '\r' || d.delim == '\0')
      return InvalidArgument("CSV delimiter must not be a line break or NUL");
    if (d.has_quote && d.delim == d.quote)
      return InvalidArgument("CSV delimiter and quote must differ (both '", d.delim, "')");
    d.BuildTables();
    ASSIGN_OR_RETURN(encoding_, ParseEncoding(opts_.encoding));
    ctx_.mode = opts_.mode;
    ctx_.null_value = opts_.null_value;
    if (opts_.schema) {
      for (const Field& f : opts_.schema->fields()) {
        const DataType& t = f.type;
        if (t.id == TypeId::kList || t.id == TypeId::kNull)
          return InvalidArgument("CSV data source does not support ", t.ToString(),
                                 " data type (column '", f.name, "')");
        ctx_.names.push_back(f.name);
        ctx_.types.push_back(t);
      }
      columns_known_ = true;
    }
    return OkStatus();
  }

  Status AddSource(std::string_view data, const std::string& source) {
    std::string converted;
    if (encoding_ == Encoding::kLatin1) {
      converted = format_internal::Latin1ToUtf8(data);
      data = converted;
    }
    const char* p = data.data();
    const char* end = p + data.size();
    if (data.size() >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    ctx_.check_utf8 = encoding_ == Encoding::kUtf8 && !format_internal::IsValidUtf8(p, end - p);
    int64_t lines = 0;  // LFs before p
    if (!columns_known_ || opts_.header) {
      p = SkipBlankLines(p, end, end, ctx_.dialect, &lines);
      if (p < end) {
        Record rec;
        const char* after = ReadRecord(p, end, ctx_.dialect, &rec);
        if (!columns_known_) {
          std::vector<std::string> raw;
          for (size_t i = 0; i < rec.fields.size(); ++i)
            raw.push_back(opts_.header ? std::string(rec.field(i)) : std::string());
          ctx_.names = SafeHeader(raw);
          ctx_.types.assign(raw.size(), DataType::String());
          columns_known_ = true;
        }
        if (opts_.header) {
          p = after;
          lines += rec.newlines;
        }
      }
    }
    if (!columns_known_) return OkStatus();  // an empty source

    // Speculative split at line starts; verified below, since a split may fall inside a quoted
    // field that spans lines.
    size_t n = end - p;
    std::vector<const char*> starts{p};
    ThreadPool& pool = ThreadPool::Default();
    // size() counts the workers; the calling thread works too.
    size_t cores = static_cast<size_t>(pool.size()) + 1;
    if (n > kParallelThreshold && cores > 1) {
      size_t nchunks = std::min<size_t>(cores * 4, n / kMinChunkBytes);
      for (size_t i = 1; i < nchunks; ++i) {
        const char* guess = p + n * i / nchunks;
        const void* nl = std::memchr(guess, '\n', end - guess);
        if (!nl) break;
        const char* s = static_cast<const char*>(nl) + 1;
        if (s > starts.back() && s < end) starts.push_back(s);
      }
    }
    starts.push_back(end);
    size_t k = starts.size() - 1;
    std::vector<std::unique_ptr<ChunkResult>> parts(k);
    pool.ParallelFor(static_cast<int64_t>(k), 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        parts[i] = std::make_unique<ChunkResult>();
        ParseChunk(starts[i], starts[i + 1], end, ctx_, parts[i].get());
      }
    });

    // Chunks are accepted in order; each must begin where the previous accepted one ended.
    // A chunk that began elsewhere (its split fell inside a multi-line quoted field) is parsed
    // again from the right place; one swallowed whole by an earlier record is skipped.
    int64_t base_line = 1 + lines;
    const char* expected = starts[0];
    for (size_t i = 0; i < k && expected < end; ++i) {
      if (expected >= starts[i + 1]) continue;
      std::unique_ptr<ChunkResult> part = std::move(parts[i]);
      if (starts[i] != expected) {
        part = std::make_unique<ChunkResult>();
        ParseChunk(expected, starts[i + 1], end, ctx_, part.get());
      }
      expected = part->end_pos;
      RETURN_IF_ERROR(Accept(std::move(part), source, &base_line));
    }
    return OkStatus();
  }

  Result<TablePtr> Finish(CsvReadStats* stats) {
    size_t ncols = ctx_.names.size();
    std::vector<ColumnPtr> columns(ncols);
    std::vector<Status> errors(ncols);
    int64_t rows = 0;
    for (auto& c : chunks_) rows += c->rows;
    ThreadPool::Default().ParallelFor(static_cast<int64_t>(ncols), 1, [&](int64_t b, int64_t e) {
      for (int64_t c = b; c < e; ++c) {
        std::vector<ColumnAccum*> parts;
        for (auto& ch : chunks_) parts.push_back(&ch->cols[c]);
        Result<ColumnPtr> col = parts.empty() ? Result<ColumnPtr>(Column::Nulls(ctx_.types[c], 0))
                                              : ColumnAccum::Concat(parts, ctx_.names[c]);
        if (!col.ok()) {
          errors[c] = col.status();
          continue;
        }
        columns[c] = *col;
        if (!opts_.schema && opts_.infer_schema) columns[c] = InferColumn(columns[c]);
      }
    });
    chunks_.clear();
    for (const Status& st : errors) RETURN_IF_ERROR(st);
    Schema schema;
    for (size_t c = 0; c < ncols; ++c) {
      Field f;
      f.name = ctx_.names[c];
      f.type = columns[c]->type();
      f.nullable = opts_.schema ? opts_.schema->field(static_cast<int>(c)).nullable : true;
      schema.AddField(std::move(f));
    }
    RETURN_IF_ERROR(WriteBadRecordsIfAsked());
    if (stats) {
      stats->rows = rows;
      stats->bad_records = bad_count_;
      stats->first_errors = first_errors_;
    }
    return Table::Make(std::move(schema), std::move(columns));
  }

  Status WriteBadRecordsIfAsked() {
    if (opts_.bad_records_path.empty()) return OkStatus();
    return format_internal::WriteBadRecords(opts_.bad_records_path, bad_);
  }

 private:
  // Takes a verified chunk: fixes its bad records' line numbers and keeps its columns.
  Status Accept(std::unique_ptr<ChunkResult> part, const std::string& source, int64_t* base_line) {
    for (BadRecord& b : part->bad) {
      b.source = source;
      b.line += *base_line;
      ++bad_count_;
      if (first_errors_.size() < kMaxFirstErrors)
        first_errors_.push_back(format_internal::DescribeBadRecord(b));
      bad_.push_back(std::move(b));
    }
    *base_line += part->newlines;
    bool stopped = part->stopped;
    part->bad.clear();
    chunks_.push_back(std::move(part));
    if (stopped) return InvalidArgument(first_errors_.back());
    return OkStatus();
  }

  // Converts an all-string column to the narrowest type holding every value.
  static ColumnPtr InferColumn(const ColumnPtr& colp) {
    const Column& col = *colp;
    InferKind kind = InferKind::kNull;
    for (int64_t i = 0; i < col.length() && kind != InferKind::kString; ++i)
      if (col.IsValid(i)) kind = MergeKinds(kind, InferValue(col.GetString(i)));
    if (kind == InferKind::kNull || kind == InferKind::kString) return colp;
    DataType t = KindType(kind);
    ColumnAccum out;
    out.Init(t);
    Cell cell;
    for (int64_t i = 0; i < col.length(); ++i) {
      if (col.IsNull(i) || !ParseCell(col.GetString(i), true, t, {}, &cell)) cell.valid = false;
      AppendCell(cell, &out);
    }
    std::vector<ColumnAccum*> one{&out};
    return *ColumnAccum::Concat(one, "");
  }

  CsvReadOptions opts_;
  ParseContext ctx_;
  Encoding encoding_ = Encoding::kUtf8;
  bool columns_known_ = false;
  std::vector<std::unique_ptr<ChunkResult>> chunks_;
  std::vector<BadRecord> bad_;
  int64_t bad_count_ = 0;
  std::vector<std::string> first_errors_;
};

}  // namespace

Result<TablePtr> ReadCsvFiles(const std::vector<std::string>& paths, const CsvReadOptions& opts,
                              CsvReadStats* stats) {
  CsvReadJob job(opts);
  RETURN_IF_ERROR(job.Init());
  ASSIGN_OR_RETURN(std::vector<std::string> files, format_internal::ExpandPartFiles(paths, ".csv"));
  for (const std::string& f : files) {
    ASSIGN_OR_RETURN(std::string data, ReadFileToString(f));
    Status st = job.AddSource(data, f);
    if (!st.ok()) {
      RETURN_IF_ERROR(job.WriteBadRecordsIfAsked());
      return st;
    }
  }
  return job.Finish(stats);
}

Result<TablePtr> ReadCsvFile(const std::string& path, const CsvReadOptions& opts,
                             CsvReadStats* stats) {
  if (IsDirectory(path)) return ReadCsvFiles({path}, opts, stats);
  CsvReadJob job(opts);
  RETURN_IF_ERROR(job.Init());
  ASSIGN_OR_RETURN(std::string data, ReadFileToString(path));
  Status st = job.AddSource(data, path);
  if (!st.ok()) {
    RETURN_IF_ERROR(job.WriteBadRecordsIfAsked());
    return st;
  }
  return job.Finish(stats);
}

Result<TablePtr> ReadCsvString(std::string_view data, const CsvReadOptions& opts,
                               CsvReadStats* stats, const std::string& source_name) {
  CsvReadJob job(opts);
  RETURN_IF_ERROR(job.Init());
  Status st = job.AddSource(data, source_name);
  if (!st.ok()) {
    RETURN_IF_ERROR(job.WriteBadRecordsIfAsked());
    return st;
  }
  return job.Finish(stats);
}

Result<CsvParseMode> ParseCsvParseMode(std::string_view name) {
  std::string m = ToUpper(Trim(name));
  if (m == "PERMISSIVE") return CsvParseMode::kPermissive;
  if (m == "DROPMALFORMED") return CsvParseMode::kDropMalformed;
  if (m == "FAILFAST") return CsvParseMode::kFailFast;
  return InvalidArgument("option 'mode': unknown parse mode '", name,
                         "' (expected PERMISSIVE, DROPMALFORMED or FAILFAST)");
}

Result<CsvReadOptions> CsvOptionsFromMap(const std::map<std::string, std::string>& props) {
  CsvReadOptions o;
  for (const auto& [key, value] : props) {
    std::string k = ToLower(key);
    if (k == "header") {
      ASSIGN_OR_RETURN(o.header, ParseBoolOption(key, value));
    } else if (k == "delimiter" || k == "sep") {
      ASSIGN_OR_RETURN(o.delimiter, ParseCharOption(key, value, false));
    } else if (k == "quote") {
      ASSIGN_OR_RETURN(o.quote, ParseCharOption(key, value, true));
    } else if (k == "escape") {
      ASSIGN_OR_RETURN(o.escape, ParseCharOption(key, value, true));
    } else if (k == "inferschema") {
      ASSIGN_OR_RETURN(o.infer_schema, ParseBoolOption(key, value));
    } else if (k == "nullvalue") {
      o.null_value = value;
    } else if (k == "encoding" || k == "charset") {
      RETURN_IF_ERROR(ParseEncoding(value).status());
      o.encoding = value;
    } else if (k == "mode") {
      ASSIGN_OR_RETURN(o.mode, ParseCsvParseMode(value));
    } else if (k == "badrecordspath") {
      o.bad_records_path = value;
    } else if (k == "ignoreleadingwhitespace") {
      ASSIGN_OR_RETURN(o.skip_initial_space, ParseBoolOption(key, value));
    } else if (k == "ignoretrailingwhitespace") {
      ASSIGN_OR_RETURN(o.trim_trailing_space, ParseBoolOption(key, value));
    } else if (k == "comment") {
      if (value.size() > 1)
        return InvalidArgument("CSV option 'comment' must be one character, got '", value, "'");
      o.comment = value;
    } else if (k == "multiline") {
      ASSIGN_OR_RETURN(o.multi_line, ParseBoolOption(key, value));
    } else if (k == "schema") {
      Result<Schema> s = ParseDdlSchema(value);
      if (!s.ok()) return s.status().WithContext("CSV option 'schema'");
      o.schema = std::move(*s);
    }
  }
  return o;
}

}  // namespace kindred
