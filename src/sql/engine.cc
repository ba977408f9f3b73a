#include "sql/engine.h"

#include <algorithm>
#include <chrono>
#include <mutex>

#include "sql/exec/operators.h"
#include "sql/parser/parser.h"
#include "sql/plan/analyzer.h"

namespace kindred::sql {

namespace {
int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
// The built-in SQL parser is installed on first use: a static initializer in sql/parser would
// not be linked from a static library. An explicit RegisterSqlParser wins over it.
std::once_flag g_default_parser_once;
void EnsureSqlParser() {
  std::call_once(g_default_parser_once, [] { SetSqlParsers(ParseSqlExpression, ParseSqlQuery); });
}
}  // namespace

void RegisterSqlParser(SqlExpressionParser parse_expression, SqlQueryParser parse_query) {
  std::call_once(g_default_parser_once, [] {});
  SetSqlParsers(std::move(parse_expression), std::move(parse_query));
}

Result<BoundPlanPtr> BindPlan(const PlanPtr& plan, const ExecContext& ctx) {
  EnsureSqlParser();
  return AnalyzePlan(plan, ctx);
}

Result<Schema> AnalyzeSchema(const PlanPtr& plan, const ExecContext& ctx) {
  EnsureSqlParser();
  ASSIGN_OR_RETURN(BoundPlanPtr bound, AnalyzePlan(plan, ctx));
  return bound->schema();
}

namespace {
// `plan` analyzed and run to completion.
struct BoundResult {
  BoundPlanPtr bound;
  Chunked out;
};
Result<BoundResult> BindAndRun(const PlanPtr& plan, const ExecContext& ctx) {
  EnsureSqlParser();
  BoundResult r;
  ASSIGN_OR_RETURN(r.bound, AnalyzePlan(plan, ctx));
  ExecState st{&ctx, NowMicros()};
  ASSIGN_OR_RETURN(r.out, ExecuteBound(*r.bound, st));
  return r;
}
}  // namespace

Result<TablePtr> ExecutePlan(const PlanPtr& plan, const ExecContext& ctx) {
  ASSIGN_OR_RETURN(BoundResult r, BindAndRun(plan, ctx));
  return r.out.Concat();
}

namespace {
// Records, for every plan id in `p`'s tree, which columns of `root`'s output it produced.
void CollectPlanColumns(const BoundPlan& p, const BoundPlan& root, MaterializedAnalysis* out) {
  auto add = [&](int64_t plan_id, const std::vector<int64_t>& attribute_ids) {
    for (const auto& [known, unused] : out->plan_columns)
      if (known == plan_id) return;  // the outermost node with this id answers for it
    std::vector<int> columns;
    for (size_t i = 0; i < root.output.size(); ++i)
      if (std::find(attribute_ids.begin(), attribute_ids.end(), root.output[i].id) !=
          attribute_ids.end())
        columns.push_back(static_cast<int>(i));
    if (!columns.empty()) out->plan_columns.emplace_back(plan_id, std::move(columns));
  };
  std::vector<int64_t> ids;
  for (const auto& a : p.output) ids.push_back(a.id);
  for (int64_t plan_id : p.plan_ids) add(plan_id, ids);
  for (const auto& [plan_id, attribute_ids] : p.inner_plan_ids) add(plan_id, attribute_ids);
  for (const auto& c : p.children) CollectPlanColumns(*c, root, out);
}
}  // namespace

Result<PlanPtr> MaterializePlan(const PlanPtr& plan, const ExecContext& ctx) {
  ASSIGN_OR_RETURN(BoundResult r, BindAndRun(plan, ctx));
  std::vector<TablePtr> batches;
  for (auto& b : r.out.batches)
    if (b->num_rows() > 0) batches.push_back(std::move(b));
  auto analysis = std::make_shared<MaterializedAnalysis>();
  for (const auto& a : r.bound->output) analysis->qualifiers.push_back(a.qualifier);
  CollectPlanColumns(*r.bound, *r.bound, analysis.get());
  PlanPtr result = MaterializedTable(r.out.schema, std::move(batches), std::move(analysis));
  return plan->plan_id ? WithPlanId(result, *plan->plan_id) : result;
}

Status ExecutePlanStreaming(const PlanPtr& plan, const ExecContext& ctx, const Schema** schema_out,
                            const std::function<Status(const TablePtr& batch)>& sink) {
  ASSIGN_OR_RETURN(BoundResult r, BindAndRun(plan, ctx));
  const Chunked& out = r.out;
  ExecState st{&ctx, 0};  // for its cancellation check
  if (schema_out) *schema_out = &out.schema;
  bool sent = false;
  for (const auto& b : out.batches) {
    if (b->num_rows() == 0) continue;
    // Large batches go out in slices so a client sees progress and messages stay small.
    const int64_t kSlice = 1 << 20;
    for (int64_t off = 0; off < b->num_rows(); off += kSlice) {
      RETURN_IF_ERROR(st.CheckCancelled());
      TablePtr piece = off == 0 && b->num_rows() <= kSlice ? b : b->Slice(off, kSlice);
      RETURN_IF_ERROR(sink(piece));
      sent = true;
    }
  }
  if (!sent) RETURN_IF_ERROR(sink(Table::Empty(out.schema)));
  return OkStatus();
}

std::string ExplainString(const PlanPtr& plan, const ExecContext& ctx, const std::string& mode) {
  EnsureSqlParser();
  std::string out;
  std::string m = ToLower(mode);
  if (m == "extended" || m == "formatted") out += "== Parsed Logical Plan ==\n" + plan->DebugString() + "\n";
  auto bound = AnalyzePlan(plan, ctx);
  if (!bound.ok()) return out + "== Physical Plan ==\n" + bound.status().message() + "\n";
  if (m == "extended") out += "== Analyzed Logical Plan ==\n" + (*bound)->TreeString() + "\n";
  out += "== Physical Plan ==\n" + (*bound)->TreeString() + "\n";
  return out;
}

}  // namespace kindred::sql
