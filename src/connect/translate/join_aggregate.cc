// Two-input relations (joins, set operations) and grouping (aggregate).
#include "connect/errors.h"
#include "connect/translate/translate.h"

namespace kindred::connect {

namespace pb = spark::connect;

// pivot.cc: the aggregate of conditional aggregates for groupBy().pivot().
Result<sql::PlanPtr> TranslatePivot(const pb::Aggregate& agg, const sql::PlanPtr& input,
                                    std::vector<sql::ExprPtr> grouping,
                                    const std::vector<sql::ExprPtr>& aggregates,
                                    TranslateContext* ctx);

Result<sql::PlanPtr> TranslateJoin(const pb::Join& join, TranslateContext* ctx) {
  if (join.has_join_data_type()) return UnsupportedFeature("joinWith (typed joins)");
  sql::JoinType type;
  switch (join.join_type()) {
    case pb::Join::JOIN_TYPE_UNSPECIFIED:
    case pb::Join::JOIN_TYPE_INNER: type = sql::JoinType::kInner; break;
    case pb::Join::JOIN_TYPE_FULL_OUTER: type = sql::JoinType::kFullOuter; break;
    case pb::Join::JOIN_TYPE_LEFT_OUTER: type = sql::JoinType::kLeftOuter; break;
    case pb::Join::JOIN_TYPE_RIGHT_OUTER: type = sql::JoinType::kRightOuter; break;
    case pb::Join::JOIN_TYPE_LEFT_ANTI: type = sql::JoinType::kLeftAnti; break;
    case pb::Join::JOIN_TYPE_LEFT_SEMI: type = sql::JoinType::kLeftSemi; break;
    case pb::Join::JOIN_TYPE_CROSS: type = sql::JoinType::kCross; break;
    default: return InvalidArgument("unknown join type ", static_cast<int>(join.join_type()));
  }
  if (join.has_join_condition() && join.using_columns_size() > 0) {
    return InvalidArgument("a join has either a condition or using columns, not both");
  }
  ASSIGN_OR_RETURN(sql::PlanPtr left, TranslateRelation(join.left(), ctx));
  ASSIGN_OR_RETURN(sql::PlanPtr right, TranslateRelation(join.right(), ctx));
  sql::ExprPtr cond;
  if (join.has_join_condition()) {
    ASSIGN_OR_RETURN(cond, TranslateExpression(join.join_condition(), ctx));
  }
  return sql::Join(left, right, type, cond,
                   {join.using_columns().begin(), join.using_columns().end()});
}

Result<sql::PlanPtr> TranslateSetOperation(const pb::SetOperation& op, TranslateContext* ctx) {
  sql::SetOpKind kind;
  switch (op.set_op_type()) {
    case pb::SetOperation::SET_OP_TYPE_UNION: kind = sql::SetOpKind::kUnion; break;
    case pb::SetOperation::SET_OP_TYPE_INTERSECT: kind = sql::SetOpKind::kIntersect; break;
    case pb::SetOperation::SET_OP_TYPE_EXCEPT: kind = sql::SetOpKind::kExcept; break;
    default: return InvalidArgument("set operation type is not set");
  }
  if (kind != sql::SetOpKind::kUnion && (op.by_name() || op.allow_missing_columns())) {
    return InvalidArgument("by-name resolution applies to UNION only");
  }
  ASSIGN_OR_RETURN(sql::PlanPtr left, TranslateRelation(op.left_input(), ctx));
  ASSIGN_OR_RETURN(sql::PlanPtr right, TranslateRelation(op.right_input(), ctx));
  return sql::SetOperation(left, right, kind, op.is_all(), op.by_name(),
                           op.allow_missing_columns());
}

Result<sql::PlanPtr> TranslateAggregate(const pb::Aggregate& agg, TranslateContext* ctx) {
  sql::GroupType type;
  switch (agg.group_type()) {
    case pb::Aggregate::GROUP_TYPE_UNSPECIFIED:
    case pb::Aggregate::GROUP_TYPE_GROUPBY: type = sql::GroupType::kGroupBy; break;
    case pb::Aggregate::GROUP_TYPE_ROLLUP: type = sql::GroupType::kRollup; break;
    case pb::Aggregate::GROUP_TYPE_CUBE: type = sql::GroupType::kCube; break;
    case pb::Aggregate::GROUP_TYPE_PIVOT: type = sql::GroupType::kGroupBy; break;
    case pb::Aggregate::GROUP_TYPE_GROUPING_SETS: return UnsupportedFeature("grouping sets");
    default: return InvalidArgument("unknown group type ", static_cast<int>(agg.group_type()));
  }
  ASSIGN_OR_RETURN(sql::PlanPtr input, TranslateRelation(agg.input(), ctx));
  std::vector<sql::ExprPtr> grouping, aggregates;
  for (const auto& e : agg.grouping_expressions()) {
    ASSIGN_OR_RETURN(sql::ExprPtr x, TranslateExpression(e, ctx));
    grouping.push_back(std::move(x));
  }
  for (const auto& e : agg.aggregate_expressions()) {
    ASSIGN_OR_RETURN(sql::ExprPtr x, TranslateExpression(e, ctx));
    aggregates.push_back(std::move(x));
  }
  if (agg.group_type() == pb::Aggregate::GROUP_TYPE_PIVOT) {
    return TranslatePivot(agg, input, std::move(grouping), aggregates, ctx);
  }
  return sql::Aggregate(input, std::move(grouping), std::move(aggregates), type);
}

}  // namespace kindred::connect
