#include "sql/engine.h"
#include "sql/errors.h"

namespace kindred::sql {

void Catalog::CreateOrReplaceTempView(const std::string& name, PlanPtr plan) {
  std::lock_guard<std::mutex> lock(mu_);
  views_[ToLower(name)] = View{name, std::move(plan), nullptr};
}

namespace {
Status ViewNotFound(const std::string& name) {
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
}  // namespace

bool Catalog::CreateTempView(const std::string& name, PlanPtr plan) {
  std::lock_guard<std::mutex> lock(mu_);
  return views_.try_emplace(ToLower(name), View{name, std::move(plan), nullptr}).second;
}

Catalog::View* Catalog::FindView(const std::string& name) {
  auto it = views_.find(ToLower(name));
  return it == views_.end() ? nullptr : &it->second;
}

const Catalog::View* Catalog::FindView(const std::string& name) const {
  auto it = views_.find(ToLower(name));
  return it == views_.end() ? nullptr : &it->second;
}

Result<PlanPtr> Catalog::LookupTempView(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  const View* v = FindView(name);
  if (v == nullptr) return ViewNotFound(name);
  return v->cached ? v->cached : v->plan;
}

bool Catalog::DropTempView(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  return views_.erase(ToLower(name)) > 0;
}

std::vector<std::string> Catalog::ListTempViews() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [k, v] : views_) out.push_back(v.name);
  return out;
}

Status Catalog::CacheTempView(const std::string& name, PlanPtr cached) {
  std::lock_guard<std::mutex> lock(mu_);
  View* v = FindView(name);
  if (v == nullptr) return ViewNotFound(name);
  v->cached = std::move(cached);
  return OkStatus();
}

Result<bool> Catalog::UncacheTempView(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  View* v = FindView(name);
  if (v == nullptr) return ViewNotFound(name);
  bool was = v->cached != nullptr;
  v->cached = nullptr;
  return was;
}

Result<bool> Catalog::IsTempViewCached(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  const View* v = FindView(name);
  if (v == nullptr) return ViewNotFound(name);
  return v->cached != nullptr;
}

void Catalog::UncacheAllTempViews() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [key, v] : views_) v.cached = nullptr;
}

}  // namespace kindred::sql
