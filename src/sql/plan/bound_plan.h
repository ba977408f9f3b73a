// Resolved plans: the analyzer's output and the executor's input. Every output column is an
// Attribute with a unique id (so Spark Connect's df["col"] references survive renames and
// joins), every expression is bound to column indices of the child's output.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/expr/aggregate_functions.h"
#include "sql/expr/bound_expr.h"
#include "sql/plan/logical_plan.h"

namespace kindred::sql {

struct Attribute {
  std::string name;
  DataType type;
  bool nullable = true;
  int64_t id = 0;
  std::vector<std::string> qualifier;  // set by SubqueryAlias / a view name
};

enum class BoundPlanKind {
  kRange,      // start, end, step
  kTable,      // table (local data, or a data source read at analysis)
  kProject,    // exprs
  kFilter,     // condition
  kAggregate,  // group_exprs, aggs (+ grouping_sets): output = groups then aggregates
  kSort,       // exprs, ascending, nulls_first
  kLimit,      // n
  kOffset,     // n
  kTail,       // n
  kJoin,       // join_type, left_keys, right_keys, condition (over left ++ right)
  kUnion,      // children (already cast to common types)
  kIntersect,  // is_all
  kExcept,     // is_all
  kDistinct,   // key_columns (empty = all)
  kSample,     // lower, upper, with_replacement, seed
  kDescribe,   // statistics, key_columns
  kWindow,     // windows: output = child columns, then one column per window expression
  kGenerate,   // exprs[0] (an array), outer, with_position: child columns, [pos], col
};

enum class WindowFnKind { kRowNumber, kRank, kDenseRank, kPercentRank, kCumeDist, kNtile, kLag, kLead, kAggregate };

// One window expression: a function over rows of a partition, in order, within a frame.
struct BoundWindow {
  WindowFnKind kind = WindowFnKind::kRowNumber;
  BoundAggregate agg;           // kAggregate
  std::vector<BoundPtr> args;   // kLag/kLead: the value; kNtile: unused
  int64_t offset = 1;           // kLag/kLead rows; kNtile buckets
  Value default_value;          // kLag/kLead
  std::vector<BoundPtr> partition_by, order_by;
  std::vector<bool> ascending, nulls_first;
  bool is_rows = true;          // frame type
  int64_t lower = INT64_MIN;    // INT64_MIN = unbounded preceding, 0 = current row
  int64_t upper = 0;            // INT64_MAX = unbounded following
  DataType type;
  bool nullable = true;
  std::string sql;
};

// An uncorrelated subquery's plan and result (sql/exec/subquery.h).
struct SubqueryResult;

struct BoundPlan;
using BoundPlanPtr = std::shared_ptr<const BoundPlan>;

struct BoundPlan {
  BoundPlanKind kind = BoundPlanKind::kTable;
  std::vector<Attribute> output;
  std::vector<BoundPlanPtr> children;
  std::vector<int64_t> plan_ids;  // Spark Connect plan ids of the logical nodes this came from
  // kTable standing in for a materialized plan: the attribute ids that each plan id inside
  // that plan produced (as plan_ids, for df["col"] references).
  std::vector<std::pair<int64_t, std::vector<int64_t>>> inner_plan_ids;

  int64_t start = 0, end = 0, step = 1;
  int32_t num_partitions = 0;
  TablePtr table;
  // kTable whose rows are these batches instead (`table` then only carries the schema).
  std::vector<TablePtr> batches;
  std::vector<BoundPtr> exprs;
  BoundPtr condition;
  std::vector<bool> ascending, nulls_first;
  std::vector<BoundPtr> group_exprs;
  std::vector<BoundAggregate> aggs;
  std::vector<std::vector<bool>> grouping_sets;  // rollup/cube: which groups are kept per set
  int64_t n = 0;
  JoinType join_type = JoinType::kInner;
  std::vector<BoundPtr> left_keys, right_keys;
  std::vector<bool> null_safe;  // per key: <=> (nulls match nulls)
  bool is_all = false;
  std::vector<int> key_columns;
  double lower = 0, upper = 1;
  bool with_replacement = false;
  int64_t seed = 0;
  std::vector<std::string> statistics;
  std::vector<BoundWindow> windows;
  bool outer = false, with_position = false;  // kGenerate
  // Uncorrelated subqueries read by expressions of this plan, run once before it, in order
  // (a subquery's own subqueries come before it). Set on the query's root only.
  std::vector<std::shared_ptr<SubqueryResult>> subqueries;

  Schema schema() const;
  // Spark-like tree text for explain().
  std::string TreeString(int depth = 0) const;
};

}  // namespace kindred::sql
