// Case-insensitive registry of scalar functions and operators. A function is registered as a
// resolver: given bound arguments it checks and coerces their types (inserting implicit casts
// as Spark's type-coercion rules do) and returns the bound call, with its kernel and Spark's
// generated name. Aggregate functions live in aggregate_functions.h. Immutable after start-up.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sql/expr/bound_expr.h"

namespace kindred::sql {

// `name` is the name as called (Spark shows aliases such as "substr" as called).
using ScalarResolver =
    std::function<Result<BoundPtr>(const std::string& name, std::vector<BoundPtr> args)>;

class FunctionRegistry {
 public:
  // The process-wide registry with every built-in function.
  static const FunctionRegistry& Get();

  void Add(const std::string& name, ScalarResolver resolver);
  // Null when `name` is not a scalar function.
  const ScalarResolver* Find(const std::string& name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, ScalarResolver> fns_;
};

// Resolves a scalar function call; UNRESOLVED_ROUTINE when unknown.
Result<BoundPtr> ResolveScalarFunction(const std::string& name, std::vector<BoundPtr> args);

// ---- Helpers shared by the function families. ----
// "name(a, b)" from the arguments' SQL text.
std::string CallSql(const std::string& name, const std::vector<BoundPtr>& args);
// "\"text\"" as Spark quotes expressions and types in messages.
std::string DQuote(const std::string& s);
// WRONG_NUM_ARGS unless min <= args.size() <= max (max < 0 = unbounded).
Status CheckArity(const std::string& name, const std::vector<BoundPtr>& args, int min, int max);
// Implicit cast of argument `index` (0-based) of `fn_sql` to `target`, or
// DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE when Spark would not cast it.
Result<BoundPtr> ImplicitCast(const BoundPtr& arg, const DataType& target, int index,
                              const std::string& fn_sql);
bool AnyNullable(const std::vector<BoundPtr>& args);

// Type coercion (Spark's TypeCoercion, non-ANSI).
// Wider numeric type for arithmetic (int + bigint → bigint); none when not both numeric.
std::optional<DataType> WiderNumericType(const DataType& a, const DataType& b);
// Common type for comparisons (string vs number → the number's type).
std::optional<DataType> ComparisonType(const DataType& a, const DataType& b);
// Common type for coalesce / CASE / union / IN (string vs number → string).
std::optional<DataType> CommonType(const DataType& a, const DataType& b);
// Decimal type holding any value of integral type `t` (int → decimal(10,0)).
DataType DecimalForIntegral(const DataType& t);

// Registration of each family (one file each).
void RegisterArithmeticFunctions(FunctionRegistry& r);
void RegisterPredicateFunctions(FunctionRegistry& r);
void RegisterConditionalFunctions(FunctionRegistry& r);
void RegisterStringFunctions(FunctionRegistry& r);
void RegisterRegexFunctions(FunctionRegistry& r);
void RegisterMathFunctions(FunctionRegistry& r);
void RegisterDatetimeFunctions(FunctionRegistry& r);
void RegisterCollectionFunctions(FunctionRegistry& r);
void RegisterHashFunctions(FunctionRegistry& r);
void RegisterDigestFunctions(FunctionRegistry& r);

}  // namespace kindred::sql
