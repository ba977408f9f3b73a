#include "sql/expr/aggregate_functions.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "sql/errors.h"
#include "sql/exec/row_key.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

struct AggName {
  AggKind kind;
  const char* pretty;  // Spark's prettyName when it differs from the called name
};

const std::map<std::string, AggName>& AggNames() {
  static const std::map<std::string, AggName> names = {
      {"count", {AggKind::kCount, nullptr}},
      {"sum", {AggKind::kSum, nullptr}},
      {"avg", {AggKind::kAvg, nullptr}},
      {"mean", {AggKind::kAvg, nullptr}},
      {"min", {AggKind::kMin, nullptr}},
      {"max", {AggKind::kMax, nullptr}},
      {"first", {AggKind::kFirst, nullptr}},
      {"first_value", {AggKind::kFirst, nullptr}},
      {"last", {AggKind::kLast, nullptr}},
      {"last_value", {AggKind::kLast, nullptr}},
      {"any_value", {AggKind::kAnyValue, nullptr}},
      {"collect_list", {AggKind::kCollectList, nullptr}},
      {"array_agg", {AggKind::kCollectList, "collect_list"}},
      {"collect_set", {AggKind::kCollectSet, nullptr}},
      {"stddev", {AggKind::kStddevSamp, nullptr}},
      {"std", {AggKind::kStddevSamp, nullptr}},
      {"stddev_samp", {AggKind::kStddevSamp, nullptr}},
      {"stddev_pop", {AggKind::kStddevPop, nullptr}},
      {"variance", {AggKind::kVarSamp, nullptr}},
      {"var_samp", {AggKind::kVarSamp, nullptr}},
      {"var_pop", {AggKind::kVarPop, nullptr}},
      {"approx_count_distinct", {AggKind::kApproxCountDistinct, nullptr}},
      {"countdistinct", {AggKind::kCount, "count"}},
      {"count_distinct", {AggKind::kCount, "count"}},
      {"sum_distinct", {AggKind::kSum, "sum"}},
      {"sumdistinct", {AggKind::kSum, "sum"}},
      {"bool_and", {AggKind::kBoolAnd, nullptr}},
      {"every", {AggKind::kBoolAnd, nullptr}},
      {"bool_or", {AggKind::kBoolOr, nullptr}},
      {"some", {AggKind::kBoolOr, nullptr}},
      {"any", {AggKind::kBoolOr, nullptr}},
      {"percentile_approx", {AggKind::kPercentileApprox, nullptr}},
      {"approx_percentile", {AggKind::kPercentileApprox, nullptr}},
      {"percentile", {AggKind::kPercentile, nullptr}},
      {"median", {AggKind::kPercentile, nullptr}},
  };
  return names;
}

}  // namespace

bool IsAggregateFunction(const std::string& name) { return AggNames().count(ToLower(name)) > 0; }

Result<BoundAggregate> ResolveAggregate(const std::string& called, std::vector<BoundPtr> args,
                                        bool distinct) {
  std::string name = ToLower(called);
  auto it = AggNames().find(name);
  if (it == AggNames().end()) return UnresolvedRoutineError(called);
  BoundAggregate a;
  a.kind = it->second.kind;
  std::string pretty = it->second.pretty ? it->second.pretty : name;
  if (name == "countdistinct" || name == "count_distinct" || name == "sum_distinct" ||
      name == "sumdistinct")
    distinct = true;
  a.distinct = distinct;
  // first/last(x, ignoreNulls)
  if ((a.kind == AggKind::kFirst || a.kind == AggKind::kLast) && args.size() == 2) {
    if (args[1]->kind == BoundKind::kLiteral && args[1]->type.id == TypeId::kBool)
      a.ignore_nulls = !args[1]->value.is_null() && args[1]->value.as_bool();
  }
  if (a.kind == AggKind::kPercentileApprox || a.kind == AggKind::kPercentile) {
    // percentile_approx(x, p[, accuracy]) / percentile(x, p) / median(x); p must be a literal.
    bool median = name == "median";
    RETURN_IF_ERROR(CheckArity(pretty, args, median ? 1 : 2, a.kind == AggKind::kPercentile ? 2 : 3));
    if (a.kind == AggKind::kPercentileApprox && args.size() == 2) args.push_back(BoundLiteral(Value::Int32(10000)));
    if (!median) {
      const BoundPtr& pct = args[1];
      if (pct->kind != BoundKind::kLiteral || pct->value.is_null() || !pct->type.is_numeric())
        return InvalidArgument(pretty, ": the percentage must be a numeric literal");
      a.percentage = ConstantColumn(pct->value, 1)->GetDouble(0);
      if (a.percentage < 0 || a.percentage > 1)
        return InvalidArgument(pretty, ": the percentage must be between 0.0 and 1.0, got ", a.percentage);
    }
    std::string inner;
    for (size_t i = 0; i < args.size(); ++i) inner += (i ? ", " : "") + args[i]->sql;
    a.sql = pretty + "(" + inner + ")";
    args.resize(1);
    if (!args[0]->type.is_numeric()) {
      ASSIGN_OR_RETURN(args[0], ImplicitCast(args[0], DataType::Float64(), 0, a.sql));
    }
    a.type = a.kind == AggKind::kPercentile ? DataType::Float64() : args[0]->type;
    a.args = std::move(args);
    return a;
  }
  int max_args = a.kind == AggKind::kCount ? -1
                 : (a.kind == AggKind::kFirst || a.kind == AggKind::kLast ||
                    a.kind == AggKind::kApproxCountDistinct)
                     ? 2
                     : 1;
  RETURN_IF_ERROR(CheckArity(pretty, args, 1, max_args));
  // ignoreNulls (first/last) and relativeSD (approx_count_distinct) are parameters, not
  // children, so they are not part of Spark's name: first(x), approx_count_distinct(x).
  if ((a.kind == AggKind::kFirst || a.kind == AggKind::kLast) && args.size() == 2) args.pop_back();
  if (a.kind == AggKind::kApproxCountDistinct && args.size() == 2) args.pop_back();
  std::string inner;
  for (size_t i = 0; i < args.size(); ++i) inner += (i ? ", " : "") + args[i]->sql;
  a.sql = pretty + "(" + (distinct ? "DISTINCT " : "") + inner + ")";
  const DataType& t = args[0]->type;
  auto numeric_arg = [&](bool keep_decimal) -> Result<BoundPtr> {
    if (t.is_numeric() && (keep_decimal || t.id != TypeId::kDecimal128)) return args[0];
    if (t.id == TypeId::kDecimal128) return CastTo(args[0], DataType::Float64());
    return ImplicitCast(args[0], DataType::Float64(), 0, a.sql);
  };
  switch (a.kind) {
    case AggKind::kCount:
    case AggKind::kApproxCountDistinct:
      a.type = DataType::Int64();
      a.nullable = false;
      break;
    case AggKind::kSum: {
      ASSIGN_OR_RETURN(BoundPtr x, numeric_arg(true));
      args[0] = x;
      const DataType& xt = x->type;
      if (xt.is_integer()) a.type = DataType::Int64();
      else if (xt.id == TypeId::kDecimal128) a.type = DataType::Decimal(std::min(38, xt.precision + 10), xt.scale);
      else a.type = DataType::Float64();
      break;
    }
    case AggKind::kAvg: {
      ASSIGN_OR_RETURN(BoundPtr x, numeric_arg(true));
      args[0] = x;
      const DataType& xt = x->type;
      if (xt.id == TypeId::kDecimal128)
        a.type = DataType::Decimal(std::min(38, xt.precision + 4), std::min(38, xt.scale + 4));
      else a.type = DataType::Float64();
      break;
    }
    case AggKind::kStddevSamp:
    case AggKind::kStddevPop:
    case AggKind::kVarSamp:
    case AggKind::kVarPop: {
      ASSIGN_OR_RETURN(BoundPtr x, numeric_arg(false));
      args[0] = CastTo(x, DataType::Float64());
      a.type = DataType::Float64();
      break;
    }
    case AggKind::kCollectList:
    case AggKind::kCollectSet:
      a.type = DataType::List(t);
      a.nullable = false;
      break;
    case AggKind::kBoolAnd:
    case AggKind::kBoolOr: {
      ASSIGN_OR_RETURN(BoundPtr x, ImplicitCast(args[0], DataType::Bool(), 0, a.sql));
      args[0] = x;
      a.type = DataType::Bool();
      break;
    }
    default:
      a.type = t;
      break;
  }
  a.args = std::move(args);
  return a;
}

namespace {

bool AllValid(const std::vector<ColumnPtr>& args, int64_t i) {
  for (const auto& a : args)
    if (a->IsNull(i)) return false;
  return true;
}

class CountAcc : public Accumulator {
 public:
  void Resize(int64_t g) override { counts_.resize(static_cast<size_t>(g), 0); }
  void Update(const uint32_t* groups, const std::vector<ColumnPtr>& args, int64_t n, int64_t) override {
    bool any_nulls = false;
    for (const auto& a : args) any_nulls |= a->has_nulls();
    if (!any_nulls) {
      for (int64_t i = 0; i < n; ++i) ++counts_[groups[i]];
    } else {
      for (int64_t i = 0; i < n; ++i) counts_[groups[i]] += AllValid(args, i);
    }
  }
  void Merge(Accumulator& o, const std::vector<uint32_t>& map) override {
    auto& other = static_cast<CountAcc&>(o);
    for (size_t g = 0; g < other.counts_.size(); ++g) counts_[map[g]] += other.counts_[g];
  }
  ColumnPtr Finish(int64_t g) override {
    counts_.resize(static_cast<size_t>(g), 0);
    Buffer values = MakeValues<int64_t>(g);
    std::memcpy(values.data(), counts_.data(), static_cast<size_t>(g) * 8);
    return Column::FromBuffers(DataType::Int64(), g, {}, std::move(values));
  }

 private:
  std::vector<int64_t> counts_;
};

// sum / avg over one physical input type `In`, accumulating in `Acc` (int64 wraps like Spark's
// non-ANSI long sum; double; __int128 for decimals).
template <typename In, typename Acc>
class SumAcc : public Accumulator {
 public:
  SumAcc(bool avg, DataType out, int in_scale) : avg_(avg), out_(std::move(out)), in_scale_(in_scale) {}
  void Resize(int64_t g) override {
    sums_.resize(static_cast<size_t>(g), Acc{});
    counts_.resize(static_cast<size_t>(g), 0);
  }
  void Update(const uint32_t* groups, const std::vector<ColumnPtr>& args, int64_t n, int64_t) override {
    const Column& c = *args[0];
    const In* v = c.values<In>();
    if (!c.has_nulls()) {
      for (int64_t i = 0; i < n; ++i) Add(groups[i], v[i]);
    } else {
      for (int64_t i = 0; i < n; ++i)
        if (c.IsValid(i)) Add(groups[i], v[i]);
    }
  }
  void Merge(Accumulator& o, const std::vector<uint32_t>& map) override {
    auto& other = static_cast<SumAcc&>(o);
    for (size_t g = 0; g < other.sums_.size(); ++g) {
      if constexpr (std::is_integral_v<Acc> && sizeof(Acc) == 8) {
        sums_[map[g]] = static_cast<Acc>(static_cast<uint64_t>(sums_[map[g]]) + static_cast<uint64_t>(other.sums_[g]));
      } else {
        sums_[map[g]] += other.sums_[g];
      }
      counts_[map[g]] += other.counts_[g];
    }
  }
  ColumnPtr Finish(int64_t g) override {
    Resize(g);
    ColumnBuilder b(out_, g);
    for (int64_t i = 0; i < g; ++i) {
      if (counts_[i] == 0) {
        b.AppendNull();
        continue;
      }
      if (!avg_) {
        if constexpr (std::is_same_v<Acc, __int128>) {
          b.AppendDecimal(sums_[i]);
        } else if constexpr (std::is_floating_point_v<Acc>) {
          b.AppendDouble(sums_[i]);
        } else {
          b.AppendInt(sums_[i]);
        }
      } else if constexpr (std::is_same_v<Acc, __int128>) {
        // avg of decimal(p,s) has scale s+4: sum * 10^(out-in) / count, rounded half up.
        __int128 num = sums_[i];
        for (int k = in_scale_; k < out_.scale; ++k) num *= 10;
        __int128 cnt = counts_[i];
        __int128 q = num / cnt, r = num % cnt;
        if (2 * (r < 0 ? -r : r) >= cnt) q += num < 0 ? -1 : 1;
        b.AppendDecimal(q);
      } else {
        b.AppendDouble(static_cast<double>(sums_[i]) / static_cast<double>(counts_[i]));
      }
    }
    return b.Finish();
  }

 private:
  void Add(uint32_t g, In x) {
    if constexpr (std::is_integral_v<Acc> && sizeof(Acc) == 8) {
      sums_[g] = static_cast<Acc>(static_cast<uint64_t>(sums_[g]) + static_cast<uint64_t>(static_cast<int64_t>(x)));
    } else {
      sums_[g] += static_cast<Acc>(x);
    }
    ++counts_[g];
  }
  bool avg_;
  DataType out_;
  int in_scale_;
  std::vector<Acc> sums_;
  std::vector<int64_t> counts_;
};

template <typename T>
inline bool Less(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

template <typename T>
class MinMaxAcc : public Accumulator {
 public:
  MinMaxAcc(bool is_max, DataType t) : max_(is_max), type_(std::move(t)) {}
  void Resize(int64_t g) override {
    vals_.resize(static_cast<size_t>(g), T{});
    has_.resize(static_cast<size_t>(g), 0);
  }
  void Update(const uint32_t* groups, const std::vector<ColumnPtr>& args, int64_t n, int64_t) override {
    const Column& c = *args[0];
    const T* v = c.values<T>();
    bool nulls = c.has_nulls();
    for (int64_t i = 0; i < n; ++i) {
      if (nulls && c.IsNull(i)) continue;
      Add(groups[i], v[i]);
    }
  }
  void Merge(Accumulator& o, const std::vector<uint32_t>& map) override {
    auto& other = static_cast<MinMaxAcc&>(o);
    for (size_t g = 0; g < other.vals_.size(); ++g)
      if (other.has_[g]) Add(map[g], other.vals_[g]);
  }
  ColumnPtr Finish(int64_t g) override {
    Resize(g);
    Buffer values = MakeValues<T>(g);
    std::memcpy(values.data(), vals_.data(), static_cast<size_t>(g) * sizeof(T));
    Buffer validity = kindred::sql::AllValid(g);
    for (int64_t i = 0; i < g; ++i)
      if (!has_[i]) ClearBit(validity.data(), i);
    return Column::FromBuffers(type_, g, std::move(validity), std::move(values));
  }

 private:
  void Add(uint32_t g, T x) {
    if (!has_[g]) {
      vals_[g] = x;
      has_[g] = 1;
    } else if (max_ ? Less(vals_[g], x) : Less(x, vals_[g])) {
      vals_[g] = x;
    }
  }
  bool max_;
  DataType type_;
  std::vector<T> vals_;
  std::vector<uint8_t> has_;
};

// Aggregates that keep references to input rows: first/last/any_value, min/max of strings,
// collect_list/collect_set. Input batches stay alive until Finish.
class RefAcc : public Accumulator {
 public:
  RefAcc(AggKind kind, bool ignore_nulls, DataType out)
      : kind_(kind), ignore_nulls_(ignore_nulls), out_(std::move(out)) {}
  struct Ref {
    int64_t global = -1;
    int32_t batch = -1;
    int64_t row = -1;
  };
  void Resize(int64_t g) override {
    if (IsCollect()) lists_.resize(static_cast<size_t>(g));
    else refs_.resize(static_cast<size_t>(g));
  }
  void Update(const uint32_t* groups, const std::vector<ColumnPtr>& args, int64_t n, int64_t row_base) override {
    int32_t b = static_cast<int32_t>(batches_.size());
    batches_.push_back(args[0]);
    const Column& c = *args[0];
    for (int64_t i = 0; i < n; ++i) {
      bool null = c.IsNull(i);
      Ref r{row_base + i, b, i};
      if (IsCollect()) {
        if (!null) lists_[groups[i]].push_back(r);
        continue;
      }
      if (null && (ignore_nulls_ || kind_ == AggKind::kMin || kind_ == AggKind::kMax ||
                   kind_ == AggKind::kAnyValue))
        continue;
      Offer(groups[i], r);
    }
  }
  void Merge(Accumulator& o, const std::vector<uint32_t>& map) override {
    auto& other = static_cast<RefAcc&>(o);
    int32_t base = static_cast<int32_t>(batches_.size());
    batches_.insert(batches_.end(), other.batches_.begin(), other.batches_.end());
    if (IsCollect()) {
      for (size_t g = 0; g < other.lists_.size(); ++g)
        for (Ref r : other.lists_[g]) {
          r.batch += base;
          lists_[map[g]].push_back(r);
        }
      return;
    }
    for (size_t g = 0; g < other.refs_.size(); ++g) {
      Ref r = other.refs_[g];
      if (r.batch < 0) continue;
      r.batch += base;
      Offer(map[g], r);
    }
  }
  ColumnPtr Finish(int64_t g) override {
    Resize(g);
    ColumnBuilder b(out_, g);
    if (!IsCollect()) {
      for (int64_t i = 0; i < g; ++i) {
        const Ref& r = refs_[i];
        if (r.batch < 0) b.AppendNull();
        else b.AppendFrom(*batches_[r.batch], r.row);
      }
      return b.Finish();
    }
    EncodedKeys keys;
    for (int64_t i = 0; i < g; ++i) {
      auto& list = lists_[i];
      std::sort(list.begin(), list.end(), [](const Ref& x, const Ref& y) { return x.global < y.global; });
      if (kind_ == AggKind::kCollectSet) {
        GroupTable seen;
        for (const Ref& r : list) {
          ColumnPtr one = SliceColumn(*batches_[r.batch], r.row, 1);
          EncodeKeys({one}, 1, &keys);
          int64_t before = seen.num_groups();
          seen.FindOrInsertOne(keys.key(0), keys.hashes[0]);
          if (seen.num_groups() > before) b.child_builder().AppendFrom(*batches_[r.batch], r.row);
        }
      } else {
        for (const Ref& r : list) b.child_builder().AppendFrom(*batches_[r.batch], r.row);
      }
      b.AppendListEnd();
    }
    return b.Finish();
  }

 private:
  bool IsCollect() const { return kind_ == AggKind::kCollectList || kind_ == AggKind::kCollectSet; }
  int Compare(const Ref& a, const Ref& b) const {
    const Column& x = *batches_[a.batch];
    const Column& y = *batches_[b.batch];
    if (x.type().is_string_like()) return x.GetString(a.row).compare(y.GetString(b.row));
    if (x.type().is_floating()) {
      double p = x.GetDouble(a.row), q = y.GetDouble(b.row);
      return Less(p, q) ? -1 : (Less(q, p) ? 1 : 0);
    }
    if (x.type().id == TypeId::kDecimal128) {
      __int128 p = x.values<__int128>()[a.row], q = y.values<__int128>()[b.row];
      return p < q ? -1 : (q < p ? 1 : 0);
    }
    std::string p = x.FormatValue(a.row), q = y.FormatValue(b.row);
    if (x.type().is_integer() || x.type().id == TypeId::kDate32 || x.type().id == TypeId::kTimestamp) {
      int64_t pi = x.GetInt64(a.row), qi = y.GetInt64(b.row);
      return pi < qi ? -1 : (qi < pi ? 1 : 0);
    }
    return p.compare(q);
  }
  void Offer(uint32_t g, const Ref& r) {
    Ref& cur = refs_[g];
    if (cur.batch < 0) {
      cur = r;
      return;
    }
    switch (kind_) {
      case AggKind::kFirst:
      case AggKind::kAnyValue:
        if (r.global < cur.global) cur = r;
        break;
      case AggKind::kLast:
        if (r.global > cur.global) cur = r;
        break;
      case AggKind::kMin:
        if (Compare(r, cur) < 0) cur = r;
        break;
      case AggKind::kMax:
        if (Compare(r, cur) > 0) cur = r;
        break;
      default: break;
    }
  }
  AggKind kind_;
  bool ignore_nulls_;
  DataType out_;
  std::vector<ColumnPtr> batches_;
  std::vector<Ref> refs_;
  std::vector<std::vector<Ref>> lists_;
};

// Count, mean and sum of squared deviations (Chan et al. merge) for stddev/variance.
class MomentsAcc : public Accumulator {
 public:
  explicit MomentsAcc(AggKind kind) : kind_(kind) {}
  void Resize(int64_t g) override {
    n_.resize(static_cast<size_t>(g), 0);
    mean_.resize(static_cast<size_t>(g), 0);
    m2_.resize(static_cast<size_t>(g), 0);
  }
  void Update(const uint32_t* groups, const std::vector<ColumnPtr>& args, int64_t n, int64_t) override {
    const Column& c = *args[0];
    const double* v = c.values<double>();
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) continue;
      uint32_t g = groups[i];
      double cnt = ++n_[g];
      // Spark's CentralMomentAgg update, operation for operation, so the last digit agrees.
      double d = v[i] - mean_[g];
      double dn = d / cnt;
      mean_[g] += dn;
      m2_[g] += d * (d - dn);
    }
  }
  void Merge(Accumulator& o, const std::vector<uint32_t>& map) override {
    auto& other = static_cast<MomentsAcc&>(o);
    for (size_t g = 0; g < other.n_.size(); ++g) {
      if (other.n_[g] == 0) continue;
      uint32_t t = map[g];
      double na = n_[t], nb = other.n_[g], n = na + nb;
      double d = other.mean_[g] - mean_[t];
      mean_[t] += d * nb / n;
      m2_[t] += other.m2_[g] + d * d * na * nb / n;
      n_[t] = n;
    }
  }
  ColumnPtr Finish(int64_t g) override {
    Resize(g);
    ColumnBuilder b(DataType::Float64(), g);
    for (int64_t i = 0; i < g; ++i) {
      double n = n_[i];
      bool samp = kind_ == AggKind::kStddevSamp || kind_ == AggKind::kVarSamp;
      if (n == 0 || (samp && n < 2)) {
        b.AppendNull();
        continue;
      }
      double var = m2_[i] / (samp ? n - 1 : n);
      b.AppendDouble(kind_ == AggKind::kStddevSamp || kind_ == AggKind::kStddevPop ? std::sqrt(var) : var);
    }
    return b.Finish();
  }

 private:
  AggKind kind_;
  std::vector<double> n_, mean_, m2_;
};

class BoolAcc : public Accumulator {
 public:
  explicit BoolAcc(bool is_and) : and_(is_and) {}
  void Resize(int64_t g) override {
    vals_.resize(static_cast<size_t>(g), and_ ? 1 : 0);
    has_.resize(static_cast<size_t>(g), 0);
  }
  void Update(const uint32_t* groups, const std::vector<ColumnPtr>& args, int64_t n, int64_t) override {
    const Column& c = *args[0];
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) continue;
      uint8_t v = c.values<uint8_t>()[i];
      vals_[groups[i]] = and_ ? (vals_[groups[i]] & v) : (vals_[groups[i]] | v);
      has_[groups[i]] = 1;
    }
  }
  void Merge(Accumulator& o, const std::vector<uint32_t>& map) override {
    auto& other = static_cast<BoolAcc&>(o);
    for (size_t g = 0; g < other.vals_.size(); ++g) {
      if (!other.has_[g]) continue;
      uint32_t t = map[g];
      vals_[t] = and_ ? (vals_[t] & other.vals_[g]) : (vals_[t] | other.vals_[g]);
      has_[t] = 1;
    }
  }
  ColumnPtr Finish(int64_t g) override {
    Resize(g);
    ColumnBuilder b(DataType::Bool(), g);
    for (int64_t i = 0; i < g; ++i) {
      if (!has_[i]) b.AppendNull();
      else b.AppendBool(vals_[i]);
    }
    return b.Finish();
  }

 private:
  bool and_;
  std::vector<uint8_t> vals_, has_;
};

// DISTINCT wrapper: forwards each (group, value) pair once to the inner accumulator. Rows with
// a null argument are dropped, as Spark's distinct aggregates ignore nulls.
class DistinctAcc : public Accumulator {
 public:
  explicit DistinctAcc(std::unique_ptr<Accumulator> inner) : inner_(std::move(inner)) {}
  void Resize(int64_t g) override {
    groups_ = g;
    inner_->Resize(g);
  }
  void Update(const uint32_t* groups, const std::vector<ColumnPtr>& args, int64_t n, int64_t row_base) override {
    EncodeKeys(args, n, &keys_);
    std::vector<int64_t> take;
    std::vector<uint32_t> take_groups;
    std::string scratch;
    for (int64_t i = 0; i < n; ++i) {
      if (keys_.has_null[i]) continue;
      scratch.assign(reinterpret_cast<const char*>(&groups[i]), 4);
      scratch.append(keys_.key(i));
      int64_t before = seen_.num_groups();
      seen_.FindOrInsertOne(scratch, HashBytes(scratch.data(), scratch.size()));
      if (seen_.num_groups() > before) {
        take.push_back(i);
        take_groups.push_back(groups[i]);
      }
    }
    if (take.empty()) return;
    std::vector<ColumnPtr> cols;
    for (const auto& a : args) cols.push_back(TakeColumn(*a, take));
    inner_->Update(take_groups.data(), cols, static_cast<int64_t>(take.size()), row_base);
    kept_.push_back({std::move(cols), std::move(take_groups), row_base});
  }
  void Merge(Accumulator& o, const std::vector<uint32_t>& map) override {
    auto& other = static_cast<DistinctAcc&>(o);
    for (auto& k : other.kept_) {
      std::vector<uint32_t> g(k.groups.size());
      for (size_t i = 0; i < g.size(); ++i) g[i] = map[k.groups[i]];
      Update(g.data(), k.cols, static_cast<int64_t>(g.size()), k.row_base);
    }
  }
  ColumnPtr Finish(int64_t g) override { return inner_->Finish(g); }

 private:
  struct Kept {
    std::vector<ColumnPtr> cols;
    std::vector<uint32_t> groups;
    int64_t row_base;
  };
  std::unique_ptr<Accumulator> inner_;
  GroupTable seen_;
  EncodedKeys keys_;
  std::vector<Kept> kept_;
  int64_t groups_ = 0;
};

// percentile / median (exact, linear interpolation, double) and percentile_approx (the
// smallest value whose rank covers the percentage, in the input type; exact here).
class PercentileAcc : public Accumulator {
 public:
  PercentileAcc(bool approx, double pct, DataType out) : approx_(approx), pct_(pct), out_(std::move(out)) {}
  struct Ref {
    double v;
    int32_t batch;
    int64_t row;
  };
  void Resize(int64_t g) override { lists_.resize(static_cast<size_t>(g)); }
  void Update(const uint32_t* groups, const std::vector<ColumnPtr>& args, int64_t n, int64_t) override {
    int32_t b = static_cast<int32_t>(batches_.size());
    batches_.push_back(args[0]);
    const Column& c = *args[0];
    for (int64_t i = 0; i < n; ++i)
      if (c.IsValid(i)) lists_[groups[i]].push_back(Ref{c.GetDouble(i), b, i});
  }
  void Merge(Accumulator& o, const std::vector<uint32_t>& map) override {
    auto& other = static_cast<PercentileAcc&>(o);
    int32_t base = static_cast<int32_t>(batches_.size());
    batches_.insert(batches_.end(), other.batches_.begin(), other.batches_.end());
    for (size_t g = 0; g < other.lists_.size(); ++g)
      for (Ref r : other.lists_[g]) {
        r.batch += base;
        lists_[map[g]].push_back(r);
      }
  }
  ColumnPtr Finish(int64_t g) override {
    Resize(g);
    ColumnBuilder b(out_, g);
    for (int64_t i = 0; i < g; ++i) {
      auto& l = lists_[i];
      if (l.empty()) {
        b.AppendNull();
        continue;
      }
      std::sort(l.begin(), l.end(), [](const Ref& x, const Ref& y) { return x.v < y.v; });
      int64_t n = static_cast<int64_t>(l.size());
      if (approx_) {
        int64_t rank = static_cast<int64_t>(std::ceil(pct_ * static_cast<double>(n)));
        const Ref& r = l[std::clamp<int64_t>(rank - 1, 0, n - 1)];
        b.AppendFrom(*batches_[r.batch], r.row);
      } else {
        double pos = pct_ * static_cast<double>(n - 1);
        int64_t lo = static_cast<int64_t>(std::floor(pos)), hi = static_cast<int64_t>(std::ceil(pos));
        double frac = pos - static_cast<double>(lo);
        b.AppendDouble(lo == hi ? l[lo].v : l[lo].v + (l[hi].v - l[lo].v) * frac);
      }
    }
    return b.Finish();
  }

 private:
  bool approx_;
  double pct_;
  DataType out_;
  std::vector<ColumnPtr> batches_;
  std::vector<std::vector<Ref>> lists_;
};

std::unique_ptr<Accumulator> MakeBase(const BoundAggregate& agg) {
  const DataType& in = agg.args.empty() ? agg.type : agg.args[0]->type;
  switch (agg.kind) {
    case AggKind::kCount:
    case AggKind::kApproxCountDistinct: return std::make_unique<CountAcc>();
    case AggKind::kSum:
    case AggKind::kAvg: {
      bool avg = agg.kind == AggKind::kAvg;
      std::unique_ptr<Accumulator> out;
      if (in.id == TypeId::kDecimal128) return std::make_unique<SumAcc<__int128, __int128>>(avg, agg.type, in.scale);
      DispatchFixed(in.id, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (std::is_floating_point_v<T>) {
          out = std::make_unique<SumAcc<T, double>>(avg, agg.type, 0);
        } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, uint8_t>) {
          if (avg) out = std::make_unique<SumAcc<T, double>>(avg, agg.type, 0);
          else out = std::make_unique<SumAcc<T, int64_t>>(avg, agg.type, 0);
        }
      });
      return out;
    }
    case AggKind::kMin:
    case AggKind::kMax: {
      std::unique_ptr<Accumulator> out;
      bool is_max = agg.kind == AggKind::kMax;
      if (in.id != TypeId::kBool) {
        DispatchFixed(in.id, [&](auto tag) {
          using T = decltype(tag);
          out = std::make_unique<MinMaxAcc<T>>(is_max, agg.type);
        });
      }
      if (!out) out = std::make_unique<RefAcc>(agg.kind, true, agg.type);
      return out;
    }
    case AggKind::kFirst:
    case AggKind::kLast:
    case AggKind::kAnyValue:
    case AggKind::kCollectList:
    case AggKind::kCollectSet: return std::make_unique<RefAcc>(agg.kind, agg.ignore_nulls, agg.type);
    case AggKind::kStddevSamp:
    case AggKind::kStddevPop:
    case AggKind::kVarSamp:
    case AggKind::kVarPop: return std::make_unique<MomentsAcc>(agg.kind);
    case AggKind::kBoolAnd: return std::make_unique<BoolAcc>(true);
    case AggKind::kBoolOr: return std::make_unique<BoolAcc>(false);
    case AggKind::kPercentileApprox: return std::make_unique<PercentileAcc>(true, agg.percentage, agg.type);
    case AggKind::kPercentile: return std::make_unique<PercentileAcc>(false, agg.percentage, agg.type);
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<Accumulator> MakeAccumulator(const BoundAggregate& agg) {
  auto base = MakeBase(agg);
  if (agg.distinct || agg.kind == AggKind::kApproxCountDistinct)
    return std::make_unique<DistinctAcc>(std::move(base));
  return base;
}

}  // namespace kindred::sql
