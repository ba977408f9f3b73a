// Math functions. Names follow Spark's pretty names: most unary math functions print in
// upper case ("SQRT(x)", "FLOOR(x)", "CEIL(x)", "POWER(x, 2)"), as Spark's
// UnaryMathExpression/BinaryMathExpression name them.
#include <charconv>
#include <cmath>
#include <random>

#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

// Rounds `v` to `scale` digits as java.math.BigDecimal(Double.toString(v)).setScale would:
// on the shortest decimal representation, so round(2.675, 2) = 2.68 as in Spark.
double RoundDecimalString(double v, int scale, bool half_even) {
  if (!std::isfinite(v)) return v;
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string s(buf, res.ptr);
  // s = [-]d[.ddd]e[+-]xx
  bool neg = s[0] == '-';
  if (neg) s.erase(0, 1);
  size_t e = s.find('e');
  int exp = std::stoi(s.substr(e + 1));
  std::string digits;
  for (size_t i = 0; i < e; ++i)
    if (s[i] != '.') digits += s[i];
  // value = 0.digits * 10^(exp+1); keep (exp + 1 + scale) digits.
  int keep = exp + 1 + scale;
  if (keep < 0) return neg ? -0.0 : 0.0;
  if (keep >= static_cast<int>(digits.size())) return neg ? -std::fabs(v) : std::fabs(v);
  std::string kept = digits.substr(0, keep);
  char next = digits[keep];
  bool rest_nonzero = digits.find_first_not_of('0', keep + 1) != std::string::npos;
  bool up;
  if (half_even) {
    int last = kept.empty() ? 0 : kept.back() - '0';
    up = next > '5' || (next == '5' && (rest_nonzero || (last % 2 == 1)));
  } else {
    up = next >= '5';
  }
  // Increment kept as a decimal integer.
  if (kept.empty()) kept = "0";
  if (up) {
    int i = static_cast<int>(kept.size()) - 1;
    while (i >= 0) {
      if (kept[i] == '9') {
        kept[i] = '0';
        --i;
      } else {
        ++kept[i];
        break;
      }
    }
    if (i < 0) {
      kept.insert(kept.begin(), '1');
      ++exp;
      ++keep;
    }
  }
  std::string out = kept + "e" + std::to_string(-scale);
  double r = std::strtod(out.c_str(), nullptr);
  return neg ? -r : r;
}

int64_t RoundIntegral(int64_t v, int scale, bool half_even) {
  if (scale >= 0) return v;
  int64_t p = 1;
  for (int i = 0; i < -scale && i < 19; ++i) p *= 10;
  int64_t q = v / p, r = v % p;
  int64_t twice = 2 * (r < 0 ? -r : r);
  bool up = half_even ? (twice > p || (twice == p && (q % 2 != 0))) : twice >= p;
  if (up) q += v < 0 ? -1 : 1;
  return q * p;
}

__int128 Pow10(int n) {
  __int128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

template <typename F>
KernelFn DoubleUnary(F f) {
  return [f](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
             const EvalContext&) -> Result<ColumnPtr> {
    return UnaryFixedKernel<double, double>(call.type, *a[0], n, f);
  };
}

void DefDoubleUnary(FunctionRegistry& r, const std::string& name, const std::string& pretty,
                    double (*f)(double), bool null_on_nonpositive = false) {
  r.Add(name, [=](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 1, 1));
    std::string sql = CallSql(pretty, args);
    ASSIGN_OR_RETURN(BoundPtr a, ImplicitCast(args[0], DataType::Float64(), 0, sql));
    return BoundCall(name, sql, DataType::Float64(), true, {a},
                     DoubleUnary([f, null_on_nonpositive](double x, bool* valid) {
                       // Spark's logarithms return null for x <= 0.
                       if (null_on_nonpositive && x <= 0) { *valid = false; return 0.0; }
                       return f(x);
                     }));
  });
}

double Signum(double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : x); }
double Degrees(double x) { return x * 180.0 / M_PI; }
double Radians(double x) { return x * M_PI / 180.0; }
double Cot(double x) { return 1.0 / std::tan(x); }

Result<BoundPtr> ResolveRound(bool half_even, const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 1, 2));
  if (args.size() == 1) args.push_back(BoundLiteral(Value::Int32(0)));
  std::string sql = CallSql(name, args);
  if (args[1]->kind != BoundKind::kLiteral || !args[1]->type.is_integer()) {
    return DataTypeMismatchError("NON_FOLDABLE_INPUT", DQuote(sql),
                                 {{"inputName", "`scale`"}, {"inputType", DQuote("INT")}, {"inputExpr", DQuote(args[1]->sql)}},
                                 "the input `scale` should be a foldable \"INT\" expression; however, got " + DQuote(args[1]->sql) + ".");
  }
  int scale = args[1]->value.is_null() ? 0 : static_cast<int>(args[1]->value.as_int());
  BoundPtr a = args[0];
  if (a->type.id == TypeId::kString || a->type.id == TypeId::kNull) a = CastTo(a, DataType::Float64());
  if (!a->type.is_numeric()) RETURN_IF_ERROR(ImplicitCast(a, DataType::Float64(), 0, sql).status());
  DataType t = a->type;
  if (t.id == TypeId::kDecimal128) {
    int new_scale = std::min(t.scale, std::max(scale, 0));
    DataType out = DataType::Decimal(std::min(38, t.precision - t.scale + 1 + new_scale), new_scale);
    int from = t.scale;
    return BoundCall(name, sql, out, a->nullable, {a},
                     [from, scale, half_even](const BoundExpr& call, const std::vector<ColumnPtr>& x,
                                              int64_t n, const EvalContext&) -> Result<ColumnPtr> {
                       int to = call.type.scale;
                       return UnaryFixedKernel<__int128, __int128>(
                           call.type, *x[0], n, [=](__int128 v, bool*) -> __int128 {
                             int drop = from - std::max(scale, 0) > 0 ? from - std::max(scale, 0) : 0;
                             if (drop == 0) return v * Pow10(to - from);
                             __int128 p = Pow10(drop), q = v / p, rem = v % p;
                             __int128 twice = 2 * (rem < 0 ? -rem : rem);
                             bool up = half_even ? (twice > p || (twice == p && (q % 2 != 0))) : twice >= p;
                             if (up) q += v < 0 ? -1 : 1;
                             return q * Pow10(to - (from - drop));
                           });
                     });
  }
  return BoundCall(name, sql, t, a->nullable, {a},
                   [scale, half_even](const BoundExpr& call, const std::vector<ColumnPtr>& x,
                                      int64_t n, const EvalContext&) -> Result<ColumnPtr> {
                     ColumnPtr out;
                     DispatchFixed(call.type.id, [&](auto tag) {
                       using T = decltype(tag);
                       if constexpr (std::is_floating_point_v<T>) {
                         out = UnaryFixedKernel<T, T>(call.type, *x[0], n, [=](T v, bool*) {
                           return static_cast<T>(RoundDecimalString(v, scale, half_even));
                         });
                       } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, uint8_t>) {
                         out = UnaryFixedKernel<T, T>(call.type, *x[0], n, [=](T v, bool*) {
                           return static_cast<T>(RoundIntegral(v, scale, half_even));
                         });
                       }
                     });
                     if (!out) return Internal("no round kernel");
                     return out;
                   });
}

// floor/ceil: double → bigint, decimal(p,s) → decimal(p-s+1,0), integers → bigint.
Result<BoundPtr> ResolveFloorCeil(bool ceil, const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 1, 2));
  std::string sql = CallSql(ceil ? "CEIL" : "FLOOR", args);
  BoundPtr a = args[0];
  if (a->type.id == TypeId::kString || a->type.id == TypeId::kNull || a->type.is_floating())
    a = CastTo(a, DataType::Float64());
  if (!a->type.is_numeric()) RETURN_IF_ERROR(ImplicitCast(a, DataType::Float64(), 0, sql).status());
  if (a->type.is_integer()) {
    a = CastTo(a, DataType::Int64());
    auto e = std::make_shared<BoundExpr>(*a);
    e->sql = sql;
    return BoundPtr(e);
  }
  if (a->type.id == TypeId::kDecimal128) {
    DataType t = a->type;
    DataType out = DataType::Decimal(std::min(38, t.precision - t.scale + 1), 0);
    int s = t.scale;
    return BoundCall(name, sql, out, a->nullable, {a},
                     [s, ceil](const BoundExpr& call, const std::vector<ColumnPtr>& x, int64_t n,
                               const EvalContext&) -> Result<ColumnPtr> {
                       __int128 p = Pow10(s);
                       return UnaryFixedKernel<__int128, __int128>(call.type, *x[0], n, [=](__int128 v, bool*) {
                         __int128 q = v / p, r = v % p;
                         if (ceil && r > 0) ++q;
                         if (!ceil && r < 0) --q;
                         return q;
                       });
                     });
  }
  return BoundCall(name, sql, DataType::Int64(), a->nullable, {a},
                   [ceil](const BoundExpr& call, const std::vector<ColumnPtr>& x, int64_t n,
                          const EvalContext&) -> Result<ColumnPtr> {
                     return UnaryFixedKernel<double, int64_t>(call.type, *x[0], n, [ceil](double v, bool*) -> int64_t {
                       double r = ceil ? std::ceil(v) : std::floor(v);
                       if (std::isnan(r)) return 0;
                       if (r >= 9.2233720368547758e18) return INT64_MAX;
                       if (r <= -9.2233720368547758e18) return INT64_MIN;
                       return static_cast<int64_t>(r);
                     });
                   });
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& r) {
  r.Add("abs", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(name, args, 1, 1));
    std::string sql = CallSql("abs", args);
    BoundPtr a = args[0];
    if (a->type.id == TypeId::kString || a->type.id == TypeId::kNull) a = CastTo(a, DataType::Float64());
    if (!a->type.is_numeric()) RETURN_IF_ERROR(ImplicitCast(a, DataType::Float64(), 0, sql).status());
    return BoundCall("abs", sql, a->type, a->nullable, {a},
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& x, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       ColumnPtr out;
                       DispatchFixed(call.type.id, [&](auto tag) {
                         using T = decltype(tag);
                         if constexpr (!std::is_same_v<T, uint8_t>) {
                           out = UnaryFixedKernel<T, T>(call.type, *x[0], n, [](T v, bool*) -> T {
                             if constexpr (std::is_integral_v<T>) {
                               using U = std::make_unsigned_t<T>;
                               return v < 0 ? static_cast<T>(U(0) - static_cast<U>(v)) : v;
                             } else {
                               return v < 0 ? -v : v;
                             }
                           });
                         }
                       });
                       if (!out) return Internal("no abs kernel");
                       return out;
                     });
  });
  r.Add("round", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveRound(false, n, std::move(a)); });
  r.Add("bround", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveRound(true, n, std::move(a)); });
  r.Add("floor", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveFloorCeil(false, n, std::move(a)); });
  r.Add("ceil", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveFloorCeil(true, n, std::move(a)); });
  r.Add("ceiling", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveFloorCeil(true, n, std::move(a)); });

  DefDoubleUnary(r, "sqrt", "SQRT", [](double x) { return std::sqrt(x); });
  DefDoubleUnary(r, "cbrt", "CBRT", [](double x) { return std::cbrt(x); });
  DefDoubleUnary(r, "exp", "EXP", [](double x) { return std::exp(x); });
  DefDoubleUnary(r, "expm1", "EXPM1", [](double x) { return std::expm1(x); });
  DefDoubleUnary(r, "ln", "ln", [](double x) { return std::log(x); }, true);
  DefDoubleUnary(r, "log10", "LOG10", [](double x) { return std::log10(x); }, true);
  DefDoubleUnary(r, "log2", "LOG2", [](double x) { return std::log2(x); }, true);
  DefDoubleUnary(r, "log1p", "LOG1P", [](double x) { return std::log1p(x); });
  DefDoubleUnary(r, "sin", "SIN", [](double x) { return std::sin(x); });
  DefDoubleUnary(r, "cos", "COS", [](double x) { return std::cos(x); });
  DefDoubleUnary(r, "tan", "TAN", [](double x) { return std::tan(x); });
  DefDoubleUnary(r, "cot", "COT", Cot);
  DefDoubleUnary(r, "asin", "ASIN", [](double x) { return std::asin(x); });
  DefDoubleUnary(r, "acos", "ACOS", [](double x) { return std::acos(x); });
  DefDoubleUnary(r, "atan", "ATAN", [](double x) { return std::atan(x); });
  DefDoubleUnary(r, "sinh", "SINH", [](double x) { return std::sinh(x); });
  DefDoubleUnary(r, "cosh", "COSH", [](double x) { return std::cosh(x); });
  DefDoubleUnary(r, "tanh", "TANH", [](double x) { return std::tanh(x); });
  DefDoubleUnary(r, "degrees", "DEGREES", Degrees);
  DefDoubleUnary(r, "radians", "RADIANS", Radians);
  DefDoubleUnary(r, "signum", "SIGNUM", Signum);
  DefDoubleUnary(r, "sign", "sign", Signum);
  DefDoubleUnary(r, "rint", "ROUND", [](double x) { return std::nearbyint(x); });

  struct Bin { const char* name; const char* pretty; double (*f)(double, double); };
  for (Bin b : {Bin{"pow", "POWER", [](double x, double y) { return std::pow(x, y); }},
                Bin{"power", "POWER", [](double x, double y) { return std::pow(x, y); }},
                Bin{"atan2", "ATAN2", [](double x, double y) { return std::atan2(x, y); }},
                Bin{"hypot", "HYPOT", [](double x, double y) { return std::hypot(x, y); }}}) {
    Bin bin = b;
    r.Add(b.name, [bin](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
      std::string sql = CallSql(bin.pretty, args);
      ASSIGN_OR_RETURN(BoundPtr x, ImplicitCast(args[0], DataType::Float64(), 0, sql));
      ASSIGN_OR_RETURN(BoundPtr y, ImplicitCast(args[1], DataType::Float64(), 1, sql));
      auto f = bin.f;
      return BoundCall(called, sql, DataType::Float64(), x->nullable || y->nullable, {x, y},
                       [f](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                           const EvalContext&) -> Result<ColumnPtr> {
                         return BinaryFixedKernel<double, double>(call.type, *a[0], *a[1], n,
                                                                  [f](double p, double q, bool*) { return f(p, q); });
                       });
    });
  }
  r.Add("log", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 1, 2));
    if (args.size() == 1) return ResolveScalarFunction("ln", args);
    std::string sql = CallSql("LOG", args);
    ASSIGN_OR_RETURN(BoundPtr b, ImplicitCast(args[0], DataType::Float64(), 0, sql));
    ASSIGN_OR_RETURN(BoundPtr x, ImplicitCast(args[1], DataType::Float64(), 1, sql));
    return BoundCall("log", sql, DataType::Float64(), true, {b, x},
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       return BinaryFixedKernel<double, double>(call.type, *a[0], *a[1], n, [](double base, double v, bool* valid) {
                         if (base <= 0 || v <= 0) { *valid = false; return 0.0; }
                         return std::log(v) / std::log(base);
                       });
                     });
  });
  for (const char* name : {"e", "pi"}) {
    bool is_e = std::string(name) == "e";
    r.Add(name, [is_e](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(called, args, 0, 0));
      auto lit = std::make_shared<BoundExpr>(*BoundLiteral(Value::Float64(is_e ? M_E : M_PI)));
      lit->sql = is_e ? "E()" : "PI()";
      return BoundPtr(lit);
    });
  }
  r.Add("factorial", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 1, 1));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr a, ImplicitCast(args[0], DataType::Int32(), 0, sql));
    return BoundCall("factorial", sql, DataType::Int64(), true, {a},
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& x, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       return UnaryFixedKernel<int32_t, int64_t>(call.type, *x[0], n, [](int32_t v, bool* valid) -> int64_t {
                         if (v < 0 || v > 20) { *valid = false; return 0; }
                         int64_t f = 1;
                         for (int i = 2; i <= v; ++i) f *= i;
                         return f;
                       });
                     });
  });
  // rand/randn: uniform [0,1) / standard normal, deterministic for a given seed and row.
  for (bool normal : {false, true}) {
    r.Add(normal ? "randn" : "rand", [normal](const std::string& called,
                                              std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(called, args, 0, 1));
      int64_t seed;
      if (args.empty()) {
        seed = static_cast<int64_t>(std::random_device{}()) << 32 | std::random_device{}();
        args.push_back(BoundLiteral(Value::Int64(seed)));
      } else {
        if (args[0]->kind != BoundKind::kLiteral) {
          return DataTypeMismatchError("NON_FOLDABLE_INPUT", DQuote(CallSql(called, args)),
                                       {{"inputName", "`seed`"}, {"inputType", DQuote("BIGINT")}, {"inputExpr", DQuote(args[0]->sql)}},
                                       "the input `seed` should be a foldable \"BIGINT\" expression.");
        }
        seed = args[0]->value.is_null() ? 0 : args[0]->value.as_int();
      }
      std::string sql = CallSql(called, args);
      auto e = std::make_shared<BoundExpr>(*BoundCall(
          called, sql, DataType::Float64(), false, {},
          [seed, normal](const BoundExpr& call, const std::vector<ColumnPtr>&, int64_t n,
                         const EvalContext& ctx) -> Result<ColumnPtr> {
            Buffer values = MakeValues<double>(n);
            double* o = MutableValues<double>(values);
            for (int64_t i = 0; i < n; ++i) {
              // splitmix64 of (seed, global row): stable across batch boundaries.
              uint64_t z = static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ULL +
                           static_cast<uint64_t>(ctx.row_offset + i) + 0x632BE59BD9B4E019ULL;
              auto mix = [](uint64_t x) {
                x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
                x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
                return x ^ (x >> 31);
              };
              uint64_t u1 = mix(z);
              double d1 = static_cast<double>(u1 >> 11) * 0x1.0p-53;
              if (!normal) {
                o[i] = d1;
              } else {
                double d2 = static_cast<double>(mix(z ^ 0xD1B54A32D192ED03ULL) >> 11) * 0x1.0p-53;
                o[i] = std::sqrt(-2.0 * std::log(d1 > 0 ? d1 : 1e-300)) * std::cos(2 * M_PI * d2);
              }
            }
            return Column::FromBuffers(DataType::Float64(), n, {}, std::move(values));
          }));
      e->deterministic = false;
      return BoundPtr(e);
    });
  }
}

}  // namespace kindred::sql
