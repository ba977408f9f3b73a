// limit / offset / tail: row-range selection across batches (no data copied for whole batches).
#include "sql/exec/operators.h"

namespace kindred::sql {

namespace {
Chunked RowRange(const Chunked& in, int64_t begin, int64_t end) {
  Chunked out;
  out.schema = in.schema;
  int64_t pos = 0;
  for (const auto& b : in.batches) {
    int64_t bn = b->num_rows();
    int64_t s = std::max(begin, pos), e = std::min(end, pos + bn);
    if (s < e) out.batches.push_back(s == pos && e == pos + bn ? b : b->Slice(s - pos, e - s));
    pos += bn;
  }
  return out;
}
}  // namespace

Result<Chunked> ExecLimit(const BoundPlan& p, Chunked in, const ExecState& st) {
  int64_t total = in.num_rows();
  switch (p.kind) {
    case BoundPlanKind::kLimit: return RowRange(in, 0, std::min(p.n, total));
    case BoundPlanKind::kOffset: return RowRange(in, std::min(p.n, total), total);
    default: return RowRange(in, std::max<int64_t>(0, total - p.n), total);
  }
}

}  // namespace kindred::sql
