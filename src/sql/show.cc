// Dataset.show() and printSchema() text, character for character as Spark 3.5 prints them.
#include <algorithm>

#include "columnar/format_value.h"
#include "sql/engine.h"

namespace kindred::sql {

namespace {

// Decodes one UTF-8 code point starting at s[i]; advances i.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  unsigned char c = s[*i];
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && *i + k < s.size(); ++k) cp = (cp << 6) | (s[*i + k] & 0x3F);
  *i += len;
  return cp;
}

bool IsFullWidth(uint32_t cp) {
  // Spark's Utils.stringHalfWidth counts East Asian wide and full-width characters twice.
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Length in Java chars (UTF-16 units), as String.length counts.
int64_t JavaLength(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size();) n += NextCodePoint(s, &i) >= 0x10000 ? 2 : 1;
  return n;
}

int64_t HalfWidth(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size();) n += IsFullWidth(NextCodePoint(s, &i)) ? 2 : 1;
  return n;
}

// The first `n` Java chars of s.
std::string JavaPrefix(std::string_view s, int64_t n) {
  size_t i = 0;
  int64_t count = 0;
  while (i < s.size()) {
    size_t start = i;
    uint32_t cp = NextCodePoint(s, &i);
    count += cp >= 0x10000 ? 2 : 1;
    if (count > n) return std::string(s.substr(0, start));
  }
  return std::string(s);
}

std::string EscapeMeta(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\f': out += "\\f"; break;
      case '\b': out += "\\b"; break;
      case '\v': out += "\\v"; break;
      case '\a': out += "\\a"; break;
      default: out += c;
    }
  }
  return out;
}

// ToPrettyString: nulls print as "NULL" (Spark 3.5), also inside arrays.
std::string PrettyCell(const Column& c, int64_t row) {
  if (c.IsNull(row)) return "NULL";
  if (c.type().id == TypeId::kList) {
    std::string out = "[";
    const int32_t* o = c.offsets();
    for (int32_t k = o[row]; k < o[row + 1]; ++k) {
      if (k > o[row]) out += ", ";
      out += PrettyCell(*c.child(), k);
    }
    return out + "]";
  }
  if (c.type().id == TypeId::kBinary) {
    std::string out = "[";
    static const char* kHex = "0123456789ABCDEF";
    std::string_view v = c.GetString(row);
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out += ' ';
      out += kHex[static_cast<unsigned char>(v[i]) >> 4];
      out += kHex[static_cast<unsigned char>(v[i]) & 15];
    }
    return out + "]";
  }
  return c.FormatValue(row);
}

std::string Pad(const std::string& s, int64_t width, bool left) {
  int64_t w = HalfWidth(s);
  if (w >= width) return s;
  std::string fill(static_cast<size_t>(width - w), ' ');
  return left ? fill + s : s + fill;
}

}  // namespace

std::string FormatShowString(const Table& t, int num_rows, int truncate, bool vertical) {
  if (num_rows < 0) num_rows = 0;
  int64_t shown = std::min<int64_t>(num_rows, t.num_rows());
  bool has_more = t.num_rows() > num_rows;
  int nc = t.num_columns();
  std::vector<std::vector<std::string>> rows;
  rows.reserve(shown + 1);
  std::vector<std::string> header;
  for (const auto& f : t.schema().fields()) header.push_back(EscapeMeta(f.name));
  rows.push_back(header);
  for (int64_t r = 0; r < shown; ++r) {
    std::vector<std::string> row;
    for (int c = 0; c < nc; ++c) {
      std::string s = EscapeMeta(PrettyCell(*t.column(c), r));
      if (truncate > 0 && JavaLength(s) > truncate) {
        // Spark shows no ellipsis when truncating to fewer than 4 characters.
        s = truncate < 4 ? JavaPrefix(s, truncate) : JavaPrefix(s, truncate - 3) + "...";
      }
      row.push_back(std::move(s));
    }
    rows.push_back(std::move(row));
  }
  std::string sb;
  const int64_t kMinWidth = 3;
  if (!vertical) {
    std::vector<int64_t> widths(nc, kMinWidth);
    for (const auto& row : rows)
      for (int c = 0; c < nc; ++c) widths[c] = std::max(widths[c], HalfWidth(row[c]));
    std::string sep = "+";
    for (int c = 0; c < nc; ++c) sep += std::string(static_cast<size_t>(widths[c]), '-') + "+";
    sep += "\n";
    auto line = [&](const std::vector<std::string>& row) {
      std::string s = "|";
      for (int c = 0; c < nc; ++c) s += Pad(row[c], widths[c], truncate > 0) + "|";
      return s + "\n";
    };
    sb += sep;
    sb += line(rows[0]);
    sb += sep;
    for (size_t r = 1; r < rows.size(); ++r) sb += line(rows[r]);
    sb += sep;
  } else {
    int64_t name_width = kMinWidth;
    for (const auto& n : rows[0]) name_width = std::max(name_width, HalfWidth(n));
    int64_t data_width = kMinWidth;
    for (size_t r = 1; r < rows.size(); ++r)
      for (const auto& cell : rows[r]) data_width = std::max(data_width, HalfWidth(cell));
    for (size_t r = 1; r < rows.size(); ++r) {
      std::string head = "-RECORD " + std::to_string(r - 1);
      int64_t total = name_width + data_width + 5;
      if (static_cast<int64_t>(head.size()) < total)
        head += std::string(static_cast<size_t>(total - head.size()), '-');
      sb += head + "\n";
      for (int c = 0; c < nc; ++c) {
        sb += " " + Pad(rows[0][c], name_width, false) + " | " +
              Pad(rows[r][c], data_width, false) + " \n";
      }
    }
  }
  if (vertical && rows.size() == 1) {
    sb += "(0 rows)\n";
  } else if (has_more) {
    sb += "only showing top " + std::to_string(num_rows) + (num_rows == 1 ? " row\n" : " rows\n");
  }
  return sb;
}

std::string SparkTypeName(const DataType& type) {
  switch (type.id) {
    case TypeId::kNull: return "void";
    case TypeId::kBool: return "boolean";
    case TypeId::kInt8: return "byte";
    case TypeId::kInt16: return "short";
    case TypeId::kInt32: return "integer";
    case TypeId::kInt64: return "long";
    case TypeId::kFloat32: return "float";
    case TypeId::kFloat64: return "double";
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "binary";
    case TypeId::kDate32: return "date";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kDecimal128:
      return "decimal(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case TypeId::kList:
      return "array<" + (type.element ? SparkTypeName(*type.element) : std::string("void")) + ">";
  }
  return "unknown";
}

namespace {
void TreeField(const std::string& prefix, const std::string& name, const DataType& type,
               const std::string& null_label, bool nullable, std::string* out) {
  std::string tname = type.id == TypeId::kList ? "array" : SparkTypeName(type);
  *out += prefix + "-- " + name + ": " + tname + " (" + null_label +
          " = " + (nullable ? "true" : "false") + ")\n";
  if (type.id == TypeId::kList && type.element) {
    TreeField(prefix + "    |", "element", *type.element, "containsNull", true, out);
  }
}
}  // namespace

std::string TreeString(const Schema& schema) {
  std::string out = "root\n";
  for (const auto& f : schema.fields()) TreeField(" |", f.name, f.type, "nullable", f.nullable, &out);
  return out;
}

}  // namespace kindred::sql
