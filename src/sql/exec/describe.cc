// describe() / summary(): one string column per input column, one row per statistic, as
// Spark prints them (count, mean, stddev, min, percentiles, max).
#include <algorithm>
#include <cmath>

#include "columnar/format_value.h"
#include "sql/exec/operators.h"

namespace kindred::sql {

Result<Chunked> ExecDescribe(const BoundPlan& p, Chunked in, const ExecState& st) {
  Chunked out;
  out.schema = p.schema();
  ASSIGN_OR_RETURN(TablePtr t, in.Concat());
  std::vector<ColumnBuilder> builders;
  builders.emplace_back(DataType::String());
  for (size_t k = 0; k < p.key_columns.size(); ++k) builders.emplace_back(DataType::String());
  for (const auto& stat : p.statistics) builders[0].AppendString(stat);
  for (size_t k = 0; k < p.key_columns.size(); ++k) {
    const Column& c = *t->column(p.key_columns[k]);
    ColumnBuilder& b = builders[k + 1];
    bool numeric = c.type().is_numeric();
    std::vector<int64_t> valid;
    for (int64_t i = 0; i < c.length(); ++i)
      if (c.IsValid(i)) valid.push_back(i);
    int64_t n = static_cast<int64_t>(valid.size());
    double sum = 0, mean = 0, m2 = 0;
    int64_t cnt = 0;
    if (numeric) {
      for (int64_t i : valid) {
        double x = c.GetDouble(i);
        sum += x;
        ++cnt;
        // Spark's CentralMomentAgg update, operation for operation, so the last digit agrees.
        double d = x - mean;
        double dn = d / cnt;
        mean += dn;
        m2 += d * (d - dn);
      }
    }
    // Order for min/max/percentiles.
    std::vector<int64_t> sorted = valid;
    std::stable_sort(sorted.begin(), sorted.end(), [&](int64_t a, int64_t b2) {
      if (numeric) {
        if (c.type().id == TypeId::kDecimal128) return c.values<__int128>()[a] < c.values<__int128>()[b2];
        if (c.type().is_integer()) return c.GetInt64(a) < c.GetInt64(b2);
        return c.GetDouble(a) < c.GetDouble(b2);
      }
      return c.GetString(a) < c.GetString(b2);
    });
    for (const auto& stat : p.statistics) {
      std::string s = ToLower(stat);
      if (s == "count") {
        b.AppendString(std::to_string(n));
      } else if (s == "mean" || s == "avg") {
        if (numeric && n > 0) b.AppendString(FormatDouble(sum / static_cast<double>(n)));
        else b.AppendNull();
      } else if (s == "stddev" || s == "std") {
        if (numeric && n > 1) b.AppendString(FormatDouble(std::sqrt(m2 / static_cast<double>(n - 1))));
        else if (numeric && n == 1) b.AppendString("NaN");
        else b.AppendNull();
      } else if (s == "min" || s == "max") {
        if (n == 0) b.AppendNull();
        else b.AppendString(c.FormatValue(s == "min" ? sorted.front() : sorted.back()));
      } else if (s == "count_distinct" || s == "approx_count_distinct") {
        int64_t d = 0;
        for (size_t j = 0; j < sorted.size(); ++j)
          if (j == 0 || c.FormatValue(sorted[j]) != c.FormatValue(sorted[j - 1])) ++d;
        b.AppendString(std::to_string(d));
      } else if (!s.empty() && s.back() == '%') {
        double pct = 0;
        if (!numeric || n == 0 || !ParseDouble(s.substr(0, s.size() - 1), &pct)) {
          b.AppendNull();
          continue;
        }
        // percentile_approx on exact data: the smallest value whose rank covers pct.
        int64_t rank = static_cast<int64_t>(std::ceil(pct / 100.0 * static_cast<double>(n)));
        int64_t pos = std::clamp<int64_t>(rank - 1, 0, n - 1);
        b.AppendString(c.FormatValue(sorted[pos]));
      } else {
        return InvalidArgument("summary: unknown statistic '", stat, "'");
      }
    }
  }
  std::vector<ColumnPtr> cols;
  for (auto& b : builders) cols.push_back(b.Finish());
  out.batches.push_back(Table::Make(out.schema, std::move(cols)));
  return out;
}

}  // namespace kindred::sql
