// Logical types, fields and schemas shared by every layer (CSV, ER, SQL, Spark Connect).
// Type names follow Spark's simpleString ("int", "bigint", "string", "decimal(10,2)").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kindred {

enum class TypeId : uint8_t {
  kNull,
  kBool,     // stored one byte per value (0/1); Arrow IPC packs it to bits
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kString,   // UTF-8; int32 offsets + bytes, as Arrow's Utf8
  kBinary,   // same layout as kString
  kDate32,   // days since 1970-01-01
  kTimestamp,  // microseconds since the epoch, UTC (Spark's TimestampType)
  kDecimal128,  // __int128 unscaled value with precision/scale
  kList,     // int32 offsets + one child column
};

struct DataType {
  TypeId id = TypeId::kNull;
  int precision = 0;  // decimal only
  int scale = 0;      // decimal only
  std::shared_ptr<const DataType> element;  // list only

  DataType() = default;
  explicit DataType(TypeId i) : id(i) {}

  static DataType Null() { return DataType(TypeId::kNull); }
  static DataType Bool() { return DataType(TypeId::kBool); }
  static DataType Int8() { return DataType(TypeId::kInt8); }
  static DataType Int16() { return DataType(TypeId::kInt16); }
  static DataType Int32() { return DataType(TypeId::kInt32); }
  static DataType Int64() { return DataType(TypeId::kInt64); }
  static DataType Float32() { return DataType(TypeId::kFloat32); }
  static DataType Float64() { return DataType(TypeId::kFloat64); }
  static DataType String() { return DataType(TypeId::kString); }
  static DataType Binary() { return DataType(TypeId::kBinary); }
  static DataType Date32() { return DataType(TypeId::kDate32); }
  static DataType Timestamp() { return DataType(TypeId::kTimestamp); }
  static DataType Decimal(int precision, int scale);
  static DataType List(DataType element);

  bool is_integer() const;
  bool is_floating() const { return id == TypeId::kFloat32 || id == TypeId::kFloat64; }
  bool is_numeric() const { return is_integer() || is_floating() || id == TypeId::kDecimal128; }
  bool is_string_like() const { return id == TypeId::kString || id == TypeId::kBinary; }
  // Bytes per value for fixed-width types; 0 for string, binary, list and null.
  int byte_width() const;

  // Spark's simpleString: "int", "bigint", "string", "decimal(10,2)", "array<int>".
  std::string ToString() const;

  bool operator==(const DataType& o) const;
  bool operator!=(const DataType& o) const { return !(*this == o); }
};

// Parses a Spark type name as written in DDL ("int", "integer", "long", "bigint", "string",
// "double", "decimal(10,2)", "array<string>", ...). Case-insensitive.
Result<DataType> ParseTypeName(std::string_view name);

struct Field {
  std::string name;
  DataType type;
  bool nullable = true;
};

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }
  int num_fields() const { return static_cast<int>(fields_.size()); }
  const Field& field(int i) const { return fields_[i]; }
  void AddField(Field f) { fields_.push_back(std::move(f)); }

  // Index of the field named `name` (exact match first, then ASCII case-insensitive, as
  // Spark resolves by default), or -1.
  int FindField(std::string_view name) const;
  std::vector<std::string> names() const;
  // "id string, age int"
  std::string ToDdl() const;

 private:
  std::vector<Field> fields_;
};

// Parses a Spark DDL schema string: "id string, age int, price decimal(10,2)".
// Errors name the offending fragment.
Result<Schema> ParseDdlSchema(std::string_view ddl);

}  // namespace kindred
