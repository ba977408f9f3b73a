// The analyzer: resolves an unresolved LogicalPlan into a BoundPlan — column names (with
// Spark Connect plan ids), functions, types and implicit casts — and reports failures as
// Spark does (UNRESOLVED_COLUMN, UNRESOLVED_ROUTINE, DATATYPE_MISMATCH, ...).
#pragma once

#include "sql/engine.h"
#include "sql/plan/bound_plan.h"

namespace kindred::sql {

// Resolves `plan`. Data sources are read here (their schema may need inference); the bound
// plan holds the table. Thread-compatible: use one call per query.
Result<BoundPlanPtr> AnalyzePlan(const PlanPtr& plan, const ExecContext& ctx);

// Installs the SQL parser hooks (see RegisterSqlParser in engine.h).
void SetSqlParsers(SqlExpressionParser parse_expression, SqlQueryParser parse_query);

}  // namespace kindred::sql
