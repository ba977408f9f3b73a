// Leaf operators: spark.range and in-memory tables (local relations and data sources read at
// analysis), cut into batches of kBatchRows.
#include "sql/exec/operators.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

Result<Chunked> ExecRange(const BoundPlan& p, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  // Number of values in [start, end) stepping by step (Spark's range semantics).
  __int128 span = static_cast<__int128>(p.end) - p.start;
  __int128 count = 0;
  if ((p.step > 0 && span > 0) || (p.step < 0 && span < 0)) {
    __int128 s = p.step;
    count = (span + (p.step > 0 ? s - 1 : s + 1)) / s;
  }
  int64_t n = static_cast<int64_t>(count);
  int64_t nb = (n + kBatchRows - 1) / kBatchRows;
  out.batches.resize(static_cast<size_t>(nb));
  RETURN_IF_ERROR(st.ParallelFor(nb, [&](int64_t b) -> Status {
    int64_t begin = b * kBatchRows, len = std::min(kBatchRows, n - begin);
    Buffer values = MakeValues<int64_t>(len);
    int64_t* v = MutableValues<int64_t>(values);
    // Wrapping arithmetic, as Spark's range does on overflow.
    uint64_t x = static_cast<uint64_t>(p.start) + static_cast<uint64_t>(begin) * static_cast<uint64_t>(p.step);
    for (int64_t i = 0; i < len; ++i, x += static_cast<uint64_t>(p.step)) v[i] = static_cast<int64_t>(x);
    out.batches[b] = Table::Make(out.schema, {Column::FromBuffers(DataType::Int64(), len, {}, std::move(values))});
    return OkStatus();
  }));
  return out;
}

Result<Chunked> ExecTableScan(const BoundPlan& p, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  if (!p.batches.empty()) {
    // A computed result: its batches as they are (slicing would copy them).
    for (const auto& b : p.batches) out.batches.push_back(Relabel(b, out.schema));
    return out;
  }
  const TablePtr& t = p.table;
  int64_t n = t->num_rows();
  if (n <= kBatchRows * 2) {
    out.batches.push_back(Relabel(t, out.schema));
    return out;
  }
  int64_t nb = (n + kBatchRows - 1) / kBatchRows;
  out.batches.resize(static_cast<size_t>(nb));
  RETURN_IF_ERROR(st.ParallelFor(nb, [&](int64_t b) -> Status {
    out.batches[b] = Relabel(t->Slice(b * kBatchRows, kBatchRows), out.schema);
    return OkStatus();
  }));
  return out;
}

}  // namespace kindred::sql
