// groupBy().pivot(): planned as an ordinary aggregate of conditional aggregates, one per
// (pivot value, aggregate), as Spark's analyzer rewrites its Pivot node.
#include <string>
#include <vector>

#include "columnar/format_value.h"
#include "common/strings.h"
#include "connect/errors.h"
#include "connect/session.h"
#include "connect/translate/translate.h"
#include "sql/expr/aggregate_functions.h"
#include "sql/errors.h"
#include "sql/expr/bound_expr.h"
#include "sql/expr/function_registry.h"

namespace kindred::connect {

namespace pb = spark::connect;

namespace {

// Spark's spark.sql.pivotMaxValues default: more distinct values than this is an error.
constexpr int64_t kPivotMaxValues = 10000;

// The value's text in an output column name: Spark casts the pivot value to string
// (null → "null", a date → "2024-01-31").
std::string PivotValueName(const sql::Value& v) {
  if (v.is_null()) return "null";
  switch (v.type.id) {
    case TypeId::kBool: return v.as_bool() ? "true" : "false";
    case TypeId::kFloat32: return FormatFloat(static_cast<float>(v.as_double()));
    case TypeId::kFloat64: return FormatDouble(v.as_double());
    case TypeId::kString:
    case TypeId::kBinary: return v.as_string();
    case TypeId::kDate32: return FormatDate(static_cast<int32_t>(v.as_int()));
    case TypeId::kTimestamp: return FormatTimestamp(v.as_int());
    case TypeId::kDecimal128: return FormatDecimal(v.as_decimal(), v.type.scale);
    default: break;
  }
  if (v.type.is_integer()) return std::to_string(v.as_int());
  return v.ToPrettyString();
}

// Spark keeps only the rows of one pivot value by wrapping every argument of every aggregate
// function in `CASE WHEN match THEN arg END` (aggregates ignore nulls). first/last then must
// skip the nulls of other values; the extra arguments of the percentiles and of
// approx_count_distinct (accuracy, percentage, rsd) are literals and stay as they are.
sql::ExprPtr FilterAggregates(const sql::ExprPtr& e, const sql::ExprPtr& match) {
  if (e == nullptr) return e;
  if (e->kind == sql::ExprKind::kWindow || e->kind == sql::ExprKind::kScalarSubquery ||
      e->kind == sql::ExprKind::kExists || e->kind == sql::ExprKind::kInSubquery) {
    return e;
  }
  auto copy = std::make_shared<sql::Expr>(*e);
  if (e->kind == sql::ExprKind::kUnresolvedFunction && sql::IsAggregateFunction(e->name)) {
    const std::string name = ToLower(e->name);
    auto only_if = [&](const sql::ExprPtr& arg) {
      // count(*) counts the matching rows: count(CASE WHEN match THEN 1 END).
      sql::ExprPtr a = arg->kind == sql::ExprKind::kUnresolvedStar ? sql::Lit(1) : arg;
      return sql::Call("when", {match, a});
    };
    const bool first_last = name == "first" || name == "last" || name == "first_value" ||
                            name == "last_value";
    const bool first_arg_only = first_last || name == "percentile" ||
                                name == "percentile_approx" || name == "approx_percentile" ||
                                name == "median" || name == "approx_count_distinct";
    for (size_t i = 0; i < copy->children.size(); ++i) {
      if (i == 0 || !first_arg_only) copy->children[i] = only_if(copy->children[i]);
    }
    if (first_last) {
      copy->children.resize(1);
      copy->children.push_back(sql::Lit(true));
    }
    return copy;
  }
  for (auto& c : copy->children) c = FilterAggregates(c, match);
  return copy;
}

// Spark plans pivots whose aggregates are all numeric or boolean with its PivotFirst
// aggregate, which leaves a cell null when no row has that pivot value (so count gives null,
// not 0); other pivots aggregate the filtered rows directly.
bool NullWhenNoRows(const Schema& agg_schema, size_t first_agg) {
  for (size_t i = first_agg; i < agg_schema.fields().size(); ++i) {
    const DataType& t = agg_schema.fields()[i].type;
    if (!t.is_numeric() && t.id != TypeId::kBool) return false;
  }
  return true;
}

// The distinct values of `pivot_col` in `input`, sorted ascending (nulls first), as
// RelationalGroupedDataset.pivot(column) computes them.
Result<std::vector<sql::Value>> CollectPivotValues(const sql::PlanPtr& input,
                                                   const sql::ExprPtr& pivot_col,
                                                   const sql::ExecContext& exec) {
  sql::PlanPtr q = sql::Project(input, {pivot_col});
  q = sql::Deduplicate(q);
  q = sql::Limit(q, kPivotMaxValues + 1);
  ASSIGN_OR_RETURN(Schema schema, sql::AnalyzeSchema(q, exec));
  q = sql::Sort(q, {sql::SortOrder(sql::UnresolvedAttribute({schema.fields()[0].name}), true,
                                   true)});
  ASSIGN_OR_RETURN(TablePtr t, sql::ExecutePlan(q, exec));
  if (t->num_rows() > kPivotMaxValues) {
    return InvalidArgument("The pivot column ", schema.fields()[0].name, " has more than ",
                           kPivotMaxValues,
                           " distinct values, this could indicate an error. If this was "
                           "intended, set spark.sql.pivotMaxValues to at least the number of "
                           "distinct values of the pivot column.");
  }
  std::vector<sql::Value> values;
  for (int64_t i = 0; i < t->num_rows(); ++i) values.push_back(sql::ValueAt(*t->column(0), i));
  return values;
}

}  // namespace

// Used by TranslateAggregate for GROUP_TYPE_PIVOT. `input`, `grouping` and `aggregates` are
// the translated parts of `agg`.
Result<sql::PlanPtr> TranslatePivot(const pb::Aggregate& agg, const sql::PlanPtr& input,
                                    std::vector<sql::ExprPtr> grouping,
                                    const std::vector<sql::ExprPtr>& aggregates,
                                    TranslateContext* ctx) {
  if (!agg.has_pivot() || !agg.pivot().has_col()) {
    return InvalidArgument("a pivot aggregate needs a pivot column");
  }
  if (aggregates.empty()) return InvalidArgument("pivot needs at least one aggregate");
  sql::ExecContext local;
  if (ctx->session != nullptr) local.catalog = &ctx->session->catalog();
  const sql::ExecContext& exec = ctx->exec != nullptr ? *ctx->exec : local;

  ASSIGN_OR_RETURN(sql::ExprPtr pivot_col, TranslateExpression(agg.pivot().col(), ctx));
  ASSIGN_OR_RETURN(Schema pivot_schema,
                   sql::AnalyzeSchema(sql::Project(input, {pivot_col}), exec));
  const DataType pivot_type = pivot_schema.fields()[0].type;
  // The plain aggregate names the aggregates ("sum(c)" or their aliases) and types them.
  ASSIGN_OR_RETURN(Schema agg_schema,
                   sql::AnalyzeSchema(sql::Aggregate(input, grouping, aggregates), exec));
  const size_t first_agg = agg_schema.fields().size() - aggregates.size();

  std::vector<sql::Value> values;
  if (agg.pivot().values_size() > 0) {
    for (const auto& lit : agg.pivot().values()) {
      ASSIGN_OR_RETURN(sql::Value v, TranslateLiteral(lit));
      values.push_back(std::move(v));
    }
  } else {
    ASSIGN_OR_RETURN(values, CollectPivotValues(input, pivot_col, exec));
  }

  const bool null_when_no_rows = NullWhenNoRows(agg_schema, first_agg);
  std::vector<sql::ExprPtr> outputs;
  for (const sql::Value& v : values) {
    sql::ExprPtr match = sql::Call("<=>", {pivot_col, sql::Cast(sql::Literal(v), pivot_type)});
    const std::string value_name = PivotValueName(v);
    for (size_t i = 0; i < aggregates.size(); ++i) {
      sql::ExprPtr e = FilterAggregates(aggregates[i], match);
      if (e->kind == sql::ExprKind::kAlias) e = e->children[0];
      if (null_when_no_rows) {
        sql::ExprPtr any = sql::Call("count", {sql::Call("when", {match, sql::Lit(1)})});
        e = sql::Call("when", {sql::Call(">", {any, sql::Lit(0)}), e});
      }
      std::string name = aggregates.size() == 1
                             ? value_name
                             : StrCat(value_name, "_", agg_schema.fields()[first_agg + i].name);
      outputs.push_back(sql::Alias(e, std::move(name)));
    }
  }
  return sql::Aggregate(input, std::move(grouping), std::move(outputs));
}

// df.unpivot(ids, values, variable, value) / melt: one row per (input row, value column), in
// Spark's order (the value columns of a row follow one another). Planned as
// posexplode(array(values cast to their common type)) beside the ids, then the position picks
// the value column's name.
Result<sql::PlanPtr> TranslateUnpivot(const pb::Unpivot& u, TranslateContext* ctx) {
  if (u.input().rel_type_case() == pb::Relation::REL_TYPE_NOT_SET) {
    return InvalidArgument("unpivot has no input relation");
  }
  ASSIGN_OR_RETURN(sql::PlanPtr input, TranslateRelation(u.input(), ctx));
  sql::ExecContext local;
  if (ctx->session != nullptr) local.catalog = &ctx->session->catalog();
  const sql::ExecContext& exec = ctx->exec != nullptr ? *ctx->exec : local;

  std::vector<sql::ExprPtr> ids, values;
  for (const auto& e : u.ids()) {
    ASSIGN_OR_RETURN(sql::ExprPtr x, TranslateExpression(e, ctx));
    ids.push_back(std::move(x));
  }
  ASSIGN_OR_RETURN(Schema id_schema, sql::AnalyzeSchema(sql::Project(input, ids), exec));
  if (u.has_values()) {
    for (const auto& e : u.values().values()) {
      ASSIGN_OR_RETURN(sql::ExprPtr x, TranslateExpression(e, ctx));
      values.push_back(std::move(x));
    }
  } else {
    // Every column that is not an id, in the input's order.
    ASSIGN_OR_RETURN(Schema in_schema, sql::AnalyzeSchema(input, exec));
    for (const auto& f : in_schema.fields()) {
      bool is_id = false;
      for (const auto& idf : id_schema.fields()) is_id |= ToLower(idf.name) == ToLower(f.name);
      if (!is_id) values.push_back(sql::UnresolvedAttribute({f.name}));
    }
  }
  if (values.empty()) {
    return sql::AnalysisError("UNPIVOT_REQUIRES_VALUE_COLUMNS", "42K0A", {},
                              "At least one value column needs to be specified for UNPIVOT, "
                              "all columns specified as ids.");
  }
  ASSIGN_OR_RETURN(Schema value_schema, sql::AnalyzeSchema(sql::Project(input, values), exec));
  std::optional<DataType> common = value_schema.fields()[0].type;
  for (const auto& f : value_schema.fields()) {
    if (common) common = sql::CommonType(*common, f.type);
  }
  if (!common) {
    std::vector<std::string> types;
    for (const auto& f : value_schema.fields()) {
      types.push_back(StrCat(sql::QuoteId(f.name), " ", sql::DQuote(sql::SqlTypeName(f.type))));
    }
    std::string list = StrJoin(types, ", ");
    return sql::AnalysisError(
        "UNPIVOT_VALUE_DATA_TYPE_MISMATCH", "42K09", {{"types", list}},
        StrCat("Unpivot value columns must share a least common type, some types do not: [",
               list, "]."));
  }

  // Step 1: ids, then one (pos, value) row per value column.
  std::vector<sql::ExprPtr> casts, names;
  for (size_t i = 0; i < values.size(); ++i) {
    casts.push_back(sql::Cast(values[i], *common));
    names.push_back(sql::Lit(value_schema.fields()[i].name));
  }
  std::vector<sql::ExprPtr> first = ids;
  first.push_back(sql::Call("posexplode", {sql::Call("array", std::move(casts))}));
  // Internal names, so ids named like posexplode's outputs ("pos", "col") cannot clash.
  std::vector<std::string> internal;
  for (size_t i = 0; i < ids.size(); ++i) internal.push_back(StrCat("__unpivot_id", i));
  internal.push_back("__unpivot_pos");
  internal.push_back("__unpivot_value");
  sql::PlanPtr exploded = sql::ToDF(sql::Project(input, std::move(first)), internal);

  // Step 2: the ids under their own names, the value column's name, the value.
  std::vector<sql::ExprPtr> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    out.push_back(sql::Alias(sql::UnresolvedAttribute({internal[i]}), id_schema.fields()[i].name));
  }
  sql::ExprPtr index = sql::Call("+", {sql::UnresolvedAttribute({"__unpivot_pos"}), sql::Lit(1)});
  out.push_back(sql::Alias(sql::Call("element_at", {sql::Call("array", std::move(names)), index}),
                           u.variable_column_name()));
  out.push_back(sql::Alias(sql::UnresolvedAttribute({"__unpivot_value"}), u.value_column_name()));
  return sql::Project(exploded, std::move(out));
}

}  // namespace kindred::connect
