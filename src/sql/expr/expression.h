// Unresolved expression trees, as built by the Spark Connect translator (and later the SQL
// parser) and resolved by the analyzer (sql/plan/analyzer). Expressions are immutable once
// made and shared as ExprPtr; safe for concurrent reads from multiple threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "columnar/types.h"

namespace kindred::sql {

// A literal value. Dates are days since the epoch and timestamps microseconds since the epoch
// (UTC), both in the int64_t slot; decimals are unscaled __int128 with precision/scale in `type`.
// A null of any type holds std::monostate.
struct Value {
  DataType type;
  std::variant<std::monostate, bool, int64_t, double, std::string, __int128> data;

  bool is_null() const { return std::holds_alternative<std::monostate>(data); }
  bool as_bool() const { return std::get<bool>(data); }
  int64_t as_int() const { return std::get<int64_t>(data); }
  double as_double() const { return std::get<double>(data); }
  const std::string& as_string() const { return std::get<std::string>(data); }
  __int128 as_decimal() const { return std::get<__int128>(data); }

  static Value Null(DataType type = DataType::Null());
  static Value Bool(bool v);
  static Value Int8(int8_t v);
  static Value Int16(int16_t v);
  static Value Int32(int32_t v);
  static Value Int64(int64_t v);
  static Value Float32(float v);
  static Value Float64(double v);
  static Value String(std::string v);
  static Value Binary(std::string v);
  static Value Date(int32_t days);
  static Value Timestamp(int64_t micros);
  static Value Decimal(__int128 unscaled, int precision, int scale);

  // The text Spark uses when this literal appears in a generated column name:
  // 1 → "1", 'x' → "x", null → "NULL", true → "true", a date → "DATE '2024-01-31'".
  std::string ToPrettyString() const;
};

enum class ExprKind {
  kLiteral,              // value
  kUnresolvedAttribute,  // name_parts, plan_id
  kUnresolvedStar,       // name_parts = qualifier ({} = every column), plan_id
  kAlias,                // children[0] AS name (names holds several names for multi-aliases)
  kCast,                 // CAST(children[0] AS cast_type)
  kUnresolvedFunction,   // name(children...), is_distinct
  kSortOrder,            // children[0], ascending, nulls_first
  kExpressionString,     // text, to be parsed by the SQL parser (Unimplemented until then)
  kWindow,               // children[0] (a function) OVER (partition_by, order_by, frame)
  kExtractValue,         // children[0][children[1]]: array index / struct field (limited)
  kScalarSubquery,       // (subquery): one column, at most one row
  kExists,               // EXISTS (subquery)
  kInSubquery,           // children (one value per subquery column) IN (subquery)
};

// Window frame: rows or range between lower and upper. INT64_MIN / INT64_MAX mean unbounded,
// 0 means current row.
struct WindowFrame {
  bool is_rows = true;
  int64_t lower = INT64_MIN;
  int64_t upper = 0;
};

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;
// A logical plan (sql/plan/logical_plan.h), as held by subquery expressions.
struct LogicalPlan;

// One node of an unresolved expression tree. Which fields are meaningful depends on `kind`
// (see ExprKind). Build nodes with the factory functions below rather than by hand.
struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  Value value;                          // kLiteral
  std::vector<std::string> name_parts;  // kUnresolvedAttribute ({"t","a"}), kUnresolvedStar
  std::optional<int64_t> plan_id;       // kUnresolvedAttribute / kUnresolvedStar: DataFrame id
  std::string name;                     // kAlias name, kUnresolvedFunction name, kExpressionString text
  std::vector<std::string> names;       // kAlias: multi-name alias (rarely used)
  std::vector<ExprPtr> children;        // arguments / the child
  DataType cast_type;                   // kCast
  bool is_distinct = false;             // kUnresolvedFunction
  bool ascending = true;                // kSortOrder
  bool nulls_first = true;              // kSortOrder
  bool try_cast = false;                // kCast: null instead of an error (ANSI try_cast)
  std::vector<ExprPtr> partition_by;    // kWindow
  std::vector<ExprPtr> order_by;        // kWindow: kSortOrder nodes
  std::optional<WindowFrame> frame;     // kWindow: none = Spark's default frame
  std::shared_ptr<const LogicalPlan> subquery;  // kScalarSubquery, kExists, kInSubquery

  // A readable, Spark-like rendering for errors and explain ("'a", "'sum('x)").
  std::string DebugString() const;
};

// ---- Factories. Each returns a new immutable node. ----
ExprPtr Literal(Value v);
// `parts` {"t","a"} for t.a; `plan_id` is the id of the DataFrame the column came from.
ExprPtr UnresolvedAttribute(std::vector<std::string> parts,
                            std::optional<int64_t> plan_id = std::nullopt);
// Splits "t.a" on dots (backquotes protect dots: "`a.b`" is one part).
ExprPtr Col(const std::string& dotted_name, std::optional<int64_t> plan_id = std::nullopt);
// "*" (empty target) or "t.*" (target {"t"}).
ExprPtr UnresolvedStar(std::vector<std::string> target = {},
                       std::optional<int64_t> plan_id = std::nullopt);
ExprPtr Alias(ExprPtr child, std::string name);
ExprPtr Cast(ExprPtr child, DataType type, bool try_cast = false);
// Functions and operators alike: "+", "=", "and", "sum", "when" (CASE WHEN c1 v1 ... [else]),
// "in" (value, list...), "isnull", ... Names are case-insensitive.
ExprPtr UnresolvedFunction(std::string name, std::vector<ExprPtr> args, bool is_distinct = false);
ExprPtr SortOrder(ExprPtr child, bool ascending = true, std::optional<bool> nulls_first = {});
ExprPtr ExpressionString(std::string sql_text);
ExprPtr Window(ExprPtr function, std::vector<ExprPtr> partition_by, std::vector<ExprPtr> order_by,
               std::optional<WindowFrame> frame = std::nullopt);
ExprPtr ExtractValue(ExprPtr child, ExprPtr extraction);
// Subquery expressions. The plan may refer to columns of the enclosing query (correlation).
ExprPtr ScalarSubquery(std::shared_ptr<const LogicalPlan> plan);
ExprPtr Exists(std::shared_ptr<const LogicalPlan> plan);
// `values` IN (plan): one value per output column of `plan`.
ExprPtr InSubquery(std::vector<ExprPtr> values, std::shared_ptr<const LogicalPlan> plan);

// Shorthands for tests and internal rewrites.
inline ExprPtr Lit(int32_t v) { return Literal(Value::Int32(v)); }
inline ExprPtr Lit(int64_t v) { return Literal(Value::Int64(v)); }
inline ExprPtr Lit(double v) { return Literal(Value::Float64(v)); }
inline ExprPtr Lit(bool v) { return Literal(Value::Bool(v)); }
inline ExprPtr Lit(const char* v) { return Literal(Value::String(v)); }
inline ExprPtr Lit(std::string v) { return Literal(Value::String(std::move(v))); }
inline ExprPtr Call(std::string name, std::vector<ExprPtr> args) {
  return UnresolvedFunction(std::move(name), std::move(args));
}

}  // namespace kindred::sql
