#include "sql/exec/operators.h"

namespace kindred::sql {

Result<Chunked> ExecProject(const BoundPlan& p, Chunked in, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  std::vector<int64_t> offsets = in.RowOffsets();
  out.batches.resize(in.batches.size());
  RETURN_IF_ERROR(st.ParallelFor(static_cast<int64_t>(in.batches.size()), [&](int64_t b) -> Status {
    const TablePtr& batch = in.batches[b];
    ASSIGN_OR_RETURN(auto cols, EvaluateAll(p.exprs, *batch, st.Eval(offsets[b])));
    out.batches[b] = std::make_shared<Table>(out.schema, std::move(cols), batch->num_rows());
    return OkStatus();
  }));
  if (in.batches.empty()) {
    // A projection of no rows still has its columns.
    out.batches.push_back(Table::Empty(out.schema));
  }
  return out;
}

}  // namespace kindred::sql
