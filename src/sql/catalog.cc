#include "sql/engine.h"
#include "sql/errors.h"

namespace kindred::sql {

void Catalog::CreateOrReplaceTempView(const std::string& name, PlanPtr plan) {
  std::lock_guard<std::mutex> lock(mu_);
  views_[ToLower(name)] = {name, std::move(plan)};
}

Result<PlanPtr> Catalog::LookupTempView(const std::string& name) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = views_.find(ToLower(name));
    if (it != views_.end()) return it->second.second;
  }
  std::string rel = QuoteIdParts(StrSplit(name, '.'));
  return AnalysisError(
      "TABLE_OR_VIEW_NOT_FOUND", "42P01", {{"relationName", rel}},
      "The table or view " + rel +
          " cannot be found. Verify the spelling and correctness of the schema and catalog.\n"
          "If you did not qualify the name with a schema, verify the current_schema() output, or "
          "qualify the name with the correct schema and catalog.\n"
          "To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.",
      StatusCode::kNotFound);
}

bool Catalog::DropTempView(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  return views_.erase(ToLower(name)) > 0;
}

std::vector<std::string> Catalog::ListTempViews() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [k, v] : views_) out.push_back(v.first);
  return out;
}

}  // namespace kindred::sql
