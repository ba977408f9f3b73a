// Spark Connect protocol messages → Kindred's unresolved logical plans and expressions
// (src/sql). The one place where wire messages become plans. Every relation, expression and
// command the engine supports is mapped; the others are Unimplemented errors naming the
// message ("relation type map_partitions is not supported"), never a crash.
// Functions are thread-safe; a TranslateContext belongs to one request.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "columnar/table.h"
#include "common/status.h"
#include "spark/connect/base.pb.h"
#include "sql/engine.h"
#include "sql/expr/expression.h"
#include "sql/plan/logical_plan.h"

namespace kindred::connect {

class Session;
class ExtensionRegistry;

struct TranslateContext {
  Session* session = nullptr;                      // catalog, config, cached relations, artifacts
  const ExtensionRegistry* extensions = nullptr;   // null = the global registry
  // Engine context for relations that must run while translating (ShowString).
  const sql::ExecContext* exec = nullptr;
  // Whether a persisted relation whose result is not computed yet is computed now (queries
  // that run) or translated as usual (analysis, which must stay cheap).
  bool compute_persisted = false;
  // Set when a persisted relation was translated uncomputed: such plans are not remembered
  // in the session's plan cache (a later query must find the relation and compute it).
  bool met_uncomputed_persisted = false;
  // WithRelations references visible to the current subtree, by plan id.
  std::map<int64_t, sql::PlanPtr> references;
};

// The plan for `rel` (with its plan_id attached when the client set one). Relations with a
// plan_id are served from the session's plan cache when ctx->session is set; persisted
// relations read their computed result (see TranslateContext::compute_persisted).
Result<sql::PlanPtr> TranslateRelation(const spark::connect::Relation& rel, TranslateContext* ctx);
// The same without the plan cache.
Result<sql::PlanPtr> TranslateRelationUncached(const spark::connect::Relation& rel,
                                               TranslateContext* ctx);
Result<sql::ExprPtr> TranslateExpression(const spark::connect::Expression& expr,
                                         TranslateContext* ctx);
Result<sql::Value> TranslateLiteral(const spark::connect::Expression::Literal& lit);
// Splits a Spark identifier "a.`b.c`" into its parts {"a", "b.c"}.
Result<std::vector<std::string>> ParseIdentifier(std::string_view text);
// The relation type's field name as Spark spells it ("map_partitions"), for error messages.
std::string RelationTypeName(const spark::connect::Relation& rel);

// Errors for messages Kindred does not support, in Spark's UNSUPPORTED_FEATURE form.
Status UnsupportedFeature(const std::string& what);

// ---- Relation families (one file each; used by TranslateRelation). ----
Result<sql::PlanPtr> TranslateRead(const spark::connect::Read& read, TranslateContext* ctx);
Result<sql::PlanPtr> TranslateLocalRelation(const spark::connect::LocalRelation& rel,
                                            TranslateContext* ctx);
Result<sql::PlanPtr> TranslateCachedLocalRelation(const spark::connect::CachedLocalRelation& rel,
                                                  TranslateContext* ctx);
Result<sql::PlanPtr> TranslateJoin(const spark::connect::Join& join, TranslateContext* ctx);
Result<sql::PlanPtr> TranslateAggregate(const spark::connect::Aggregate& agg,
                                        TranslateContext* ctx);
Result<sql::PlanPtr> TranslateSetOperation(const spark::connect::SetOperation& op,
                                           TranslateContext* ctx);
Result<sql::PlanPtr> TranslateNaStat(const spark::connect::Relation& rel, TranslateContext* ctx);
// spark.catalog calls; they run now and become local tables.
Result<sql::PlanPtr> TranslateCatalog(const spark::connect::Catalog& cat, TranslateContext* ctx);
Result<sql::PlanPtr> TranslateShowString(const spark::connect::ShowString& show,
                                         TranslateContext* ctx);

}  // namespace kindred::connect
