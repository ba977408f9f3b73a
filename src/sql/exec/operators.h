// Physical operators. Data moves between operators as a Chunked table (a list of batches with
// one schema); each operator works batch-at-a-time in parallel on ThreadPool::Default() and
// checks for cancellation between morsels. One operator per .cc file.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "sql/engine.h"
#include "sql/plan/bound_plan.h"

namespace kindred::sql {

// Rows per batch produced by scans (a morsel).
inline constexpr int64_t kBatchRows = 64 * 1024;

struct Chunked {
  Schema schema;
  std::vector<TablePtr> batches;

  int64_t num_rows() const;
  // Global index of each batch's first row (size = batches + 1).
  std::vector<int64_t> RowOffsets() const;
  // All batches as one table.
  Result<TablePtr> Concat() const;
};

struct ExecState {
  const ExecContext* ctx = nullptr;
  int64_t now_micros = 0;
  // The most threads one ParallelFor uses (0 = the whole pool and the caller). A caller that
  // needs a core for other work meanwhile, such as sending results, lowers it.
  int parallelism = 0;

  bool cancelled() const { return ctx && ctx->cancelled && ctx->cancelled->load(); }
  Status CheckCancelled() const;
  // Runs fn(i) for i in [0, n) in parallel (on at most `parallelism` threads), one task per
  // index; returns the first error.
  Status ParallelFor(int64_t n, const std::function<Status(int64_t)>& fn) const;
  EvalContext Eval(int64_t row_offset) const {
    EvalContext e;
    e.row_offset = row_offset;
    e.now_micros = now_micros;
    return e;
  }
};

// Runs `plan` (recursively).
Result<Chunked> ExecuteBound(const BoundPlan& plan, const ExecState& st);

// Concatenates columns of one type with buffer copies (lists fall back to ConcatColumns).
ColumnPtr ConcatFast(const std::vector<ColumnPtr>& parts);

// A copy of `t` labelled with `schema` (same column types; names/nullability may differ).
TablePtr Relabel(const TablePtr& t, const Schema& schema);
// Evaluates `exprs` over `batch` into columns.
Result<std::vector<ColumnPtr>> EvaluateAll(const std::vector<BoundPtr>& exprs, const Table& batch,
                                           const EvalContext& ec);

// Row order that sorts `keys` (each of length n) by direction and null placement; stable.
// With `count` >= 0 only positions [first, first + count) of that order are returned (clamped
// to n), found by selection rather than a full sort when the window is small.
Result<std::vector<int64_t>> SortedOrder(const std::vector<ColumnPtr>& keys,
                                         const std::vector<bool>& ascending,
                                         const std::vector<bool>& nulls_first, int64_t n,
                                         const ExecState& st, int64_t first = 0,
                                         int64_t count = -1);

Result<Chunked> ExecRange(const BoundPlan& p, const ExecState& st);
Result<Chunked> ExecTableScan(const BoundPlan& p, const ExecState& st);
Result<Chunked> ExecProject(const BoundPlan& p, Chunked in, const ExecState& st);
Result<Chunked> ExecFilter(const BoundPlan& p, Chunked in, const ExecState& st);
Result<Chunked> ExecHashAggregate(const BoundPlan& p, Chunked in, const ExecState& st);
// With `count` >= 0: only rows [first, first + count) of the sorted output (ORDER BY ...
// LIMIT count OFFSET first).
Result<Chunked> ExecSort(const BoundPlan& p, Chunked in, const ExecState& st, int64_t first = 0,
                         int64_t count = -1);
Result<Chunked> ExecLimit(const BoundPlan& p, Chunked in, const ExecState& st);
Result<Chunked> ExecHashJoin(const BoundPlan& p, Chunked left, Chunked right, const ExecState& st);
Result<Chunked> ExecUnion(const BoundPlan& p, std::vector<Chunked> inputs, const ExecState& st);
Result<Chunked> ExecDistinct(const BoundPlan& p, Chunked in, const ExecState& st);
Result<Chunked> ExecIntersectExcept(const BoundPlan& p, Chunked left, Chunked right,
                                    const ExecState& st);
Result<Chunked> ExecSample(const BoundPlan& p, Chunked in, const ExecState& st);
Result<Chunked> ExecDescribe(const BoundPlan& p, Chunked in, const ExecState& st);
Result<Chunked> ExecWindow(const BoundPlan& p, Chunked in, const ExecState& st);
Result<Chunked> ExecGenerate(const BoundPlan& p, Chunked in, const ExecState& st);

}  // namespace kindred::sql
