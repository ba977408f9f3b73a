#include "sql/plan/logical_plan.h"

namespace kindred::sql {

namespace {
std::shared_ptr<LogicalPlan> Make(PlanKind kind, std::vector<PlanPtr> children = {}) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = kind;
  p->children = std::move(children);
  return p;
}

const char* KindName(PlanKind k) {
  switch (k) {
    case PlanKind::kRange: return "Range";
    case PlanKind::kLocalTable: return "LocalRelation";
    case PlanKind::kDataSource: return "DataSource";
    case PlanKind::kNamedTable: return "UnresolvedRelation";
    case PlanKind::kProject: return "Project";
    case PlanKind::kFilter: return "Filter";
    case PlanKind::kJoin: return "Join";
    case PlanKind::kAggregate: return "Aggregate";
    case PlanKind::kSort: return "Sort";
    case PlanKind::kLimit: return "GlobalLimit";
    case PlanKind::kOffset: return "Offset";
    case PlanKind::kTail: return "Tail";
    case PlanKind::kDeduplicate: return "Deduplicate";
    case PlanKind::kSetOperation: return "SetOperation";
    case PlanKind::kWithColumns: return "WithColumns";
    case PlanKind::kWithColumnsRenamed: return "WithColumnsRenamed";
    case PlanKind::kDrop: return "Drop";
    case PlanKind::kToDF: return "ToDF";
    case PlanKind::kSubqueryAlias: return "SubqueryAlias";
    case PlanKind::kSample: return "Sample";
    case PlanKind::kNAFill: return "NAFill";
    case PlanKind::kNADrop: return "NADrop";
    case PlanKind::kNAReplace: return "NAReplace";
    case PlanKind::kDescribe: return "Describe";
    case PlanKind::kSummary: return "Summary";
    case PlanKind::kRepartition: return "Repartition";
    case PlanKind::kHint: return "UnresolvedHint";
    case PlanKind::kSql: return "Sql";
  }
  return "?";
}

void Render(const LogicalPlan& p, int depth, std::string* out) {
  out->append(depth == 0 ? "" : std::string(static_cast<size_t>(depth - 1) * 3, ' ') + "+- ");
  out->append(p.kind == PlanKind::kLimit ? "Limit" : KindName(p.kind));
  auto exprs = [](const std::vector<ExprPtr>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + (v[i] ? v[i]->DebugString() : "?");
    return s;
  };
  switch (p.kind) {
    case PlanKind::kRange:
      out->append(StrCat(" (", p.start, ", ", p.end, ", step=", p.step, ")"));
      break;
    case PlanKind::kNamedTable:
    case PlanKind::kSubqueryAlias:
    case PlanKind::kSql: out->append(" " + p.name); break;
    case PlanKind::kProject: out->append(" [" + exprs(p.exprs) + "]"); break;
    case PlanKind::kFilter:
      if (p.condition) out->append(" " + p.condition->DebugString());
      break;
    case PlanKind::kAggregate:
      out->append(" [" + exprs(p.grouping) + "], [" + exprs(p.exprs) + "]");
      break;
    case PlanKind::kSort: out->append(" [" + exprs(p.exprs) + "]"); break;
    case PlanKind::kLimit:
    case PlanKind::kOffset:
    case PlanKind::kTail: out->append(StrCat(" ", p.n)); break;
    case PlanKind::kJoin:
      if (p.condition) out->append(" " + p.condition->DebugString());
      break;
    case PlanKind::kDataSource:
      out->append(" " + p.format + " [" + StrJoin(p.paths, ", ") + "]");
      break;
    default: break;
  }
  out->append("\n");
  for (const auto& c : p.children)
    if (c) Render(*c, depth + 1, out);
}
}  // namespace

std::string LogicalPlan::DebugString() const {
  std::string out;
  Render(*this, 0, &out);
  return out;
}

PlanPtr Range(int64_t start, int64_t end, int64_t step, std::optional<int32_t> num_partitions) {
  auto p = Make(PlanKind::kRange);
  p->start = start;
  p->end = end;
  p->step = step;
  p->num_partitions = num_partitions;
  return p;
}

PlanPtr LocalTable(TablePtr table) {
  auto p = Make(PlanKind::kLocalTable);
  p->table = std::move(table);
  return p;
}

PlanPtr MaterializedTable(Schema schema, std::vector<TablePtr> batches,
                          std::shared_ptr<const MaterializedAnalysis> analysis) {
  auto p = Make(PlanKind::kLocalTable);
  p->table = Table::Empty(std::move(schema));
  p->batches = std::move(batches);
  p->materialized = std::move(analysis);
  return p;
}

PlanPtr DataSource(std::string format, std::vector<std::string> paths,
                   std::map<std::string, std::string> options, std::optional<Schema> schema) {
  auto p = Make(PlanKind::kDataSource);
  p->format = std::move(format);
  p->paths = std::move(paths);
  p->options = std::move(options);
  p->schema = std::move(schema);
  return p;
}

PlanPtr NamedTable(std::string name) {
  auto p = Make(PlanKind::kNamedTable);
  p->name = std::move(name);
  return p;
}

PlanPtr Project(PlanPtr child, std::vector<ExprPtr> exprs) {
  auto p = Make(PlanKind::kProject, {std::move(child)});
  p->exprs = std::move(exprs);
  return p;
}

PlanPtr Filter(PlanPtr child, ExprPtr condition) {
  auto p = Make(PlanKind::kFilter, {std::move(child)});
  p->condition = std::move(condition);
  return p;
}

PlanPtr Join(PlanPtr left, PlanPtr right, JoinType type, ExprPtr condition,
             std::vector<std::string> using_columns) {
  auto p = Make(PlanKind::kJoin, {std::move(left), std::move(right)});
  p->join_type = type;
  p->condition = std::move(condition);
  p->using_columns = std::move(using_columns);
  return p;
}

PlanPtr Aggregate(PlanPtr child, std::vector<ExprPtr> grouping, std::vector<ExprPtr> aggregates,
                  GroupType type) {
  auto p = Make(PlanKind::kAggregate, {std::move(child)});
  p->grouping = std::move(grouping);
  p->exprs = std::move(aggregates);
  p->group_type = type;
  return p;
}

PlanPtr Sort(PlanPtr child, std::vector<ExprPtr> orders, bool is_global) {
  auto p = Make(PlanKind::kSort, {std::move(child)});
  p->exprs = std::move(orders);
  p->is_global = is_global;
  return p;
}

PlanPtr Limit(PlanPtr child, int64_t n) {
  auto p = Make(PlanKind::kLimit, {std::move(child)});
  p->n = n;
  return p;
}

PlanPtr Offset(PlanPtr child, int64_t n) {
  auto p = Make(PlanKind::kOffset, {std::move(child)});
  p->n = n;
  return p;
}

PlanPtr Tail(PlanPtr child, int64_t n) {
  auto p = Make(PlanKind::kTail, {std::move(child)});
  p->n = n;
  return p;
}

PlanPtr Deduplicate(PlanPtr child, std::vector<std::string> columns) {
  auto p = Make(PlanKind::kDeduplicate, {std::move(child)});
  p->names = std::move(columns);
  return p;
}

PlanPtr SetOperation(PlanPtr left, PlanPtr right, SetOpKind kind, bool is_all, bool by_name,
                     bool allow_missing_columns) {
  auto p = Make(PlanKind::kSetOperation, {std::move(left), std::move(right)});
  p->set_op = kind;
  p->is_all = is_all;
  p->by_name = by_name;
  p->allow_missing_columns = allow_missing_columns;
  return p;
}

PlanPtr WithColumns(PlanPtr child, std::vector<std::string> names, std::vector<ExprPtr> exprs) {
  auto p = Make(PlanKind::kWithColumns, {std::move(child)});
  p->names = std::move(names);
  p->exprs = std::move(exprs);
  return p;
}

PlanPtr WithColumnsRenamed(PlanPtr child,
                           std::vector<std::pair<std::string, std::string>> renames) {
  auto p = Make(PlanKind::kWithColumnsRenamed, {std::move(child)});
  p->renames = std::move(renames);
  return p;
}

PlanPtr Drop(PlanPtr child, std::vector<ExprPtr> columns, std::vector<std::string> names) {
  auto p = Make(PlanKind::kDrop, {std::move(child)});
  p->exprs = std::move(columns);
  p->names = std::move(names);
  return p;
}

PlanPtr ToDF(PlanPtr child, std::vector<std::string> names) {
  auto p = Make(PlanKind::kToDF, {std::move(child)});
  p->names = std::move(names);
  return p;
}

PlanPtr SubqueryAlias(PlanPtr child, std::string alias) {
  auto p = Make(PlanKind::kSubqueryAlias, {std::move(child)});
  p->name = std::move(alias);
  return p;
}

PlanPtr Sample(PlanPtr child, double lower, double upper, bool with_replacement,
               std::optional<int64_t> seed) {
  auto p = Make(PlanKind::kSample, {std::move(child)});
  p->lower = lower;
  p->upper = upper;
  p->with_replacement = with_replacement;
  p->seed = seed;
  return p;
}

PlanPtr NAFill(PlanPtr child, std::vector<std::string> columns, std::vector<Value> values) {
  auto p = Make(PlanKind::kNAFill, {std::move(child)});
  p->names = std::move(columns);
  p->values = std::move(values);
  return p;
}

PlanPtr NADrop(PlanPtr child, std::vector<std::string> columns,
               std::optional<int32_t> min_non_nulls) {
  auto p = Make(PlanKind::kNADrop, {std::move(child)});
  p->names = std::move(columns);
  p->min_non_nulls = min_non_nulls;
  return p;
}

PlanPtr NAReplace(PlanPtr child, std::vector<std::string> columns,
                  std::vector<std::pair<Value, Value>> replacements) {
  auto p = Make(PlanKind::kNAReplace, {std::move(child)});
  p->names = std::move(columns);
  p->replacements = std::move(replacements);
  return p;
}

PlanPtr Describe(PlanPtr child, std::vector<std::string> columns) {
  auto p = Make(PlanKind::kDescribe, {std::move(child)});
  p->names = std::move(columns);
  return p;
}

PlanPtr Summary(PlanPtr child, std::vector<std::string> statistics) {
  auto p = Make(PlanKind::kSummary, {std::move(child)});
  p->statistics = std::move(statistics);
  return p;
}

PlanPtr Repartition(PlanPtr child, std::optional<int32_t> num_partitions) {
  auto p = Make(PlanKind::kRepartition, {std::move(child)});
  p->num_partitions = num_partitions;
  return p;
}

PlanPtr Hint(PlanPtr child, std::string name) {
  auto p = Make(PlanKind::kHint, {std::move(child)});
  p->name = std::move(name);
  return p;
}

PlanPtr Sql(std::string query) {
  auto p = Make(PlanKind::kSql);
  p->name = std::move(query);
  return p;
}

PlanPtr WithPlanId(const PlanPtr& plan, int64_t plan_id) {
  auto p = std::make_shared<LogicalPlan>(*plan);
  p->plan_id = plan_id;
  return p;
}

}  // namespace kindred::sql
