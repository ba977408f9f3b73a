// The query engine's entry points: analyze a logical plan (names and types as Spark reports
// them), execute it on the thread pool, and render results as Spark prints them.
// All functions are safe to call concurrently from multiple threads; Catalog is thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "sql/plan/logical_plan.h"

namespace kindred::sql {

// Temporary views of one Spark session. Names are case-insensitive (Spark's default).
class Catalog {
 public:
  // Registers `plan` under `name`, replacing any view of that name.
  void CreateOrReplaceTempView(const std::string& name, PlanPtr plan);
  // Registers `plan` under `name` unless a view of that name exists (then false, no change).
  bool CreateTempView(const std::string& name, PlanPtr plan);
  // The plan of view `name`; NotFound with Spark's TABLE_OR_VIEW_NOT_FOUND details otherwise.
  Result<PlanPtr> LookupTempView(const std::string& name) const;
  // True when a view was dropped.
  bool DropTempView(const std::string& name);
  // Names as registered, sorted.
  std::vector<std::string> ListTempViews() const;

  // Cached views (spark.catalog.cacheTable): queries read `cached` (the view's computed
  // result, see MaterializePlan) instead of the view's plan until the view is uncached,
  // replaced or dropped. NotFound as LookupTempView when there is no such view.
  Status CacheTempView(const std::string& name, PlanPtr cached);
  // True when the view was cached (and is now read from its plan again); NotFound as above.
  Result<bool> UncacheTempView(const std::string& name);
  Result<bool> IsTempViewCached(const std::string& name) const;
  void UncacheAllTempViews();

 private:
  struct View {
    std::string name;  // as registered
    PlanPtr plan;
    PlanPtr cached;  // the computed result while cached, else null
  };
  // Null when there is no such view. Require mu_.
  View* FindView(const std::string& name);
  const View* FindView(const std::string& name) const;

  mutable std::mutex mu_;
  std::map<std::string, View> views_;  // by lower-case name
};

struct ExecContext {
  const Catalog* catalog = nullptr;       // null = no temporary views
  std::atomic<bool>* cancelled = nullptr;  // checked between morsels; set → Status kCancelled
  std::string session_time_zone = "UTC";   // only UTC is supported for now
};

// The output schema of `plan`: column names, types and nullability exactly as Spark would
// report them. Analysis errors are InvalidArgument (NotFound for missing views) with Spark
// ErrorDetails (error class, SQL state, message parameters).
Result<Schema> AnalyzeSchema(const PlanPtr& plan, const ExecContext& ctx);

struct BoundPlan;
// The analyzed plan itself, for callers that execute parts of it (errors as AnalyzeSchema).
Result<std::shared_ptr<const BoundPlan>> BindPlan(const PlanPtr& plan, const ExecContext& ctx);

// Runs `plan` and returns the whole result. Errors as AnalyzeSchema, plus Cancelled and the
// runtime errors of reading data sources.
Result<TablePtr> ExecutePlan(const PlanPtr& plan, const ExecContext& ctx);

// Runs `plan` and returns a plan over its result that analyzes like `plan` (same columns,
// qualifiers and plan ids, also those inside it): what a persisted DataFrame reads from once
// computed. Errors as ExecutePlan.
Result<PlanPtr> MaterializePlan(const PlanPtr& plan, const ExecContext& ctx);

// Runs `plan` and hands the result to `sink` in batches, in order. `*schema_out` (if non-null)
// is set before the first batch and stays valid until the function returns. A sink error stops
// execution and is returned. An empty result calls `sink` once with an empty batch.
Status ExecutePlanStreaming(const PlanPtr& plan, const ExecContext& ctx, const Schema** schema_out,
                            const std::function<Status(const TablePtr& batch)>& sink);

// Spark's Dataset.show() text for the first `num_rows` rows of `t`: cells longer than
// `truncate` characters are cut (0 = never), `vertical` prints one block per row; ends with
// "only showing top N rows" when `t` has more rows.
std::string FormatShowString(const Table& t, int num_rows, int truncate, bool vertical);

// Spark's explain() text. `mode` is "simple", "extended", "codegen", "cost" or "formatted"
// (all render the same tree here). An analysis error is rendered into the text.
std::string ExplainString(const PlanPtr& plan, const ExecContext& ctx,
                          const std::string& mode = "simple");

// Hooks for the SQL parser (sql/parser), which registers itself at start-up so the analyzer can
// resolve ExpressionString nodes (F.expr, selectExpr) and Sql plans (spark.sql). Until then both
// analyze to Unimplemented. Call before serving queries; not synchronized with running queries.
using SqlExpressionParser = std::function<Result<ExprPtr>(const std::string& text)>;
using SqlQueryParser = std::function<Result<PlanPtr>(const std::string& text)>;
void RegisterSqlParser(SqlExpressionParser parse_expression, SqlQueryParser parse_query);

// printSchema() text: "root\n |-- a: long (nullable = true)\n".
std::string TreeString(const Schema& schema);

// Spark's name for a type in printSchema ("long", "integer", "string", "array<integer>").
std::string SparkTypeName(const DataType& type);

}  // namespace kindred::sql
