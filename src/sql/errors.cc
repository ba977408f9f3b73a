#include "sql/errors.h"

#include <algorithm>

namespace kindred::sql {

Status AnalysisError(const std::string& error_class, const std::string& sql_state,
                     std::map<std::string, std::string> params, const std::string& text,
                     StatusCode code) {
  ErrorDetails d;
  d.error_class = error_class;
  d.sql_state = sql_state;
  d.message_parameters = std::move(params);
  d.exception_classes = {"org.apache.spark.sql.AnalysisException"};
  return Status(code, "[" + error_class + "] " + text).WithDetails(std::move(d));
}

std::string QuoteId(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string QuoteIdParts(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += ".";
    out += QuoteId(parts[i]);
  }
  return out;
}

namespace {
// Levenshtein distance, as Spark's StringUtils.orderSuggestions ranks candidates.
int Distance(const std::string& a, const std::string& b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

Status UnresolvedColumnError(const std::vector<std::string>& name_parts,
                             const std::vector<std::string>& candidates) {
  std::string object = QuoteIdParts(name_parts);
  if (candidates.empty()) {
    return AnalysisError("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", "42703", {{"objectName", object}},
                         "A column, variable, or function parameter with name " + object +
                             " cannot be resolved.");
  }
  // Spark orders suggestions by Levenshtein distance to the unresolved name (stable) and
  // keeps at most five; qualified candidates print as `t`.`a`.
  std::string missing = StrJoin(name_parts, ".");
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& c : candidates) ranked.push_back({Distance(missing, c), c});
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> quoted;
  for (size_t i = 0; i < ranked.size() && i < 5; ++i) quoted.push_back(QuoteIdParts(StrSplit(ranked[i].second, '.')));
  std::string proposal = StrJoin(quoted, ", ");
  return AnalysisError("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703",
                       {{"objectName", object}, {"proposal", proposal}},
                       "A column, variable, or function parameter with name " + object +
                           " cannot be resolved. Did you mean one of the following? [" +
                           proposal + "].");
}

Status UnresolvedRoutineError(const std::string& name) {
  std::string routine = QuoteId(name);
  return AnalysisError(
      "UNRESOLVED_ROUTINE", "42883",
      {{"routineName", routine}, {"searchPath", "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]"}},
      "Cannot resolve function " + routine +
          " on search path [`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`].");
}

Status DataTypeMismatchError(const std::string& sub_class, const std::string& sql_expr,
                             std::map<std::string, std::string> params,
                             const std::string& detail) {
  params["sqlExpr"] = sql_expr;
  return AnalysisError("DATATYPE_MISMATCH." + sub_class, "42K09", std::move(params),
                       "Cannot resolve " + sql_expr + " due to data type mismatch: " + detail);
}

}  // namespace kindred::sql
