// Spark SQL statements that spark.sql() runs at once, as Spark runs commands eagerly: temporary
// views (CREATE / DROP), SHOW TABLES / VIEWS, CACHE / UNCACHE / CLEAR CACHE, SET / RESET,
// DESCRIBE and USE. This file only parses them; connect/sql_statements.h runs them against a
// session. A plain query is one kind of statement, so callers parse any spark.sql text here.
// All functions are stateless and safe to call concurrently from multiple threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sql/plan/logical_plan.h"

namespace kindred::sql {

enum class SqlStatementKind {
  kQuery,           // a query (SELECT, WITH, VALUES, FROM, TABLE, ...): `query`
  kCreateTempView,  // CREATE [OR REPLACE] [GLOBAL] TEMP[ORARY] VIEW name [(cols)] AS query
  kDropView,        // DROP VIEW|TABLE [IF EXISTS] name
  kShowTables,      // SHOW TABLES [IN|FROM db] [[LIKE] 'pattern']
  kShowViews,       // SHOW VIEWS [IN|FROM db] [[LIKE] 'pattern']
  kCacheTable,      // CACHE [LAZY] TABLE name [OPTIONS (...)] [[AS] query]
  kUncacheTable,    // UNCACHE TABLE [IF EXISTS] name
  kClearCache,      // CLEAR CACHE
  kSet,             // SET | SET key | SET key=value | SET TIME ZONE 'zone'
  kReset,           // RESET | RESET key
  kDescribeTable,   // DESC[RIBE] [TABLE] name
  kDescribeQuery,   // DESC[RIBE] [QUERY] query
  kUse,             // USE [NAMESPACE|DATABASE|SCHEMA] name
};

struct SqlStatement {
  SqlStatementKind kind = SqlStatementKind::kQuery;
  // The unresolved query: kQuery, kCreateTempView, kDescribeQuery, and kCacheTable with AS
  // (null without).
  PlanPtr query;
  // The object named, in parts as written (backquotes removed): the view or table
  // (kCreateTempView, kDropView, kCacheTable, kUncacheTable, kDescribeTable), the database
  // (kShowTables / kShowViews with IN, kUse); empty when none was given.
  std::vector<std::string> name;
  std::vector<std::string> columns;   // kCreateTempView's column list; empty = the query's names
  bool replace = false;               // CREATE OR REPLACE
  bool global = false;                // CREATE GLOBAL TEMPORARY VIEW
  bool if_exists = false;             // DROP / UNCACHE ... IF EXISTS
  bool lazy = false;                  // CACHE LAZY TABLE
  std::optional<std::string> pattern;  // SHOW ... LIKE 'pattern'
  std::string key;                     // kSet / kReset; empty = every key
  std::optional<std::string> value;    // kSet key=value
};

// True when `word` (any case) starts a statement rather than a query ("SHOW", "CREATE", ...),
// including statements Kindred does not run.
bool IsStatementKeyword(std::string_view word);

// True when `text` starts with a statement keyword (comments skipped): it is a statement, not
// a query. Cheap next to parsing; false for text that does not tokenize.
bool StartsWithStatement(const std::string& text);

// The statement's name as Spark's documentation spells it ("SHOW TABLES", "CACHE TABLE").
const char* StatementName(SqlStatementKind kind);

// Parses one statement (optionally ending in ';'). Syntax errors are ParseExceptions
// (InvalidArgument with PARSE_SYNTAX_ERROR or Spark's other parse error classes, positions
// in `text`); statements Kindred does not run (INSERT, CREATE TABLE, ALTER, ...) are
// Unimplemented naming the statement.
Result<SqlStatement> ParseSqlStatement(const std::string& text);

}  // namespace kindred::sql
