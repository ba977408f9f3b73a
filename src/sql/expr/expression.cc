#include "sql/expr/expression.h"

#include "columnar/format_value.h"

namespace kindred::sql {

Value Value::Null(DataType type) { return Value{std::move(type), std::monostate{}}; }
Value Value::Bool(bool v) { return Value{DataType::Bool(), v}; }
Value Value::Int8(int8_t v) { return Value{DataType::Int8(), int64_t{v}}; }
Value Value::Int16(int16_t v) { return Value{DataType::Int16(), int64_t{v}}; }
Value Value::Int32(int32_t v) { return Value{DataType::Int32(), int64_t{v}}; }
Value Value::Int64(int64_t v) { return Value{DataType::Int64(), v}; }
Value Value::Float32(float v) { return Value{DataType::Float32(), double{v}}; }
Value Value::Float64(double v) { return Value{DataType::Float64(), v}; }
Value Value::String(std::string v) { return Value{DataType::String(), std::move(v)}; }
Value Value::Binary(std::string v) { return Value{DataType::Binary(), std::move(v)}; }
Value Value::Date(int32_t days) { return Value{DataType::Date32(), int64_t{days}}; }
Value Value::Timestamp(int64_t micros) { return Value{DataType::Timestamp(), micros}; }
Value Value::Decimal(__int128 unscaled, int precision, int scale) {
  return Value{DataType::Decimal(precision, scale), unscaled};
}

std::string Value::ToPrettyString() const {
  if (is_null()) return "NULL";
  switch (type.id) {
    case TypeId::kBool: return as_bool() ? "true" : "false";
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return std::to_string(as_int());
    case TypeId::kFloat32: return FormatFloat(static_cast<float>(as_double()));
    case TypeId::kFloat64: return FormatDouble(as_double());
    case TypeId::kString: return as_string();
    case TypeId::kBinary: {
      std::string out = "X'";
      static const char* kHex = "0123456789ABCDEF";
      for (unsigned char c : as_string()) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return out + "'";
    }
    case TypeId::kDate32: return "DATE '" + FormatDate(static_cast<int32_t>(as_int())) + "'";
    case TypeId::kTimestamp: return "TIMESTAMP '" + FormatTimestamp(as_int()) + "'";
    case TypeId::kDecimal128: return FormatDecimal(as_decimal(), type.scale);
    default: return "NULL";
  }
}

std::string Expr::DebugString() const {
  auto child = [&](size_t i) -> std::string {
    return i < children.size() && children[i] ? children[i]->DebugString() : "?";
  };
  auto join_children = [&](const std::vector<ExprPtr>& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out += ", ";
      out += v[i] ? v[i]->DebugString() : "null";
    }
    return out;
  };
  switch (kind) {
    case ExprKind::kLiteral: return value.ToPrettyString();
    case ExprKind::kUnresolvedAttribute: return "'" + StrJoin(name_parts, ".");
    case ExprKind::kUnresolvedStar:
      return name_parts.empty() ? "*" : StrJoin(name_parts, ".") + ".*";
    case ExprKind::kAlias: return child(0) + " AS " + name;
    case ExprKind::kCast:
      return "cast(" + child(0) + " as " + cast_type.ToString() + ")";
    case ExprKind::kUnresolvedFunction:
      return "'" + name + "(" + (is_distinct ? "distinct " : "") + join_children(children) + ")";
    case ExprKind::kSortOrder:
      return child(0) + (ascending ? " ASC" : " DESC") +
             (nulls_first ? " NULLS FIRST" : " NULLS LAST");
    case ExprKind::kExpressionString: return "expr(" + name + ")";
    case ExprKind::kWindow:
      return child(0) + " OVER (PARTITION BY " + join_children(partition_by) +
             " ORDER BY " + join_children(order_by) + ")";
    case ExprKind::kExtractValue:
      return child(0) + "[" + child(1) + "]";
    case ExprKind::kScalarSubquery: return "scalar-subquery";
    case ExprKind::kExists: return "exists";
    case ExprKind::kInSubquery: return "(" + join_children(children) + ") IN (list)";
  }
  return "?";
}

namespace {
std::shared_ptr<Expr> Make(ExprKind kind) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  return e;
}
}  // namespace

ExprPtr Literal(Value v) {
  auto e = Make(ExprKind::kLiteral);
  e->value = std::move(v);
  return e;
}

ExprPtr UnresolvedAttribute(std::vector<std::string> parts, std::optional<int64_t> plan_id) {
  auto e = Make(ExprKind::kUnresolvedAttribute);
  e->name_parts = std::move(parts);
  e->plan_id = plan_id;
  return e;
}

ExprPtr Col(const std::string& dotted_name, std::optional<int64_t> plan_id) {
  std::vector<std::string> parts;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < dotted_name.size(); ++i) {
    char c = dotted_name[i];
    if (c == '`') {
      // Inside backquotes "``" is a literal backquote.
      if (quoted && i + 1 < dotted_name.size() && dotted_name[i + 1] == '`') {
        cur += '`';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  if (parts.size() >= 2 && parts.back() == "*") {
    parts.pop_back();
    return UnresolvedStar(std::move(parts), plan_id);
  }
  if (parts.size() == 1 && parts[0] == "*" && dotted_name == "*") return UnresolvedStar({}, plan_id);
  return UnresolvedAttribute(std::move(parts), plan_id);
}

ExprPtr UnresolvedStar(std::vector<std::string> target, std::optional<int64_t> plan_id) {
  auto e = Make(ExprKind::kUnresolvedStar);
  e->name_parts = std::move(target);
  e->plan_id = plan_id;
  return e;
}

ExprPtr Alias(ExprPtr child, std::string name) {
  auto e = Make(ExprKind::kAlias);
  e->children = {std::move(child)};
  e->name = std::move(name);
  return e;
}

ExprPtr Cast(ExprPtr child, DataType type, bool try_cast) {
  auto e = Make(ExprKind::kCast);
  e->children = {std::move(child)};
  e->cast_type = std::move(type);
  e->try_cast = try_cast;
  return e;
}

ExprPtr UnresolvedFunction(std::string name, std::vector<ExprPtr> args, bool is_distinct) {
  auto e = Make(ExprKind::kUnresolvedFunction);
  e->name = std::move(name);
  e->children = std::move(args);
  e->is_distinct = is_distinct;
  return e;
}

ExprPtr SortOrder(ExprPtr child, bool ascending, std::optional<bool> nulls_first) {
  auto e = Make(ExprKind::kSortOrder);
  e->children = {std::move(child)};
  e->ascending = ascending;
  // Spark: ascending sorts put nulls first, descending sorts put them last.
  e->nulls_first = nulls_first.value_or(ascending);
  return e;
}

ExprPtr ExpressionString(std::string sql_text) {
  auto e = Make(ExprKind::kExpressionString);
  e->name = std::move(sql_text);
  return e;
}

ExprPtr Window(ExprPtr function, std::vector<ExprPtr> partition_by, std::vector<ExprPtr> order_by,
               std::optional<WindowFrame> frame) {
  auto e = Make(ExprKind::kWindow);
  e->children = {std::move(function)};
  e->partition_by = std::move(partition_by);
  e->order_by = std::move(order_by);
  e->frame = frame;
  return e;
}

ExprPtr ExtractValue(ExprPtr child, ExprPtr extraction) {
  auto e = Make(ExprKind::kExtractValue);
  e->children = {std::move(child), std::move(extraction)};
  return e;
}

ExprPtr ScalarSubquery(std::shared_ptr<const LogicalPlan> plan) {
  auto e = Make(ExprKind::kScalarSubquery);
  e->subquery = std::move(plan);
  return e;
}

ExprPtr Exists(std::shared_ptr<const LogicalPlan> plan) {
  auto e = Make(ExprKind::kExists);
  e->subquery = std::move(plan);
  return e;
}

ExprPtr InSubquery(std::vector<ExprPtr> values, std::shared_ptr<const LogicalPlan> plan) {
  auto e = Make(ExprKind::kInSubquery);
  e->children = std::move(values);
  e->subquery = std::move(plan);
  return e;
}

}  // namespace kindred::sql
