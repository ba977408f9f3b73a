#include "connect/sql_statements.h"

#include "connect/errors.h"
#include "connect/output_table.h"
#include "connect/results.h"
#include "sql/errors.h"

namespace kindred::connect {

namespace pb = spark::connect;
using sql::SqlStatement;
using sql::SqlStatementKind;

namespace {

// Spark's global temporary views live in this database; Kindred keeps them with the session's
// other temporary views.
constexpr char kGlobalTempDatabase[] = "global_temp";

TablePtr NoRows() { return Table::Empty(Schema()); }

// The temporary view a (possibly qualified) name refers to: `global_temp.v` is v; any other
// qualified name is looked up as written, so it is not found with its full name.
std::string ViewName(const std::vector<std::string>& parts) {
  if (parts.size() == 2 && EqualsIgnoreCase(parts[0], kGlobalTempDatabase)) return parts[1];
  return StrJoin(parts, ".");
}

// The database of SHOW ... IN db / USE db: "default" or "spark_catalog.default".
Status CheckDatabaseParts(const std::vector<std::string>& parts) {
  if (parts.size() == 2 && EqualsIgnoreCase(parts[0], kCatalogName)) return CheckDatabase(parts[1]);
  return CheckDatabase(StrJoin(parts, "."));
}

Status ViewAlreadyExists(const std::string& name) {
  return SparkError(StatusCode::kAlreadyExists, "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", "42P07",
                    {{"relationName", StrCat("`", name, "`")}},
                    StrCat("Cannot create the temporary view `", name,
                           "` because it already exists."),
                    {"org.apache.spark.sql.catalyst.analysis.TempTableAlreadyExistsException",
                     kAnalysisExceptionClass});
}

// Spark's pattern filter for SHOW TABLES / VIEWS: alternatives split at '|', each a Java
// regex with '*' widened to ".*", matched case-insensitively against the whole name. Only '*'
// and '.' (any one character) occur in practice; other characters match themselves.
bool MatchesAlternative(std::string_view pattern, std::string_view name) {
  // Greedy wildcard matching with backtracking to the last '*'.
  size_t p = 0, n = 0, star = std::string_view::npos, star_n = 0;
  auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_n = n;
    } else if (p < pattern.size() && (pattern[p] == '.' || same(pattern[p], name[n]))) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}


Result<TablePtr> RunCreateTempView(const SqlStatement& s, Session* session,
                                   const sql::ExecContext& exec) {
  const std::string& name = s.name.at(0);
  sql::PlanPtr plan = s.query;
  if (!s.columns.empty()) {
    // The column list renames the query's columns, one for one.
    ASSIGN_OR_RETURN(Schema schema, sql::AnalyzeSchema(plan, exec));
    if (static_cast<int>(s.columns.size()) != schema.num_fields()) {
      std::vector<std::string> data;
      for (const auto& f : schema.fields()) data.push_back(sql::QuoteId(f.name));
      std::vector<std::string> view;
      for (const auto& c : s.columns) view.push_back(sql::QuoteId(c));
      bool too_many = static_cast<int>(s.columns.size()) < schema.num_fields();
      std::string sub = too_many ? "TOO_MANY_DATA_COLUMNS" : "NOT_ENOUGH_DATA_COLUMNS";
      std::string view_cols = StrJoin(view, ", "), data_cols = StrJoin(data, ", ");
      return SparkError(StatusCode::kInvalidArgument, "CREATE_VIEW_COLUMN_ARITY_MISMATCH." + sub,
                        "21S01",
                        {{"viewName", sql::QuoteId(name)},
                         {"viewColumns", view_cols},
                         {"dataColumns", data_cols}},
                        StrCat("Cannot create view ", sql::QuoteId(name), ", the reason is ",
                               too_many ? "too many" : "not enough", " data columns:\nView columns: ",
                               view_cols, ".\nData columns: ", data_cols, "."),
                        {kAnalysisExceptionClass});
    }
    plan = sql::ToDF(plan, s.columns);
  }
  RETURN_IF_ERROR(CreateTempView(session, name, plan, s.replace, exec));
  return NoRows();
}

// SHOW TABLES / SHOW VIEWS: every temporary view (namespace "" as Spark shows them), by name.
Result<TablePtr> ShowViews(const SqlStatement& s, Session* session, const char* name_column) {
  if (!s.name.empty()) RETURN_IF_ERROR(CheckDatabaseParts(s.name));
  std::vector<std::string> names;
  // Spark keeps temporary view names lower-cased (case-insensitive analysis) and lists them
  // sorted.
  for (const auto& n : session->catalog().ListTempViews()) {
    if (!s.pattern || MatchesTablePattern(*s.pattern, n)) names.push_back(ToLower(n));
  }
  std::sort(names.begin(), names.end());
  std::vector<std::optional<std::string>> namespaces, table_names;
  for (const auto& n : names) {
    namespaces.push_back(std::string());
    table_names.push_back(n);
  }
  OutputTable t;
  t.AddStrings("namespace", namespaces, false);
  t.AddStrings(name_column, table_names, false);
  t.AddBools("isTemporary", std::vector<bool>(names.size(), true));
  return t.Finish();
}

TablePtr KeyValues(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::vector<std::optional<std::string>> keys, values;
  for (const auto& [k, v] : rows) {
    keys.push_back(k);
    values.push_back(v);
  }
  OutputTable t;
  t.AddStrings("key", keys, false);
  t.AddStrings("value", values, false);
  return t.Finish();
}

Status StaticConfigError(const std::string& key) {
  return SparkError(StatusCode::kFailedPrecondition, "CANNOT_MODIFY_CONFIG", "46110",
                    {{"key", StrCat("\"", key, "\"")},
                     {"docroot", "https://spark.apache.org/docs/latest"}},
                    StrCat("Cannot modify the value of the static Spark config: \"", key, "\"."),
                    {kAnalysisExceptionClass});
}

Result<TablePtr> RunSet(const SqlStatement& s, Session* session) {
  SessionConfig& config = session->config();
  if (s.key.empty()) return KeyValues(config.GetAll(""));
  if (!s.value) {
    // Spark shows an unset key with the value "<undefined>".
    return KeyValues({{s.key, config.Get(s.key).value_or("<undefined>")}});
  }
  RETURN_IF_ERROR(config.Set(s.key, *s.value));
  return KeyValues({{s.key, *s.value}});
}

Result<TablePtr> RunReset(const SqlStatement& s, Session* session) {
  SessionConfig& config = session->config();
  if (s.key.empty()) {
    for (const auto& [key, value] : config.GetAll("")) {
      if (config.IsModifiable(key)) config.Unset(key);
    }
    return NoRows();
  }
  if (!config.IsModifiable(s.key)) return StaticConfigError(s.key);
  config.Unset(s.key);
  return NoRows();
}

Result<TablePtr> Describe(const Schema& schema) {
  std::vector<std::optional<std::string>> names, types, comments;
  for (const auto& f : schema.fields()) {
    names.push_back(f.name);
    types.push_back(f.type.ToString());  // Spark's simpleString: bigint, decimal(10,2), ...
    comments.push_back(std::nullopt);
  }
  OutputTable t;
  t.AddStrings("col_name", names, false);
  t.AddStrings("data_type", types, false);
  t.AddStrings("comment", comments, true);
  return t.Finish();
}

Status RunUse(const SqlStatement& s) {
  // USE spark_catalog switches to the one catalog (and its default database).
  if (s.name.size() == 1 && EqualsIgnoreCase(s.name[0], kCatalogName)) return OkStatus();
  return CheckDatabaseParts(s.name);
}

}  // namespace

bool MatchesTablePattern(const std::string& pattern, const std::string& name) {
  for (const auto& alt : StrSplit(Trim(pattern), '|')) {
    if (MatchesAlternative(alt, name)) return true;
  }
  return false;
}

Status CheckDatabase(const std::string& db) {
  if (db.empty() || EqualsIgnoreCase(db, kDatabaseName)) return OkStatus();
  return SparkError(StatusCode::kNotFound, "SCHEMA_NOT_FOUND", "42704",
                    {{"schemaName", StrCat("`", kCatalogName, "`.`", db, "`")}},
                    StrCat("The schema `", db, "` cannot be found."),
                    {"org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException",
                     kAnalysisExceptionClass});
}

Status CreateTempView(Session* session, const std::string& name, sql::PlanPtr plan, bool replace,
                      const sql::ExecContext& exec) {
  // Analyzed now, as Spark does, so a bad view fails at creation.
  RETURN_IF_ERROR(sql::AnalyzeSchema(plan, exec).status());
  if (replace) {
    session->catalog().CreateOrReplaceTempView(name, std::move(plan));
  } else if (!session->catalog().CreateTempView(name, std::move(plan))) {
    return ViewAlreadyExists(name);
  }
  return OkStatus();
}

Status CacheTempView(Session* session, const std::string& name, const sql::ExecContext& exec) {
  // Computed now (Spark computes it with the first query that reads the view); queries then
  // read the result until it is uncached, or the view is replaced or dropped.
  sql::Catalog& catalog = session->catalog();
  ASSIGN_OR_RETURN(sql::PlanPtr view, catalog.LookupTempView(name));
  ASSIGN_OR_RETURN(sql::PlanPtr result, sql::MaterializePlan(view, exec));
  return catalog.CacheTempView(name, result);
}

void ClearCache(Session* session) {
  // Spark's clearCache drops every cached result: cached views and persisted DataFrames.
  session->catalog().UncacheAllTempViews();
  session->UnpersistAll();
}

Result<TablePtr> RunSqlStatement(const SqlStatement& s, Session* session,
                                 const sql::ExecContext& exec) {
  sql::Catalog& catalog = session->catalog();
  switch (s.kind) {
    case SqlStatementKind::kQuery:
      return InvalidArgument("a query is not a statement; run it as a SQL relation");
    case SqlStatementKind::kCreateTempView: return RunCreateTempView(s, session, exec);
    case SqlStatementKind::kDropView: {
      std::string name = ViewName(s.name);
      if (!catalog.DropTempView(name) && !s.if_exists) {
        RETURN_IF_ERROR(catalog.LookupTempView(name).status());
      }
      return NoRows();
    }
    case SqlStatementKind::kShowTables: return ShowViews(s, session, "tableName");
    case SqlStatementKind::kShowViews: return ShowViews(s, session, "viewName");
    case SqlStatementKind::kCacheTable: {
      std::string name = ViewName(s.name);
      if (s.query) {
        // CACHE TABLE v AS query: a new temporary view (never a replacement), then cached.
        SqlStatement create = s;
        create.kind = SqlStatementKind::kCreateTempView;
        create.name = {name};
        create.replace = false;
        RETURN_IF_ERROR(RunCreateTempView(create, session, exec).status());
      }
      // LAZY caches too: Kindred computes at once (the rows read are the same).
      RETURN_IF_ERROR(CacheTempView(session, name, exec));
      return NoRows();
    }
    case SqlStatementKind::kUncacheTable: {
      std::string name = ViewName(s.name);
      auto r = catalog.UncacheTempView(name);
      if (!r.ok() && !(s.if_exists && r.status().code() == StatusCode::kNotFound)) {
        return r.status();
      }
      return NoRows();
    }
    case SqlStatementKind::kClearCache:
      ClearCache(session);
      return NoRows();
    case SqlStatementKind::kSet: return RunSet(s, session);
    case SqlStatementKind::kReset: return RunReset(s, session);
    case SqlStatementKind::kDescribeTable: {
      ASSIGN_OR_RETURN(sql::PlanPtr view, catalog.LookupTempView(ViewName(s.name)));
      ASSIGN_OR_RETURN(Schema schema, sql::AnalyzeSchema(view, exec));
      return Describe(schema);
    }
    case SqlStatementKind::kDescribeQuery: {
      ASSIGN_OR_RETURN(Schema schema, sql::AnalyzeSchema(s.query, exec));
      return Describe(schema);
    }
    case SqlStatementKind::kUse:
      RETURN_IF_ERROR(RunUse(s));
      return NoRows();
  }
  return Internal("unknown SQL statement kind");
}

Result<std::optional<pb::Relation>> RunSqlCommandStatement(const std::string& text,
                                                           Session* session,
                                                           const sql::ExecContext& exec,
                                                           const ArrowIpcWriteOptions& arrow) {
  // A query is parsed once, when its SQL relation is translated.
  if (!sql::StartsWithStatement(text)) return std::optional<pb::Relation>();
  ASSIGN_OR_RETURN(SqlStatement stmt, sql::ParseSqlStatement(text));
  if (stmt.kind == SqlStatementKind::kQuery) return std::optional<pb::Relation>();
  ASSIGN_OR_RETURN(TablePtr out, RunSqlStatement(stmt, session, exec));
  ASSIGN_OR_RETURN(std::string data, EncodeArrowBatch(*out, arrow));
  pb::Relation rel;
  rel.mutable_local_relation()->set_data(std::move(data));
  return std::optional<pb::Relation>(std::move(rel));
}

}  // namespace kindred::connect
