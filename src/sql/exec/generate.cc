// explode / posexplode (and _outer): one output row per array element; the outer variants
// keep rows whose array is null or empty, with null generated columns.
#include "sql/exec/operators.h"

namespace kindred::sql {

Result<Chunked> ExecGenerate(const BoundPlan& p, Chunked in, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  std::vector<int64_t> offsets = in.RowOffsets();
  out.batches.resize(in.batches.size());
  RETURN_IF_ERROR(st.ParallelFor(static_cast<int64_t>(in.batches.size()), [&](int64_t b) -> Status {
    const Table& t = *in.batches[b];
    ASSIGN_OR_RETURN(ColumnPtr arr, Evaluate(*p.exprs[0], t, st.Eval(offsets[b])));
    const int32_t* o = arr->offsets();
    std::vector<int64_t> rows, elems;
    std::vector<int64_t> pos;
    for (int64_t i = 0; i < t.num_rows(); ++i) {
      int64_t len = arr->IsNull(i) ? 0 : o[i + 1] - o[i];
      if (len == 0 && p.outer) {
        rows.push_back(i);
        elems.push_back(-1);
        pos.push_back(-1);
      }
      for (int64_t k = 0; k < len; ++k) {
        rows.push_back(i);
        elems.push_back(o[i] + k);
        pos.push_back(k);
      }
    }
    std::vector<ColumnPtr> cols;
    for (const auto& c : t.columns()) cols.push_back(TakeColumn(*c, rows));
    if (p.with_position) {
      ColumnBuilder pb(DataType::Int32(), static_cast<int64_t>(pos.size()));
      for (int64_t v : pos) {
        if (v < 0) pb.AppendNull();
        else pb.AppendInt(v);
      }
      cols.push_back(pb.Finish());
    }
    cols.push_back(TakeColumn(*arr->child(), elems));
    out.batches[b] = std::make_shared<Table>(out.schema, std::move(cols), static_cast<int64_t>(rows.size()));
    return OkStatus();
  }));
  return out;
}

}  // namespace kindred::sql
