// spark.catalog.* calls. Kindred has one catalog ("spark_catalog") with one database
// ("default") whose tables are the session's temporary views; each call runs when translated
// (as Spark's planner does) and becomes a small local table in Spark's result layout.
#include "connect/errors.h"
#include "connect/output_table.h"
#include "connect/session.h"
#include "connect/sql_statements.h"
#include "connect/translate/translate.h"

namespace kindred::connect {

namespace pb = spark::connect;

namespace {

sql::PlanPtr OneString(const std::string& name, const std::string& value) {
  OutputTable t;
  t.AddStrings(name, {value});
  return sql::LocalTable(t.Finish());
}

sql::PlanPtr OneBool(const std::string& name, bool value) {
  OutputTable t;
  t.AddBools(name, {value});
  return sql::LocalTable(t.Finish());
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
      OutputTable t;
      t.AddStrings("name", {kCatalogName});
      t.AddStrings("description", {std::nullopt});
      return sql::LocalTable(t.Finish());
    }
    case pb::Catalog::kListDatabases: {
      OutputTable t;
      t.AddStrings("name", {kDatabaseName});
      t.AddStrings("catalog", {kCatalogName});
      t.AddStrings("description", {"default database"});
      t.AddStrings("locationUri", {""});
      return sql::LocalTable(t.Finish());
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
        const std::string& pattern = cat.list_tables().pattern();
        if (!pattern.empty() && !MatchesTablePattern(pattern, name)) continue;
        names.push_back(name);
        catalogs.push_back(std::nullopt);  // temporary views belong to no catalog
        namespaces.push_back({});
        descriptions.push_back(std::nullopt);
        types.push_back("TEMPORARY");
        temporary.push_back(true);
      }
      OutputTable t;
      t.AddStrings("name", names);
      t.AddStrings("catalog", catalogs);
      t.AddStringLists("namespace", namespaces);
      t.AddStrings("description", descriptions);
      t.AddStrings("tableType", types);
      t.AddBools("isTemporary", temporary);
      return sql::LocalTable(t.Finish());
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
      OutputTable t;
      t.AddStrings("name", names);
      t.AddStrings("description", descriptions);
      t.AddStrings("dataType", types);
      t.AddBools("nullable", nullable);
      t.AddBools("isPartition", no);
      t.AddBools("isBucket", no);
      t.AddBools("isCluster", no);
      return sql::LocalTable(t.Finish());
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
