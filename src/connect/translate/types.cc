#include "connect/translate/types.h"

#include <nlohmann/json.hpp>

namespace kindred::connect {

namespace pb = spark::connect;

pb::DataType ToProtoType(const DataType& type) {
  pb::DataType out;
  switch (type.id) {
    case TypeId::kNull: out.mutable_null(); break;
    case TypeId::kBool: out.mutable_boolean(); break;
    case TypeId::kInt8: out.mutable_byte(); break;
    case TypeId::kInt16: out.mutable_short_(); break;
    case TypeId::kInt32: out.mutable_integer(); break;
    case TypeId::kInt64: out.mutable_long_(); break;
    case TypeId::kFloat32: out.mutable_float_(); break;
    case TypeId::kFloat64: out.mutable_double_(); break;
    case TypeId::kString: out.mutable_string(); break;
    case TypeId::kBinary: out.mutable_binary(); break;
    case TypeId::kDate32: out.mutable_date(); break;
    case TypeId::kTimestamp: out.mutable_timestamp(); break;
    case TypeId::kDecimal128: {
      auto* d = out.mutable_decimal();
      d->set_precision(type.precision);
      d->set_scale(type.scale);
      break;
    }
    case TypeId::kList: {
      auto* a = out.mutable_array();
      if (type.element) *a->mutable_element_type() = ToProtoType(*type.element);
      a->set_contains_null(true);
      break;
    }
  }
  return out;
}

pb::DataType SchemaToProto(const Schema& schema) {
  pb::DataType out;
  auto* st = out.mutable_struct_();
  for (const auto& f : schema.fields()) {
    auto* pf = st->add_fields();
    pf->set_name(f.name);
    *pf->mutable_data_type() = ToProtoType(f.type);
    pf->set_nullable(f.nullable);
  }
  return out;
}

Result<DataType> FromProtoType(const pb::DataType& type) {
  switch (type.kind_case()) {
    case pb::DataType::kNull: return DataType::Null();
    case pb::DataType::kBinary: return DataType::Binary();
    case pb::DataType::kBoolean: return DataType::Bool();
    case pb::DataType::kByte: return DataType::Int8();
    case pb::DataType::kShort: return DataType::Int16();
    case pb::DataType::kInteger: return DataType::Int32();
    case pb::DataType::kLong: return DataType::Int64();
    case pb::DataType::kFloat: return DataType::Float32();
    case pb::DataType::kDouble: return DataType::Float64();
    case pb::DataType::kDecimal: {
      // Spark's DecimalType() defaults to (10, 0).
      int p = type.decimal().has_precision() ? type.decimal().precision() : 10;
      int s = type.decimal().has_scale() ? type.decimal().scale() : 0;
      return DataType::Decimal(p, s);
    }
    case pb::DataType::kString:
    case pb::DataType::kChar:
    case pb::DataType::kVarChar:
      return DataType::String();
    case pb::DataType::kDate: return DataType::Date32();
    case pb::DataType::kTimestamp:
    case pb::DataType::kTimestampNtz:
      return DataType::Timestamp();
    case pb::DataType::kArray: {
      ASSIGN_OR_RETURN(DataType element, FromProtoType(type.array().element_type()));
      return DataType::List(element);
    }
    case pb::DataType::kUnparsed:
      return ParseTypeName(type.unparsed().data_type_string());
    case pb::DataType::kStruct: return Unimplemented("struct columns are not supported yet");
    case pb::DataType::kMap: return Unimplemented("map columns are not supported yet");
    case pb::DataType::kCalendarInterval:
    case pb::DataType::kYearMonthInterval:
    case pb::DataType::kDayTimeInterval:
      return Unimplemented("interval types are not supported yet");
    case pb::DataType::kVariant: return Unimplemented("the variant type is not supported");
    case pb::DataType::kUdt: return Unimplemented("user-defined types are not supported");
    case pb::DataType::KIND_NOT_SET: break;
  }
  return InvalidArgument("data type message has no kind set");
}

Result<Schema> ProtoToSchema(const pb::DataType& type) {
  if (!type.has_struct_()) {
    return InvalidArgument("expected a struct type for a schema, got field number ",
                           static_cast<int>(type.kind_case()));
  }
  Schema schema;
  for (const auto& f : type.struct_().fields()) {
    ASSIGN_OR_RETURN(DataType t, FromProtoType(f.data_type()));
    schema.AddField(Field{f.name(), t, f.nullable()});
  }
  return schema;
}

namespace {

Result<DataType> JsonType(const nlohmann::json& j) {
  if (j.is_string()) {
    std::string name = j.get<std::string>();
    if (name == "long") return DataType::Int64();
    if (name == "integer") return DataType::Int32();
    return ParseTypeName(name);
  }
  if (j.is_object() && j.value("type", "") == "array") {
    ASSIGN_OR_RETURN(DataType e, JsonType(j.at("elementType")));
    return DataType::List(e);
  }
  return Unimplemented("unsupported type in JSON schema: ", j.dump());
}

}  // namespace

Result<Schema> ParseSchemaText(std::string_view text) {
  std::string_view t = Trim(text);
  if (!t.empty() && t.front() == '{') {
    nlohmann::json j = nlohmann::json::parse(t, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || j.value("type", "") != "struct" ||
        !j.contains("fields") || !j["fields"].is_array()) {
      return InvalidArgument("invalid JSON schema: ", std::string(t.substr(0, 200)));
    }
    Schema schema;
    for (const auto& f : j["fields"]) {
      if (!f.is_object() || !f.contains("name") || !f.contains("type")) {
        return InvalidArgument("invalid field in JSON schema: ", f.dump());
      }
      ASSIGN_OR_RETURN(DataType type, JsonType(f["type"]));
      schema.AddField(Field{f["name"].get<std::string>(), type, f.value("nullable", true)});
    }
    return schema;
  }
  auto ddl = ParseDdlSchema(t);
  if (ddl.ok()) return ddl;
  // A bare type ("int") is a one-column schema named "value", as Spark's createDataFrame does.
  auto single = ParseTypeName(t);
  if (single.ok()) return Schema({Field{"value", *single, true}});
  return ddl.status();
}

}  // namespace kindred::connect
