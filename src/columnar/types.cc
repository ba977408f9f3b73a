#include "columnar/types.h"


namespace kindred {

DataType DataType::Decimal(int precision, int scale) {
  DataType t(TypeId::kDecimal128);
  t.precision = precision;
  t.scale = scale;
  return t;
}

DataType DataType::List(DataType element) {
  DataType t(TypeId::kList);
  t.element = std::make_shared<const DataType>(std::move(element));
  return t;
}

bool DataType::is_integer() const {
  return id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
         id == TypeId::kInt64;
}

int DataType::byte_width() const {
  switch (id) {
    case TypeId::kBool:
    case TypeId::kInt8: return 1;
    case TypeId::kInt16: return 2;
    case TypeId::kInt32:
    case TypeId::kFloat32:
    case TypeId::kDate32: return 4;
    case TypeId::kInt64:
    case TypeId::kFloat64:
    case TypeId::kTimestamp: return 8;
    case TypeId::kDecimal128: return 16;
    default: return 0;
  }
}

std::string DataType::ToString() const {
  switch (id) {
    case TypeId::kNull: return "void";
    case TypeId::kBool: return "boolean";
    case TypeId::kInt8: return "tinyint";
    case TypeId::kInt16: return "smallint";
    case TypeId::kInt32: return "int";
    case TypeId::kInt64: return "bigint";
    case TypeId::kFloat32: return "float";
    case TypeId::kFloat64: return "double";
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "binary";
    case TypeId::kDate32: return "date";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kDecimal128: return StrCat("decimal(", precision, ",", scale, ")");
    case TypeId::kList: return StrCat("array<", element ? element->ToString() : "void", ">");
  }
  return "unknown";
}

bool DataType::operator==(const DataType& o) const {
  if (id != o.id) return false;
  if (id == TypeId::kDecimal128) return precision == o.precision && scale == o.scale;
  if (id == TypeId::kList) {
    if (!element || !o.element) return element == o.element;
    return *element == *o.element;
  }
  return true;
}

Result<DataType> ParseTypeName(std::string_view raw) {
  std::string name = ToLower(Trim(raw));
  if (name == "string" || name == "varchar" || name == "char" || name == "text" ||
      name.starts_with("varchar(") || name.starts_with("char("))
    return DataType::String();
  if (name == "int" || name == "integer") return DataType::Int32();
  if (name == "long" || name == "bigint") return DataType::Int64();
  if (name == "short" || name == "smallint") return DataType::Int16();
  if (name == "byte" || name == "tinyint") return DataType::Int8();
  if (name == "double") return DataType::Float64();
  if (name == "float" || name == "real") return DataType::Float32();
  if (name == "boolean" || name == "bool") return DataType::Bool();
  if (name == "date") return DataType::Date32();
  if (name == "timestamp" || name == "timestamp_ltz" || name == "timestamp_ntz")
    return DataType::Timestamp();
  if (name == "binary") return DataType::Binary();
  if (name == "void" || name == "null") return DataType::Null();
  if (name == "decimal" || name == "dec" || name == "numeric") return DataType::Decimal(10, 0);
  if (name.starts_with("decimal(") && name.ends_with(")")) {
    std::string_view inner(name);
    inner.remove_prefix(8);
    inner.remove_suffix(1);
    auto comma = inner.find(',');
    int64_t p = 0, s = 0;
    bool ok = ParseInt64(inner.substr(0, comma), &p);
    if (comma != std::string_view::npos) ok = ok && ParseInt64(inner.substr(comma + 1), &s);
    if (!ok || p < 1 || p > 38 || s < 0 || s > p)
      return InvalidArgument("invalid decimal type '", raw, "'");
    return DataType::Decimal(static_cast<int>(p), static_cast<int>(s));
  }
  if ((name.starts_with("array<") && name.ends_with(">"))) {
    ASSIGN_OR_RETURN(DataType el, ParseTypeName(name.substr(6, name.size() - 7)));
    return DataType::List(el);
  }
  return InvalidArgument("unknown data type '", raw, "'");
}

int Schema::FindField(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i].name == name) return static_cast<int>(i);
  for (size_t i = 0; i < fields_.size(); ++i)
    if (EqualsIgnoreCase(fields_[i].name, name)) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> Schema::names() const {
  std::vector<std::string> out;
  out.reserve(fields_.size());
  for (const auto& f : fields_) out.push_back(f.name);
  return out;
}

std::string Schema::ToDdl() const {
  std::vector<std::string> parts;
  for (const auto& f : fields_) parts.push_back(StrCat(f.name, " ", f.type.ToString()));
  return StrJoin(parts, ", ");
}

Result<Schema> ParseDdlSchema(std::string_view ddl) {
  Schema schema;
  // Split on commas that are not inside parentheses or angle brackets (decimal(10,2)).
  int depth = 0;
  size_t start = 0;
  std::vector<std::string_view> parts;
  for (size_t i = 0; i <= ddl.size(); ++i) {
    char c = i < ddl.size() ? ddl[i] : ',';
    if (c == '(' || c == '<') ++depth;
    if (c == ')' || c == '>') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(ddl.substr(start, i - start));
      start = i + 1;
    }
  }
  for (auto part : parts) {
    part = Trim(part);
    if (part.empty()) {
      if (parts.size() == 1) break;  // empty schema
      return InvalidArgument("empty column definition in schema '", ddl, "'");
    }
    size_t sp = part.find_first_of(" \t:");
    if (sp == std::string_view::npos)
      return InvalidArgument("column definition '", part, "' has no type in schema '", ddl, "'");
    std::string name(Trim(part.substr(0, sp)));
    if (name.size() >= 2 && name.front() == '`' && name.back() == '`')
      name = name.substr(1, name.size() - 2);
    std::string_view type_text = Trim(part.substr(sp + 1));
    bool nullable = true;
    std::string lowered = ToLower(type_text);
    if (lowered.ends_with(" not null")) {
      nullable = false;
      type_text = Trim(type_text.substr(0, type_text.size() - 9));
    }
    auto type = ParseTypeName(type_text);
    if (!type.ok())
      return InvalidArgument("column '", name, "': ", type.status().message(), " in schema '",
                             ddl, "'");
    schema.AddField(Field{name, *type, nullable});
  }
  return schema;
}

}  // namespace kindred
