// spark.catalog.* calls. Kindred has one catalog ("spark_catalog") with one database
// ("default") whose tables are the session's temporary views; each call runs when translated
// (as Spark's planner does) and becomes a small local table in Spark's result layout.
#include "connect/errors.h"
#include "connect/session.h"
#include "connect/sql_statements.h"
#include "connect/translate/translate.h"

namespace kindred::connect {

namespace pb = spark::connect;

namespace {

constexpr char kCatalogName[] = "spark_catalog";
constexpr char kDatabaseName[] = "default";

// A table built column by column from string / bool cells.
class TableMaker {
 public:
  void AddString(const std::string& name, std::vector<std::optional<std::string>> values) {
    ColumnBuilder b(DataType::String());
    for (const auto& v : values) {
      if (v) {
        b.AppendString(*v);
      } else {
        b.AppendNull();
      }
    }
    Add(name, DataType::String(), b.Finish());
  }
  void AddBool(const std::string& name, const std::vector<bool>& values) {
    ColumnBuilder b(DataType::Bool());
    for (bool v : values) b.AppendBool(v);
    Add(name, DataType::Bool(), b.Finish(), /*nullable=*/false);
  }
  // One list of strings per row.
  void AddStringLists(const std::string& name, const std::vector<std::vector<std::string>>& rows) {
    DataType type = DataType::List(DataType::String());
    ColumnBuilder b(type);
    for (const auto& row : rows) {
      for (const auto& s : row) b.child_builder().AppendString(s);
      b.AppendListEnd();
    }
    Add(name, type, b.Finish());
  }
  sql::PlanPtr Finish() { return sql::LocalTable(Table::Make(schema_, std::move(columns_))); }

 private:
  void Add(const std::string& name, DataType type, ColumnPtr col, bool nullable = true) {
    schema_.AddField(Field{name, std::move(type), nullable});
    columns_.push_back(std::move(col));
  }
  Schema schema_;
  std::vector<ColumnPtr> columns_;
};

sql::PlanPtr OneString(const std::string& name, const std::string& value) {
  TableMaker t;
  t.AddString(name, {value});
  return t.Finish();
}

sql::PlanPtr OneBool(const std::string& name, bool value) {
  TableMaker t;
  t.AddBool(name, {value});
  return t.Finish();
}

// Spark's catalog patterns are SQL LIKE-ish with '*' and '|' alternatives; '*' suffices here.
bool MatchesPattern(const std::string& name, const std::string& pattern) {
  if (pattern.empty() || pattern == "*") return true;
  for (const auto& alt : StrSplit(pattern, '|')) {
    std::string p = ToLower(Trim(alt)), n = ToLower(name);
    size_t star = p.find('*');
    if (star == std::string::npos) {
      if (p == n) return true;
      continue;
    }
    std::string pre = p.substr(0, star), post = p.substr(star + 1);
    if (n.size() >= pre.size() + post.size() && n.rfind(pre, 0) == 0 &&
        n.compare(n.size() - post.size(), post.size(), post) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<sql::PlanPtr> TranslateCatalog(const pb::Catalog& cat, TranslateContext* ctx) {
  if (ctx->session == nullptr) return Internal("catalog calls need a session");
  sql::Catalog& catalog = ctx->session->catalog();
  switch (cat.cat_type_case()) {
    case pb::Catalog::kCurrentDatabase: return OneString("value", kDatabaseName);
    case pb::Catalog::kSetCurrentDatabase:
      RETURN_IF_ERROR(CheckDatabase(cat.set_current_database().db_name()));
      return sql::LocalTable(Table::Empty(Schema()));
    case pb::Catalog::kCurrentCatalog: return OneString("value", kCatalogName);
    case pb::Catalog::kSetCurrentCatalog:
      if (cat.set_current_catalog().catalog_name() != kCatalogName) {
        return SparkError(StatusCode::kNotFound, "CATALOG_NOT_FOUND", "42P08",
                          {{"catalogName", StrCat("`", cat.set_current_catalog().catalog_name(), "`")}},
                          StrCat("The catalog `", cat.set_current_catalog().catalog_name(),
                                 "` not found."),
                          {"org.apache.spark.SparkException"});
      }
      return sql::LocalTable(Table::Empty(Schema()));
    case pb::Catalog::kListCatalogs: {
      TableMaker t;
      t.AddString("name", {kCatalogName});
      t.AddString("description", {std::nullopt});
      return t.Finish();
    }
    case pb::Catalog::kListDatabases: {
      TableMaker t;
      t.AddString("name", {kDatabaseName});
      t.AddString("catalog", {kCatalogName});
      t.AddString("description", {"default database"});
      t.AddString("locationUri", {""});
      return t.Finish();
    }
    case pb::Catalog::kDatabaseExists:
      return OneBool("value", CheckDatabase(cat.database_exists().db_name()).ok() &&
                                  !cat.database_exists().db_name().empty());
    case pb::Catalog::kListTables: {
      RETURN_IF_ERROR(CheckDatabase(cat.list_tables().db_name()));
      std::vector<std::optional<std::string>> names, catalogs, descriptions, types;
      std::vector<std::vector<std::string>> namespaces;
      std::vector<bool> temporary;
      for (const auto& name : catalog.ListTempViews()) {
        if (!MatchesPattern(name, cat.list_tables().pattern())) continue;
        names.push_back(name);
        catalogs.push_back(std::nullopt);  // temporary views belong to no catalog
        namespaces.push_back({});
        descriptions.push_back(std::nullopt);
        types.push_back("TEMPORARY");
        temporary.push_back(true);
      }
      TableMaker t;
      t.AddString("name", names);
      t.AddString("catalog", catalogs);
      t.AddStringLists("namespace", namespaces);
      t.AddString("description", descriptions);
      t.AddString("tableType", types);
      t.AddBool("isTemporary", temporary);
      return t.Finish();
    }
    case pb::Catalog::kTableExists:
      RETURN_IF_ERROR(CheckDatabase(cat.table_exists().db_name()));
      return OneBool("value", catalog.LookupTempView(cat.table_exists().table_name()).ok());
    case pb::Catalog::kListColumns: {
      RETURN_IF_ERROR(CheckDatabase(cat.list_columns().db_name()));
      ASSIGN_OR_RETURN(sql::PlanPtr view, catalog.LookupTempView(cat.list_columns().table_name()));
      if (ctx->exec == nullptr) return Internal("listColumns needs an execution context");
      ASSIGN_OR_RETURN(Schema schema, sql::AnalyzeSchema(view, *ctx->exec));
      std::vector<std::optional<std::string>> names, descriptions, types;
      std::vector<bool> nullable, no;
      for (const auto& f : schema.fields()) {
        names.push_back(f.name);
        descriptions.push_back(std::nullopt);
        types.push_back(f.type.ToString());
        nullable.push_back(f.nullable);
        no.push_back(false);
      }
      TableMaker t;
      t.AddString("name", names);
      t.AddString("description", descriptions);
      t.AddString("dataType", types);
      t.AddBool("nullable", nullable);
      t.AddBool("isPartition", no);
      t.AddBool("isBucket", no);
      t.AddBool("isCluster", no);
      return t.Finish();
    }
    case pb::Catalog::kDropTempView:
      return OneBool("value", catalog.DropTempView(cat.drop_temp_view().view_name()));
    case pb::Catalog::kDropGlobalTempView:
      return OneBool("value", catalog.DropTempView(cat.drop_global_temp_view().view_name()));
    case pb::Catalog::kIsCached: {
      ASSIGN_OR_RETURN(bool cached, catalog.IsTempViewCached(cat.is_cached().table_name()));
      return OneBool("value", cached);
    }
    case pb::Catalog::kCacheTable:
      if (ctx->exec == nullptr) return Internal("cacheTable needs an execution context");
      RETURN_IF_ERROR(CacheTempView(ctx->session, cat.cache_table().table_name(), *ctx->exec));
      return sql::LocalTable(Table::Empty(Schema()));
    case pb::Catalog::kUncacheTable:
      RETURN_IF_ERROR(catalog.UncacheTempView(cat.uncache_table().table_name()).status());
      return sql::LocalTable(Table::Empty(Schema()));
    case pb::Catalog::kClearCache:
      ClearCache(ctx->session);
      return sql::LocalTable(Table::Empty(Schema()));
    case pb::Catalog::kRefreshTable:
    case pb::Catalog::kRefreshByPath:
      // Views are plans re-read by every query; there is no file listing to refresh.
      return sql::LocalTable(Table::Empty(Schema()));
    default: {
      const auto* field = cat.GetDescriptor()->FindFieldByNumber(cat.cat_type_case());
      return UnsupportedFeature(
          StrCat("catalog call ", field ? std::string(field->name()) : "(unset)"));
    }
  }
}

}  // namespace kindred::connect
