#include "sql/expr/function_registry.h"

#include "sql/errors.h"

namespace kindred::sql {

const FunctionRegistry& FunctionRegistry::Get() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    RegisterArithmeticFunctions(*r);
    RegisterPredicateFunctions(*r);
    RegisterConditionalFunctions(*r);
    RegisterStringFunctions(*r);
    RegisterRegexFunctions(*r);
    RegisterMathFunctions(*r);
    RegisterDatetimeFunctions(*r);
    RegisterCollectionFunctions(*r);
    RegisterHashFunctions(*r);
    RegisterDigestFunctions(*r);
    return r;
  }();
  return *registry;
}

void FunctionRegistry::Add(const std::string& name, ScalarResolver resolver) {
  fns_[ToLower(name)] = std::move(resolver);
}

const ScalarResolver* FunctionRegistry::Find(const std::string& name) const {
  auto it = fns_.find(ToLower(name));
  return it == fns_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionRegistry::Names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : fns_) out.push_back(k);
  return out;
}

Result<BoundPtr> ResolveScalarFunction(const std::string& name, std::vector<BoundPtr> args) {
  const ScalarResolver* r = FunctionRegistry::Get().Find(name);
  if (!r) return UnresolvedRoutineError(name);
  return (*r)(ToLower(name), std::move(args));
}

std::string CallSql(const std::string& name, const std::vector<BoundPtr>& args) {
  std::string s = name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) s += ", ";
    s += args[i]->sql;
  }
  return s + ")";
}

std::string DQuote(const std::string& s) { return "\"" + s + "\""; }

bool AnyNullable(const std::vector<BoundPtr>& args) {
  for (const auto& a : args)
    if (a->nullable) return true;
  return false;
}

Status CheckArity(const std::string& name, const std::vector<BoundPtr>& args, int min, int max) {
  int n = static_cast<int>(args.size());
  if (n >= min && (max < 0 || n <= max)) return OkStatus();
  std::string expected = min == max ? std::to_string(min)
                         : max < 0  ? "> " + std::to_string(min - 1)
                                    : "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  return AnalysisError("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "42605",
                       {{"functionName", QuoteId(name)},
                        {"expectedNum", expected},
                        {"actualNum", std::to_string(n)},
                        {"docroot", "https://spark.apache.org/docs/latest"}},
                       "The " + QuoteId(name) + " requires " + expected +
                           " parameters but the actual number is " + std::to_string(n) +
                           ". Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.");
}

namespace {
const char* Ordinal(int i) {
  static const char* kNames[] = {"first", "second", "third", "fourth", "fifth",
                                 "sixth", "seventh", "eighth", "ninth", "tenth"};
  return i < 10 ? kNames[i] : "next";
}
}  // namespace

Result<BoundPtr> ImplicitCast(const BoundPtr& arg, const DataType& target, int index,
                              const std::string& fn_sql) {
  const DataType& from = arg->type;
  if (from == target) return arg;
  bool ok = false;
  if (from.id == TypeId::kNull) ok = true;
  else if (target.id == TypeId::kString) ok = from.id != TypeId::kList && from.id != TypeId::kBinary;
  else if (target.id == TypeId::kBinary) ok = from.id == TypeId::kString;
  else if (target.is_numeric()) ok = from.is_numeric() || from.id == TypeId::kString;
  else if (target.id == TypeId::kDate32 || target.id == TypeId::kTimestamp)
    ok = from.id == TypeId::kString || from.id == TypeId::kDate32 || from.id == TypeId::kTimestamp;
  else if (target.id == TypeId::kBool) ok = from.id == TypeId::kString;
  if (ok) return CastTo(arg, target, true);
  std::string req = DQuote(SqlTypeName(target));
  return DataTypeMismatchError(
      "UNEXPECTED_INPUT_TYPE", DQuote(fn_sql),
      {{"paramIndex", Ordinal(index)},
       {"requiredType", req},
       {"inputSql", DQuote(arg->sql)},
       {"inputType", DQuote(SqlTypeName(from))}},
      std::string("The ") + Ordinal(index) + " parameter requires the " + req +
          " type, however " + DQuote(arg->sql) + " has the type " +
          DQuote(SqlTypeName(from)) + ".");
}

namespace {
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kInt8: return 1;
    case TypeId::kInt16: return 2;
    case TypeId::kInt32: return 3;
    case TypeId::kInt64: return 4;
    case TypeId::kFloat32: return 6;
    case TypeId::kFloat64: return 7;
    default: return 0;
  }
}
}  // namespace

DataType DecimalForIntegral(const DataType& t) {
  switch (t.id) {
    case TypeId::kInt8: return DataType::Decimal(3, 0);
    case TypeId::kInt16: return DataType::Decimal(5, 0);
    case TypeId::kInt32: return DataType::Decimal(10, 0);
    case TypeId::kInt64: return DataType::Decimal(20, 0);
    default: return t;
  }
}

std::optional<DataType> WiderNumericType(const DataType& a, const DataType& b) {
  if (a.id == TypeId::kNull && b.is_numeric()) return b;
  if (b.id == TypeId::kNull && a.is_numeric()) return a;
  if (!a.is_numeric() || !b.is_numeric()) return std::nullopt;
  if (a == b) return a;
  if (a.id == TypeId::kDecimal128 || b.id == TypeId::kDecimal128) {
    if (a.is_floating() || b.is_floating()) return DataType::Float64();
    DataType da = a.id == TypeId::kDecimal128 ? a : DecimalForIntegral(a);
    DataType db = b.id == TypeId::kDecimal128 ? b : DecimalForIntegral(b);
    int scale = std::max(da.scale, db.scale);
    int range = std::max(da.precision - da.scale, db.precision - db.scale);
    return DataType::Decimal(std::min(38, range + scale), scale);
  }
  return NumericRank(a.id) >= NumericRank(b.id) ? a : b;
}

std::optional<DataType> ComparisonType(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id == TypeId::kNull) return b;
  if (b.id == TypeId::kNull) return a;
  if (auto w = WiderNumericType(a, b)) return w;
  auto is_dt = [](const DataType& t) { return t.id == TypeId::kDate32 || t.id == TypeId::kTimestamp; };
  if (is_dt(a) && is_dt(b)) return DataType::Timestamp();
  if (a.id == TypeId::kString && b.id == TypeId::kDecimal128) return DataType::Float64();
  if (b.id == TypeId::kString && a.id == TypeId::kDecimal128) return DataType::Float64();
  if (a.id == TypeId::kString && b.id != TypeId::kList) return b;
  if (b.id == TypeId::kString && a.id != TypeId::kList) return a;
  return std::nullopt;
}

std::optional<DataType> CommonType(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id == TypeId::kNull) return b;
  if (b.id == TypeId::kNull) return a;
  if (auto w = WiderNumericType(a, b)) return w;
  auto is_dt = [](const DataType& t) { return t.id == TypeId::kDate32 || t.id == TypeId::kTimestamp; };
  if (is_dt(a) && is_dt(b)) return DataType::Timestamp();
  if (a.id == TypeId::kList && b.id == TypeId::kList && a.element && b.element) {
    auto e = CommonType(*a.element, *b.element);
    if (e) return DataType::List(*e);
    return std::nullopt;
  }
  // Spark promotes the other side of a string to string (findWiderTypeForTwo).
  if ((a.id == TypeId::kString && b.id != TypeId::kList && b.id != TypeId::kBinary) ||
      (b.id == TypeId::kString && a.id != TypeId::kList && a.id != TypeId::kBinary))
    return DataType::String();
  return std::nullopt;
}

}  // namespace kindred::sql
