// Hash join: the right side is built into a hash table (key → chain of rows, in row order),
// then left batches probe it in parallel. Conjuncts that are not equi-keys are evaluated on
// the candidate pairs. Unmatched rows of outer joins are null-extended; right-side unmatched
// rows come last.
#include <algorithm>
#include <atomic>

#include "sql/exec/operators.h"
#include "sql/exec/row_key.h"

namespace kindred::sql {

namespace {

TablePtr Gather(const Schema& schema, const Table& left, const std::vector<int64_t>& li,
                const Table& right, const std::vector<int64_t>& ri, bool with_right) {
  std::vector<ColumnPtr> cols;
  for (const auto& c : left.columns()) cols.push_back(TakeColumn(*c, li));
  if (with_right)
    for (const auto& c : right.columns()) cols.push_back(TakeColumn(*c, ri));
  return std::make_shared<Table>(schema, std::move(cols), static_cast<int64_t>(li.size()));
}

Schema Concat(const Schema& a, const Schema& b) {
  Schema s = a;
  for (const auto& f : b.fields()) s.AddField(f);
  return s;
}

// A row never matches when a key compared with "=" is null; "<=>" keys match nulls.
void MarkUnmatchable(const std::vector<ColumnPtr>& kcols, const std::vector<bool>& null_safe,
                     EncodedKeys* keys) {
  bool any_safe = false;
  for (bool b : null_safe) any_safe = any_safe || b;
  if (!any_safe) return;
  int64_t n = keys->size();
  std::fill(keys->has_null.begin(), keys->has_null.end(), 0);
  for (size_t k = 0; k < kcols.size(); ++k) {
    if (k < null_safe.size() && null_safe[k]) continue;
    for (int64_t i = 0; i < n; ++i)
      if (kcols[k]->IsNull(i)) keys->has_null[i] = 1;
  }
}

}  // namespace

Result<Chunked> ExecHashJoin(const BoundPlan& p, Chunked left, Chunked right, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  ASSIGN_OR_RETURN(TablePtr rt, right.Concat());
  int64_t rn = rt->num_rows();
  bool keyed = !p.left_keys.empty();
  JoinType jt = p.join_type;
  bool semi = jt == JoinType::kLeftSemi || jt == JoinType::kLeftAnti;
  bool keep_left_unmatched = jt == JoinType::kLeftOuter || jt == JoinType::kFullOuter;
  bool keep_right_unmatched = jt == JoinType::kRightOuter || jt == JoinType::kFullOuter;

  // Build.
  GroupTable table;
  std::vector<int64_t> head, next(static_cast<size_t>(rn), -1);
  if (keyed) {
    ASSIGN_OR_RETURN(auto kcols, EvaluateAll(p.right_keys, *rt, st.Eval(0)));
    EncodedKeys keys;
    EncodeKeys(kcols, rn, &keys);
    MarkUnmatchable(kcols, p.null_safe, &keys);
    table.set_exact_hash(keys.exact_hash);
    table.Reserve(rn);
    std::vector<int64_t> tail;
    for (int64_t i = 0; i < rn; ++i) {
      if (i + 8 < rn) table.Prefetch(keys.hashes[i + 8]);  // overlap the slots' cache misses
      if (keys.has_null[i]) continue;  // null keys never match
      uint32_t g = table.FindOrInsertOne(keys.key(i), keys.hashes[i]);
      if (g >= head.size()) {
        head.push_back(i);
        tail.push_back(i);
      } else {
        next[tail[g]] = i;
        tail[g] = i;
      }
    }
  }
  std::vector<std::atomic<uint8_t>> right_matched(keep_right_unmatched ? static_cast<size_t>(rn) : 0);
  Schema pair_schema = Concat(left.schema, rt->schema());
  Schema left_schema = left.schema;

  std::vector<int64_t> offsets = left.RowOffsets();
  out.batches.resize(left.batches.size());
  RETURN_IF_ERROR(st.ParallelFor(static_cast<int64_t>(left.batches.size()), [&](int64_t b) -> Status {
    const Table& lb = *left.batches[b];
    int64_t ln = lb.num_rows();
    std::vector<int64_t> li, ri;
    EncodedKeys keys;
    std::vector<int64_t> found;
    if (keyed) {
      ASSIGN_OR_RETURN(auto kcols, EvaluateAll(p.left_keys, lb, st.Eval(offsets[b])));
      EncodeKeys(kcols, ln, &keys);
      MarkUnmatchable(kcols, p.null_safe, &keys);
      found.resize(static_cast<size_t>(ln));
      table.FindAll(keys, found.data());
    }
    // Candidate pairs, generated in slices of left rows to bound memory for cross joins.
    std::vector<uint8_t> left_matched(static_cast<size_t>(ln), 0);
    int64_t slice = keyed ? ln : std::max<int64_t>(1, (1 << 20) / std::max<int64_t>(1, rn));
    std::vector<int64_t> out_l, out_r;
    for (int64_t s0 = 0; s0 < ln; s0 += slice) {
      RETURN_IF_ERROR(st.CheckCancelled());
      int64_t s1 = std::min(ln, s0 + slice);
      li.clear();
      ri.clear();
      for (int64_t i = s0; i < s1; ++i) {
        if (keyed) {
          int64_t g = found[i];
          if (g < 0) continue;
          for (int64_t r = head[g]; r >= 0; r = next[r]) {
            li.push_back(i);
            ri.push_back(r);
          }
        } else {
          for (int64_t r = 0; r < rn; ++r) {
            li.push_back(i);
            ri.push_back(r);
          }
        }
      }
      if (p.condition && !li.empty()) {
        TablePtr pairs = Gather(pair_schema, lb, li, *rt, ri, true);
        ASSIGN_OR_RETURN(ColumnPtr m, Evaluate(*p.condition, *pairs, st.Eval(0)));
        size_t k = 0;
        for (size_t j = 0; j < li.size(); ++j) {
          if (m->IsValid(static_cast<int64_t>(j)) && m->values<uint8_t>()[j]) {
            li[k] = li[j];
            ri[k] = ri[j];
            ++k;
          }
        }
        li.resize(k);
        ri.resize(k);
      }
      for (size_t j = 0; j < li.size(); ++j) {
        left_matched[li[j]] = 1;
        if (keep_right_unmatched) right_matched[ri[j]].store(1, std::memory_order_relaxed);
      }
      if (semi) continue;
      // Emit in left-row order; unmatched left rows of outer joins get a null right side.
      if (!keep_left_unmatched) {
        out_l.insert(out_l.end(), li.begin(), li.end());
        out_r.insert(out_r.end(), ri.begin(), ri.end());
      } else {
        size_t j = 0;
        for (int64_t i = s0; i < s1; ++i) {
          bool any = false;
          while (j < li.size() && li[j] == i) {
            out_l.push_back(i);
            out_r.push_back(ri[j]);
            ++j;
            any = true;
          }
          if (!any) {
            out_l.push_back(i);
            out_r.push_back(-1);
          }
        }
      }
    }
    if (semi) {
      std::vector<int64_t> keep;
      bool want = jt == JoinType::kLeftSemi;
      for (int64_t i = 0; i < ln; ++i)
        if (static_cast<bool>(left_matched[i]) == want) keep.push_back(i);
      out.batches[b] = Relabel(lb.Take(keep), out.schema);
      return OkStatus();
    }
    out.batches[b] = Gather(out.schema, lb, out_l, *rt, out_r, true);
    return OkStatus();
  }));
  if (keep_right_unmatched) {
    std::vector<int64_t> li, ri;
    for (int64_t r = 0; r < rn; ++r) {
      if (!right_matched[r].load()) {
        li.push_back(-1);
        ri.push_back(r);
      }
    }
    if (!ri.empty()) {
      TablePtr empty_left = Table::Empty(left_schema);
      std::vector<ColumnPtr> cols;
      for (const auto& f : left_schema.fields()) cols.push_back(Column::Nulls(f.type, static_cast<int64_t>(ri.size())));
      for (const auto& c : rt->columns()) cols.push_back(TakeColumn(*c, ri));
      out.batches.push_back(std::make_shared<Table>(out.schema, std::move(cols), static_cast<int64_t>(ri.size())));
    }
  }
  return out;
}

}  // namespace kindred::sql
