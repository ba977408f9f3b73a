#include "connect/extensions.h"

#include <set>

#include "connect/errors.h"

namespace kindred::connect {
namespace {

Status UnknownExtension(const char* what, const std::string& type_url) {
  return SparkError(StatusCode::kUnimplemented, "UNSUPPORTED_FEATURE", "0A000",
                    {{"feature", StrCat(what, " extension ", type_url)}},
                    StrCat("The feature is not supported: ", what, " extension ", type_url,
                           " (no handler registered for this type URL)."));
}

}  // namespace

ExtensionRegistry& ExtensionRegistry::Global() {
  static ExtensionRegistry* registry = new ExtensionRegistry();
  return *registry;
}

void ExtensionRegistry::RegisterRelation(const std::string& type_url, RelationExtension fn,
                                         Reuse reuse) {
  std::lock_guard<std::mutex> lock(mu_);
  relations_[type_url] = std::move(fn);
  relation_reuse_[type_url] = reuse;
}

ExtensionRegistry::Reuse ExtensionRegistry::RelationReuse(const std::string& type_url) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = relation_reuse_.find(type_url);
  return it == relation_reuse_.end() ? Reuse::kNever : it->second;
}

void ExtensionRegistry::RegisterCommand(const std::string& type_url, CommandExtension fn) {
  std::lock_guard<std::mutex> lock(mu_);
  commands_[type_url] = std::move(fn);
}

void ExtensionRegistry::RegisterExpression(const std::string& type_url, ExpressionExtension fn) {
  std::lock_guard<std::mutex> lock(mu_);
  expressions_[type_url] = std::move(fn);
}

Result<sql::PlanPtr> ExtensionRegistry::TranslateRelation(const google::protobuf::Any& any,
                                                          TranslateContext* ctx) const {
  RelationExtension fn;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = relations_.find(any.type_url());
    if (it == relations_.end()) return UnknownExtension("relation", any.type_url());
    fn = it->second;
  }
  return fn(any, ctx);
}

Result<TablePtr> ExtensionRegistry::RunCommand(const google::protobuf::Any& any,
                                               TranslateContext* ctx) const {
  CommandExtension fn;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = commands_.find(any.type_url());
    if (it == commands_.end()) return UnknownExtension("command", any.type_url());
    fn = it->second;
  }
  return fn(any, ctx);
}

Result<sql::ExprPtr> ExtensionRegistry::TranslateExpression(const google::protobuf::Any& any,
                                                            TranslateContext* ctx) const {
  ExpressionExtension fn;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = expressions_.find(any.type_url());
    if (it == expressions_.end()) return UnknownExtension("expression", any.type_url());
    fn = it->second;
  }
  return fn(any, ctx);
}

std::vector<std::string> ExtensionRegistry::RegisteredTypeUrls() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<std::string> urls;
  for (const auto& [k, v] : relations_) urls.insert(k);
  for (const auto& [k, v] : commands_) urls.insert(k);
  for (const auto& [k, v] : expressions_) urls.insert(k);
  return {urls.begin(), urls.end()};
}

}  // namespace kindred::connect
