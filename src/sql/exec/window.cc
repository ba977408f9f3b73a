// Window functions: rows are ordered by (partition keys, order keys); each partition is walked
// once. Ranking functions and lag/lead read positions; aggregates use the group accumulators
// with one group per partition (whole-partition frames), running sums/counts/min/max for
// "unbounded preceding .. current row" frames, and one group per row for bounded frames.
#include <cmath>

#include "sql/exec/operators.h"
#include "sql/exec/row_key.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

bool SameKey(const EncodedKeys& k, int64_t a, int64_t b) { return k.key(a) == k.key(b); }

// Running aggregates over numeric input for sum/count/avg/min/max; false when unsupported.
bool RunningAggregate(const BoundWindow& w, const Column& arg, const std::vector<int64_t>& order,
                      const std::vector<std::pair<int64_t, int64_t>>& parts, const EncodedKeys& okeys,
                      std::vector<ColumnPtr>* out_col, int64_t n) {
  AggKind k = w.agg.kind;
  bool numeric = arg.type().is_integer() || arg.type().is_floating();
  if (w.agg.distinct) return false;
  if (!(k == AggKind::kCount || ((k == AggKind::kSum || k == AggKind::kAvg || k == AggKind::kMin || k == AggKind::kMax) && numeric)))
    return false;
  bool integral = arg.type().is_integer();
  std::vector<double> dres(static_cast<size_t>(n), 0);
  std::vector<int64_t> ires(static_cast<size_t>(n), 0);
  std::vector<uint8_t> valid(static_cast<size_t>(n), 0);
  for (auto [ps, pe] : parts) {
    int64_t cnt = 0;
    int64_t isum = 0;
    double dsum = 0, best = 0;
    int64_t ibest = 0;
    bool have = false;
    int64_t pos = ps;
    while (pos < pe) {
      // With RANGE frames the peers of a row (equal order keys) share one result.
      int64_t end = pos + 1;
      if (!w.is_rows)
        while (end < pe && SameKey(okeys, order[pos], order[end])) ++end;
      for (int64_t q = pos; q < end; ++q) {
        int64_t r = order[q];
        if (arg.IsNull(r)) continue;
        ++cnt;
        if (integral) {
          int64_t v = arg.GetInt64(r);
          isum = static_cast<int64_t>(static_cast<uint64_t>(isum) + static_cast<uint64_t>(v));
          dsum += static_cast<double>(v);
          if (!have || (k == AggKind::kMin ? v < ibest : v > ibest)) ibest = v;
        } else {
          double v = arg.GetDouble(r);
          dsum += v;
          bool better = k == AggKind::kMin ? (v < best || std::isnan(best)) : (v > best || std::isnan(v));
          if (!have || better) best = v;
        }
        have = true;
      }
      for (int64_t q = pos; q < end; ++q) {
        int64_t r = order[q];
        switch (k) {
          case AggKind::kCount: ires[r] = cnt; valid[r] = 1; break;
          case AggKind::kSum:
            valid[r] = have;
            ires[r] = isum;
            dres[r] = dsum;
            break;
          case AggKind::kAvg: valid[r] = have; dres[r] = have ? dsum / cnt : 0; break;
          default:
            valid[r] = have;
            ires[r] = ibest;
            dres[r] = best;
            break;
        }
      }
      pos = end;
    }
  }
  ColumnBuilder b(w.type, n);
  for (int64_t r = 0; r < n; ++r) {
    if (!valid[r]) b.AppendNull();
    else if (w.type.is_floating()) b.AppendDouble(integral && k != AggKind::kAvg ? static_cast<double>(ires[r]) : dres[r]);
    else b.AppendInt(ires[r]);
  }
  out_col->push_back(b.Finish());
  return true;
}

// Running first/last/any_value/min/max for any input type: the chosen row so far, per peer
// group, gathered at the end. False when the aggregate is not one of these.
bool RunningPick(const BoundWindow& w, const ColumnPtr& arg, const std::vector<int64_t>& order,
                 const std::vector<std::pair<int64_t, int64_t>>& parts, const EncodedKeys& okeys,
                 std::vector<ColumnPtr>* out_col, int64_t n) {
  AggKind k = w.agg.kind;
  if (w.agg.distinct || !(k == AggKind::kFirst || k == AggKind::kLast || k == AggKind::kAnyValue ||
                          k == AggKind::kMin || k == AggKind::kMax))
    return false;
  const Column& c = *arg;
  bool skip_nulls = w.agg.ignore_nulls || k == AggKind::kMin || k == AggKind::kMax || k == AggKind::kAnyValue;
  auto less = [&](int64_t a, int64_t b) {
    if (c.type().is_string_like()) return c.GetString(a) < c.GetString(b);
    if (c.type().id == TypeId::kDecimal128) return c.values<__int128>()[a] < c.values<__int128>()[b];
    if (c.type().is_floating()) {
      double x = c.GetDouble(a), y = c.GetDouble(b);
      if (std::isnan(x)) return false;
      return std::isnan(y) || x < y;
    }
    return c.GetInt64(a) < c.GetInt64(b);
  };
  std::vector<int64_t> pick(static_cast<size_t>(n), -1);
  for (auto [ps, pe] : parts) {
    int64_t best = -1;
    bool first_taken = false;
    int64_t pos = ps;
    while (pos < pe) {
      int64_t end = pos + 1;
      if (!w.is_rows)
        while (end < pe && SameKey(okeys, order[pos], order[end])) ++end;
      for (int64_t q = pos; q < end; ++q) {
        int64_t r = order[q];
        bool null = c.IsNull(r);
        if (null && skip_nulls) continue;
        switch (k) {
          case AggKind::kFirst:
          case AggKind::kAnyValue:
            if (!first_taken) {
              best = null ? -1 : r;
              first_taken = true;
            }
            break;
          case AggKind::kLast: best = null ? -1 : r; break;
          case AggKind::kMin:
            if (best < 0 || less(r, best)) best = r;
            break;
          default:
            if (best < 0 || less(best, r)) best = r;
            break;
        }
      }
      for (int64_t q = pos; q < end; ++q) pick[order[q]] = best;
      pos = end;
    }
  }
  out_col->push_back(TakeColumn(c, pick));
  return true;
}

}  // namespace

Result<Chunked> ExecWindow(const BoundPlan& p, Chunked in, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  ASSIGN_OR_RETURN(TablePtr t, in.Concat());
  int64_t n = t->num_rows();
  std::vector<ColumnPtr> cols = t->columns();
  EvalContext ec = st.Eval(0);
  for (const BoundWindow& w : p.windows) {
    RETURN_IF_ERROR(st.CheckCancelled());
    ASSIGN_OR_RETURN(auto pcols, EvaluateAll(w.partition_by, *t, ec));
    ASSIGN_OR_RETURN(auto ocols, EvaluateAll(w.order_by, *t, ec));
    std::vector<ColumnPtr> keys = pcols;
    keys.insert(keys.end(), ocols.begin(), ocols.end());
    std::vector<bool> asc(pcols.size(), true), nf(pcols.size(), true);
    asc.insert(asc.end(), w.ascending.begin(), w.ascending.end());
    nf.insert(nf.end(), w.nulls_first.begin(), w.nulls_first.end());
    std::vector<int64_t> order(static_cast<size_t>(n));
    if (keys.empty()) {
      for (int64_t i = 0; i < n; ++i) order[i] = i;
    } else {
      ASSIGN_OR_RETURN(order, SortedOrder(keys, asc, nf, n, st));
    }
    EncodedKeys pkeys, okeys;
    EncodeKeys(pcols, n, &pkeys);
    EncodeKeys(ocols, n, &okeys);
    std::vector<std::pair<int64_t, int64_t>> parts;  // [start, end) positions in `order`
    for (int64_t s = 0; s < n;) {
      int64_t e = s + 1;
      while (e < n && SameKey(pkeys, order[s], order[e])) ++e;
      parts.push_back({s, e});
      s = e;
    }
    if (w.kind == WindowFnKind::kAggregate) {
      ASSIGN_OR_RETURN(auto args, EvaluateAll(w.agg.args, *t, ec));
      bool whole = w.lower == INT64_MIN && w.upper == INT64_MAX;
      bool running = w.lower == INT64_MIN && w.upper == 0;
      if (running && !args.empty() && RunningAggregate(w, *args[0], order, parts, okeys, &cols, n)) continue;
      if (running && !args.empty() && RunningPick(w, args[0], order, parts, okeys, &cols, n)) continue;
      auto acc = MakeAccumulator(w.agg);
      std::vector<int64_t> group_of_row(static_cast<size_t>(n));
      if (whole) {
        std::vector<uint32_t> gids(static_cast<size_t>(n));
        for (size_t g = 0; g < parts.size(); ++g)
          for (int64_t q = parts[g].first; q < parts[g].second; ++q) {
            gids[order[q]] = static_cast<uint32_t>(g);
            group_of_row[order[q]] = static_cast<int64_t>(g);
          }
        acc->Resize(static_cast<int64_t>(parts.size()));
        acc->Update(gids.data(), args, n, 0);
        ColumnPtr res = acc->Finish(static_cast<int64_t>(parts.size()));
        cols.push_back(TakeColumn(*res, group_of_row));
        continue;
      }
      // General frames: each row is its own group fed with the rows of its frame.
      acc->Resize(n);
      std::vector<int64_t> rows;
      std::vector<uint32_t> gids;
      for (auto [ps, pe] : parts) {
        for (int64_t q = ps; q < pe; ++q) {
          int64_t lo, hi;  // inclusive positions
          if (w.is_rows) {
            lo = w.lower == INT64_MIN ? ps : std::max(ps, q + w.lower);
            hi = w.upper == INT64_MAX ? pe - 1 : std::min(pe - 1, q + w.upper);
          } else {
            lo = ps;
            hi = pe - 1;
            if (w.lower == 0) {
              lo = q;
              while (lo > ps && SameKey(okeys, order[lo - 1], order[q])) --lo;
            }
            if (w.upper == 0) {
              hi = q;
              while (hi + 1 < pe && SameKey(okeys, order[hi + 1], order[q])) ++hi;
            }
          }
          for (int64_t x = lo; x <= hi; ++x) {
            rows.push_back(order[x]);
            gids.push_back(static_cast<uint32_t>(order[q]));
          }
        }
        if (rows.size() > (1u << 20)) {
          std::vector<ColumnPtr> a;
          for (const auto& c : args) a.push_back(TakeColumn(*c, rows));
          acc->Update(gids.data(), a, static_cast<int64_t>(rows.size()), 0);
          rows.clear();
          gids.clear();
        }
      }
      if (!rows.empty()) {
        std::vector<ColumnPtr> a;
        for (const auto& c : args) a.push_back(TakeColumn(*c, rows));
        acc->Update(gids.data(), a, static_cast<int64_t>(rows.size()), 0);
      }
      cols.push_back(acc->Finish(n));
      continue;
    }
    if (w.kind == WindowFnKind::kLag || w.kind == WindowFnKind::kLead) {
      ASSIGN_OR_RETURN(auto args, EvaluateAll(w.args, *t, ec));
      std::vector<int64_t> src(static_cast<size_t>(n), -1);
      int64_t off = w.kind == WindowFnKind::kLag ? -w.offset : w.offset;
      for (auto [ps, pe] : parts)
        for (int64_t q = ps; q < pe; ++q)
          if (q + off >= ps && q + off < pe) src[order[q]] = order[q + off];
      ColumnBuilder b(w.type, n);
      for (int64_t r = 0; r < n; ++r) {
        if (src[r] >= 0) {
          if (args[0]->IsNull(src[r])) b.AppendNull();
          else b.AppendFrom(*args[0], src[r]);
        } else if (w.default_value.is_null()) {
          b.AppendNull();
        } else {
          ColumnPtr d = ConstantColumn(w.default_value, 1);
          b.AppendFrom(*CastColumn(d, w.type).value(), 0);
        }
      }
      cols.push_back(b.Finish());
      continue;
    }
    // Ranking functions.
    Buffer ivals = MakeValues<int32_t>(n);
    Buffer dvals = MakeValues<double>(n);
    int32_t* iv = MutableValues<int32_t>(ivals);
    double* dv = MutableValues<double>(dvals);
    for (auto [ps, pe] : parts) {
      int64_t size = pe - ps;
      int32_t rank = 1, dense = 0;
      int64_t q = ps;
      while (q < pe) {
        int64_t end = q + 1;
        while (end < pe && SameKey(okeys, order[q], order[end])) ++end;
        ++dense;
        rank = static_cast<int32_t>(q - ps + 1);
        for (int64_t x = q; x < end; ++x) {
          int64_t r = order[x];
          switch (w.kind) {
            case WindowFnKind::kRowNumber: iv[r] = static_cast<int32_t>(x - ps + 1); break;
            case WindowFnKind::kRank: iv[r] = rank; break;
            case WindowFnKind::kDenseRank: iv[r] = dense; break;
            case WindowFnKind::kPercentRank: dv[r] = size > 1 ? static_cast<double>(rank - 1) / static_cast<double>(size - 1) : 0.0; break;
            case WindowFnKind::kCumeDist: dv[r] = static_cast<double>(end - ps) / static_cast<double>(size); break;
            case WindowFnKind::kNtile: {
              // Spark: the first (size % k) buckets hold one extra row.
              int64_t k = std::max<int64_t>(1, w.offset);
              int64_t base = size / k, extra = size % k, i = x - ps;
              int64_t bucket = i < extra * (base + 1) ? i / (base + 1) : extra + (i - extra * (base + 1)) / std::max<int64_t>(1, base);
              iv[r] = static_cast<int32_t>(bucket + 1);
              break;
            }
            default: break;
          }
        }
        q = end;
      }
    }
    bool is_double = w.type.id == TypeId::kFloat64;
    cols.push_back(Column::FromBuffers(w.type, n, {}, is_double ? std::move(dvals) : std::move(ivals)));
  }
  out.batches.push_back(std::make_shared<Table>(out.schema, std::move(cols), n));
  return out;
}

}  // namespace kindred::sql
