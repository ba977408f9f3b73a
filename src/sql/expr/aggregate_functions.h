// Aggregate functions: resolution (types and Spark's names, e.g. "count(1)", "sum(x)",
// "count(DISTINCT x)") and vectorized per-group accumulators used by the hash aggregate.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sql/expr/bound_expr.h"

namespace kindred::sql {

enum class AggKind {
  kCount, kSum, kAvg, kMin, kMax, kFirst, kLast, kCollectList, kCollectSet,
  kStddevSamp, kStddevPop, kVarSamp, kVarPop, kApproxCountDistinct, kBoolAnd, kBoolOr,
  kAnyValue, kPercentileApprox, kPercentile,
};

struct BoundAggregate {
  AggKind kind = AggKind::kCount;
  std::vector<BoundPtr> args;  // evaluated over the aggregate's input
  bool distinct = false;
  bool ignore_nulls = false;   // first/last
  double percentage = 0.5;     // percentile / percentile_approx / median
  DataType type;
  bool nullable = true;
  std::string sql;
};

// True when `name` names an aggregate function.
bool IsAggregateFunction(const std::string& name);

// Resolves aggregate `name` over bound arguments (a count(*) arrives as count(1)).
Result<BoundAggregate> ResolveAggregate(const std::string& name, std::vector<BoundPtr> args,
                                        bool distinct);

// Per-group state of one aggregate. Not thread-safe: the hash aggregate keeps one set per
// thread and merges them at the end.
class Accumulator {
 public:
  virtual ~Accumulator() = default;
  // Grows the state to `num_groups` groups (new groups empty).
  virtual void Resize(int64_t num_groups) = 0;
  // Adds rows [0, n) of `args` to groups `groups[i]`; row_base = global index of row 0
  // (orders first/last/collect_list as the input).
  virtual void Update(const uint32_t* groups, const std::vector<ColumnPtr>& args, int64_t n,
                      int64_t row_base) = 0;
  // Folds `other` (the same aggregate) into this one; other's group g is this one's map[g].
  virtual void Merge(Accumulator& other, const std::vector<uint32_t>& map) = 0;
  // The result column, one row per group.
  virtual ColumnPtr Finish(int64_t num_groups) = 0;
};

std::unique_ptr<Accumulator> MakeAccumulator(const BoundAggregate& agg);

}  // namespace kindred::sql
