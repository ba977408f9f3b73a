// Hash aggregate: each task owns a group table and accumulators and folds a strided share of
// the batches into them (no locks); the partial tables are then merged into the first. Rollup
// and cube run once per grouping set, with the rolled-up keys null.
#include <algorithm>

#include "common/thread_pool.h"
#include "sql/exec/operators.h"
#include "sql/exec/row_key.h"

namespace kindred::sql {

namespace {

struct Partial {
  GroupTable groups;
  std::vector<std::unique_ptr<Accumulator>> accs;
};

Result<std::vector<ColumnPtr>> AggregateOnce(const BoundPlan& p, const Chunked& in,
                                             const std::vector<bool>* keep, const ExecState& st) {
  std::vector<int64_t> offsets = in.RowOffsets();
  int64_t nb = static_cast<int64_t>(in.batches.size());
  int tasks = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(nb, ThreadPool::Default().size() + 1)));
  std::vector<Partial> parts(static_cast<size_t>(tasks));
  for (auto& part : parts)
    for (const auto& a : p.aggs) part.accs.push_back(MakeAccumulator(a));
  std::vector<DataType> key_types;
  for (const auto& g : p.group_exprs) key_types.push_back(g->type);

  RETURN_IF_ERROR(st.ParallelFor(tasks, [&](int64_t t) -> Status {
    Partial& part = parts[t];
    EncodedKeys keys;
    std::vector<uint32_t> gids;
    for (int64_t b = t; b < nb; b += tasks) {
      RETURN_IF_ERROR(st.CheckCancelled());
      const Table& batch = *in.batches[b];
      int64_t n = batch.num_rows();
      EvalContext ec = st.Eval(offsets[b]);
      ASSIGN_OR_RETURN(auto key_cols, EvaluateAll(p.group_exprs, batch, ec));
      if (keep) {
        for (size_t k = 0; k < key_cols.size(); ++k)
          if (!(*keep)[k]) key_cols[k] = Column::Nulls(key_types[k], n);
      }
      gids.resize(static_cast<size_t>(n));
      if (p.group_exprs.empty()) {
        // A global aggregate: every row is in the one group, keyed by the empty key.
        if (part.groups.num_groups() == 0) part.groups.FindOrInsertOne("", HashBytes("", 0));
        std::fill(gids.begin(), gids.end(), 0u);
      } else {
        EncodeKeys(key_cols, n, &keys);
        // Every batch has the same key types, so this is the same each time.
        part.groups.set_exact_hash(keys.exact_hash);
        part.groups.FindOrInsert(keys, gids.data());
      }
      for (size_t a = 0; a < p.aggs.size(); ++a) {
        ASSIGN_OR_RETURN(auto args, EvaluateAll(p.aggs[a].args, batch, ec));
        part.accs[a]->Resize(part.groups.num_groups());
        part.accs[a]->Update(gids.data(), args, n, offsets[b]);
      }
    }
    return OkStatus();
  }));

  Partial& root = parts[0];
  for (int t = 1; t < tasks; ++t) {
    Partial& other = parts[t];
    std::vector<uint32_t> map(static_cast<size_t>(other.groups.num_groups()));
    for (int64_t g = 0; g < other.groups.num_groups(); ++g)
      map[g] = root.groups.FindOrInsertOne(other.groups.key(g), other.groups.hash(g));
    for (size_t a = 0; a < p.aggs.size(); ++a) {
      root.accs[a]->Resize(root.groups.num_groups());
      other.accs[a]->Resize(other.groups.num_groups());
      root.accs[a]->Merge(*other.accs[a], map);
    }
  }
  // A global aggregate over no rows still yields one row (count = 0, sum = null).
  if (p.group_exprs.empty() && root.groups.num_groups() == 0) root.groups.FindOrInsertOne("", HashBytes("", 0));
  int64_t ng = root.groups.num_groups();
  std::vector<ColumnPtr> cols = DecodeKeys(root.groups.AllKeys(), key_types);
  for (size_t a = 0; a < p.aggs.size(); ++a) {
    root.accs[a]->Resize(ng);
    cols.push_back(root.accs[a]->Finish(ng));
  }
  return cols;
}

}  // namespace

Result<Chunked> ExecHashAggregate(const BoundPlan& p, Chunked in, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  if (p.grouping_sets.empty()) {
    ASSIGN_OR_RETURN(auto cols, AggregateOnce(p, in, nullptr, st));
    out.batches.push_back(Table::Make(out.schema, std::move(cols)));
    return out;
  }
  for (const auto& set : p.grouping_sets) {
    ASSIGN_OR_RETURN(auto cols, AggregateOnce(p, in, &set, st));
    bool all_rolled = true;
    for (bool k : set) all_rolled = all_rolled && !k;
    TablePtr t = Table::Make(out.schema, std::move(cols));
    // The grand-total set of an empty input has no row in Spark's rollup/cube either.
    if (all_rolled && in.num_rows() == 0) continue;
    out.batches.push_back(t);
  }
  return out;
}

}  // namespace kindred::sql
