// UNION ALL: the inputs' batches one after another (the analyzer already cast both sides to
// the common column types).
#include "sql/exec/operators.h"

namespace kindred::sql {

Result<Chunked> ExecUnion(const BoundPlan& p, std::vector<Chunked> inputs, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  for (auto& in : inputs)
    for (auto& b : in.batches) out.batches.push_back(Relabel(b, out.schema));
  return out;
}

}  // namespace kindred::sql
