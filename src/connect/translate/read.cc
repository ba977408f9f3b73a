// Leaf relations: table and file reads, local (client-sent) data, and show().
#include "connect/errors.h"
#include "connect/session.h"
#include "connect/translate/translate.h"
#include "connect/translate/types.h"
#include "format/arrow_ipc/reader.h"

namespace kindred::connect {

namespace pb = spark::connect;

Result<sql::PlanPtr> TranslateRead(const pb::Read& read, TranslateContext* ctx) {
  if (read.is_streaming()) return UnsupportedFeature("streaming reads (readStream)");
  switch (read.read_type_case()) {
    case pb::Read::kNamedTable: {
      ASSIGN_OR_RETURN(auto parts, ParseIdentifier(read.named_table().unparsed_identifier()));
      // Only temporary views exist; a qualified name keeps its last part.
      return sql::NamedTable(parts.back());
    }
    case pb::Read::kDataSource: {
      const auto& ds = read.data_source();
      std::string format = ds.has_format() ? ToLower(ds.format()) : "";
      if (format.empty() && ctx->session != nullptr) {
        format = ToLower(ctx->session->config().Get("spark.sql.sources.default").value_or(""));
      }
      std::map<std::string, std::string> options;
      for (const auto& [k, v] : ds.options()) options[ToLower(k)] = v;
      std::optional<Schema> schema;
      if (ds.has_schema() && !Trim(ds.schema()).empty()) {
        ASSIGN_OR_RETURN(schema, ParseSchemaText(ds.schema()));
      }
      std::vector<std::string> paths(ds.paths().begin(), ds.paths().end());
      if (paths.empty() && options.count("path")) paths.push_back(options["path"]);
      if (format != "csv" && format != "json") {
        return UnsupportedFeature(StrCat("data source format '", format,
                                         "' (supported: csv, json)"));
      }
      return sql::DataSource(format, std::move(paths), std::move(options), std::move(schema));
    }
    case pb::Read::READ_TYPE_NOT_SET: break;
  }
  return InvalidArgument("read relation has neither a named table nor a data source");
}

Result<sql::PlanPtr> TranslateLocalRelation(const pb::LocalRelation& rel, TranslateContext* ctx) {
  std::optional<Schema> schema;
  if (rel.has_schema() && !Trim(rel.schema()).empty()) {
    ASSIGN_OR_RETURN(schema, ParseSchemaText(rel.schema()));
  }
  if (!rel.has_data() || rel.data().empty()) {
    if (!schema) return InvalidArgument("local relation has neither data nor a schema");
    return sql::LocalTable(Table::Empty(*schema));
  }
  auto table = ReadArrowIpcStream(rel.data());
  if (!table.ok()) return table.status().WithContext("decoding local relation Arrow data");
  sql::PlanPtr plan = sql::LocalTable(*table);
  if (!schema) return plan;
  const Schema& have = (*table)->schema();
  if (have.num_fields() != schema->num_fields()) {
    return InvalidArgument("local relation schema has ", schema->num_fields(),
                           " columns but its data has ", have.num_fields());
  }
  // The schema renames the data's columns and may change their types (createDataFrame).
  bool same = true;
  for (int i = 0; i < have.num_fields(); ++i) {
    if (have.field(i).name != schema->field(i).name || have.field(i).type != schema->field(i).type) {
      same = false;
    }
  }
  if (same) return plan;
  std::vector<sql::ExprPtr> exprs;
  for (int i = 0; i < have.num_fields(); ++i) {
    sql::ExprPtr col = sql::UnresolvedAttribute({have.field(i).name});
    if (have.field(i).type != schema->field(i).type) col = sql::Cast(col, schema->field(i).type);
    exprs.push_back(sql::Alias(col, schema->field(i).name));
  }
  return sql::Project(plan, std::move(exprs));
}

Result<sql::PlanPtr> TranslateCachedLocalRelation(const pb::CachedLocalRelation& rel,
                                                  TranslateContext* ctx) {
  if (ctx->session == nullptr) return Internal("cached local relation needs a session");
  // The client uploaded the serialized LocalRelation as artifact "cache/<sha256>".
  auto bytes = ctx->session->GetArtifact("cache/" + rel.hash());
  if (!bytes) {
    return NotFound("cached local relation ", rel.hash(),
                    " was not uploaded to this session (artifact cache/", rel.hash(), ")");
  }
  pb::LocalRelation local;
  if (!local.ParseFromString(*bytes)) {
    return InvalidArgument("cached local relation ", rel.hash(), " is not a LocalRelation");
  }
  return TranslateLocalRelation(local, ctx);
}

Result<sql::PlanPtr> TranslateShowString(const pb::ShowString& show, TranslateContext* ctx) {
  if (ctx->exec == nullptr) return Internal("show() needs an execution context");
  ASSIGN_OR_RETURN(sql::PlanPtr input, TranslateRelation(show.input(), ctx));
  // Only num_rows (+1 to know whether to print "only showing top N rows") are needed.
  ASSIGN_OR_RETURN(TablePtr rows, sql::ExecutePlan(sql::Limit(input, int64_t{show.num_rows()} + 1),
                                                   *ctx->exec));
  std::string text = sql::FormatShowString(*rows, show.num_rows(), show.truncate(), show.vertical());
  ColumnBuilder b(DataType::String());
  b.AppendString(text);
  Schema schema({Field{"show_string", DataType::String(), false}});
  return sql::LocalTable(Table::Make(schema, {b.Finish()}));
}

}  // namespace kindred::connect
