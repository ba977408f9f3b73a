#include "sql/engine.h"

namespace kindred::sql {

Result<Schema> AnalyzeSchema(const PlanPtr& plan, const ExecContext& ctx) {
  return Unimplemented("the query engine is not available yet");
}

Result<TablePtr> ExecutePlan(const PlanPtr& plan, const ExecContext& ctx) {
  return Unimplemented("the query engine is not available yet");
}

Status ExecutePlanStreaming(const PlanPtr& plan, const ExecContext& ctx, const Schema** schema_out,
                            const std::function<Status(const TablePtr& batch)>& sink) {
  return Unimplemented("the query engine is not available yet");
}

std::string ExplainString(const PlanPtr& plan, const ExecContext& ctx, const std::string& mode) {
  return "== Parsed Logical Plan ==\n" + plan->DebugString();
}

}  // namespace kindred::sql
