// spark.sql() statements (sql/parser/statement.h) run against a session at the spark.sql call,
// as Spark runs commands eagerly. Each returns its output rows with Spark's column names
// (SHOW TABLES: namespace, tableName, isTemporary; SET: key, value; DESCRIBE: col_name,
// data_type, comment) or no columns at all (CREATE VIEW, DROP VIEW, CACHE, USE, ...).
// Kindred has one catalog ("spark_catalog") with one database ("default"); its tables are the
// session's temporary views. Functions are safe to call from multiple threads (Session is).
#pragma once

#include <optional>
#include <string>

#include "columnar/table.h"
#include "common/status.h"
#include "connect/session.h"
#include "format/arrow_ipc/writer.h"
#include "spark/connect/relations.pb.h"
#include "sql/engine.h"
#include "sql/parser/statement.h"

namespace kindred::connect {

// Kindred's one catalog and its one database.
inline constexpr char kCatalogName[] = "spark_catalog";
inline constexpr char kDatabaseName[] = "default";

// Runs `stmt` (any kind but kQuery, which is InvalidArgument) in `session`; `exec` must read
// the session's catalog. Returns the output table (zero columns for DDL). Errors carry Spark's
// error classes: TEMP_TABLE_OR_VIEW_ALREADY_EXISTS, TABLE_OR_VIEW_NOT_FOUND, SCHEMA_NOT_FOUND,
// CREATE_VIEW_COLUMN_ARITY_MISMATCH, CANNOT_MODIFY_CONFIG, and the query's analysis errors.
Result<TablePtr> RunSqlStatement(const sql::SqlStatement& stmt, Session* session,
                                 const sql::ExecContext& exec);

// spark.sql(text) as a command: when `text` is a statement, runs it now and returns the
// relation the client reads its output from (a LocalRelation holding the rows as an Arrow IPC
// stream, as Spark's server answers commands); nullopt, without parsing it, when `text` is a
// query, which the caller handles as a SQL relation. Errors: the statement's parse or run
// errors.
Result<std::optional<spark::connect::Relation>> RunSqlCommandStatement(
    const std::string& text, Session* session, const sql::ExecContext& exec,
    const ArrowIpcWriteOptions& arrow = {});

// Registers `plan` as temporary view `name` (createOrReplaceTempView, CREATE TEMP VIEW) after
// analyzing it, so a bad view fails at creation as in Spark. Without `replace`, an existing
// view is Spark's TEMP_TABLE_OR_VIEW_ALREADY_EXISTS (AlreadyExists); the plan's analysis errors.
Status CreateTempView(Session* session, const std::string& name, sql::PlanPtr plan, bool replace,
                      const sql::ExecContext& exec);

// Computes temporary view `name`'s result now and caches it (CACHE TABLE,
// spark.catalog.cacheTable): queries read the result until the view is uncached, replaced or
// dropped. NotFound (TABLE_OR_VIEW_NOT_FOUND) when there is no such view; the view's errors.
Status CacheTempView(Session* session, const std::string& name, const sql::ExecContext& exec);

// Drops every cached result of the session: cached views and persisted DataFrames (CLEAR
// CACHE, spark.catalog.clearCache).
void ClearCache(Session* session);

// Spark's table-name pattern (SHOW TABLES LIKE, catalog.listTables): alternatives split at
// '|', '*' matching any text and '.' any one character, case-insensitive, whole name.
bool MatchesTablePattern(const std::string& pattern, const std::string& name);

// OK for the one database ("default", any case, or empty = the current one); NotFound with
// Spark's SCHEMA_NOT_FOUND otherwise.
Status CheckDatabase(const std::string& db);

}  // namespace kindred::connect
