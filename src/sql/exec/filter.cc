#include "sql/exec/operators.h"

namespace kindred::sql {

Result<Chunked> ExecFilter(const BoundPlan& p, Chunked in, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  std::vector<int64_t> offsets = in.RowOffsets();
  out.batches.resize(in.batches.size());
  RETURN_IF_ERROR(st.ParallelFor(static_cast<int64_t>(in.batches.size()), [&](int64_t b) -> Status {
    const TablePtr& batch = in.batches[b];
    ASSIGN_OR_RETURN(ColumnPtr mask, Evaluate(*p.condition, *batch, st.Eval(offsets[b])));
    const uint8_t* m = mask->values<uint8_t>();
    int64_t n = batch->num_rows();
    std::vector<int64_t> keep;
    keep.reserve(static_cast<size_t>(n));
    bool nulls = mask->has_nulls();
    for (int64_t i = 0; i < n; ++i)
      if (m[i] && (!nulls || mask->IsValid(i))) keep.push_back(i);  // null counts as false
    if (static_cast<int64_t>(keep.size()) == n) out.batches[b] = batch;
    else out.batches[b] = batch->Take(keep);
    return OkStatus();
  }));
  return out;
}

}  // namespace kindred::sql
