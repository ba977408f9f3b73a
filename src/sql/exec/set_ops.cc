// Row-set operators on whole-row (or chosen-column) keys: distinct / dropDuplicates (first row
// of each key, in input order), INTERSECT [ALL] and EXCEPT [ALL] (left order kept).
#include <unordered_map>

#include "sql/exec/operators.h"
#include "sql/exec/row_key.h"

namespace kindred::sql {

namespace {
std::vector<ColumnPtr> KeyColumns(const Table& t, const std::vector<int>& key_columns) {
  if (key_columns.empty()) return t.columns();
  std::vector<ColumnPtr> cols;
  for (int k : key_columns) cols.push_back(t.column(k));
  return cols;
}
}  // namespace

Result<Chunked> ExecDistinct(const BoundPlan& p, Chunked in, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  GroupTable seen;
  EncodedKeys keys;
  for (const auto& b : in.batches) {
    RETURN_IF_ERROR(st.CheckCancelled());
    int64_t n = b->num_rows();
    EncodeKeys(KeyColumns(*b, p.key_columns), n, &keys);
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < n; ++i) {
      int64_t before = seen.num_groups();
      seen.FindOrInsertOne(keys.key(i), keys.hashes[i]);
      if (seen.num_groups() > before) keep.push_back(i);
    }
    if (!keep.empty()) out.batches.push_back(static_cast<int64_t>(keep.size()) == n ? b : b->Take(keep));
  }
  return out;
}

Result<Chunked> ExecIntersectExcept(const BoundPlan& p, Chunked left, Chunked right,
                                    const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  bool intersect = p.kind == BoundPlanKind::kIntersect;
  // Multiplicity of each right-side row.
  GroupTable rkeys;
  std::vector<int64_t> rcount;
  EncodedKeys keys;
  for (const auto& b : right.batches) {
    EncodeKeys(b->columns(), b->num_rows(), &keys);
    for (int64_t i = 0; i < b->num_rows(); ++i) {
      uint32_t g = rkeys.FindOrInsertOne(keys.key(i), keys.hashes[i]);
      if (g >= rcount.size()) rcount.push_back(0);
      ++rcount[g];
    }
  }
  GroupTable emitted;              // distinct variants emit a key once
  std::vector<int64_t> used(rcount.size(), 0);  // ALL variants: right rows consumed
  for (const auto& b : left.batches) {
    RETURN_IF_ERROR(st.CheckCancelled());
    int64_t n = b->num_rows();
    EncodeKeys(b->columns(), n, &keys);
    std::vector<int64_t> keep;
    for (int64_t i = 0; i < n; ++i) {
      int64_t g = rkeys.Find(keys.key(i), keys.hashes[i]);
      bool take;
      if (p.is_all) {
        if (intersect) {
          take = g >= 0 && used[g] < rcount[g];
          if (take) ++used[g];
        } else {
          take = g < 0 || used[g] >= rcount[g];
          if (!take) ++used[g];
        }
      } else {
        take = intersect ? g >= 0 : g < 0;
        if (take) {
          int64_t before = emitted.num_groups();
          emitted.FindOrInsertOne(keys.key(i), keys.hashes[i]);
          take = emitted.num_groups() > before;
        }
      }
      if (take) keep.push_back(i);
    }
    if (!keep.empty()) out.batches.push_back(b->Take(keep));
  }
  return out;
}

}  // namespace kindred::sql
