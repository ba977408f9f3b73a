// Spark SQL parser: turns SQL text into Kindred's unresolved expression trees and logical plans
// (sql/expr/expression.h, sql/plan/logical_plan.h), which the analyzer then resolves. A
// hand-written lexer and recursive-descent parser for Spark's SELECT dialect. Syntax errors are
// Spark ParseExceptions (InvalidArgument, error class PARSE_SYNTAX_ERROR, SQL state 42601).
// All functions are stateless and safe to call concurrently from multiple threads.
#pragma once

#include <string>

#include "common/status.h"
#include "sql/expr/expression.h"
#include "sql/plan/logical_plan.h"

namespace kindred::sql {

// Parses one expression, with an optional alias ("a + 1", "sum(x) AS total"), as selectExpr,
// expr() and filter("a > 1") accept it. Returns the unresolved tree, or a ParseException.
Result<ExprPtr> ParseSqlExpression(const std::string& text);

// Parses one SQL query (optionally ending in ';') into an unresolved plan. Statements (CREATE
// VIEW, SHOW TABLES, ...; see statement.h) are Unimplemented naming the statement: they run
// when spark.sql() is called, never as part of a plan. Syntax errors are ParseExceptions.
Result<PlanPtr> ParseSqlQuery(const std::string& text);

// Parses the query that starts at the token at or after byte `offset` of `text` and runs to
// its end (the query part of "CREATE VIEW v AS <query>"). Errors as ParseSqlQuery, with
// positions in the whole text.
Result<PlanPtr> ParseSqlQueryAt(const std::string& text, size_t offset);

// Installs ParseSqlExpression / ParseSqlQuery as the engine's SQL parser (RegisterSqlParser).
// Call once at start-up, before serving queries (not synchronized with running queries).
void RegisterSparkSqlParser();

}  // namespace kindred::sql
