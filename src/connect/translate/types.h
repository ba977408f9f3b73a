// Conversions between Kindred types and Spark Connect DataType messages. Thread-safe.
#pragma once

#include "columnar/types.h"
#include "common/status.h"
#include "spark/connect/types.pb.h"

namespace kindred::connect {

// The Spark Connect type for `type` (array elements are nullable).
spark::connect::DataType ToProtoType(const DataType& type);
// A struct type with one field per schema field (name, type, nullable).
spark::connect::DataType SchemaToProto(const Schema& schema);

// The Kindred type for a Spark Connect type. char/varchar become string and timestamp_ntz
// becomes timestamp; unparsed type strings go through ParseTypeName. Struct, map, interval,
// variant and UDT types are Unimplemented naming the type.
Result<DataType> FromProtoType(const spark::connect::DataType& type);
// A struct type as a Schema; InvalidArgument when `type` is not a struct.
Result<Schema> ProtoToSchema(const spark::connect::DataType& type);

// A schema given as text by a client: a DDL list ("a int, b string"), a single type (which
// becomes one column named "value", as Spark does), or Spark's JSON form
// ({"type":"struct","fields":[...]}).
Result<Schema> ParseSchemaText(std::string_view text);

}  // namespace kindred::connect
