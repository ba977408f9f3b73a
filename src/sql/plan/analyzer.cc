#include "sql/plan/analyzer.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <set>

#include "format/csv/reader.h"
#include "format/json/reader.h"
#include "sql/errors.h"
#include "sql/exec/subquery.h"
#include "sql/expr/function_registry.h"

namespace kindred::sql {

namespace {

std::atomic<int64_t> g_next_id{1};
// The qualifier of columns the analyzer adds for its own rewrites; '*' does not expand them.
constexpr const char* kHiddenQualifier = "__kindred_hidden";
SqlExpressionParser g_parse_expression;
SqlQueryParser g_parse_query;
int64_t NewId() { return g_next_id.fetch_add(1); }

// The columns an expression can see: the child output (index = batch column) and the plan
// subtrees searched for Spark Connect plan ids.
struct Scope {
  std::vector<Attribute> attrs;
  std::vector<const BoundPlan*> roots;
  // The enclosing query's columns, for a correlated subquery's predicates: a name missing from
  // `attrs` resolves there, as column attrs.size() + its index (the layout attrs ++ outer).
  const Scope* outer = nullptr;
};

Scope ScopeOf(const BoundPlanPtr& p) { return Scope{p->output, {p.get()}}; }

// The attributes the logical node with Spark Connect plan id `id` produced, searched from `p`
// down (a materialized table answers for the plan ids inside the plan it stands in for);
// nullopt when no node came from that plan id.
std::optional<std::vector<Attribute>> PlanIdOutput(const BoundPlan* p, int64_t id) {
  if (!p) return std::nullopt;
  if (std::find(p->plan_ids.begin(), p->plan_ids.end(), id) != p->plan_ids.end()) return p->output;
  for (const auto& [inner, ids] : p->inner_plan_ids) {
    if (inner != id) continue;
    std::vector<Attribute> out;
    for (const auto& a : p->output)
      if (std::find(ids.begin(), ids.end(), a.id) != ids.end()) out.push_back(a);
    return out;
  }
  for (const auto& c : p->children)
    if (auto f = PlanIdOutput(c.get(), id)) return f;
  return std::nullopt;
}

bool NameEq(const std::string& a, const std::string& b) { return EqualsIgnoreCase(a, b); }

std::string Fingerprint(const BoundExpr& e) {
  std::string s;
  switch (e.kind) {
    case BoundKind::kColumn: return "#" + std::to_string(e.column);
    case BoundKind::kLiteral: return "L" + e.type.ToString() + ":" + e.value.ToPrettyString();
    case BoundKind::kCall:
      s = e.fn + ":" + e.type.ToString() + "(";
      // Subquery expressions differ by their result, not by their (empty) arguments.
      if (e.state) s += "@" + std::to_string(reinterpret_cast<uintptr_t>(e.state.get())) + ",";
      for (const auto& a : e.args) s += Fingerprint(*a) + ",";
      return s + ")";
  }
  return s;
}

bool ContainsAggregate(const Expr& e) {
  if (e.kind == ExprKind::kWindow) return false;
  if (e.kind == ExprKind::kUnresolvedFunction && IsAggregateFunction(e.name)) return true;
  for (const auto& c : e.children)
    if (c && ContainsAggregate(*c)) return true;
  return false;
}

// explode / explode_outer / posexplode / posexplode_outer at the top of a select item.
const Expr* GeneratorOf(const Expr& e) {
  const Expr* x = &e;
  if (x->kind == ExprKind::kAlias) x = x->children[0].get();
  if (x->kind != ExprKind::kUnresolvedFunction) return nullptr;
  std::string n = ToLower(x->name);
  if (n == "explode" || n == "explode_outer" || n == "posexplode" || n == "posexplode_outer") return x;
  return nullptr;
}

bool ContainsWindow(const Expr& e) {
  if (e.kind == ExprKind::kWindow) return true;
  for (const auto& c : e.children)
    if (c && ContainsWindow(*c)) return true;
  return false;
}

std::string BoundarySql(int64_t v, bool lower) {
  if (v == INT64_MIN) return "UNBOUNDED PRECEDING";
  if (v == INT64_MAX) return "UNBOUNDED FOLLOWING";
  if (v == 0) return "CURRENT ROW";
  return std::to_string(v) + " FOLLOWING";  // Spark prints offsets as signed FOLLOWING
}

std::shared_ptr<BoundPlan> NewNode(BoundPlanKind kind, std::vector<BoundPlanPtr> children,
                                   const LogicalPlan* from) {
  auto p = std::make_shared<BoundPlan>();
  p->kind = kind;
  p->children = std::move(children);
  if (from && from->plan_id) p->plan_ids.push_back(*from->plan_id);
  return p;
}

// A plan that passes its child's rows through but is a new node with the logical plan id.
BoundPlanPtr Tag(const BoundPlanPtr& p, const LogicalPlan& from) {
  if (!from.plan_id) return p;
  auto copy = std::make_shared<BoundPlan>(*p);
  copy->plan_ids.push_back(*from.plan_id);
  return copy;
}

Status MissingAggregation(const std::string& sql) {
  return AnalysisError(
      "MISSING_AGGREGATION", "42803",
      {{"expression", DQuote(sql)}, {"expressionAnyValue", DQuote("any_value(" + sql + ")")}},
      "The non-aggregating expression " + DQuote(sql) +
          " is based on columns which are not participating in the GROUP BY clause.\nAdd the "
          "columns or the expression to the GROUP BY, aggregate the expression, or use " +
          DQuote("any_value(" + sql + ")") +
          " if you do not care which of the values within a group is returned.");
}

class Analyzer {
 public:
  explicit Analyzer(const ExecContext& ctx) : ctx_(ctx) {}

  Result<BoundPlanPtr> Analyze(const LogicalPlan& p);

 private:
  // ---- expressions ----
  Result<int> ResolveAttribute(const Expr& e, const Scope& s);
  Result<BoundPtr> Bind(const ExprPtr& e, const Scope& s);
  Result<std::vector<BoundPtr>> BindArgs(const Expr& e, const Scope& s);
  // Binds a projection list entry (stars expand to several), with output names.
  Status BindNamed(const ExprPtr& e, const Scope& s, std::vector<BoundPtr>* exprs,
                   std::vector<Attribute>* attrs);
  std::vector<int> ExpandStar(const Expr& e, const Scope& s, Status* st);

  // ---- aggregation ----
  struct AggBuild {
    const Scope* input;
    std::vector<BoundPtr> groups;
    std::vector<std::string> group_fps;
    std::vector<BoundAggregate> aggs;
  };
  Result<BoundPtr> BindAgg(const ExprPtr& e, AggBuild& b);
  Result<BoundPlanPtr> BuildAggregate(const BoundPlanPtr& child, const std::vector<ExprPtr>& grouping,
                                      const std::vector<ExprPtr>& aggregates, GroupType type,
                                      bool include_groups, const LogicalPlan* from);

  // ---- windows ----
  Result<BoundPtr> BindWin(const ExprPtr& e, const Scope& s, std::vector<BoundWindow>* wins);
  Result<BoundWindow> BindWindowExpr(const Expr& e, const Scope& s);
  // Binds `exprs` (some holding window expressions) into a Window node plus a projection.
  Result<BoundPlanPtr> WindowProject(const BoundPlanPtr& child, const std::vector<ExprPtr>& exprs,
                                     const std::vector<std::string>* names, const LogicalPlan* from);

  // A projection holding one generator (explode): a Generate node, then the projection.
  Result<BoundPlanPtr> GenerateProject(const BoundPlanPtr& child, const std::vector<ExprPtr>& exprs,
                                       const std::vector<std::string>* names, const LogicalPlan* from);

  // ---- plans ----
  Result<BoundPlanPtr> Project(const BoundPlanPtr& child, const std::vector<ExprPtr>& exprs,
                               const LogicalPlan* from);
  BoundPlanPtr ProjectBound(const BoundPlanPtr& child, std::vector<BoundPtr> exprs,
                            std::vector<Attribute> attrs, const LogicalPlan* from);
  Result<BoundPlanPtr> JoinPlan(const LogicalPlan& p);
  Result<BoundPlanPtr> SetOp(const LogicalPlan& p);
  Result<BoundPlanPtr> ReadSource(const LogicalPlan& p);
  Result<BoundPlanPtr> NaFunctions(const LogicalPlan& p, const BoundPlanPtr& child);
  Result<int> ColumnByName(const BoundPlanPtr& plan, const std::string& name);

  // A filter of `c`'s rows by `condition` (a boolean).
  Result<BoundPlanPtr> FilterNode(const BoundPlanPtr& c, const ExprPtr& condition,
                                  const LogicalPlan* from);
  // ---- subqueries ----
  // Analyzes the plan of a subquery expression that must not be correlated (in position `where`).
  Result<BoundPlanPtr> AnalyzeUncorrelated(const Expr& e, const Scope& s, const char* where);
  // Binds an uncorrelated subquery expression to the result the executor fills in.
  Result<BoundPtr> BindSubquery(const Expr& e, const Scope& s);
  // True when `plan` (a subquery) refers to columns of `outer`; errors that are not about
  // such references are returned.
  Result<bool> IsCorrelated(const LogicalPlan& plan, const Scope& outer);
  // A filter whose condition holds subquery predicates: correlated [NOT] EXISTS / [NOT] IN
  // conjuncts become left semi / anti joins, the rest a filter.
  Result<BoundPlanPtr> FilterWithSubqueries(const BoundPlanPtr& child, const ExprPtr& condition,
                                            const LogicalPlan& p);
  // Correlated scalar subqueries in `exprs` become left joins on the subquery grouped by its
  // correlation keys: returns `child` with one column appended per subquery (hidden from '*')
  // and rewrites `exprs` to refer to those columns. `child` itself when there are none.
  Result<BoundPlanPtr> DecorrelateScalars(const BoundPlanPtr& child, std::vector<ExprPtr>* exprs);
  // `outer` semi- (anti- when `negated`) joined with the correlated subquery of `e` (EXISTS or IN).
  Result<BoundPlanPtr> DecorrelatePredicate(const BoundPlanPtr& outer, const Expr& e, bool negated);
  std::shared_ptr<SubqueryResult> RegisterSubquery(const std::string& key, SubqueryResult::Kind kind,
                                                   BoundPlanPtr plan);
  bool IsUnresolvedColumnError(const Status& st) const;

 public:
  std::vector<std::shared_ptr<SubqueryResult>> subqueries_;  // in the order they must run

 private:
  std::map<std::string, std::shared_ptr<SubqueryResult>> subquery_cache_;
  std::vector<std::string> last_unresolved_;  // the name of the last UNRESOLVED_COLUMN error
  const ExecContext& ctx_;
  int view_depth_ = 0;
};

BoundPlanPtr Analyzer::ProjectBound(const BoundPlanPtr& child, std::vector<BoundPtr> exprs,
                                    std::vector<Attribute> attrs, const LogicalPlan* from) {
  auto p = NewNode(BoundPlanKind::kProject, {child}, from);
  p->exprs = std::move(exprs);
  p->output = std::move(attrs);
  return p;
}

Result<int> Analyzer::ResolveAttribute(const Expr& e, const Scope& s) {
  const auto& parts = e.name_parts;
  if (e.plan_id) {
    for (const BoundPlan* root : s.roots) {
      auto target = PlanIdOutput(root, *e.plan_id);
      if (!target) continue;
      // Resolve the name in the plan the column came from, then find that attribute here.
      std::vector<int64_t> ids;
      for (const auto& a : *target)
        if (NameEq(a.name, parts.back())) ids.push_back(a.id);
      for (int64_t id : ids)
        for (size_t i = 0; i < s.attrs.size(); ++i)
          if (s.attrs[i].id == id) return static_cast<int>(i);
      if (!ids.empty()) {
        std::string col = QuoteIdParts(parts);
        return AnalysisError("CANNOT_RESOLVE_DATAFRAME_COLUMN", "42704", {{"name", col}},
                             "Cannot resolve dataframe column " + col +
                                 ". It's probably because of illegal references like "
                                 "`df1.select(df2.col(\"a\"))`.");
      }
    }
  }
  std::vector<int> matches;
  if (parts.size() == 1) {
    for (size_t i = 0; i < s.attrs.size(); ++i)
      if (NameEq(s.attrs[i].name, parts[0])) matches.push_back(static_cast<int>(i));
  } else {
    // qualifier.name (the qualifier's last part must match)
    std::vector<std::string> qual(parts.begin(), parts.end() - 1);
    for (size_t i = 0; i < s.attrs.size(); ++i) {
      const Attribute& a = s.attrs[i];
      if (!NameEq(a.name, parts.back()) || a.qualifier.empty()) continue;
      bool ok = qual.size() <= a.qualifier.size();
      for (size_t k = 0; ok && k < qual.size(); ++k)
        ok = NameEq(qual[qual.size() - 1 - k], a.qualifier[a.qualifier.size() - 1 - k]);
      if (ok) matches.push_back(static_cast<int>(i));
    }
    if (matches.empty()) {
      // A column whose name itself contains dots.
      std::string joined = StrJoin(parts, ".");
      for (size_t i = 0; i < s.attrs.size(); ++i)
        if (NameEq(s.attrs[i].name, joined)) matches.push_back(static_cast<int>(i));
    }
  }
  if (matches.size() > 1) {
    // The same attribute reachable twice (e.g. a using-join key) is not ambiguous.
    bool same = true;
    for (int m : matches) same = same && s.attrs[m].id == s.attrs[matches[0]].id;
    if (!same) {
      std::string name = QuoteIdParts(parts);
      std::vector<std::string> refs;
      for (int m : matches) {
        std::vector<std::string> q = s.attrs[m].qualifier;
        q.push_back(s.attrs[m].name);
        refs.push_back(QuoteIdParts(q));
      }
      std::string list = "[" + StrJoin(refs, ", ") + "]";
      return AnalysisError("AMBIGUOUS_REFERENCE", "42704", {{"name", name}, {"referenceNames", list}},
                           "Reference " + name + " is ambiguous, could be: " + list + ".");
    }
  }
  if (matches.empty()) {
    std::vector<std::string> candidates;
    for (const auto& a : s.attrs) {
      std::vector<std::string> q = a.qualifier;
      q.push_back(a.name);
      candidates.push_back(StrJoin(q, "."));
    }
    last_unresolved_ = parts;
    return UnresolvedColumnError(parts, candidates);
  }
  return matches[0];
}

std::vector<int> Analyzer::ExpandStar(const Expr& e, const Scope& s, Status* st) {
  std::vector<int> out;
  if (e.plan_id) {
    for (const BoundPlan* root : s.roots) {
      auto target = PlanIdOutput(root, *e.plan_id);
      if (!target) continue;
      for (const auto& a : *target)
        for (size_t i = 0; i < s.attrs.size(); ++i)
          if (s.attrs[i].id == a.id) out.push_back(static_cast<int>(i));
      return out;
    }
  }
  if (e.name_parts.empty()) {
    for (size_t i = 0; i < s.attrs.size(); ++i) {
      const auto& q = s.attrs[i].qualifier;
      if (q.size() == 1 && q[0] == kHiddenQualifier) continue;  // added by the analyzer
      out.push_back(static_cast<int>(i));
    }
    return out;
  }
  for (size_t i = 0; i < s.attrs.size(); ++i) {
    const auto& q = s.attrs[i].qualifier;
    if (!q.empty() && NameEq(q.back(), e.name_parts.back())) out.push_back(static_cast<int>(i));
  }
  if (out.empty()) {
    std::string target = QuoteIdParts(e.name_parts);
    std::vector<std::string> cols;
    for (const auto& a : s.attrs) cols.push_back(QuoteId(a.name));
    *st = AnalysisError("CANNOT_RESOLVE_STAR_EXPAND", "42704",
                        {{"targetString", target}, {"columns", StrJoin(cols, ", ")}},
                        "Cannot resolve " + target + ".* given input columns " +
                            StrJoin(cols, ", ") + ".");
  }
  return out;
}

Result<std::vector<BoundPtr>> Analyzer::BindArgs(const Expr& e, const Scope& s) {
  std::vector<BoundPtr> args;
  for (const auto& c : e.children) {
    if (c->kind == ExprKind::kUnresolvedStar) {
      Status st;
      for (int i : ExpandStar(*c, s, &st))
        args.push_back(BoundColumn(i, s.attrs[i].type, s.attrs[i].nullable, s.attrs[i].name));
      RETURN_IF_ERROR(st);
      continue;
    }
    ASSIGN_OR_RETURN(BoundPtr b, Bind(c, s));
    args.push_back(b);
  }
  return args;
}

// Rejects malformed trees (missing children) before they are dereferenced.
Status CheckExprShape(const ExprPtr& ep) {
  if (!ep) return InvalidArgument("expression is missing");
  const Expr& e = *ep;
  size_t need = 0;
  switch (e.kind) {
    case ExprKind::kAlias:
    case ExprKind::kCast:
    case ExprKind::kSortOrder:
    case ExprKind::kWindow: need = 1; break;
    case ExprKind::kExtractValue: need = 2; break;
    case ExprKind::kUnresolvedAttribute:
      if (e.name_parts.empty()) return InvalidArgument("column reference without a name");
      break;
    case ExprKind::kScalarSubquery:
    case ExprKind::kExists:
    case ExprKind::kInSubquery:
      if (!e.subquery) return InvalidArgument("subquery expression without a plan");
      break;
    default: break;
  }
  if (e.children.size() < need)
    return InvalidArgument("malformed expression: kind ", static_cast<int>(e.kind), " needs ", need, " children");
  for (const auto& c : e.children)
    if (!c) return InvalidArgument("malformed expression: a child of '", e.name, "' is missing");
  for (const auto& c : e.partition_by)
    if (!c) return InvalidArgument("malformed window: a partition expression is missing");
  for (const auto& c : e.order_by)
    if (!c) return InvalidArgument("malformed window: an order expression is missing");
  return OkStatus();
}

Status CheckExprTree(const ExprPtr& ep) {
  RETURN_IF_ERROR(CheckExprShape(ep));
  for (const auto& c : ep->children) RETURN_IF_ERROR(CheckExprTree(c));
  for (const auto& c : ep->partition_by) RETURN_IF_ERROR(CheckExprTree(c));
  for (const auto& c : ep->order_by) RETURN_IF_ERROR(CheckExprTree(c));
  return OkStatus();
}

Result<BoundPtr> Analyzer::Bind(const ExprPtr& ep, const Scope& s) {
  RETURN_IF_ERROR(CheckExprShape(ep));
  const Expr& e = *ep;
  switch (e.kind) {
    case ExprKind::kLiteral: return BoundLiteral(e.value);
    case ExprKind::kUnresolvedAttribute: {
      auto r = ResolveAttribute(e, s);
      if (!r.ok() && s.outer && IsUnresolvedColumnError(r.status())) {
        // Inner columns win; only a name missing inside is an outer reference (as Spark).
        auto o = ResolveAttribute(e, *s.outer);
        if (o.ok()) {
          const Attribute& a = s.outer->attrs[*o];
          return BoundColumn(static_cast<int>(s.attrs.size()) + *o, a.type, a.nullable, a.name);
        }
      }
      if (!r.ok()) return r.status();
      int i = *r;
      return BoundColumn(i, s.attrs[i].type, s.attrs[i].nullable, s.attrs[i].name);
    }
    case ExprKind::kUnresolvedStar:
      return InvalidArgument("'*' is only allowed in a select list or as a function argument");
    case ExprKind::kAlias: {
      ASSIGN_OR_RETURN(BoundPtr c, Bind(e.children[0], s));
      return c;
    }
    case ExprKind::kCast: {
      ASSIGN_OR_RETURN(BoundPtr c, Bind(e.children[0], s));
      const DataType& to = e.cast_type;
      const DataType& from = c->type;
      bool ok = from.id == TypeId::kNull || from == to || to.id == TypeId::kString ||
                from.id == TypeId::kString ||
                ((from.is_numeric() || from.id == TypeId::kBool) && (to.is_numeric() || to.id == TypeId::kBool)) ||
                ((from.id == TypeId::kDate32 || from.id == TypeId::kTimestamp) &&
                 (to.id == TypeId::kDate32 || to.id == TypeId::kTimestamp)) ||
                (from.is_numeric() && to.id == TypeId::kTimestamp) ||
                (from.id == TypeId::kTimestamp && to.is_numeric()) ||
                (from.id == TypeId::kList && to.id == TypeId::kList);
      if (!ok) {
        std::string sql = "CAST(" + c->sql + " AS " + SqlTypeName(to) + ")";
        return DataTypeMismatchError(
            "CAST_WITHOUT_SUGGESTION", DQuote(sql),
            {{"srcType", DQuote(SqlTypeName(from))}, {"targetType", DQuote(SqlTypeName(to))}},
            "cannot cast " + DQuote(SqlTypeName(from)) + " to " + DQuote(SqlTypeName(to)) + ".");
      }
      return CastTo(c, to, /*implicit=*/false);
    }
    case ExprKind::kUnresolvedFunction: {
      std::string name = ToLower(e.name);
      if (IsAggregateFunction(name) && !FunctionRegistry::Get().Find(name)) {
        std::string sql = e.DebugString();
        return AnalysisError("UNSUPPORTED_EXPR_FOR_OPERATOR", "42K0E", {},
                             "Aggregate function " + name +
                                 " is only allowed in an aggregation (select, agg) or a window.");
      }
      ASSIGN_OR_RETURN(auto args, BindArgs(e, s));
      return ResolveScalarFunction(name, std::move(args));
    }
    case ExprKind::kSortOrder: return Bind(e.children[0], s);
    case ExprKind::kExpressionString: {
      if (!g_parse_expression) return Unimplemented("SQL expression strings need the SQL parser: ", e.name);
      ASSIGN_OR_RETURN(ExprPtr parsed, g_parse_expression(e.name));
      return Bind(parsed, s);
    }
    case ExprKind::kWindow:
      return AnalysisError("UNSUPPORTED_EXPR_FOR_OPERATOR", "42K0E", {},
                           "A window expression is only allowed in select / withColumn lists.");
    case ExprKind::kExtractValue: {
      ASSIGN_OR_RETURN(BoundPtr c, Bind(e.children[0], s));
      ASSIGN_OR_RETURN(BoundPtr k, Bind(e.children[1], s));
      if (c->type.id == TypeId::kList) {
        // arr[i] is 0-based in Spark's extract syntax.
        BoundPtr one = BoundLiteral(Value::Int32(1));
        ASSIGN_OR_RETURN(BoundPtr idx, ResolveScalarFunction("+", {CastTo(k, DataType::Int32()), one}));
        ASSIGN_OR_RETURN(BoundPtr out, ResolveScalarFunction("element_at", {c, idx}));
        auto copy = std::make_shared<BoundExpr>(*out);
        copy->sql = c->sql + "[" + k->sql + "]";
        return BoundPtr(copy);
      }
      return Unimplemented("field extraction from ", SqlTypeName(c->type));
    }
    case ExprKind::kScalarSubquery:
    case ExprKind::kExists:
    case ExprKind::kInSubquery: return BindSubquery(e, s);
  }
  return Internal("unknown expression kind");
}

Status Analyzer::BindNamed(const ExprPtr& ep, const Scope& s, std::vector<BoundPtr>* exprs,
                           std::vector<Attribute>* attrs) {
  const Expr& e = *ep;
  if (e.kind == ExprKind::kUnresolvedStar) {
    Status st;
    for (int i : ExpandStar(e, s, &st)) {
      exprs->push_back(BoundColumn(i, s.attrs[i].type, s.attrs[i].nullable, s.attrs[i].name));
      attrs->push_back(s.attrs[i]);
    }
    return st;
  }
  ASSIGN_OR_RETURN(BoundPtr b, Bind(ep, s));
  exprs->push_back(b);
  if (e.kind == ExprKind::kAlias) {
    attrs->push_back(Attribute{e.name, b->type, b->nullable, NewId(), {}});
  } else if (b->kind == BoundKind::kColumn && e.kind == ExprKind::kUnresolvedAttribute) {
    attrs->push_back(s.attrs[b->column]);  // a plain column keeps its identity
  } else if (e.kind == ExprKind::kCast && !e.children.empty() && e.children[0] &&
             e.children[0]->kind == ExprKind::kUnresolvedAttribute) {
    // Spark names an unaliased cast of a column after the column (ResolveAliases:
    // Cast(ne: NamedExpression) => Alias(cast, ne.name)).
    auto child = Bind(e.children[0], s);
    std::string name = child.ok() && (*child)->kind == BoundKind::kColumn
                           ? s.attrs[(*child)->column].name
                           : b->sql;
    attrs->push_back(Attribute{name, b->type, b->nullable, NewId(), {}});
  } else {
    attrs->push_back(Attribute{b->sql, b->type, b->nullable, NewId(), {}});
  }
  return OkStatus();
}

Result<BoundPtr> Analyzer::BindAgg(const ExprPtr& ep, AggBuild& b) {
  const Expr& e = *ep;
  int ngroups = static_cast<int>(b.groups.size());
  if (e.kind == ExprKind::kUnresolvedFunction && IsAggregateFunction(e.name)) {
    std::vector<BoundPtr> args;
    std::string lname = ToLower(e.name);
    for (const auto& c : e.children) {
      if (c->kind == ExprKind::kUnresolvedStar && (lname == "count" || lname == "countdistinct" || lname == "count_distinct") && e.children.size() == 1 && !e.is_distinct) {
        args.push_back(BoundLiteral(Value::Int32(1)));  // Spark rewrites count(*) to count(1)
        continue;
      }
      if (c->kind == ExprKind::kUnresolvedStar) {
        Status st;
        for (int i : ExpandStar(*c, *b.input, &st))
          args.push_back(BoundColumn(i, b.input->attrs[i].type, b.input->attrs[i].nullable, b.input->attrs[i].name));
        RETURN_IF_ERROR(st);
        continue;
      }
      if (ContainsAggregate(*c)) {
        return AnalysisError("NESTED_AGGREGATE_FUNCTION", "42607", {},
                             "It is not allowed to use an aggregate function in the argument of "
                             "another aggregate function. Please use the inner aggregate function "
                             "in a sub-query.");
      }
      ASSIGN_OR_RETURN(BoundPtr a, Bind(c, *b.input));
      args.push_back(a);
    }
    ASSIGN_OR_RETURN(BoundAggregate agg, ResolveAggregate(lname, std::move(args), e.is_distinct));
    int idx = ngroups + static_cast<int>(b.aggs.size());
    BoundPtr ref = BoundColumn(idx, agg.type, agg.nullable, agg.sql);
    b.aggs.push_back(std::move(agg));
    return ref;
  }
  if (e.kind == ExprKind::kAlias || e.kind == ExprKind::kSortOrder) return BindAgg(e.children[0], b);
  if (!ContainsAggregate(e)) {
    ASSIGN_OR_RETURN(BoundPtr full, Bind(ep, *b.input));
    std::string fp = Fingerprint(*full);
    for (int g = 0; g < ngroups; ++g)
      if (b.group_fps[g] == fp) return BoundColumn(g, full->type, full->nullable, full->sql);
    if (full->kind == BoundKind::kLiteral) return full;
    if (full->kind == BoundKind::kColumn) return MissingAggregation(full->sql);
    bool no_columns = full->args.empty() && full->kind == BoundKind::kCall;
    if (no_columns) return full;  // e.g. current_date()
  }
  switch (e.kind) {
    case ExprKind::kCast: {
      ASSIGN_OR_RETURN(BoundPtr c, BindAgg(e.children[0], b));
      return CastTo(c, e.cast_type, false);
    }
    case ExprKind::kUnresolvedFunction: {
      std::vector<BoundPtr> args;
      for (const auto& c : e.children) {
        ASSIGN_OR_RETURN(BoundPtr a, BindAgg(c, b));
        args.push_back(a);
      }
      return ResolveScalarFunction(ToLower(e.name), std::move(args));
    }
    default: {
      ASSIGN_OR_RETURN(BoundPtr full, Bind(ep, *b.input));
      return MissingAggregation(full->sql);
    }
  }
}

Result<BoundPlanPtr> Analyzer::BuildAggregate(const BoundPlanPtr& child,
                                              const std::vector<ExprPtr>& grouping,
                                              const std::vector<ExprPtr>& aggregates,
                                              GroupType type, bool include_groups,
                                              const LogicalPlan* from) {
  Scope in = ScopeOf(child);
  AggBuild b{&in, {}, {}, {}};
  std::vector<Attribute> group_attrs;
  for (const auto& g : grouping) {
    if (g->kind == ExprKind::kUnresolvedStar) {
      Status st;
      for (int i : ExpandStar(*g, in, &st)) {
        b.groups.push_back(BoundColumn(i, in.attrs[i].type, in.attrs[i].nullable, in.attrs[i].name));
        b.group_fps.push_back(Fingerprint(*b.groups.back()));
        group_attrs.push_back(in.attrs[i]);
      }
      RETURN_IF_ERROR(st);
      continue;
    }
    ASSIGN_OR_RETURN(BoundPtr e, Bind(g, in));
    b.groups.push_back(e);
    b.group_fps.push_back(Fingerprint(*e));
    if (g->kind == ExprKind::kAlias) group_attrs.push_back(Attribute{g->name, e->type, e->nullable, NewId(), {}});
    else if (e->kind == BoundKind::kColumn) group_attrs.push_back(in.attrs[e->column]);
    else group_attrs.push_back(Attribute{e->sql, e->type, e->nullable, NewId(), {}});
  }
  bool sets = type != GroupType::kGroupBy;
  if (sets) {
    for (auto& a : group_attrs) {
      a.nullable = true;
      a.id = NewId();  // a rolled-up column is not the input column any more
    }
  }
  // Final projection over [groups..., aggs...].
  std::vector<BoundPtr> final_exprs;
  std::vector<Attribute> final_attrs;
  if (include_groups) {
    for (size_t g = 0; g < b.groups.size(); ++g) {
      final_exprs.push_back(BoundColumn(static_cast<int>(g), group_attrs[g].type, group_attrs[g].nullable, group_attrs[g].name));
      final_attrs.push_back(group_attrs[g]);
    }
  }
  for (const auto& a : aggregates) {
    if (a->kind == ExprKind::kUnresolvedStar) {
      for (size_t g = 0; g < b.groups.size(); ++g) {
        final_exprs.push_back(BoundColumn(static_cast<int>(g), group_attrs[g].type, group_attrs[g].nullable, group_attrs[g].name));
        final_attrs.push_back(group_attrs[g]);
      }
      continue;
    }
    ASSIGN_OR_RETURN(BoundPtr e, BindAgg(a, b));
    final_exprs.push_back(e);
    if (a->kind == ExprKind::kAlias) {
      final_attrs.push_back(Attribute{a->name, e->type, e->nullable, NewId(), {}});
    } else if (e->kind == BoundKind::kColumn && e->column < static_cast<int>(b.groups.size()) &&
               a->kind == ExprKind::kUnresolvedAttribute) {
      final_attrs.push_back(group_attrs[e->column]);
    } else {
      final_attrs.push_back(Attribute{e->sql, e->type, e->nullable, NewId(), {}});
    }
  }
  auto agg = NewNode(BoundPlanKind::kAggregate, {child}, nullptr);
  agg->group_exprs = b.groups;
  agg->aggs = b.aggs;
  for (size_t g = 0; g < b.groups.size(); ++g) agg->output.push_back(group_attrs[g]);
  for (const auto& a : b.aggs) agg->output.push_back(Attribute{a.sql, a.type, a.nullable, NewId(), {}});
  if (sets) {
    size_t k = b.groups.size();
    if (type == GroupType::kRollup) {
      for (size_t keep = k + 1; keep-- > 0;) {
        std::vector<bool> s(k, false);
        for (size_t i = 0; i < keep; ++i) s[i] = true;
        agg->grouping_sets.push_back(s);
      }
    } else {
      for (int64_t mask = (int64_t{1} << k) - 1; mask >= 0; --mask) {
        std::vector<bool> s(k);
        for (size_t i = 0; i < k; ++i) s[i] = (mask >> (k - 1 - i)) & 1;
        agg->grouping_sets.push_back(s);
      }
    }
  }
  return ProjectBound(agg, std::move(final_exprs), std::move(final_attrs), from);
}

Result<BoundWindow> Analyzer::BindWindowExpr(const Expr& e, const Scope& s) {
  BoundWindow w;
  const Expr& fn = *e.children[0];
  if (fn.kind != ExprKind::kUnresolvedFunction)
    return InvalidArgument("a window expression needs a function, got ", fn.DebugString());
  std::string name = ToLower(fn.name);
  for (const auto& p : e.partition_by) {
    ASSIGN_OR_RETURN(BoundPtr b, Bind(p, s));
    w.partition_by.push_back(b);
  }
  std::vector<std::string> order_sql;
  for (const auto& o : e.order_by) {
    bool asc = true, nf = true;
    if (o->kind == ExprKind::kSortOrder) {
      asc = o->ascending;
      nf = o->nulls_first;
    }
    ASSIGN_OR_RETURN(BoundPtr b, Bind(o, s));
    w.order_by.push_back(b);
    w.ascending.push_back(asc);
    w.nulls_first.push_back(nf);
    order_sql.push_back(b->sql + (asc ? " ASC" : " DESC") + (nf ? " NULLS FIRST" : " NULLS LAST"));
  }
  std::string fn_sql;
  bool ranking = true;
  if (name == "row_number") {
    w.kind = WindowFnKind::kRowNumber;
    fn_sql = "row_number()";
    w.type = DataType::Int32();
    w.nullable = false;
  } else if (name == "rank" || name == "dense_rank" || name == "percent_rank") {
    w.kind = name == "rank" ? WindowFnKind::kRank : name == "dense_rank" ? WindowFnKind::kDenseRank : WindowFnKind::kPercentRank;
    fn_sql = ToUpper(name) + "()";
    w.type = name == "percent_rank" ? DataType::Float64() : DataType::Int32();
    w.nullable = false;
  } else if (name == "cume_dist") {
    w.kind = WindowFnKind::kCumeDist;
    fn_sql = "cume_dist()";
    w.type = DataType::Float64();
    w.nullable = false;
  } else if (name == "ntile") {
    w.kind = WindowFnKind::kNtile;
    if (fn.children.size() != 1 || fn.children[0]->kind != ExprKind::kLiteral || fn.children[0]->value.is_null())
      return InvalidArgument("ntile needs one integer literal argument");
    w.offset = fn.children[0]->value.as_int();
    fn_sql = "ntile(" + fn.children[0]->value.ToPrettyString() + ")";
    w.type = DataType::Int32();
    w.nullable = false;
  } else if (name == "lag" || name == "lead") {
    w.kind = name == "lag" ? WindowFnKind::kLag : WindowFnKind::kLead;
    if (fn.children.empty()) return InvalidArgument(name, " needs a column");
    ASSIGN_OR_RETURN(BoundPtr v, Bind(fn.children[0], s));
    w.args.push_back(v);
    if (fn.children.size() > 1) {
      if (fn.children[1]->kind != ExprKind::kLiteral) return InvalidArgument(name, " offset must be a literal");
      w.offset = fn.children[1]->value.as_int();
    }
    BoundPtr def = BoundLiteral(Value::Null());
    if (fn.children.size() > 2) {
      ASSIGN_OR_RETURN(def, Bind(fn.children[2], s));
      if (def->kind != BoundKind::kLiteral) return InvalidArgument(name, " default must be a literal");
    }
    auto t = CommonType(v->type, def->type);
    if (!t) return InvalidArgument(name, " default value type does not match the column");
    w.args[0] = CastTo(v, *t);
    w.default_value = CastTo(def, *t)->value;
    w.type = *t;
    fn_sql = name + "(" + v->sql + ", " + std::to_string(w.offset) + ", " + def->sql + ")";
    int64_t off = name == "lag" ? -w.offset : w.offset;
    w.is_rows = true;
    w.lower = w.upper = off;
  } else if (IsAggregateFunction(name)) {
    ranking = false;
    std::vector<BoundPtr> args;
    for (const auto& c : fn.children) {
      if (c->kind == ExprKind::kUnresolvedStar && name == "count") {
        args.push_back(BoundLiteral(Value::Int32(1)));
        continue;
      }
      ASSIGN_OR_RETURN(BoundPtr a, Bind(c, s));
      args.push_back(a);
    }
    ASSIGN_OR_RETURN(w.agg, ResolveAggregate(name, std::move(args), fn.is_distinct));
    w.kind = WindowFnKind::kAggregate;
    w.type = w.agg.type;
    w.nullable = w.agg.nullable;
    fn_sql = w.agg.sql;
  } else {
    return UnresolvedRoutineError(fn.name);
  }
  if (w.kind != WindowFnKind::kLag && w.kind != WindowFnKind::kLead) {
    if (e.frame && !ranking) {
      w.is_rows = e.frame->is_rows;
      w.lower = e.frame->lower;
      w.upper = e.frame->upper;
    } else if (ranking) {
      w.is_rows = true;
      w.lower = INT64_MIN;
      w.upper = 0;
    } else if (!w.order_by.empty()) {
      w.is_rows = false;  // Spark's default frame with ORDER BY: RANGE ... CURRENT ROW
      w.lower = INT64_MIN;
      w.upper = 0;
    } else {
      w.is_rows = true;
      w.lower = INT64_MIN;
      w.upper = INT64_MAX;
    }
    if (!w.is_rows && ((w.lower != INT64_MIN && w.lower != 0) || (w.upper != INT64_MAX && w.upper != 0)))
      return Unimplemented("RANGE window frames with offsets are not supported yet");
  }
  std::vector<std::string> spec;
  if (!w.partition_by.empty()) {
    std::vector<std::string> parts;
    for (const auto& b : w.partition_by) parts.push_back(b->sql);
    spec.push_back("PARTITION BY " + StrJoin(parts, ", "));
  }
  if (!order_sql.empty()) spec.push_back("ORDER BY " + StrJoin(order_sql, ", "));
  spec.push_back(std::string(w.is_rows ? "ROWS" : "RANGE") + " BETWEEN " + BoundarySql(w.lower, true) +
                 " AND " + BoundarySql(w.upper, false));
  w.sql = fn_sql + " OVER (" + StrJoin(spec, " ") + ")";
  return w;
}

Result<BoundPtr> Analyzer::BindWin(const ExprPtr& ep, const Scope& s, std::vector<BoundWindow>* wins) {
  const Expr& e = *ep;
  int width = static_cast<int>(s.attrs.size());
  if (e.kind == ExprKind::kWindow) {
    ASSIGN_OR_RETURN(BoundWindow w, BindWindowExpr(e, s));
    int idx = width + static_cast<int>(wins->size());
    BoundPtr ref = BoundColumn(idx, w.type, w.nullable, w.sql);
    wins->push_back(std::move(w));
    return ref;
  }
  if (!ContainsWindow(e)) return Bind(ep, s);
  switch (e.kind) {
    case ExprKind::kAlias: return BindWin(e.children[0], s, wins);
    case ExprKind::kCast: {
      ASSIGN_OR_RETURN(BoundPtr c, BindWin(e.children[0], s, wins));
      return CastTo(c, e.cast_type, false);
    }
    case ExprKind::kUnresolvedFunction: {
      std::vector<BoundPtr> args;
      for (const auto& c : e.children) {
        ASSIGN_OR_RETURN(BoundPtr a, BindWin(c, s, wins));
        args.push_back(a);
      }
      return ResolveScalarFunction(ToLower(e.name), std::move(args));
    }
    default: return Unimplemented("window expression inside ", e.DebugString());
  }
}

Result<BoundPlanPtr> Analyzer::WindowProject(const BoundPlanPtr& child, const std::vector<ExprPtr>& exprs,
                                             const std::vector<std::string>* names,
                                             const LogicalPlan* from) {
  Scope s = ScopeOf(child);
  std::vector<BoundWindow> wins;
  std::vector<BoundPtr> bound;
  std::vector<Attribute> attrs;
  for (size_t i = 0; i < exprs.size(); ++i) {
    const ExprPtr& e = exprs[i];
    if (!e) {  // withColumns: an unchanged input column
      const Attribute& a = child->output[i];
      bound.push_back(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name));
      attrs.push_back(a);
      continue;
    }
    if (e->kind == ExprKind::kUnresolvedStar) {
      RETURN_IF_ERROR(BindNamed(e, s, &bound, &attrs));
      continue;
    }
    ASSIGN_OR_RETURN(BoundPtr b, BindWin(e, s, &wins));
    bound.push_back(b);
    std::string name = names ? (*names)[i] : e->kind == ExprKind::kAlias ? e->name : b->sql;
    if (!names && b->kind == BoundKind::kColumn && e->kind == ExprKind::kUnresolvedAttribute)
      attrs.push_back(s.attrs[b->column]);
    else
      attrs.push_back(Attribute{name, b->type, b->nullable, NewId(), {}});
  }
  auto win = NewNode(BoundPlanKind::kWindow, {child}, nullptr);
  win->output = child->output;
  for (const auto& w : wins) win->output.push_back(Attribute{w.sql, w.type, w.nullable, NewId(), {}});
  win->windows = std::move(wins);
  return ProjectBound(win, std::move(bound), std::move(attrs), from);
}

Result<BoundPlanPtr> Analyzer::GenerateProject(const BoundPlanPtr& child,
                                               const std::vector<ExprPtr>& exprs,
                                               const std::vector<std::string>* names,
                                               const LogicalPlan* from) {
  Scope s = ScopeOf(child);
  int gen_at = -1;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (exprs[i] && GeneratorOf(*exprs[i])) {
      if (gen_at >= 0) {
        return AnalysisError("UNSUPPORTED_GENERATOR.MULTI_GENERATOR", "42K0E", {{"clause", "SELECT"}, {"num", "2"}},
                             "Only one generator allowed per SELECT clause but found 2.");
      }
      gen_at = static_cast<int>(i);
    }
  }
  const Expr& g = *GeneratorOf(*exprs[gen_at]);
  std::string gname = ToLower(g.name);
  if (g.children.size() != 1) return InvalidArgument(gname, " takes one argument");
  ASSIGN_OR_RETURN(BoundPtr arr, Bind(g.children[0], s));
  if (arr->type.id != TypeId::kList) {
    return DataTypeMismatchError("UNEXPECTED_INPUT_TYPE", DQuote(gname + "(" + arr->sql + ")"),
                                 {{"paramIndex", "first"}, {"requiredType", "(\"ARRAY\" or \"MAP\")"},
                                  {"inputSql", DQuote(arr->sql)}, {"inputType", DQuote(SqlTypeName(arr->type))}},
                                 "The first parameter requires the (\"ARRAY\" or \"MAP\") type, however " +
                                     DQuote(arr->sql) + " has the type " + DQuote(SqlTypeName(arr->type)) + ".");
  }
  auto gen = NewNode(BoundPlanKind::kGenerate, {child}, nullptr);
  gen->exprs = {arr};
  gen->outer = gname.find("outer") != std::string::npos;
  gen->with_position = gname.rfind("pos", 0) == 0;
  gen->output = child->output;
  int width = static_cast<int>(child->output.size());
  // Spark names the generated columns "pos" and "col" unless aliased.
  std::vector<std::string> gen_names;
  if (names) gen_names = {(*names)[gen_at]};
  else if (exprs[gen_at]->kind == ExprKind::kAlias) gen_names = {exprs[gen_at]->name};
  if (gen->with_position && gen_names.size() == 1 && !names) gen_names = {"pos", gen_names[0]};
  if (gen_names.empty()) gen_names = gen->with_position ? std::vector<std::string>{"pos", "col"} : std::vector<std::string>{"col"};
  if (gen->with_position && gen_names.size() == 1) gen_names.insert(gen_names.begin(), "pos");
  if (gen->with_position) gen->output.push_back(Attribute{gen_names[0], DataType::Int32(), gen->outer, NewId(), {}});
  gen->output.push_back(Attribute{gen_names.back(), *arr->type.element, true, NewId(), {}});
  std::vector<BoundPtr> bound;
  std::vector<Attribute> attrs;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (static_cast<int>(i) == gen_at) {
      for (size_t k = width; k < gen->output.size(); ++k) {
        const Attribute& a = gen->output[k];
        bound.push_back(BoundColumn(static_cast<int>(k), a.type, a.nullable, a.name));
        attrs.push_back(a);
      }
      continue;
    }
    if (!exprs[i]) {
      const Attribute& a = child->output[i];
      bound.push_back(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name));
      attrs.push_back(a);
      continue;
    }
    size_t before = attrs.size();
    RETURN_IF_ERROR(BindNamed(exprs[i], s, &bound, &attrs));
    if (names && attrs.size() == before + 1) {
      attrs.back().name = (*names)[i];
      attrs.back().id = NewId();
    }
  }
  return ProjectBound(gen, std::move(bound), std::move(attrs), from);
}

Result<BoundPlanPtr> Analyzer::Project(const BoundPlanPtr& child, const std::vector<ExprPtr>& exprs,
                                       const LogicalPlan* from) {
  bool has_agg = false;
  for (const auto& e : exprs) has_agg = has_agg || ContainsAggregate(*e);
  if (has_agg) return BuildAggregate(child, {}, exprs, GroupType::kGroupBy, false, from);
  bool has_win = false;
  for (const auto& e : exprs) has_win = has_win || ContainsWindow(*e);
  if (has_win) return WindowProject(child, exprs, nullptr, from);
  for (const auto& e : exprs)
    if (GeneratorOf(*e)) return GenerateProject(child, exprs, nullptr, from);
  Scope s = ScopeOf(child);
  std::vector<BoundPtr> bound;
  std::vector<Attribute> attrs;
  for (const auto& e : exprs) RETURN_IF_ERROR(BindNamed(e, s, &bound, &attrs));
  return ProjectBound(child, std::move(bound), std::move(attrs), from);
}

Result<int> Analyzer::ColumnByName(const BoundPlanPtr& plan, const std::string& name) {
  Scope s = ScopeOf(plan);
  Expr e;
  e.kind = ExprKind::kUnresolvedAttribute;
  e.name_parts = {name};
  return ResolveAttribute(e, s);
}

// Collects the batch columns referenced by `e`.
void ColumnsOf(const BoundExpr& e, std::set<int>* out) {
  if (e.kind == BoundKind::kColumn) out->insert(e.column);
  for (const auto& a : e.args) ColumnsOf(*a, out);
}

// A copy of `e` with column indices shifted by `delta`.
BoundPtr Rebase(const BoundPtr& e, int delta) {
  if (e->kind == BoundKind::kLiteral) return e;
  auto c = std::make_shared<BoundExpr>(*e);
  if (c->kind == BoundKind::kColumn) c->column += delta;
  for (auto& a : c->args) a = Rebase(a, delta);
  return c;
}

void SplitConjuncts(const BoundPtr& e, std::vector<BoundPtr>* out) {
  if (e->kind == BoundKind::kCall && e->fn == "and") {
    SplitConjuncts(e->args[0], out);
    SplitConjuncts(e->args[1], out);
  } else {
    out->push_back(e);
  }
}

// Equalities between one side and the other (over left ++ right, the left `lw` columns wide)
// become hash keys of `node`; the rest is a residual filter evaluated on candidate pairs.
Status SetJoinCondition(const BoundPtr& cond, int lw, BoundPlan* node) {
  std::vector<BoundPtr> conj, residual;
  SplitConjuncts(cond, &conj);
  for (const auto& c : conj) {
    if (c->kind == BoundKind::kCall && (c->fn == "=" || c->fn == "<=>") && c->args.size() == 2) {
      bool ns = c->fn == "<=>";
      std::set<int> a, b;
      ColumnsOf(*c->args[0], &a);
      ColumnsOf(*c->args[1], &b);
      auto all_left = [&](const std::set<int>& s) { return !s.empty() && *s.rbegin() < lw; };
      auto all_right = [&](const std::set<int>& s) { return !s.empty() && *s.begin() >= lw; };
      if (all_left(a) && all_right(b)) {
        node->left_keys.push_back(c->args[0]);
        node->right_keys.push_back(Rebase(c->args[1], -lw));
        node->null_safe.push_back(ns);
        continue;
      }
      if (all_right(a) && all_left(b)) {
        node->left_keys.push_back(c->args[1]);
        node->right_keys.push_back(Rebase(c->args[0], -lw));
        node->null_safe.push_back(ns);
        continue;
      }
    }
    residual.push_back(c);
  }
  BoundPtr res;
  for (const auto& r : residual) {
    if (!res) {
      res = r;
    } else {
      ASSIGN_OR_RETURN(res, ResolveScalarFunction("and", {res, r}));
    }
  }
  node->condition = res;
  return OkStatus();
}

Result<BoundPlanPtr> Analyzer::FilterNode(const BoundPlanPtr& c, const ExprPtr& condition,
                                          const LogicalPlan* from) {
  Scope s = ScopeOf(c);
  ASSIGN_OR_RETURN(BoundPtr cond, Bind(condition, s));
  if (cond->type.id != TypeId::kBool) {
    if (cond->type.id == TypeId::kNull) {
      cond = CastTo(cond, DataType::Bool());
    } else {
      return AnalysisError("DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN", "42K09",
                           {{"sqlExpr", DQuote(cond->sql)}, {"filter", DQuote(cond->sql)}, {"type", DQuote(SqlTypeName(cond->type))}},
                           "Cannot resolve " + DQuote(cond->sql) + " due to data type mismatch: Filter expression " +
                               DQuote(cond->sql) + " of type " + DQuote(SqlTypeName(cond->type)) + " is not a boolean.");
    }
  }
  auto node = NewNode(BoundPlanKind::kFilter, {c}, from);
  node->condition = cond;
  node->output = c->output;
  return BoundPlanPtr(node);
}

// ---- Subqueries ----

bool Analyzer::IsUnresolvedColumnError(const Status& st) const {
  const ErrorDetails* d = st.details();
  return d != nullptr && d->error_class.rfind("UNRESOLVED_COLUMN", 0) == 0;
}

std::shared_ptr<SubqueryResult> Analyzer::RegisterSubquery(const std::string& key,
                                                           SubqueryResult::Kind kind,
                                                           BoundPlanPtr plan) {
  auto it = subquery_cache_.find(key);
  if (it != subquery_cache_.end()) return it->second;
  auto r = std::make_shared<SubqueryResult>();
  r->kind = kind;
  r->plan = std::move(plan);
  subqueries_.push_back(r);
  subquery_cache_[key] = r;
  return r;
}

// The key of a subquery plan for RegisterSubquery: the same parsed subquery analyzed twice
// (analysis sometimes binds an expression more than once) runs once.
std::string PlanKey(const char* kind, const LogicalPlan* plan) {
  return std::string(kind) + std::to_string(reinterpret_cast<uintptr_t>(plan));
}

Result<BoundPlanPtr> Analyzer::AnalyzeUncorrelated(const Expr& e, const Scope& s, const char* where) {
  auto r = Analyze(*e.subquery);
  if (r.ok() || !IsUnresolvedColumnError(r.status()) || last_unresolved_.empty()) return r;
  Status failure = r.status();
  Expr probe;
  probe.kind = ExprKind::kUnresolvedAttribute;
  probe.name_parts = last_unresolved_;
  for (const Scope* sc = &s; sc; sc = sc->outer) {
    if (ResolveAttribute(probe, *sc).ok()) {
      return Unimplemented("correlated subqueries are supported as [NOT] EXISTS / [NOT] IN "
                           "conditions of WHERE (joined by AND), not ", where,
                           " (the subquery refers to the outer column ",
                           QuoteIdParts(probe.name_parts), ")");
    }
  }
  return failure;
}

Result<BoundPtr> Analyzer::BindSubquery(const Expr& e, const Scope& s) {
  if (!e.subquery) return InvalidArgument("subquery expression without a plan");
  switch (e.kind) {
    case ExprKind::kScalarSubquery: {
      ASSIGN_OR_RETURN(BoundPlanPtr q, AnalyzeUncorrelated(e, s, "in this position"));
      if (q->output.size() != 1) {
        std::string n = std::to_string(q->output.size());
        return AnalysisError(
            "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
            "42823", {{"number", n}},
            "Invalid subquery: Scalar subquery must return only one column, but got " + n + ".");
      }
      // Two rows are enough to know the subquery is not scalar.
      auto lim = NewNode(BoundPlanKind::kLimit, {q}, nullptr);
      lim->n = 2;
      lim->output = q->output;
      auto r = RegisterSubquery(PlanKey("scalar", e.subquery.get()), SubqueryResult::Kind::kScalar, lim);
      // Spark names an unaliased scalar subquery scalarsubquery() (its outer references inside).
      return ScalarSubqueryExpr(r, q->output[0].type, "scalarsubquery()");
    }
    case ExprKind::kExists: {
      ASSIGN_OR_RETURN(BoundPlanPtr q, AnalyzeUncorrelated(e, s, "in this position"));
      auto lim = NewNode(BoundPlanKind::kLimit, {q}, nullptr);
      lim->n = 1;
      lim->output = q->output;
      auto r = RegisterSubquery(PlanKey("exists", e.subquery.get()), SubqueryResult::Kind::kExists, lim);
      return ExistsExpr(r, "exists()");
    }
    case ExprKind::kInSubquery: {
      ASSIGN_OR_RETURN(BoundPlanPtr q, AnalyzeUncorrelated(e, s, "in this position"));
      std::vector<BoundPtr> values;
      for (const auto& c : e.children) {
        ASSIGN_OR_RETURN(BoundPtr v, Bind(c, s));
        values.push_back(v);
      }
      std::vector<std::string> vsql;
      for (const auto& v : values) vsql.push_back(v->sql);
      std::string value_sql = vsql.size() == 1 ? vsql[0] : "named_struct(" + [&] {
        std::vector<std::string> parts;
        for (const auto& x : vsql) parts.push_back("'" + x + "', " + x);
        return StrJoin(parts, ", ");
      }() + ")";
      std::string sql = "(" + value_sql + " IN (listquery()))";
      if (values.size() != q->output.size()) {
        std::vector<std::string> rcols;
        for (const auto& a : q->output) rcols.push_back(QuoteId(a.name));
        std::string ln = std::to_string(values.size()), rn = std::to_string(q->output.size());
        return DataTypeMismatchError(
            "IN_SUBQUERY_LENGTH_MISMATCH", DQuote(sql),
            {{"leftLength", ln}, {"leftColumns", StrJoin(vsql, ", ")}, {"rightLength", rn},
             {"rightColumns", StrJoin(rcols, ", ")}},
            "The number of columns in the left hand side of an IN subquery does not match the "
            "number of columns in the output of subquery. Left hand side columns(length: " +
                ln + "): [" + StrJoin(vsql, ", ") + "], right hand side columns(length: " + rn +
                "): [" + StrJoin(rcols, ", ") + "].");
      }
      // Both sides are compared in their common type: cast the values, and the subquery's
      // columns through a projection.
      std::vector<BoundPtr> cols;
      std::vector<Attribute> attrs;
      std::string key = PlanKey("in", e.subquery.get());
      bool cast_right = false;
      for (size_t i = 0; i < values.size(); ++i) {
        const Attribute& a = q->output[i];
        auto t = CommonType(values[i]->type, a.type);
        if (!t) {
          return DataTypeMismatchError(
              "IN_SUBQUERY_DATA_TYPE_MISMATCH", DQuote(sql),
              {{"mismatchedColumns", "(" + values[i]->sql + ":" + SqlTypeName(values[i]->type) +
                                         ", " + a.name + ":" + SqlTypeName(a.type) + ")"}},
              "The data type of one or more elements in the left hand side of an IN subquery is "
              "not compatible with the data type of the output of the subquery.");
        }
        values[i] = CastTo(values[i], *t);
        cast_right = cast_right || a.type != *t;
        cols.push_back(CastTo(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name), *t));
        attrs.push_back(Attribute{a.name, *t, a.nullable, NewId(), {}});
        key += ":" + t->ToString();
      }
      BoundPlanPtr right = cast_right ? ProjectBound(q, std::move(cols), std::move(attrs), nullptr) : q;
      auto r = RegisterSubquery(key, SubqueryResult::Kind::kIn, right);
      return InSubqueryExpr(r, std::move(values), sql);
    }
    default: return Internal("not a subquery expression");
  }
}

Result<bool> Analyzer::IsCorrelated(const LogicalPlan& plan, const Scope& outer) {
  auto r = Analyze(plan);
  if (r.ok()) return false;
  if (!IsUnresolvedColumnError(r.status()) || last_unresolved_.empty()) return r.status();
  Status failure = r.status();
  Expr probe;
  probe.kind = ExprKind::kUnresolvedAttribute;
  probe.name_parts = last_unresolved_;
  if (ResolveAttribute(probe, outer).ok()) return true;
  return failure;
}

// Conjuncts of an unresolved condition (a AND b AND c).
void SplitUnresolvedConjuncts(const ExprPtr& e, std::vector<ExprPtr>* out) {
  if (e->kind == ExprKind::kUnresolvedFunction && EqualsIgnoreCase(e->name, "and") &&
      e->children.size() == 2) {
    SplitUnresolvedConjuncts(e->children[0], out);
    SplitUnresolvedConjuncts(e->children[1], out);
  } else {
    out->push_back(e);
  }
}

// The EXISTS / IN subquery of a conjunct, possibly under one NOT (*negated); null otherwise.
const Expr* SubqueryPredicate(const Expr& e, bool* negated) {
  *negated = false;
  const Expr* x = &e;
  if (x->kind == ExprKind::kUnresolvedFunction && EqualsIgnoreCase(x->name, "not") &&
      x->children.size() == 1) {
    x = x->children[0].get();
    *negated = true;
  }
  if (x->kind == ExprKind::kExists || x->kind == ExprKind::kInSubquery) return x;
  return nullptr;
}

bool HasSubqueryPredicate(const ExprPtr& cond) {
  std::vector<ExprPtr> conj;
  SplitUnresolvedConjuncts(cond, &conj);
  bool negated = false;
  for (const auto& c : conj)
    if (SubqueryPredicate(*c, &negated)) return true;
  return false;
}

// A correlated predicate bound over inner ++ outer (the inner `wi` columns wide) moved to the
// join's layout outer ++ inner (the outer `lw` columns wide).
BoundPtr ToJoinLayout(const BoundPtr& e, int wi, int lw) {
  if (e->kind == BoundKind::kLiteral) return e;
  auto c = std::make_shared<BoundExpr>(*e);
  if (c->kind == BoundKind::kColumn) c->column = c->column < wi ? c->column + lw : c->column - wi;
  for (auto& a : c->args) a = ToJoinLayout(a, wi, lw);
  return c;
}

Result<BoundPtr> AndAll(const std::vector<BoundPtr>& conj) {
  BoundPtr out;
  for (const auto& c : conj) {
    if (!out) {
      out = c;
    } else {
      ASSIGN_OR_RETURN(out, ResolveScalarFunction("and", {out, c}));
    }
  }
  return out;
}

Result<BoundPlanPtr> Analyzer::DecorrelatePredicate(const BoundPlanPtr& outer, const Expr& e,
                                                    bool negated) {
  auto unsupported = [&](const std::string& what) {
    return Unimplemented("correlated ", e.kind == ExprKind::kExists ? "EXISTS" : "IN",
                         " subqueries ", what, " are not supported yet");
  };
  // DISTINCT and ORDER BY do not change which rows exist; the select list matters only to IN.
  const LogicalPlan* q = e.subquery.get();
  while ((q->kind == PlanKind::kDeduplicate || q->kind == PlanKind::kSort ||
          q->kind == PlanKind::kHint || q->kind == PlanKind::kRepartition) &&
         !q->children.empty() && q->children[0])
    q = q->children[0].get();
  if (q->kind != PlanKind::kProject || q->children.empty() || !q->children[0])
    return unsupported("with aggregates, LIMIT or set operations");
  const std::vector<ExprPtr>& items = q->exprs;
  for (const auto& it : items)
    if (ContainsAggregate(*it) || ContainsWindow(*it) || GeneratorOf(*it))
      return unsupported("with aggregate, window or generator functions");
  q = q->children[0].get();
  ExprPtr cond;
  if (q->kind == PlanKind::kFilter) {
    cond = q->condition;
    if (q->children.empty() || !q->children[0]) return InvalidArgument("plan node is missing its input");
    q = q->children[0].get();
  }
  ASSIGN_OR_RETURN(BoundPlanPtr inner, Analyze(*q));
  Scope outer_scope = ScopeOf(outer);
  Scope inner_scope = ScopeOf(inner);
  Scope corr_scope{inner->output, {inner.get()}, &outer_scope};
  int wi = static_cast<int>(inner->output.size());
  int lw = static_cast<int>(outer->output.size());
  std::vector<BoundPtr> local, join_conj;
  if (cond) {
    std::vector<ExprPtr> conj;
    SplitUnresolvedConjuncts(cond, &conj);
    for (const auto& c : conj) {
      auto b = Bind(c, inner_scope);
      if (b.ok()) {
        local.push_back(*b);
        continue;
      }
      if (!IsUnresolvedColumnError(b.status())) return b.status();
      // Refers to the outer query: evaluated by the join on candidate pairs.
      ASSIGN_OR_RETURN(BoundPtr cb, Bind(c, corr_scope));
      join_conj.push_back(ToJoinLayout(cb, wi, lw));
    }
  }
  if (!local.empty()) {
    ASSIGN_OR_RETURN(BoundPtr lc, AndAll(local));
    auto f = NewNode(BoundPlanKind::kFilter, {inner}, nullptr);
    f->condition = lc;
    f->output = inner->output;
    inner = f;
  }
  if (e.kind == ExprKind::kInSubquery) {
    std::vector<BoundPtr> ib;
    std::vector<Attribute> ia;
    for (const auto& it : items) {
      Status st = BindNamed(it, inner_scope, &ib, &ia);
      if (!st.ok() && IsUnresolvedColumnError(st)) return unsupported("selecting outer columns");
      RETURN_IF_ERROR(st);
    }
    if (ib.size() != e.children.size()) {
      return DataTypeMismatchError(
          "IN_SUBQUERY_LENGTH_MISMATCH", DQuote(e.DebugString()),
          {{"leftLength", std::to_string(e.children.size())}, {"rightLength", std::to_string(ib.size())}},
          "The number of columns in the left hand side of an IN subquery does not match the "
          "number of columns in the output of subquery.");
    }
    for (size_t j = 0; j < ib.size(); ++j) {
      ASSIGN_OR_RETURN(BoundPtr lv, Bind(e.children[j], outer_scope));
      ASSIGN_OR_RETURN(BoundPtr eq, ResolveScalarFunction("=", {lv, Rebase(ib[j], lw)}));
      if (!negated) {
        join_conj.push_back(eq);
      } else {
        // NOT IN excludes a row when some subquery row equals it or compares as unknown (a
        // null on either side): Spark's null-aware anti join condition.
        ASSIGN_OR_RETURN(BoundPtr unknown, ResolveScalarFunction("isnull", {eq}));
        ASSIGN_OR_RETURN(BoundPtr either, ResolveScalarFunction("or", {eq, unknown}));
        join_conj.push_back(either);
      }
    }
  }
  auto node = NewNode(BoundPlanKind::kJoin, {outer, inner}, nullptr);
  node->join_type = negated ? JoinType::kLeftAnti : JoinType::kLeftSemi;
  node->output = outer->output;
  if (!join_conj.empty()) {
    ASSIGN_OR_RETURN(BoundPtr jc, AndAll(join_conj));
    RETURN_IF_ERROR(SetJoinCondition(jc, lw, node.get()));
  }
  return BoundPlanPtr(node);
}

// Correlated scalar subqueries in `e`'s tree (not inside other subqueries' plans).
void CollectScalarSubqueries(const ExprPtr& e, std::vector<const Expr*>* out) {
  if (!e) return;
  if (e->kind == ExprKind::kScalarSubquery) {
    out->push_back(e.get());
    return;
  }
  for (const auto* list : {&e->children, &e->partition_by, &e->order_by})
    for (const auto& c : *list) CollectScalarSubqueries(c, out);
}

// `e` with the nodes in `repl` replaced (copying only the changed path).
ExprPtr ReplaceNodes(const ExprPtr& e, const std::map<const Expr*, ExprPtr>& repl) {
  if (!e) return e;
  auto it = repl.find(e.get());
  if (it != repl.end()) return it->second;
  bool changed = false;
  auto copy = std::make_shared<Expr>(*e);
  for (auto* list : {&copy->children, &copy->partition_by, &copy->order_by}) {
    for (auto& c : *list) {
      ExprPtr x = ReplaceNodes(c, repl);
      if (x != c) {
        c = x;
        changed = true;
      }
    }
  }
  return changed ? ExprPtr(copy) : e;
}

Result<BoundPlanPtr> Analyzer::DecorrelateScalars(const BoundPlanPtr& child, std::vector<ExprPtr>* exprs) {
  std::vector<const Expr*> subs;
  for (const auto& e : *exprs) CollectScalarSubqueries(e, &subs);
  if (subs.empty()) return child;
  Scope outer_scope = ScopeOf(child);
  BoundPlanPtr cur = child;
  std::map<const Expr*, ExprPtr> repl;
  auto unsupported = [](const std::string& what) {
    return Unimplemented("correlated scalar subqueries ", what, " are not supported yet");
  };
  for (const Expr* sub : subs) {
    if (repl.count(sub)) continue;
    ASSIGN_OR_RETURN(bool corr, IsCorrelated(*sub->subquery, outer_scope));
    if (!corr) continue;
    // Spark's rewrite: a left join on the subquery grouped by its correlation keys.
    const LogicalPlan* q = sub->subquery.get();
    if (q->kind != PlanKind::kAggregate || !q->grouping.empty() || q->exprs.size() != 1 ||
        q->children.empty() || !q->children[0] || !ContainsAggregate(*q->exprs[0]))
      return unsupported("other than one aggregate without GROUP BY");
    const LogicalPlan* f = q->children[0].get();
    if (f->kind != PlanKind::kFilter || f->children.empty() || !f->children[0])
      return unsupported("without a WHERE clause");
    ASSIGN_OR_RETURN(BoundPlanPtr inner, Analyze(*f->children[0]));
    Scope inner_scope = ScopeOf(inner);
    std::vector<ExprPtr> conj, local, inner_keys;
    std::vector<BoundPtr> outer_keys;
    SplitUnresolvedConjuncts(f->condition, &conj);
    for (const auto& c : conj) {
      auto b = Bind(c, inner_scope);
      if (b.ok()) {
        local.push_back(c);
        continue;
      }
      if (!IsUnresolvedColumnError(b.status())) return b.status();
      bool done = false;
      if (c->kind == ExprKind::kUnresolvedFunction && (c->name == "=" || c->name == "==") &&
          c->children.size() == 2) {
        for (int side = 0; side < 2 && !done; ++side) {
          const ExprPtr& in = c->children[side];
          const ExprPtr& out = c->children[1 - side];
          auto bi = Bind(in, inner_scope);
          auto bo = Bind(out, outer_scope);
          if (bi.ok() && bo.ok()) {
            inner_keys.push_back(in);
            outer_keys.push_back(*bo);
            done = true;
          }
        }
      }
      if (!done) {
        // Report an unknown column as such; anything else is a correlation we cannot plan.
        Scope corr_scope{inner->output, {inner.get()}, &outer_scope};
        RETURN_IF_ERROR(Bind(c, corr_scope).status());
        return unsupported("correlated by a condition other than inner = outer equalities");
      }
    }
    BoundPlanPtr filtered = inner;
    if (!local.empty()) {
      ExprPtr lc = local[0];
      for (size_t i = 1; i < local.size(); ++i) lc = Call("and", {lc, local[i]});
      ASSIGN_OR_RETURN(filtered, FilterNode(inner, lc, nullptr));
    }
    const int nk = static_cast<int>(inner_keys.size());
    ASSIGN_OR_RETURN(BoundPlanPtr grouped,
                     BuildAggregate(filtered, inner_keys, {q->exprs[0], Alias(Lit(true), "__kindred_match")},
                                    GroupType::kGroupBy, true, nullptr));
    // The aggregate over no rows (count gives 0, not null): the value for outer rows without
    // a group, as Spark's rewrite does against the COUNT bug.
    auto empty = NewNode(BoundPlanKind::kTable, {}, nullptr);
    empty->table = Table::Empty(inner->schema());
    empty->output = inner->output;
    ASSIGN_OR_RETURN(BoundPlanPtr zero_plan, BuildAggregate(empty, {}, {q->exprs[0]}, GroupType::kGroupBy, false, nullptr));
    ExecState st{&ctx_, 0};
    ASSIGN_OR_RETURN(Chunked zero, ExecuteBound(*zero_plan, st));
    ASSIGN_OR_RETURN(TablePtr zt, zero.Concat());
    Value zero_value = zt->num_rows() == 1 ? ValueAt(*zt->column(0), 0) : Value::Null();

    const int lw = static_cast<int>(cur->output.size());
    auto join = NewNode(BoundPlanKind::kJoin, {cur, grouped}, nullptr);
    join->join_type = JoinType::kLeftOuter;
    join->output = cur->output;
    for (auto a : grouped->output) {
      a.nullable = true;
      join->output.push_back(a);
    }
    std::vector<BoundPtr> eqs;
    std::vector<std::string> outer_names;
    for (int k = 0; k < nk; ++k) {
      const Attribute& ga = grouped->output[k];
      ASSIGN_OR_RETURN(BoundPtr eq, ResolveScalarFunction("=", {outer_keys[k], BoundColumn(lw + k, ga.type, true, ga.name)}));
      eqs.push_back(eq);
      outer_names.push_back(outer_keys[k]->sql);
    }
    ASSIGN_OR_RETURN(BoundPtr jc, AndAll(eqs));
    RETURN_IF_ERROR(SetJoinCondition(jc, lw, join.get()));
    const Attribute& va = grouped->output[nk];
    BoundPtr value = BoundColumn(lw + nk, va.type, true, va.name);
    if (!zero_value.is_null()) {
      ASSIGN_OR_RETURN(BoundPtr unmatched, ResolveScalarFunction("isnull", {BoundColumn(lw + nk + 1, DataType::Bool(), true, "m")}));
      ASSIGN_OR_RETURN(value, ResolveScalarFunction("if", {unmatched, CastTo(BoundLiteral(zero_value), va.type), value}));
    }
    // Spark names the column after the subquery's outer references.
    std::string name = "scalarsubquery(" + StrJoin(outer_names, ", ") + ")";
    for (const auto& a : cur->output)
      if (NameEq(a.name, name)) name += "#" + std::to_string(NewId());
    std::vector<BoundPtr> cols;
    std::vector<Attribute> attrs;
    for (int i = 0; i < lw; ++i) {
      const Attribute& a = cur->output[i];
      cols.push_back(BoundColumn(i, a.type, a.nullable, a.name));
      attrs.push_back(a);
    }
    cols.push_back(value);
    attrs.push_back(Attribute{name, va.type, true, NewId(), {kHiddenQualifier}});
    cur = ProjectBound(join, std::move(cols), std::move(attrs), nullptr);
    repl[sub] = UnresolvedAttribute({name});
  }
  for (auto& e : *exprs) e = ReplaceNodes(e, repl);
  return cur;
}

Result<BoundPlanPtr> Analyzer::FilterWithSubqueries(const BoundPlanPtr& child, const ExprPtr& condition,
                                                    const LogicalPlan& p) {
  std::vector<ExprPtr> conj, plain;
  SplitUnresolvedConjuncts(condition, &conj);
  Scope cs = ScopeOf(child);
  std::vector<std::pair<const Expr*, bool>> correlated;
  for (const auto& c : conj) {
    bool negated = false;
    const Expr* sub = SubqueryPredicate(*c, &negated);
    if (sub && sub->subquery) {
      ASSIGN_OR_RETURN(bool corr, IsCorrelated(*sub->subquery, cs));
      if (corr) {
        correlated.emplace_back(sub, negated);
        continue;
      }
    }
    plain.push_back(c);
  }
  BoundPlanPtr out = child;
  if (!plain.empty()) {
    ExprPtr cond = plain[0];
    for (size_t i = 1; i < plain.size(); ++i) cond = Call("and", {cond, plain[i]});
    ASSIGN_OR_RETURN(out, FilterNode(child, cond, nullptr));
  }
  for (const auto& [sub, negated] : correlated) {
    ASSIGN_OR_RETURN(out, DecorrelatePredicate(out, *sub, negated));
  }
  return Tag(out, p);
}

Result<BoundPlanPtr> Analyzer::JoinPlan(const LogicalPlan& p) {
  ASSIGN_OR_RETURN(BoundPlanPtr left, Analyze(*p.children[0]));
  ASSIGN_OR_RETURN(BoundPlanPtr right, Analyze(*p.children[1]));
  int lw = static_cast<int>(left->output.size());
  auto node = NewNode(BoundPlanKind::kJoin, {left, right}, &p);
  node->join_type = p.join_type;
  bool semi = p.join_type == JoinType::kLeftSemi || p.join_type == JoinType::kLeftAnti;
  std::vector<Attribute> lo = left->output, ro = right->output;
  if (p.join_type == JoinType::kRightOuter || p.join_type == JoinType::kFullOuter)
    for (auto& a : lo) a.nullable = true;
  if (p.join_type == JoinType::kLeftOuter || p.join_type == JoinType::kFullOuter)
    for (auto& a : ro) a.nullable = true;

  if (!p.using_columns.empty()) {
    std::vector<int> lk, rk;
    for (const auto& name : p.using_columns) {
      auto li = ColumnByName(left, name);
      auto ri = ColumnByName(right, name);
      if (!li.ok() || !ri.ok()) {
        std::string side = li.ok() ? "right" : "left";
        const auto& cols = li.ok() ? right->output : left->output;
        std::vector<std::string> names;
        for (const auto& a : cols) names.push_back(QuoteId(a.name));
        return AnalysisError("UNRESOLVED_USING_COLUMN_FOR_JOIN", "42703",
                             {{"colName", QuoteId(name)}, {"side", side}, {"suggestion", StrJoin(names, ", ")}},
                             "USING column " + QuoteId(name) + " cannot be resolved on the " + side +
                                 " side of the join. The " + side + "-side columns: [" +
                                 StrJoin(names, ", ") + "].");
      }
      lk.push_back(*li);
      rk.push_back(*ri);
      const Attribute& la = left->output[*li];
      const Attribute& ra = right->output[*ri];
      auto t = CommonType(la.type, ra.type);
      if (!t) return InvalidArgument("USING column ", QuoteId(name), " has incompatible types");
      node->left_keys.push_back(CastTo(BoundColumn(*li, la.type, la.nullable, la.name), *t));
      node->right_keys.push_back(CastTo(BoundColumn(*ri, ra.type, ra.nullable, ra.name), *t));
      node->null_safe.push_back(false);
    }
    node->output = lo;
    if (!semi) node->output.insert(node->output.end(), ro.begin(), ro.end());
    if (p.condition) {
      Scope s{node->output, {left.get(), right.get()}};
      ASSIGN_OR_RETURN(node->condition, Bind(p.condition, s));
    }
    // Output: keys (coalesced for full outer, right's for right outer), then the rest.
    std::vector<BoundPtr> exprs;
    std::vector<Attribute> attrs;
    for (size_t k = 0; k < lk.size(); ++k) {
      const Attribute& la = node->output[lk[k]];
      if (semi) {
        exprs.push_back(BoundColumn(lk[k], la.type, la.nullable, la.name));
        attrs.push_back(la);
        continue;
      }
      const Attribute& ra = node->output[lw + rk[k]];
      BoundPtr l = BoundColumn(lk[k], la.type, la.nullable, la.name);
      BoundPtr r = BoundColumn(lw + rk[k], ra.type, ra.nullable, ra.name);
      if (p.join_type == JoinType::kFullOuter) {
        ASSIGN_OR_RETURN(BoundPtr c, ResolveScalarFunction("coalesce", {l, r}));
        exprs.push_back(c);
        attrs.push_back(Attribute{la.name, c->type, c->nullable, NewId(), {}});
      } else if (p.join_type == JoinType::kRightOuter) {
        exprs.push_back(r);
        attrs.push_back(ra);
      } else {
        exprs.push_back(l);
        attrs.push_back(la);
      }
    }
    for (int i = 0; i < lw; ++i) {
      if (std::find(lk.begin(), lk.end(), i) != lk.end()) continue;
      const Attribute& a = node->output[i];
      exprs.push_back(BoundColumn(i, a.type, a.nullable, a.name));
      attrs.push_back(a);
    }
    if (!semi) {
      for (int i = 0; i < static_cast<int>(ro.size()); ++i) {
        if (std::find(rk.begin(), rk.end(), i) != rk.end()) continue;
        const Attribute& a = node->output[lw + i];
        exprs.push_back(BoundColumn(lw + i, a.type, a.nullable, a.name));
        attrs.push_back(a);
      }
    }
    // Inner-join keys are also reachable through the right side's attribute (df2.key).
    BoundPlanPtr proj = ProjectBound(node, std::move(exprs), std::move(attrs), nullptr);
    return proj;
  }

  std::vector<Attribute> both = left->output;
  both.insert(both.end(), right->output.begin(), right->output.end());
  node->output = lo;
  if (!semi) node->output.insert(node->output.end(), ro.begin(), ro.end());
  if (p.condition) {
    Scope s{both, {left.get(), right.get()}};
    ASSIGN_OR_RETURN(BoundPtr cond, Bind(p.condition, s));
    if (cond->type.id != TypeId::kBool) {
      return DataTypeMismatchError("UNEXPECTED_INPUT_TYPE", DQuote(cond->sql), {},
                                   "join condition " + DQuote(cond->sql) + " is not a boolean.");
    }
    RETURN_IF_ERROR(SetJoinCondition(cond, lw, node.get()));
  }
  return BoundPlanPtr(node);
}

Result<BoundPlanPtr> Analyzer::SetOp(const LogicalPlan& p) {
  ASSIGN_OR_RETURN(BoundPlanPtr left, Analyze(*p.children[0]));
  ASSIGN_OR_RETURN(BoundPlanPtr right, Analyze(*p.children[1]));
  const char* op_name = p.set_op == SetOpKind::kUnion ? "UNION" : p.set_op == SetOpKind::kIntersect ? "INTERSECT" : "EXCEPT";
  // Column lists aligned: by position, or by name (unionByName).
  std::vector<BoundPtr> rexprs;
  std::vector<Attribute> rattrs;
  std::vector<BoundPtr> lexprs;
  std::vector<Attribute> lattrs;
  for (size_t i = 0; i < left->output.size(); ++i) {
    const auto& a = left->output[i];
    lexprs.push_back(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name));
    lattrs.push_back(a);
  }
  if (p.by_name) {
    for (const auto& la : left->output) {
      int found = -1;
      for (size_t j = 0; j < right->output.size(); ++j)
        if (NameEq(right->output[j].name, la.name)) found = static_cast<int>(j);
      if (found < 0) {
        if (!p.allow_missing_columns) {
          std::vector<std::string> names;
          for (const auto& a : right->output) names.push_back(QuoteId(a.name));
          return AnalysisError("NUM_COLUMNS_MISMATCH", "42826", {},
                               "Cannot resolve column name " + DQuote(la.name) + " among (" +
                                   StrJoin(names, ", ") + ").");
        }
        rexprs.push_back(CastTo(BoundLiteral(Value::Null()), la.type));
        rattrs.push_back(Attribute{la.name, la.type, true, NewId(), {}});
      } else {
        const auto& ra = right->output[found];
        rexprs.push_back(BoundColumn(found, ra.type, ra.nullable, ra.name));
        rattrs.push_back(ra);
      }
    }
    if (p.allow_missing_columns) {
      for (size_t j = 0; j < right->output.size(); ++j) {
        const auto& ra = right->output[j];
        bool in_left = false;
        for (const auto& la : left->output) in_left = in_left || NameEq(la.name, ra.name);
        if (in_left) continue;
        lexprs.push_back(CastTo(BoundLiteral(Value::Null()), ra.type));
        lattrs.push_back(Attribute{ra.name, ra.type, true, NewId(), {}});
        rexprs.push_back(BoundColumn(static_cast<int>(j), ra.type, ra.nullable, ra.name));
        rattrs.push_back(ra);
      }
    }
  } else {
    if (left->output.size() != right->output.size()) {
      std::string nl = std::to_string(left->output.size()), nr = std::to_string(right->output.size());
      return AnalysisError("NUM_COLUMNS_MISMATCH", "42826",
                           {{"operator", op_name}, {"firstNumColumns", nl}, {"invalidOrdinalNum", "second"}, {"invalidNumColumns", nr}},
                           std::string(op_name) + " can only be performed on inputs with the same number of columns, but the first input has " +
                               nl + " columns and the second input has " + nr + " columns.");
    }
    for (size_t j = 0; j < right->output.size(); ++j) {
      const auto& ra = right->output[j];
      rexprs.push_back(BoundColumn(static_cast<int>(j), ra.type, ra.nullable, ra.name));
      rattrs.push_back(ra);
    }
  }
  // Widen to common types on both sides.
  std::vector<Attribute> out;
  bool lcast = false, rcast = false;
  for (size_t i = 0; i < lexprs.size(); ++i) {
    auto t = CommonType(lexprs[i]->type, rexprs[i]->type);
    if (!t) {
      return AnalysisError("INCOMPATIBLE_COLUMN_TYPE", "42825",
                           {{"operator", op_name}, {"columnOrdinalNumber", std::to_string(i + 1)},
                            {"dataType1", DQuote(SqlTypeName(rexprs[i]->type))}, {"dataType2", DQuote(SqlTypeName(lexprs[i]->type))}},
                           std::string(op_name) + " can only be performed on tables with compatible column types.");
    }
    if (lexprs[i]->type != *t) lcast = true;
    if (rexprs[i]->type != *t || rexprs[i]->kind != BoundKind::kColumn || rexprs[i]->column != static_cast<int>(i)) rcast = true;
    if (lexprs[i]->kind != BoundKind::kColumn) lcast = true;
    lexprs[i] = CastTo(lexprs[i], *t);
    rexprs[i] = CastTo(rexprs[i], *t);
    Attribute a = lattrs[i];
    a.type = *t;
    a.nullable = lattrs[i].nullable || rattrs[i].nullable;
    if (lcast || rcast) a.id = NewId();
    out.push_back(a);
  }
  if (right->output.size() != rexprs.size()) rcast = true;
  if (lcast) left = ProjectBound(left, lexprs, out, nullptr);
  if (rcast) right = ProjectBound(right, rexprs, out, nullptr);
  BoundPlanKind kind = p.set_op == SetOpKind::kUnion ? BoundPlanKind::kUnion
                       : p.set_op == SetOpKind::kIntersect ? BoundPlanKind::kIntersect
                                                           : BoundPlanKind::kExcept;
  auto node = NewNode(kind, {left, right}, &p);
  node->is_all = p.is_all;
  node->output = out;
  for (auto& a : node->output) a.id = NewId();
  if (p.set_op == SetOpKind::kUnion && !p.is_all) {
    auto d = NewNode(BoundPlanKind::kDistinct, {node}, nullptr);
    d->output = node->output;
    return BoundPlanPtr(d);
  }
  return BoundPlanPtr(node);
}

Result<BoundPlanPtr> Analyzer::ReadSource(const LogicalPlan& p) {
  std::string fmt = ToLower(p.format);
  std::map<std::string, std::string> opts = p.options;
  TablePtr t;
  if (fmt == "csv" || fmt.empty()) {
    bool has_header = false;
    for (const auto& [k, v] : opts) has_header = has_header || EqualsIgnoreCase(k, "header");
    if (!has_header) opts["header"] = "false";  // Spark's CSV default
    ASSIGN_OR_RETURN(CsvReadOptions o, CsvOptionsFromMap(opts));
    if (p.schema) o.schema = p.schema;
    ASSIGN_OR_RETURN(t, ReadCsvFiles(p.paths, o));
  } else if (fmt == "json") {
    ASSIGN_OR_RETURN(JsonReadOptions o, JsonOptionsFromMap(opts));
    if (p.schema) o.schema = p.schema;
    ASSIGN_OR_RETURN(t, ReadJsonFiles(p.paths, o));
  } else {
    return Unimplemented("data source format '", p.format, "' is not supported (csv and json are)");
  }
  auto node = NewNode(BoundPlanKind::kTable, {}, &p);
  node->table = t;
  for (const auto& f : t->schema().fields())
    node->output.push_back(Attribute{f.name, f.type, f.nullable, NewId(), {}});
  return BoundPlanPtr(node);
}

bool TypeMatchesValue(const DataType& col, const Value& v) {
  if (v.type.is_numeric()) return col.is_numeric();
  if (v.type.id == TypeId::kString) return col.id == TypeId::kString;
  if (v.type.id == TypeId::kBool) return col.id == TypeId::kBool;
  return col == v.type;
}

Result<BoundPlanPtr> Analyzer::NaFunctions(const LogicalPlan& p, const BoundPlanPtr& child) {
  const auto& out = child->output;
  std::vector<int> subset;
  if (p.names.empty()) {
    for (size_t i = 0; i < out.size(); ++i) subset.push_back(static_cast<int>(i));
  } else {
    for (const auto& n : p.names) {
      ASSIGN_OR_RETURN(int i, ColumnByName(child, n));
      subset.push_back(i);
    }
  }
  auto col = [&](int i) { return BoundColumn(i, out[i].type, out[i].nullable, out[i].name); };
  if (p.kind == PlanKind::kNADrop) {
    // Keep rows with at least min_non_nulls non-null (and non-NaN) values in the subset.
    int32_t need = p.min_non_nulls.value_or(static_cast<int32_t>(subset.size()));
    BoundPtr count = BoundLiteral(Value::Int32(0));
    for (int i : subset) {
      ASSIGN_OR_RETURN(BoundPtr nn, ResolveScalarFunction("isnotnull", {col(i)}));
      if (out[i].type.is_floating()) {
        ASSIGN_OR_RETURN(BoundPtr nan, ResolveScalarFunction("isnan", {col(i)}));
        ASSIGN_OR_RETURN(BoundPtr notnan, ResolveScalarFunction("not", {nan}));
        ASSIGN_OR_RETURN(nn, ResolveScalarFunction("and", {nn, notnan}));
      }
      ASSIGN_OR_RETURN(BoundPtr one, ResolveScalarFunction("if", {nn, BoundLiteral(Value::Int32(1)), BoundLiteral(Value::Int32(0))}));
      ASSIGN_OR_RETURN(count, ResolveScalarFunction("+", {count, one}));
    }
    ASSIGN_OR_RETURN(BoundPtr cond, ResolveScalarFunction(">=", {count, BoundLiteral(Value::Int32(need))}));
    auto f = NewNode(BoundPlanKind::kFilter, {child}, &p);
    f->condition = cond;
    f->output = out;
    return BoundPlanPtr(f);
  }
  std::vector<BoundPtr> exprs;
  std::vector<Attribute> attrs;
  for (size_t i = 0; i < out.size(); ++i) {
    BoundPtr e = col(static_cast<int>(i));
    bool in_subset = std::find(subset.begin(), subset.end(), static_cast<int>(i)) != subset.end();
    if (in_subset && p.kind == PlanKind::kNAFill) {
      const Value* v = nullptr;
      if (p.values.size() == 1 && (p.names.empty() || p.names.size() >= 1)) v = &p.values[0];
      if (p.values.size() > 1) {
        for (size_t k = 0; k < p.names.size() && k < p.values.size(); ++k)
          if (subset[k] == static_cast<int>(i)) v = &p.values[k];
      }
      if (v && !v->is_null() && TypeMatchesValue(out[i].type, *v)) {
        BoundPtr lit = CastTo(BoundLiteral(*v), out[i].type);
        BoundPtr test = e;
        if (out[i].type.is_floating()) {
          ASSIGN_OR_RETURN(BoundPtr nan, ResolveScalarFunction("isnan", {e}));
          ASSIGN_OR_RETURN(BoundPtr nul, ResolveScalarFunction("isnull", {e}));
          ASSIGN_OR_RETURN(BoundPtr either, ResolveScalarFunction("or", {nul, nan}));
          ASSIGN_OR_RETURN(e, ResolveScalarFunction("if", {either, lit, e}));
        } else {
          ASSIGN_OR_RETURN(e, ResolveScalarFunction("coalesce", {e, lit}));
        }
      }
    } else if (in_subset && p.kind == PlanKind::kNAReplace) {
      std::vector<BoundPtr> args;
      for (const auto& [from, to] : p.replacements) {
        if (!from.is_null() && !TypeMatchesValue(out[i].type, from)) continue;
        if (!to.is_null() && !TypeMatchesValue(out[i].type, to)) continue;
        BoundPtr test;
        if (from.is_null()) {
          ASSIGN_OR_RETURN(test, ResolveScalarFunction("isnull", {col(static_cast<int>(i))}));
        } else {
          ASSIGN_OR_RETURN(test, ResolveScalarFunction("=", {col(static_cast<int>(i)), CastTo(BoundLiteral(from), out[i].type)}));
        }
        args.push_back(test);
        args.push_back(CastTo(BoundLiteral(to), out[i].type));
      }
      if (!args.empty()) {
        args.push_back(e);
        ASSIGN_OR_RETURN(e, ResolveScalarFunction("when", args));
      }
    }
    exprs.push_back(e);
    Attribute a = out[i];
    if (e->kind != BoundKind::kColumn) {
      a.id = NewId();
      a.nullable = e->nullable;
    }
    attrs.push_back(a);
  }
  return ProjectBound(child, std::move(exprs), std::move(attrs), &p);
}

// Replaces ExpressionString nodes by the SQL parser's trees (when a parser is registered), so
// parsed aggregates, windows and aliases are analyzed like built ones. *changed is set when
// anything was replaced.
Result<ExprPtr> ExpandExprStrings(const ExprPtr& e, bool* changed) {
  if (!e) return e;
  if (e->kind == ExprKind::kExpressionString) {
    if (!g_parse_expression) return e;
    ASSIGN_OR_RETURN(ExprPtr parsed, g_parse_expression(e->name));
    *changed = true;
    return ExpandExprStrings(parsed, changed);
  }
  bool any = false;
  auto copy = std::make_shared<Expr>(*e);
  for (auto* list : {&copy->children, &copy->partition_by, &copy->order_by}) {
    for (auto& c : *list) {
      bool ch = false;
      ASSIGN_OR_RETURN(ExprPtr x, ExpandExprStrings(c, &ch));
      if (ch) {
        c = x;
        any = true;
      }
    }
  }
  if (!any) return e;
  *changed = true;
  return ExprPtr(copy);
}

Result<BoundPlanPtr> Analyzer::Analyze(const LogicalPlan& p_in) {
  // Parse expression strings first, on a copy of the node when there are any.
  std::shared_ptr<LogicalPlan> rewritten;
  if (g_parse_expression) {
    auto copy = std::make_shared<LogicalPlan>(p_in);
    bool changed = false;
    for (auto* list : {&copy->exprs, &copy->grouping}) {
      for (auto& e : *list) {
        ASSIGN_OR_RETURN(e, ExpandExprStrings(e, &changed));
      }
    }
    if (copy->condition) {
      ASSIGN_OR_RETURN(copy->condition, ExpandExprStrings(copy->condition, &changed));
    }
    if (changed) rewritten = copy;
  }
  const LogicalPlan& p = rewritten ? *rewritten : p_in;
  for (const auto& e : p.exprs) RETURN_IF_ERROR(CheckExprTree(e));
  for (const auto& e : p.grouping) RETURN_IF_ERROR(CheckExprTree(e));
  if (p.condition) RETURN_IF_ERROR(CheckExprTree(p.condition));
  if (p.kind == PlanKind::kFilter && !p.condition) return InvalidArgument("filter without a condition");
  auto child = [&](size_t i) -> Result<BoundPlanPtr> {
    if (i >= p.children.size() || !p.children[i]) return InvalidArgument("plan node is missing its input");
    return Analyze(*p.children[i]);
  };
  switch (p.kind) {
    case PlanKind::kRange: {
      if (p.step == 0) return InvalidArgument("[FAILED_FUNCTION_CALL] range step must not be 0");
      auto node = NewNode(BoundPlanKind::kRange, {}, &p);
      node->start = p.start;
      node->end = p.end;
      node->step = p.step;
      node->output.push_back(Attribute{"id", DataType::Int64(), false, NewId(), {}});
      return BoundPlanPtr(node);
    }
    case PlanKind::kLocalTable: {
      if (!p.table) return InvalidArgument("local relation has no data");
      auto node = NewNode(BoundPlanKind::kTable, {}, &p);
      node->table = p.table;
      node->batches = p.batches;
      for (const auto& f : p.table->schema().fields())
        node->output.push_back(Attribute{f.name, f.type, f.nullable, NewId(), {}});
      if (const MaterializedAnalysis* m = p.materialized.get()) {
        // The table stands in for a computed plan: its columns keep that plan's qualifiers
        // and stay reachable through the plan ids inside it.
        for (size_t i = 0; i < node->output.size() && i < m->qualifiers.size(); ++i)
          node->output[i].qualifier = m->qualifiers[i];
        for (const auto& [plan_id, columns] : m->plan_columns) {
          std::vector<int64_t> ids;
          for (int c : columns)
            if (c >= 0 && static_cast<size_t>(c) < node->output.size())
              ids.push_back(node->output[c].id);
          node->inner_plan_ids.emplace_back(plan_id, std::move(ids));
        }
      }
      return BoundPlanPtr(node);
    }
    case PlanKind::kDataSource: return ReadSource(p);
    case PlanKind::kNamedTable: {
      if (!ctx_.catalog) return Catalog().LookupTempView(p.name).status();
      ASSIGN_OR_RETURN(PlanPtr view, ctx_.catalog->LookupTempView(p.name));
      if (++view_depth_ > 64) return InvalidArgument("temporary view ", p.name, " refers to itself");
      auto r = Analyze(*view);
      --view_depth_;
      if (!r.ok()) return r.status();
      auto node = std::make_shared<BoundPlan>(**r);
      std::vector<std::string> parts = StrSplit(p.name, '.');
      for (auto& a : node->output) a.qualifier = {parts.back()};
      // Wrap in a projection so the qualifier change is its own node.
      std::vector<BoundPtr> exprs;
      for (size_t i = 0; i < node->output.size(); ++i) {
        const auto& a = node->output[i];
        exprs.push_back(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name));
      }
      std::vector<Attribute> attrs = node->output;
      return ProjectBound(*r, std::move(exprs), std::move(attrs), &p);
    }
    case PlanKind::kProject: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      std::vector<ExprPtr> exprs = p.exprs;
      ASSIGN_OR_RETURN(BoundPlanPtr wide, DecorrelateScalars(c, &exprs));
      if (wide == c) return Project(c, p.exprs, &p);
      // An unaliased subquery keeps its Spark name, scalarsubquery(<outer columns>).
      for (size_t i = 0; i < exprs.size(); ++i)
        if (p.exprs[i]->kind == ExprKind::kScalarSubquery) exprs[i] = Alias(exprs[i], exprs[i]->name_parts[0]);
      return Project(wide, exprs, &p);
    }
    case PlanKind::kFilter: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      std::vector<ExprPtr> conds{p.condition};
      ASSIGN_OR_RETURN(BoundPlanPtr wide, DecorrelateScalars(c, &conds));
      BoundPlanPtr out;
      if (HasSubqueryPredicate(conds[0])) {
        ASSIGN_OR_RETURN(out, FilterWithSubqueries(wide, conds[0], p));
      } else {
        ASSIGN_OR_RETURN(out, FilterNode(wide, conds[0], &p));
      }
      if (wide == c) return out;
      // Drop the columns the correlated scalar subqueries added.
      std::vector<BoundPtr> keep;
      for (size_t i = 0; i < c->output.size(); ++i) {
        const Attribute& a = c->output[i];
        keep.push_back(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name));
      }
      return ProjectBound(out, std::move(keep), c->output, nullptr);
    }
    case PlanKind::kJoin: return JoinPlan(p);
    case PlanKind::kAggregate: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      return BuildAggregate(c, p.grouping, p.exprs, p.group_type, true, &p);
    }
    case PlanKind::kSort: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      Scope s = ScopeOf(c);
      // Spark resolves sort keys that a projection dropped (df.select("a").orderBy("b")):
      // the projection carries the missing columns, the sort uses them, a projection drops them.
      std::vector<Attribute> extra;
      if (c->kind == BoundPlanKind::kProject && !c->children.empty()) {
        const BoundPlanPtr& below = c->children[0];
        Scope bs = ScopeOf(below);
        for (const auto& o : p.exprs) {
          if (Bind(o, s).ok()) continue;
          auto b = Bind(o, bs);
          if (!b.ok()) continue;
          std::set<int> used;
          ColumnsOf(**b, &used);
          for (int i : used) {
            const Attribute& a = below->output[i];
            bool have = false;
            for (const auto& x : c->output) have = have || x.id == a.id;
            for (const auto& x : extra) have = have || x.id == a.id;
            if (!have) extra.push_back(a);
          }
        }
        if (!extra.empty()) {
          auto wider = std::make_shared<BoundPlan>(*c);
          for (const auto& a : extra) {
            int idx = -1;
            for (size_t i = 0; i < below->output.size(); ++i)
              if (below->output[i].id == a.id) idx = static_cast<int>(i);
            wider->exprs.push_back(BoundColumn(idx, a.type, a.nullable, a.name));
            wider->output.push_back(a);
          }
          c = wider;
          s = ScopeOf(c);
        }
      }
      auto node = NewNode(BoundPlanKind::kSort, {c}, &p);
      for (const auto& o : p.exprs) {
        bool asc = true, nf = true;
        if (o->kind == ExprKind::kSortOrder) {
          asc = o->ascending;
          nf = o->nulls_first;
        }
        ASSIGN_OR_RETURN(BoundPtr k, Bind(o, s));
        node->exprs.push_back(k);
        node->ascending.push_back(asc);
        node->nulls_first.push_back(nf);
      }
      node->output = c->output;
      if (extra.empty()) return BoundPlanPtr(node);
      std::vector<BoundPtr> keep;
      std::vector<Attribute> attrs;
      for (size_t i = 0; i + extra.size() < c->output.size(); ++i) {
        const Attribute& a = c->output[i];
        keep.push_back(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name));
        attrs.push_back(a);
      }
      return ProjectBound(node, std::move(keep), std::move(attrs), nullptr);
    }
    case PlanKind::kLimit:
    case PlanKind::kOffset:
    case PlanKind::kTail: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      if (p.n < 0) {
        return AnalysisError("INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", "42K0E",
                             {{"name", p.kind == PlanKind::kOffset ? "offset" : "limit"}, {"expr", DQuote(std::to_string(p.n))}, {"v", std::to_string(p.n)}},
                             std::string("The ") + (p.kind == PlanKind::kOffset ? "offset" : "limit") +
                                 " like expression " + DQuote(std::to_string(p.n)) + " is invalid. The " +
                                 (p.kind == PlanKind::kOffset ? "offset" : "limit") + " expression must be equal to or greater than 0, but got " +
                                 std::to_string(p.n) + ".");
      }
      auto node = NewNode(p.kind == PlanKind::kLimit ? BoundPlanKind::kLimit
                          : p.kind == PlanKind::kOffset ? BoundPlanKind::kOffset
                                                        : BoundPlanKind::kTail,
                          {c}, &p);
      node->n = p.n;
      node->output = c->output;
      return BoundPlanPtr(node);
    }
    case PlanKind::kDeduplicate: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      auto node = NewNode(BoundPlanKind::kDistinct, {c}, &p);
      for (const auto& n : p.names) {
        ASSIGN_OR_RETURN(int i, ColumnByName(c, n));
        node->key_columns.push_back(i);
      }
      node->output = c->output;
      return BoundPlanPtr(node);
    }
    case PlanKind::kSetOperation: return SetOp(p);
    case PlanKind::kWithColumns: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      if (p.names.size() != p.exprs.size())
        return InvalidArgument("withColumns: ", p.names.size(), " names for ", p.exprs.size(), " columns");
      Scope s = ScopeOf(c);
      std::vector<BoundPtr> exprs;
      std::vector<Attribute> attrs;
      for (size_t i = 0; i < c->output.size(); ++i) {
        const auto& a = c->output[i];
        exprs.push_back(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name));
        attrs.push_back(a);
      }
      bool has_agg = false;
      for (const auto& e : p.exprs) has_agg = has_agg || ContainsAggregate(*e);
      bool has_win = false, has_gen = false;
      for (const auto& e : p.exprs) has_win = has_win || ContainsWindow(*e);
      for (const auto& e : p.exprs) has_gen = has_gen || GeneratorOf(*e) != nullptr;
      if (has_win || has_gen) {
        std::vector<ExprPtr> all;
        std::vector<std::string> names;
        std::vector<bool> replaced(p.names.size(), false);
        for (const auto& a : c->output) {
          int found = -1;
          for (size_t k = 0; k < p.names.size(); ++k)
            if (NameEq(a.name, p.names[k])) found = static_cast<int>(k);
          if (found >= 0) {
            all.push_back(p.exprs[found]);
            names.push_back(p.names[found]);
            replaced[found] = true;
          } else {
            all.push_back(nullptr);
            names.push_back(a.name);
          }
        }
        for (size_t k = 0; k < p.names.size(); ++k) {
          if (replaced[k]) continue;
          all.push_back(p.exprs[k]);
          names.push_back(p.names[k]);
        }
        if (has_gen) return GenerateProject(c, all, &names, &p);
        return WindowProject(c, all, &names, &p);
      }
      if (has_agg) return AnalysisError("MISSING_GROUP_BY", "42803", {}, "The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.");
      for (size_t k = 0; k < p.names.size(); ++k) {
        ASSIGN_OR_RETURN(BoundPtr e, Bind(p.exprs[k], s));
        Attribute a{p.names[k], e->type, e->nullable, NewId(), {}};
        bool replaced = false;
        for (size_t i = 0; i < attrs.size(); ++i) {
          if (NameEq(attrs[i].name, p.names[k])) {
            exprs[i] = e;
            attrs[i] = a;
            replaced = true;
          }
        }
        if (!replaced) {
          exprs.push_back(e);
          attrs.push_back(a);
        }
      }
      return ProjectBound(c, std::move(exprs), std::move(attrs), &p);
    }
    case PlanKind::kWithColumnsRenamed: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      std::vector<BoundPtr> exprs;
      std::vector<Attribute> attrs = c->output;
      for (size_t i = 0; i < attrs.size(); ++i)
        exprs.push_back(BoundColumn(static_cast<int>(i), attrs[i].type, attrs[i].nullable, attrs[i].name));
      for (const auto& [from, to] : p.renames)
        for (auto& a : attrs)
          if (NameEq(a.name, from)) a.name = to;
      return ProjectBound(c, std::move(exprs), std::move(attrs), &p);
    }
    case PlanKind::kDrop: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      Scope s = ScopeOf(c);
      std::set<int64_t> drop_ids;
      for (const auto& e : p.exprs) {
        if (e->kind != ExprKind::kUnresolvedAttribute) continue;
        auto r = ResolveAttribute(*e, s);
        if (r.ok()) drop_ids.insert(c->output[*r].id);
      }
      std::vector<BoundPtr> exprs;
      std::vector<Attribute> attrs;
      for (size_t i = 0; i < c->output.size(); ++i) {
        const auto& a = c->output[i];
        bool drop = drop_ids.count(a.id) > 0;
        for (const auto& n : p.names) drop = drop || NameEq(n, a.name);
        if (drop) continue;
        exprs.push_back(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name));
        attrs.push_back(a);
      }
      return ProjectBound(c, std::move(exprs), std::move(attrs), &p);
    }
    case PlanKind::kToDF: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      if (p.names.size() != c->output.size()) {
        return AnalysisError("INVALID_COLUMN_NAMES_MISMATCH", "42000", {},
                             StrCat("The number of columns doesn't match.\nOld column names (",
                                    c->output.size(), "): ", StrJoin(c->schema().names(), ", "),
                                    "\nNew column names (", p.names.size(), "): ",
                                    StrJoin(p.names, ", ")));
      }
      std::vector<BoundPtr> exprs;
      std::vector<Attribute> attrs;
      for (size_t i = 0; i < c->output.size(); ++i) {
        const auto& a = c->output[i];
        exprs.push_back(BoundColumn(static_cast<int>(i), a.type, a.nullable, a.name));
        attrs.push_back(Attribute{p.names[i], a.type, a.nullable, NewId(), {}});
      }
      return ProjectBound(c, std::move(exprs), std::move(attrs), &p);
    }
    case PlanKind::kSubqueryAlias: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      std::vector<BoundPtr> exprs;
      std::vector<Attribute> attrs = c->output;
      for (size_t i = 0; i < attrs.size(); ++i) {
        exprs.push_back(BoundColumn(static_cast<int>(i), attrs[i].type, attrs[i].nullable, attrs[i].name));
        attrs[i].qualifier = {p.name};
      }
      return ProjectBound(c, std::move(exprs), std::move(attrs), &p);
    }
    case PlanKind::kSample: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      if (p.lower < 0 || p.upper < p.lower || (!p.with_replacement && p.upper > 1.0 + 1e-9))
        return InvalidArgument("sample fraction must be in [0, 1] without replacement (got ",
                               p.upper - p.lower, ")");
      auto node = NewNode(BoundPlanKind::kSample, {c}, &p);
      node->lower = p.lower;
      node->upper = p.upper;
      node->with_replacement = p.with_replacement;
      node->seed = p.seed.value_or(42);
      node->output = c->output;
      return BoundPlanPtr(node);
    }
    case PlanKind::kNAFill:
    case PlanKind::kNADrop:
    case PlanKind::kNAReplace: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      return NaFunctions(p, c);
    }
    case PlanKind::kDescribe:
    case PlanKind::kSummary: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      auto node = NewNode(BoundPlanKind::kDescribe, {c}, &p);
      if (p.kind == PlanKind::kDescribe) {
        node->statistics = {"count", "mean", "stddev", "min", "max"};
        for (const auto& n : p.names) {
          ASSIGN_OR_RETURN(int i, ColumnByName(c, n));
          node->key_columns.push_back(i);
        }
      } else {
        node->statistics = p.statistics.empty()
                               ? std::vector<std::string>{"count", "mean", "stddev", "min", "25%", "50%", "75%", "max"}
                               : p.statistics;
      }
      if (node->key_columns.empty()) {
        for (size_t i = 0; i < c->output.size(); ++i) {
          const DataType& t = c->output[i].type;
          if (t.is_numeric() || t.id == TypeId::kString) node->key_columns.push_back(static_cast<int>(i));
        }
      }
      node->output.push_back(Attribute{"summary", DataType::String(), true, NewId(), {}});
      for (int i : node->key_columns)
        node->output.push_back(Attribute{c->output[i].name, DataType::String(), true, NewId(), {}});
      return BoundPlanPtr(node);
    }
    case PlanKind::kRepartition:
    case PlanKind::kHint: {
      ASSIGN_OR_RETURN(BoundPlanPtr c, child(0));
      return Tag(c, p);
    }
    case PlanKind::kSql: {
      if (!g_parse_query) return Unimplemented("SQL queries need the SQL parser: ", p.name);
      ASSIGN_OR_RETURN(PlanPtr parsed, g_parse_query(p.name));
      if (!parsed) return InvalidArgument("the SQL parser returned no plan");
      ASSIGN_OR_RETURN(BoundPlanPtr b, Analyze(*parsed));
      return Tag(b, p);
    }
  }
  return Internal("unknown plan kind");
}

}  // namespace

void SetSqlParsers(SqlExpressionParser parse_expression, SqlQueryParser parse_query) {
  g_parse_expression = std::move(parse_expression);
  g_parse_query = std::move(parse_query);
}

Result<BoundPlanPtr> AnalyzePlan(const PlanPtr& plan, const ExecContext& ctx) {
  if (!plan) return InvalidArgument("no plan");
  Analyzer a(ctx);
  ASSIGN_OR_RETURN(BoundPlanPtr bound, a.Analyze(*plan));
  if (a.subqueries_.empty()) return bound;
  // The executor runs the uncorrelated subqueries before the root.
  auto root = std::make_shared<BoundPlan>(*bound);
  root->subqueries = std::move(a.subqueries_);
  return BoundPlanPtr(root);
}

Schema BoundPlan::schema() const {
  Schema s;
  for (const auto& a : output) s.AddField(Field{a.name, a.type, a.nullable});
  return s;
}

std::string BoundPlan::TreeString(int depth) const {
  static const char* kNames[] = {"Range", "LocalTableScan", "Project", "Filter", "HashAggregate",
                                 "Sort", "GlobalLimit", "Offset", "Tail", "Join", "Union",
                                 "Intersect", "Except", "Deduplicate", "Sample", "Describe", "Window", "Generate"};
  std::string out = depth == 0 ? "" : std::string(static_cast<size_t>(depth - 1) * 3, ' ') + "+- ";
  out += kNames[static_cast<int>(kind)];
  std::vector<std::string> cols;
  for (const auto& a : output) cols.push_back(a.name + "#" + std::to_string(a.id));
  switch (kind) {
    case BoundPlanKind::kRange: out += StrCat(" (", start, ", ", end, ", step=", step, ")"); break;
    case BoundPlanKind::kFilter: out += " " + condition->sql; break;
    case BoundPlanKind::kLimit:
    case BoundPlanKind::kOffset:
    case BoundPlanKind::kTail: out += StrCat(" ", n); break;
    case BoundPlanKind::kJoin: {
      static const char* kJoin[] = {"Inner", "LeftOuter", "RightOuter", "FullOuter", "LeftSemi", "LeftAnti", "Cross"};
      out += std::string(" ") + kJoin[static_cast<int>(join_type)];
      if (condition) out += ", " + condition->sql;
      break;
    }
    default: break;
  }
  out += " [" + StrJoin(cols, ", ") + "]\n";
  for (const auto& c : children) out += c->TreeString(depth + 1);
  return out;
}

}  // namespace kindred::sql
