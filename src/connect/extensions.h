// Registry of Spark Connect protocol extensions: handlers for Relation, Command and Expression
// messages that arrive packed in google.protobuf.Any, keyed by the Any's type URL
// ("type.googleapis.com/<full message name>"). Entity resolution plugs in here.
// Register handlers before the server starts; lookups are then safe from any thread
// (registration itself is also locked).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <google/protobuf/any.pb.h>

#include "columnar/table.h"
#include "common/status.h"
#include "sql/expr/expression.h"
#include "sql/plan/logical_plan.h"

namespace kindred::connect {

class Session;
struct TranslateContext;

// Turns an extension relation into a logical plan (it may translate nested relations with
// the context it gets).
using RelationExtension =
    std::function<Result<sql::PlanPtr>(const google::protobuf::Any&, TranslateContext*)>;
// Runs an extension command; a non-null table is returned to the client as the result rows.
using CommandExtension =
    std::function<Result<TablePtr>(const google::protobuf::Any&, TranslateContext*)>;
using ExpressionExtension =
    std::function<Result<sql::ExprPtr>(const google::protobuf::Any&, TranslateContext*)>;

class ExtensionRegistry {
 public:
  // The registry the server uses.
  static ExtensionRegistry& Global();

  // How the server may reuse a relation extension's plan.
  enum class Reuse {
    // Translated anew each time a plan contains it (its rows may change between calls, like
    // the pairs waiting for a label).
    kNever,
    // Translated once per client plan id, like the session's other relations: a DataFrame's
    // schema and each action on it see the same rows (an expensive, deterministic result).
    kPerPlanId,
  };

  // Registers a handler for messages of `type_url`; a later registration replaces it.
  void RegisterRelation(const std::string& type_url, RelationExtension fn,
                        Reuse reuse = Reuse::kNever);
  void RegisterCommand(const std::string& type_url, CommandExtension fn);
  void RegisterExpression(const std::string& type_url, ExpressionExtension fn);

  // Runs the handler for `any`. Unimplemented ("unsupported relation extension <type URL>")
  // when none is registered.
  Result<sql::PlanPtr> TranslateRelation(const google::protobuf::Any& any,
                                         TranslateContext* ctx) const;
  Result<TablePtr> RunCommand(const google::protobuf::Any& any, TranslateContext* ctx) const;
  Result<sql::ExprPtr> TranslateExpression(const google::protobuf::Any& any,
                                           TranslateContext* ctx) const;

  // The reuse policy registered for `type_url` (kNever when none is registered).
  Reuse RelationReuse(const std::string& type_url) const;

  // Registered type URLs, sorted (for diagnostics).
  std::vector<std::string> RegisteredTypeUrls() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, RelationExtension> relations_;
  std::map<std::string, Reuse> relation_reuse_;
  std::map<std::string, CommandExtension> commands_;
  std::map<std::string, ExpressionExtension> expressions_;
};

}  // namespace kindred::connect
