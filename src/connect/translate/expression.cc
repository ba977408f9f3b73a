// Expression and literal translation.
#include <cstdint>
#include <limits>

#include "connect/errors.h"
#include "connect/extensions.h"
#include "connect/translate/translate.h"
#include "connect/translate/types.h"

namespace kindred::connect {

namespace pb = spark::connect;

Status UnsupportedFeature(const std::string& what) {
  return SparkError(StatusCode::kUnimplemented, "UNSUPPORTED_FEATURE", "0A000",
                    {{"feature", what}},
                    StrCat("The feature is not supported: ", what, "."));
}

Result<std::vector<std::string>> ParseIdentifier(std::string_view text) {
  std::vector<std::string> parts;
  std::string cur;
  bool in_quotes = false;
  bool quoted_part = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '`') {
        if (i + 1 < text.size() && text[i + 1] == '`') {
          cur.push_back('`');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        cur.push_back(c);
      }
    } else if (c == '`') {
      in_quotes = true;
      quoted_part = true;
    } else if (c == '.') {
      if (cur.empty() && !quoted_part) {
        return InvalidArgument("invalid identifier '", std::string(text), "': empty name part");
      }
      parts.push_back(std::move(cur));
      cur.clear();
      quoted_part = false;
    } else {
      cur.push_back(c);
    }
  }
  if (in_quotes) {
    return InvalidArgument("invalid identifier '", std::string(text), "': unclosed backquote");
  }
  if (cur.empty() && !quoted_part) {
    return InvalidArgument("invalid identifier '", std::string(text), "': empty name part");
  }
  parts.push_back(std::move(cur));
  return parts;
}

namespace {

// "-12.340" → unscaled -12340 with scale 3. Exponent forms are rejected.
Result<sql::Value> ParseDecimalLiteral(const pb::Expression::Literal::Decimal& d) {
  std::string_view s = Trim(d.value());
  bool negative = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  __int128 unscaled = 0;
  int digits = 0, scale = 0;
  bool seen_dot = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' && !seen_dot) {
      seen_dot = true;
      continue;
    }
    if (c < '0' || c > '9') {
      return InvalidArgument("invalid decimal literal '", d.value(), "'");
    }
    any = true;
    if (digits >= 38) return InvalidArgument("decimal literal '", d.value(), "' exceeds 38 digits");
    unscaled = unscaled * 10 + (c - '0');
    if (unscaled != 0 || seen_dot) ++digits;
    if (seen_dot) ++scale;
  }
  if (!any) return InvalidArgument("invalid decimal literal '", d.value(), "'");
  if (d.has_scale()) {
    while (scale < d.scale()) {
      unscaled *= 10;
      ++scale;
      ++digits;
    }
    if (scale > d.scale()) {
      return InvalidArgument("decimal literal '", d.value(), "' has more than ", d.scale(),
                             " fractional digits");
    }
  }
  int precision = std::max(digits, scale);
  if (precision == 0) precision = 1;
  if (d.has_precision()) precision = std::max(precision, static_cast<int>(d.precision()));
  if (precision > 38) return InvalidArgument("decimal literal '", d.value(), "' exceeds 38 digits");
  return sql::Value::Decimal(negative ? -unscaled : unscaled, precision, scale);
}

Result<std::optional<sql::WindowFrame>> TranslateFrame(
    const pb::Expression::Window::WindowFrame& f, TranslateContext* ctx) {
  using F = pb::Expression::Window::WindowFrame;
  sql::WindowFrame frame;
  if (f.frame_type() == F::FRAME_TYPE_UNDEFINED) return std::optional<sql::WindowFrame>();
  frame.is_rows = f.frame_type() == F::FRAME_TYPE_ROW;
  auto bound = [&](const F::FrameBoundary& b, bool lower) -> Result<int64_t> {
    switch (b.boundary_case()) {
      case F::FrameBoundary::kCurrentRow: return int64_t{0};
      case F::FrameBoundary::kUnbounded:
        return lower ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
      case F::FrameBoundary::kValue: {
        if (!b.value().has_literal()) return UnsupportedFeature("non-literal window frame bounds");
        ASSIGN_OR_RETURN(sql::Value v, TranslateLiteral(b.value().literal()));
        if (v.is_null() || !v.type.is_integer()) {
          return InvalidArgument("window frame bound must be an integer literal");
        }
        return v.as_int();
      }
      case F::FrameBoundary::BOUNDARY_NOT_SET: break;
    }
    return InvalidArgument("window frame boundary is not set");
  };
  ASSIGN_OR_RETURN(frame.lower, bound(f.lower(), true));
  ASSIGN_OR_RETURN(frame.upper, bound(f.upper(), false));
  return std::optional<sql::WindowFrame>(frame);
}

Result<std::vector<sql::ExprPtr>> TranslateAll(
    const google::protobuf::RepeatedPtrField<pb::Expression>& exprs, TranslateContext* ctx) {
  std::vector<sql::ExprPtr> out;
  out.reserve(exprs.size());
  for (const auto& e : exprs) {
    ASSIGN_OR_RETURN(sql::ExprPtr x, TranslateExpression(e, ctx));
    out.push_back(std::move(x));
  }
  return out;
}

Result<sql::ExprPtr> TranslateSortOrder(const pb::Expression::SortOrder& so,
                                        TranslateContext* ctx) {
  using SO = pb::Expression::SortOrder;
  ASSIGN_OR_RETURN(sql::ExprPtr child, TranslateExpression(so.child(), ctx));
  bool ascending = so.direction() != SO::SORT_DIRECTION_DESCENDING;
  std::optional<bool> nulls_first;
  if (so.null_ordering() == SO::SORT_NULLS_FIRST) nulls_first = true;
  if (so.null_ordering() == SO::SORT_NULLS_LAST) nulls_first = false;
  return sql::SortOrder(child, ascending, nulls_first);
}

// PySpark sends some operators under names the engine spells differently.
std::string NormalizeFunctionName(const std::string& name) {
  if (name == "==") return "=";
  return name;
}

}  // namespace

Result<sql::Value> TranslateLiteral(const pb::Expression::Literal& lit) {
  using L = pb::Expression::Literal;
  switch (lit.literal_type_case()) {
    case L::kNull: {
      auto t = FromProtoType(lit.null());
      return sql::Value::Null(t.ok() ? *t : DataType::Null());
    }
    case L::kBinary: return sql::Value::Binary(lit.binary());
    case L::kBoolean: return sql::Value::Bool(lit.boolean());
    case L::kByte: return sql::Value::Int8(static_cast<int8_t>(lit.byte()));
    case L::kShort: return sql::Value::Int16(static_cast<int16_t>(lit.short_()));
    case L::kInteger: return sql::Value::Int32(lit.integer());
    case L::kLong: return sql::Value::Int64(lit.long_());
    case L::kFloat: return sql::Value::Float32(lit.float_());
    case L::kDouble: return sql::Value::Float64(lit.double_());
    case L::kDecimal: return ParseDecimalLiteral(lit.decimal());
    case L::kString: return sql::Value::String(lit.string());
    case L::kDate: return sql::Value::Date(lit.date());
    case L::kTimestamp: return sql::Value::Timestamp(lit.timestamp());
    case L::kTimestampNtz: return sql::Value::Timestamp(lit.timestamp_ntz());
    case L::kCalendarInterval:
    case L::kYearMonthInterval:
    case L::kDayTimeInterval:
      return UnsupportedFeature("interval literals");
    case L::kArray:
    case L::kSpecializedArray:
      return UnsupportedFeature("array literals");
    case L::kMap: return UnsupportedFeature("map literals");
    case L::kStruct: return UnsupportedFeature("struct literals");
    case L::LITERAL_TYPE_NOT_SET: break;
  }
  return InvalidArgument("literal has no value set");
}

Result<sql::ExprPtr> TranslateExpression(const pb::Expression& expr, TranslateContext* ctx) {
  using E = pb::Expression;
  switch (expr.expr_type_case()) {
    case E::kLiteral: {
      ASSIGN_OR_RETURN(sql::Value v, TranslateLiteral(expr.literal()));
      return sql::Literal(std::move(v));
    }
    case E::kUnresolvedAttribute: {
      const auto& a = expr.unresolved_attribute();
      ASSIGN_OR_RETURN(auto parts, ParseIdentifier(a.unparsed_identifier()));
      std::optional<int64_t> plan_id;
      if (a.has_plan_id()) plan_id = a.plan_id();
      return sql::UnresolvedAttribute(std::move(parts), plan_id);
    }
    case E::kUnresolvedFunction: {
      const auto& f = expr.unresolved_function();
      ASSIGN_OR_RETURN(auto args, TranslateAll(f.arguments(), ctx));
      return sql::UnresolvedFunction(NormalizeFunctionName(f.function_name()), std::move(args),
                                     f.is_distinct());
    }
    case E::kExpressionString:
      return sql::ExpressionString(expr.expression_string().expression());
    case E::kUnresolvedStar: {
      const auto& s = expr.unresolved_star();
      std::vector<std::string> target;
      if (s.has_unparsed_target()) {
        std::string_view t = s.unparsed_target();
        if (t.size() >= 2 && t.substr(t.size() - 2) == ".*") t.remove_suffix(2);
        if (t != "*" && !t.empty()) {
          ASSIGN_OR_RETURN(target, ParseIdentifier(t));
        }
      }
      std::optional<int64_t> plan_id;
      if (s.has_plan_id()) plan_id = s.plan_id();
      return sql::UnresolvedStar(std::move(target), plan_id);
    }
    case E::kAlias: {
      const auto& a = expr.alias();
      ASSIGN_OR_RETURN(sql::ExprPtr child, TranslateExpression(a.expr(), ctx));
      if (a.name_size() == 0) return InvalidArgument("alias without a name");
      sql::ExprPtr alias = sql::Alias(child, a.name(0));
      if (a.name_size() > 1) {
        auto multi = std::make_shared<sql::Expr>(*alias);
        multi->names.assign(a.name().begin(), a.name().end());
        return sql::ExprPtr(multi);
      }
      return alias;
    }
    case E::kCast: {
      const auto& c = expr.cast();
      ASSIGN_OR_RETURN(sql::ExprPtr child, TranslateExpression(c.expr(), ctx));
      DataType type;
      if (c.has_type()) {
        ASSIGN_OR_RETURN(type, FromProtoType(c.type()));
      } else {
        ASSIGN_OR_RETURN(type, ParseTypeName(c.type_str()));
      }
      return sql::Cast(child, type, c.eval_mode() == E::Cast::EVAL_MODE_TRY);
    }
    case E::kSortOrder: return TranslateSortOrder(expr.sort_order(), ctx);
    case E::kWindow: {
      const auto& w = expr.window();
      ASSIGN_OR_RETURN(sql::ExprPtr fn, TranslateExpression(w.window_function(), ctx));
      ASSIGN_OR_RETURN(auto partition, TranslateAll(w.partition_spec(), ctx));
      std::vector<sql::ExprPtr> order;
      for (const auto& so : w.order_spec()) {
        ASSIGN_OR_RETURN(sql::ExprPtr o, TranslateSortOrder(so, ctx));
        order.push_back(std::move(o));
      }
      std::optional<sql::WindowFrame> frame;
      if (w.has_frame_spec()) {
        ASSIGN_OR_RETURN(frame, TranslateFrame(w.frame_spec(), ctx));
      }
      return sql::Window(fn, std::move(partition), std::move(order), frame);
    }
    case E::kUnresolvedExtractValue: {
      const auto& x = expr.unresolved_extract_value();
      ASSIGN_OR_RETURN(sql::ExprPtr child, TranslateExpression(x.child(), ctx));
      ASSIGN_OR_RETURN(sql::ExprPtr extraction, TranslateExpression(x.extraction(), ctx));
      return sql::ExtractValue(child, extraction);
    }
    case E::kCallFunction: {
      const auto& f = expr.call_function();
      ASSIGN_OR_RETURN(auto args, TranslateAll(f.arguments(), ctx));
      return sql::UnresolvedFunction(NormalizeFunctionName(f.function_name()), std::move(args));
    }
    case E::kExtension: {
      const ExtensionRegistry& reg =
          ctx->extensions ? *ctx->extensions : ExtensionRegistry::Global();
      return reg.TranslateExpression(expr.extension(), ctx);
    }
    case E::kUnresolvedRegex: return UnsupportedFeature("expression type unresolved_regex (colRegex)");
    case E::kLambdaFunction: return UnsupportedFeature("expression type lambda_function");
    case E::kUnresolvedNamedLambdaVariable:
      return UnsupportedFeature("expression type unresolved_named_lambda_variable");
    case E::kUpdateFields: return UnsupportedFeature("expression type update_fields (withField)");
    case E::kCommonInlineUserDefinedFunction:
      return UnsupportedFeature(StrCat("user-defined function ",
                                       expr.common_inline_user_defined_function().function_name()));
    case E::kNamedArgumentExpression:
      return UnsupportedFeature("expression type named_argument_expression");
    case E::kMergeAction: return UnsupportedFeature("expression type merge_action");
    case E::kLazyExpression: return TranslateExpression(expr.lazy_expression().child(), ctx);
    case E::kSubqueryExpression: return UnsupportedFeature("expression type subquery_expression");
    case E::EXPR_TYPE_NOT_SET: break;
  }
  return InvalidArgument("expression has no type set");
}

}  // namespace kindred::connect
