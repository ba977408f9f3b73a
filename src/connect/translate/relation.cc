// Relation dispatch and the single-input relations (project, filter, sort, limit, ...).
#include "connect/errors.h"
#include "connect/extensions.h"
#include "connect/session.h"
#include "connect/translate/translate.h"
#include "connect/translate/types.h"

namespace kindred::connect {

namespace pb = spark::connect;

// pivot.cc: df.unpivot / melt.
Result<sql::PlanPtr> TranslateUnpivot(const pb::Unpivot& u, TranslateContext* ctx);

std::string RelationTypeName(const pb::Relation& rel) {
  const auto* field = rel.GetDescriptor()->FindFieldByNumber(rel.rel_type_case());
  return field ? std::string(field->name()) : "(unset)";
}

namespace {

Result<sql::PlanPtr> Input(const pb::Relation& parent_input, TranslateContext* ctx,
                           const char* what) {
  if (parent_input.rel_type_case() == pb::Relation::REL_TYPE_NOT_SET) {
    return InvalidArgument(what, " has no input relation");
  }
  return TranslateRelation(parent_input, ctx);
}

Result<std::vector<sql::ExprPtr>> Exprs(
    const google::protobuf::RepeatedPtrField<pb::Expression>& exprs, TranslateContext* ctx) {
  std::vector<sql::ExprPtr> out;
  for (const auto& e : exprs) {
    ASSIGN_OR_RETURN(sql::ExprPtr x, TranslateExpression(e, ctx));
    out.push_back(std::move(x));
  }
  return out;
}

Result<sql::PlanPtr> TranslateProject(const pb::Project& p, TranslateContext* ctx) {
  sql::PlanPtr input;
  if (p.has_input() && p.input().rel_type_case() != pb::Relation::REL_TYPE_NOT_SET) {
    ASSIGN_OR_RETURN(input, TranslateRelation(p.input(), ctx));
  } else {
    // SELECT without FROM reads one row with no useful columns (Spark's OneRowRelation).
    input = sql::Range(0, 1);
  }
  ASSIGN_OR_RETURN(auto exprs, Exprs(p.expressions(), ctx));
  return sql::Project(input, std::move(exprs));
}

Result<sql::PlanPtr> TranslateSort(const pb::Sort& s, TranslateContext* ctx) {
  ASSIGN_OR_RETURN(sql::PlanPtr input, Input(s.input(), ctx, "sort"));
  std::vector<sql::ExprPtr> orders;
  for (const auto& so : s.order()) {
    pb::Expression e;
    *e.mutable_sort_order() = so;
    ASSIGN_OR_RETURN(sql::ExprPtr o, TranslateExpression(e, ctx));
    orders.push_back(std::move(o));
  }
  return sql::Sort(input, std::move(orders), !s.has_is_global() || s.is_global());
}

Result<sql::PlanPtr> TranslateWithColumns(const pb::WithColumns& w, TranslateContext* ctx) {
  ASSIGN_OR_RETURN(sql::PlanPtr input, Input(w.input(), ctx, "withColumns"));
  std::vector<std::string> names;
  std::vector<sql::ExprPtr> exprs;
  for (const auto& a : w.aliases()) {
    if (a.name_size() != 1) {
      return InvalidArgument("withColumns expects exactly one name per column, got ",
                             a.name_size());
    }
    ASSIGN_OR_RETURN(sql::ExprPtr e, TranslateExpression(a.expr(), ctx));
    names.push_back(a.name(0));
    exprs.push_back(std::move(e));
  }
  return sql::WithColumns(input, std::move(names), std::move(exprs));
}

Result<sql::PlanPtr> TranslateRenamed(const pb::WithColumnsRenamed& w, TranslateContext* ctx) {
  ASSIGN_OR_RETURN(sql::PlanPtr input, Input(w.input(), ctx, "withColumnsRenamed"));
  std::vector<std::pair<std::string, std::string>> renames;
  for (const auto& r : w.renames()) renames.emplace_back(r.col_name(), r.new_col_name());
  // Older clients send a (deprecated) map; its order is unspecified, so sort for determinism.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  std::map<std::string, std::string> legacy(w.rename_columns_map().begin(),
                                            w.rename_columns_map().end());
#pragma GCC diagnostic pop
  for (const auto& [from, to] : legacy) renames.emplace_back(from, to);
  return sql::WithColumnsRenamed(input, std::move(renames));
}

Result<sql::PlanPtr> TranslateToSchema(const pb::ToSchema& t, TranslateContext* ctx) {
  ASSIGN_OR_RETURN(sql::PlanPtr input, Input(t.input(), ctx, "to"));
  ASSIGN_OR_RETURN(Schema schema, ProtoToSchema(t.schema()));
  // Columns are matched by name and cast, as DataFrame.to(schema) does.
  std::vector<sql::ExprPtr> exprs;
  for (const auto& f : schema.fields()) {
    exprs.push_back(sql::Alias(sql::Cast(sql::UnresolvedAttribute({f.name}), f.type), f.name));
  }
  return sql::Project(input, std::move(exprs));
}

Result<sql::PlanPtr> TranslateWithRelations(const pb::WithRelations& w, TranslateContext* ctx) {
  for (const auto& ref : w.references()) {
    ASSIGN_OR_RETURN(sql::PlanPtr plan, TranslateRelation(ref, ctx));
    if (ref.common().has_plan_id()) ctx->references[ref.common().plan_id()] = plan;
  }
  return TranslateRelation(w.root(), ctx);
}

}  // namespace

namespace {

// Translation is a pure function of the relation, except for show() and catalog calls (which
// run now) and extensions (whose handlers may depend on state): those are never cached.
bool Cacheable(const pb::Relation& rel, const TranslateContext& ctx) {
  if (!rel.has_common() || !rel.common().has_plan_id() || rel.has_show_string() ||
      rel.has_catalog())
    return false;
  if (!rel.has_extension()) return true;
  const ExtensionRegistry& registry =
      ctx.extensions != nullptr ? *ctx.extensions : ExtensionRegistry::Global();
  return registry.RelationReuse(rel.extension().type_url()) ==
         ExtensionRegistry::Reuse::kPerPlanId;
}

// The computed result of a persisted relation, computing it first when the context runs
// queries; null when it is not computed and should not be now.
Result<sql::PlanPtr> PersistedResult(const pb::Relation& rel, Session::PersistedRelation* entry,
                                     TranslateContext* ctx) {
  std::lock_guard<std::mutex> lock(entry->compute_mu);
  if (entry->result || !ctx->compute_persisted || ctx->exec == nullptr) return entry->result;
  ASSIGN_OR_RETURN(sql::PlanPtr plan, TranslateRelationUncached(rel, ctx));
  ASSIGN_OR_RETURN(entry->result, sql::MaterializePlan(plan, *ctx->exec));
  // Plans translated before may contain this relation uncomputed.
  ctx->session->ForgetPlans();
  return entry->result;
}

}  // namespace

Result<sql::PlanPtr> TranslateRelation(const pb::Relation& rel, TranslateContext* ctx) {
  if (ctx->session != nullptr) {
    if (auto entry = ctx->session->FindPersisted(rel)) {
      ASSIGN_OR_RETURN(sql::PlanPtr result, PersistedResult(rel, entry.get(), ctx));
      if (result) return result;
      ctx->met_uncomputed_persisted = true;
    }
  }
  const bool cacheable = ctx->session != nullptr && Cacheable(rel, *ctx);
  if (cacheable) {
    if (sql::PlanPtr cached = ctx->session->LookupPlan(rel.common().plan_id())) return cached;
  }
  auto plan = TranslateRelationUncached(rel, ctx);
  if (plan.ok() && cacheable && !ctx->met_uncomputed_persisted) {
    ctx->session->RememberPlan(rel.common().plan_id(), *plan);
  }
  return plan;
}

Result<sql::PlanPtr> TranslateRelationUncached(const pb::Relation& rel, TranslateContext* ctx) {
  using R = pb::Relation;
  Result<sql::PlanPtr> plan = UnsupportedFeature(StrCat("relation type ", RelationTypeName(rel)));
  switch (rel.rel_type_case()) {
    case R::kRead: plan = TranslateRead(rel.read(), ctx); break;
    case R::kProject: plan = TranslateProject(rel.project(), ctx); break;
    case R::kFilter: {
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(rel.filter().input(), ctx, "filter"));
      ASSIGN_OR_RETURN(sql::ExprPtr cond, TranslateExpression(rel.filter().condition(), ctx));
      plan = sql::Filter(input, cond);
      break;
    }
    case R::kJoin: plan = TranslateJoin(rel.join(), ctx); break;
    case R::kSetOp: plan = TranslateSetOperation(rel.set_op(), ctx); break;
    case R::kSort: plan = TranslateSort(rel.sort(), ctx); break;
    case R::kLimit: {
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(rel.limit().input(), ctx, "limit"));
      plan = sql::Limit(input, rel.limit().limit());
      break;
    }
    case R::kOffset: {
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(rel.offset().input(), ctx, "offset"));
      plan = sql::Offset(input, rel.offset().offset());
      break;
    }
    case R::kTail: {
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(rel.tail().input(), ctx, "tail"));
      plan = sql::Tail(input, rel.tail().limit());
      break;
    }
    case R::kAggregate: plan = TranslateAggregate(rel.aggregate(), ctx); break;
    case R::kUnpivot: plan = TranslateUnpivot(rel.unpivot(), ctx); break;
    case R::kSql: {
      const auto& q = rel.sql();
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
      bool has_args = q.args_size() > 0 || q.pos_args_size() > 0;
#pragma GCC diagnostic pop
      if (has_args || q.named_arguments_size() > 0 || q.pos_arguments_size() > 0) {
        return UnsupportedFeature("parameterized SQL queries (spark.sql with args)");
      }
      // Parsed by the engine's SQL parser when the plan is analyzed.
      plan = sql::Sql(q.query());
      break;
    }
    case R::kLocalRelation: plan = TranslateLocalRelation(rel.local_relation(), ctx); break;
    case R::kCachedLocalRelation:
      plan = TranslateCachedLocalRelation(rel.cached_local_relation(), ctx);
      break;
    case R::kCachedRemoteRelation:
      if (ctx->session == nullptr) return Internal("cached remote relation needs a session");
      plan = ctx->session->LookupCachedRelation(rel.cached_remote_relation().relation_id());
      break;
    case R::kSample: {
      const auto& s = rel.sample();
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(s.input(), ctx, "sample"));
      std::optional<int64_t> seed;
      if (s.has_seed()) seed = s.seed();
      plan = sql::Sample(input, s.lower_bound(), s.upper_bound(), s.with_replacement(), seed);
      break;
    }
    case R::kDeduplicate: {
      const auto& d = rel.deduplicate();
      if (d.within_watermark()) return UnsupportedFeature("dropDuplicatesWithinWatermark");
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(d.input(), ctx, "dropDuplicates"));
      std::vector<std::string> cols(d.column_names().begin(), d.column_names().end());
      if (d.all_columns_as_keys()) cols.clear();
      plan = sql::Deduplicate(input, std::move(cols));
      break;
    }
    case R::kRange: {
      const auto& r = rel.range();
      if (r.step() == 0) return InvalidArgument("range step must not be 0");
      std::optional<int32_t> parts;
      if (r.has_num_partitions()) parts = r.num_partitions();
      plan = sql::Range(r.has_start() ? r.start() : 0, r.end(), r.step(), parts);
      break;
    }
    case R::kSubqueryAlias: {
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(rel.subquery_alias().input(), ctx, "alias"));
      plan = sql::SubqueryAlias(input, rel.subquery_alias().alias());
      break;
    }
    case R::kRepartition: {
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(rel.repartition().input(), ctx, "repartition"));
      plan = sql::Repartition(input, rel.repartition().num_partitions());
      break;
    }
    case R::kRepartitionByExpression: {
      const auto& r = rel.repartition_by_expression();
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(r.input(), ctx, "repartition"));
      std::optional<int32_t> parts;
      if (r.has_num_partitions()) parts = r.num_partitions();
      plan = sql::Repartition(input, parts);
      break;
    }
    case R::kToDf: {
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(rel.to_df().input(), ctx, "toDF"));
      plan = sql::ToDF(input, {rel.to_df().column_names().begin(),
                               rel.to_df().column_names().end()});
      break;
    }
    case R::kWithColumnsRenamed: plan = TranslateRenamed(rel.with_columns_renamed(), ctx); break;
    case R::kShowString: plan = TranslateShowString(rel.show_string(), ctx); break;
    case R::kDrop: {
      const auto& d = rel.drop();
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(d.input(), ctx, "drop"));
      ASSIGN_OR_RETURN(auto cols, Exprs(d.columns(), ctx));
      plan = sql::Drop(input, std::move(cols), {d.column_names().begin(), d.column_names().end()});
      break;
    }
    case R::kWithColumns: plan = TranslateWithColumns(rel.with_columns(), ctx); break;
    case R::kHint: {
      ASSIGN_OR_RETURN(sql::PlanPtr input, Input(rel.hint().input(), ctx, "hint"));
      plan = sql::Hint(input, rel.hint().name());
      break;
    }
    case R::kToSchema: plan = TranslateToSchema(rel.to_schema(), ctx); break;
    case R::kWithRelations: plan = TranslateWithRelations(rel.with_relations(), ctx); break;
    case R::kFillNa:
    case R::kDropNa:
    case R::kReplace:
    case R::kSummary:
    case R::kDescribe:
      plan = TranslateNaStat(rel, ctx);
      break;
    case R::kCatalog: plan = TranslateCatalog(rel.catalog(), ctx); break;
    case R::kExtension: {
      const ExtensionRegistry& reg =
          ctx->extensions ? *ctx->extensions : ExtensionRegistry::Global();
      plan = reg.TranslateRelation(rel.extension(), ctx);
      break;
    }
    case R::REL_TYPE_NOT_SET:
      return InvalidArgument("relation has no type set");
    default:
      // Everything else (UDF-based maps, streaming, statistics not yet in the engine, the
      // catalog API, ...) keeps the UNSUPPORTED_FEATURE error made above.
      break;
  }
  if (!plan.ok()) return plan.status();
  if (rel.has_common() && rel.common().has_plan_id()) {
    return sql::WithPlanId(*plan, rel.common().plan_id());
  }
  return plan;
}

}  // namespace kindred::connect
