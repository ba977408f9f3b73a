// Arithmetic operators: + - * / % pmod, unary minus/plus. Non-ANSI Spark semantics: integral
// overflow wraps, division or remainder by zero yields null, int / int is double division.
#include <cmath>

#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

enum class Op { kAdd, kSub, kMul, kDiv, kMod, kPmod };

const char* OpSymbol(Op op) {
  switch (op) {
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    case Op::kMod: return "%";
    case Op::kPmod: return "pmod";
  }
  return "?";
}

__int128 Pow10(int n) {
  __int128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

template <typename T>
T WrapAdd(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return a + b;
  }
}
template <typename T>
T WrapSub(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
  } else {
    return a - b;
  }
}
template <typename T>
T WrapMul(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
  } else {
    return a * b;
  }
}

template <typename T>
T Mod(T a, T b, bool* valid) {
  if constexpr (std::is_integral_v<T>) {
    if (b == 0) { *valid = false; return 0; }
    if (b == -1) return 0;  // avoids INT_MIN % -1 trapping
    return a % b;
  } else {
    if (b == 0) { *valid = false; return 0; }
    return std::fmod(a, b);
  }
}

template <typename T>
T Pmod(T a, T b, bool* valid) {
  T r = Mod(a, b, valid);
  if (!*valid) return 0;
  if constexpr (std::is_integral_v<T>) {
    if (r < 0) r = static_cast<T>((r + b) % b);
  } else {
    if (r < 0) r = std::fmod(r + b, b);
  }
  return r;
}

// Result type of a decimal operation as Spark's DecimalPrecision computes it (with the
// "allow precision loss" adjustment for results wider than 38 digits).
DataType AdjustDecimal(int precision, int scale) {
  if (precision <= 38) return DataType::Decimal(precision, scale);
  int int_digits = precision - scale;
  int min_scale = std::min(scale, 6);
  int adjusted = std::max(38 - int_digits, min_scale);
  return DataType::Decimal(38, adjusted);
}

DataType DecimalResult(Op op, const DataType& a, const DataType& b) {
  int p1 = a.precision, s1 = a.scale, p2 = b.precision, s2 = b.scale;
  switch (op) {
    case Op::kAdd:
    case Op::kSub: {
      int s = std::max(s1, s2);
      return AdjustDecimal(std::max(p1 - s1, p2 - s2) + s + 1, s);
    }
    case Op::kMul: return AdjustDecimal(p1 + p2 + 1, s1 + s2);
    case Op::kDiv: {
      int s = std::max(6, s1 + p2 + 1);
      return AdjustDecimal(p1 - s1 + s2 + s, s);
    }
    case Op::kMod:
    case Op::kPmod: {
      int s = std::max(s1, s2);
      return AdjustDecimal(std::min(p1 - s1, p2 - s2) + s, s);
    }
  }
  return a;
}

__int128 Rescale(__int128 v, int from, int to) {
  if (to >= from) return v * Pow10(to - from);
  __int128 d = Pow10(from - to);
  __int128 q = v / d, r = v % d;
  if (r * 2 >= d) ++q;
  else if (r * 2 <= -d) --q;
  return q;
}

ColumnPtr DecimalKernel(Op op, const DataType& out, const Column& a, const Column& b, int64_t n) {
  int sa = a.type().scale, sb = b.type().scale, so = out.scale;
  __int128 limit = Pow10(out.precision);
  return BinaryFixedKernel<__int128, __int128>(
      out, a, b, n, [&](__int128 x, __int128 y, bool* valid) -> __int128 {
        __int128 r = 0;
        switch (op) {
          case Op::kAdd:
          case Op::kSub: {
            int s = std::max(sa, sb);
            __int128 xa = Rescale(x, sa, s), yb = Rescale(y, sb, s);
            r = Rescale(op == Op::kAdd ? xa + yb : xa - yb, s, so);
            break;
          }
          case Op::kMul: r = Rescale(x * y, sa + sb, so); break;
          case Op::kDiv: {
            if (y == 0) { *valid = false; return 0; }
            // x/10^sa ÷ y/10^sb at scale so (+1 digit for rounding).
            int shift = so + sb - sa + 1;
            __int128 num = shift >= 0 ? x * Pow10(shift) : x / Pow10(-shift);
            __int128 q = num / y;
            r = q >= 0 ? (q + 5) / 10 : (q - 5) / 10;
            break;
          }
          case Op::kMod:
          case Op::kPmod: {
            if (y == 0) { *valid = false; return 0; }
            int s = std::max(sa, sb);
            __int128 xa = Rescale(x, sa, s), yb = Rescale(y, sb, s);
            __int128 m = xa % yb;
            if (op == Op::kPmod && m < 0) m = (m + yb) % yb;
            r = Rescale(m, s, so);
            break;
          }
        }
        if (r >= limit || r <= -limit) *valid = false;  // overflow → null (non-ANSI)
        return r;
      });
}

// Division by one positive divisor shared by every row (`id % 100000`), through a precomputed
// reciprocal: a multiply and one branch-free correction instead of a hardware division per
// row. With m = floor((2^64 - 1) / d) >= (2^64 - d) / d, the estimate floor(x * m / 2^64) is
// above x / d - x / 2^64 > x / d - 1, so at most 1 below the quotient.
class InvariantDivisor {
 public:
  explicit InvariantDivisor(uint64_t d) : d_(d), m_(UINT64_MAX / d) {}
  // Quotient of x / d; *rem receives x % d.
  uint64_t Divide(uint64_t x, uint64_t* rem) const {
    uint64_t q = static_cast<uint64_t>((static_cast<unsigned __int128>(x) * m_) >> 64);
    uint64_t r = x - q * d_;
    const uint64_t low = r >= d_;
    q += low;
    r -= d_ & (0 - low);
    *rem = r;
    return q;
  }

 private:
  uint64_t d_, m_;
};

// The divisor when every row of `b` holds the same positive integer and none is null; else 0.
template <typename T>
uint64_t SharedPositiveDivisor(const Column& b, int64_t n) {
  if (n == 0 || b.has_nulls()) return 0;
  const T* y = b.values<T>();
  const T first = y[0];
  if (first <= 0) return 0;
  bool same = true;
  for (int64_t i = 1; i < n; ++i) same &= y[i] == first;
  return same ? static_cast<uint64_t>(first) : 0;
}

// x / d, x % d or pmod(x, d) for integer rows and a shared positive divisor (Spark's results:
// quotient truncated toward zero, remainder with the dividend's sign, pmod non-negative).
// The operation is a template argument so the row loop holds no switch.
template <Op kOp, typename T>
ColumnPtr DivideBySharedDivisor(const DataType& t, const Column& a, uint64_t d, int64_t n) {
  const InvariantDivisor div(d);
  return UnaryFixedKernel<T, T>(t, a, n, [&](T x, bool*) -> T {
    const bool negative = x < 0;
    const uint64_t magnitude =
        negative ? 0 - static_cast<uint64_t>(static_cast<int64_t>(x)) : static_cast<uint64_t>(x);
    uint64_t r;
    const uint64_t q = div.Divide(magnitude, &r);
    if constexpr (kOp == Op::kDiv) {
      return static_cast<T>(negative ? 0 - q : q);
    } else if constexpr (kOp == Op::kPmod) {
      return static_cast<T>(negative && r != 0 ? d - r : r);
    } else {
      return static_cast<T>(negative ? 0 - r : r);
    }
  });
}

template <typename T>
ColumnPtr DivideBySharedDivisor(Op op, const DataType& t, const Column& a, uint64_t d, int64_t n) {
  switch (op) {
    case Op::kDiv: return DivideBySharedDivisor<Op::kDiv, T>(t, a, d, n);
    case Op::kPmod: return DivideBySharedDivisor<Op::kPmod, T>(t, a, d, n);
    default: return DivideBySharedDivisor<Op::kMod, T>(t, a, d, n);
  }
}

// Calls g(reader) with a ColumnOperand reading column `c` as T: directly when it holds T, and
// for a floating T also from int / bigint. Returns false for any other type.
template <typename T, typename G>
bool WithColumnOperand(const Column& c, G&& g) {
  if (c.type().byte_width() == static_cast<int>(sizeof(T)) &&
      c.type().is_floating() == std::is_floating_point_v<T>) {
    g(ColumnOperand<T, T>{c.values<T>()});
    return true;
  }
  if constexpr (std::is_floating_point_v<T>) {
    if (c.type().id == TypeId::kInt64) {
      g(ColumnOperand<int64_t, T>{c.values<int64_t>()});
      return true;
    }
    if (c.type().id == TypeId::kInt32) {
      g(ColumnOperand<int32_t, T>{c.values<int32_t>()});
      return true;
    }
  }
  return false;
}

// f over two operands, either of which may be a literal (one value, no column read). A column
// operand holds T, or when the other operand is a literal and T is floating, int / bigint
// (see OperandFits). Null when a column cannot be read that way.
template <typename T, typename F>
ColumnPtr ApplyBinary(const DataType& t, const Column& a, bool a_scalar, const Column& b,
                      bool b_scalar, int64_t n, F f) {
  ColumnPtr out;
  if (b_scalar && !a_scalar) {
    const ScalarOperand<T> y{b.values<T>()[0]};
    WithColumnOperand<T>(a, [&](auto x) {
      out = BinaryOperandKernel<T>(t, x, y, MergeValidity({&a}, n), n, f);
    });
  } else if (a_scalar && !b_scalar) {
    const ScalarOperand<T> x{a.values<T>()[0]};
    WithColumnOperand<T>(b, [&](auto y) {
      out = BinaryOperandKernel<T>(t, x, y, MergeValidity({&b}, n), n, f);
    });
  } else if (a.type() == t && b.type() == t) {
    out = BinaryFixedKernel<T, T>(t, a, b, n, f);
  }
  return out;
}

// Whether argument k of `call` is a non-null literal (its column then holds one value n times).
bool IsScalarArg(const BoundExpr& call, size_t k, int64_t n) {
  return n > 0 && k < call.args.size() && call.args[k]->kind == BoundKind::kLiteral &&
         !call.args[k]->value.is_null();
}

// Whether the kernel reads a column of type `c` directly for an operation of type t: its own
// type, or int / bigint widened to double when the other operand is a literal (the binder
// leaves that cast out, see ResolveArithmetic).
bool OperandFits(const DataType& c, const DataType& t, bool other_scalar) {
  return c == t || (other_scalar && t.id == TypeId::kFloat64 &&
                    (c.id == TypeId::kInt64 || c.id == TypeId::kInt32));
}

// op over two operands of the operation's type t (see ApplyBinary for literal operands and
// widened columns). Null when no kernel exists for t.
ColumnPtr NumericKernel(Op op, const DataType& t, const Column& a, bool a_scalar, const Column& b,
                        bool b_scalar, int64_t n) {
  ColumnPtr out;
  DispatchFixed(t.id, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, uint8_t> || std::is_same_v<T, __int128>) {
      return;
    } else {
      if constexpr (std::is_integral_v<T>) {
        if (op == Op::kDiv || op == Op::kMod || op == Op::kPmod) {
          uint64_t d = 0;
          if (b_scalar) {
            d = b.values<T>()[0] > 0 ? static_cast<uint64_t>(b.values<T>()[0]) : 0;
          } else if (b.type() == t) {
            d = SharedPositiveDivisor<T>(b, n);
          }
          if (d != 0 && a.type() == t && !a_scalar) {
            out = DivideBySharedDivisor<T>(op, t, a, d, n);
            return;
          }
        }
      }
      auto apply = [&](auto f) { out = ApplyBinary<T>(t, a, a_scalar, b, b_scalar, n, f); };
      switch (op) {
        case Op::kAdd: apply([](T x, T y, bool*) { return WrapAdd(x, y); }); break;
        case Op::kSub: apply([](T x, T y, bool*) { return WrapSub(x, y); }); break;
        case Op::kMul: apply([](T x, T y, bool*) { return WrapMul(x, y); }); break;
        case Op::kDiv:
          apply([](T x, T y, bool* valid) -> T {
            if (y == 0) { *valid = false; return 0; }
            if constexpr (std::is_integral_v<T>) {
              if (y == -1) return WrapSub(T{0}, x);  // MIN / -1 wraps instead of trapping
            }
            return x / y;
          });
          break;
        case Op::kMod: apply([](T x, T y, bool* v) { return Mod(x, y, v); }); break;
        case Op::kPmod: apply([](T x, T y, bool* v) { return Pmod(x, y, v); }); break;
      }
    }
  });
  return out;
}

Status BinaryOpTypeError(const std::string& sql, const DataType& l, const DataType& r) {
  return DataTypeMismatchError(
      "BINARY_OP_DIFF_TYPES", DQuote(sql),
      {{"left", DQuote(SqlTypeName(l))}, {"right", DQuote(SqlTypeName(r))}},
      "the left and right operands of the binary operator have incompatible types (" +
          DQuote(SqlTypeName(l)) + " and " + DQuote(SqlTypeName(r)) + ").");
}

Result<BoundPtr> ResolveArithmetic(Op op, const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 2, 2));
  BoundPtr l = args[0], r = args[1];
  std::string sql = op == Op::kPmod ? CallSql("pmod", args)
                                    : "(" + l->sql + " " + OpSymbol(op) + " " + r->sql + ")";
  // Date arithmetic: date + int / date - int are date_add / date_sub in Spark.
  if ((op == Op::kAdd || op == Op::kSub) && l->type.id == TypeId::kDate32 &&
      (r->type.is_integer() || r->type.id == TypeId::kNull)) {
    BoundPtr days = CastTo(r, DataType::Int32());
    return BoundCall(op == Op::kAdd ? "date_add" : "date_sub", sql, DataType::Date32(),
                     AnyNullable(args), {l, days},
                     [op](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                          const EvalContext&) -> Result<ColumnPtr> {
                       return BinaryFixedKernel<int32_t, int32_t>(
                           DataType::Date32(), *a[0], *a[1], n, [op](int32_t d, int32_t k, bool*) {
                             return op == Op::kAdd ? WrapAdd(d, k) : WrapSub(d, k);
                           });
                     });
  }
  // Strings in arithmetic are read as doubles (Spark's implicit cast for BinaryArithmetic).
  auto numeric_or_string = [](const DataType& t) {
    return t.is_numeric() || t.id == TypeId::kString || t.id == TypeId::kNull;
  };
  if (!numeric_or_string(l->type) || !numeric_or_string(r->type))
    return BinaryOpTypeError(sql, l->type, r->type);
  if (l->type.id == TypeId::kString) l = CastTo(l, DataType::Float64());
  if (r->type.id == TypeId::kString) r = CastTo(r, DataType::Float64());
  if (l->type.id == TypeId::kNull && r->type.id == TypeId::kNull) {
    l = CastTo(l, op == Op::kDiv ? DataType::Float64() : DataType::Int32());
    r = CastTo(r, l->type);
  }
  auto wide = WiderNumericType(l->type, r->type);
  if (!wide) return BinaryOpTypeError(sql, l->type, r->type);
  DataType t = *wide;
  // int / int and float / float are double division in Spark.
  if (op == Op::kDiv && t.id != TypeId::kDecimal128) t = DataType::Float64();
  bool nullable = l->nullable || r->nullable || op == Op::kDiv || op == Op::kMod ||
                  op == Op::kPmod;
  if (t.id == TypeId::kDecimal128) {
    DataType dl = l->type.id == TypeId::kDecimal128 ? l->type : DecimalForIntegral(l->type);
    DataType dr = r->type.id == TypeId::kDecimal128 ? r->type : DecimalForIntegral(r->type);
    if (l->type.id == TypeId::kNull) dl = dr;
    if (r->type.id == TypeId::kNull) dr = dl;
    l = CastTo(l, dl);
    r = CastTo(r, dr);
    DataType out = DecimalResult(op, dl, dr);
    return BoundCall(OpSymbol(op), sql, out, true, {l, r},
                     [op](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                          const EvalContext&) -> Result<ColumnPtr> {
                       return DecimalKernel(op, call.type, *a[0], *a[1], n);
                     });
  }
  // An int / bigint column meeting a literal in a double operation (`id * 0.5`) stays
  // uncast: the kernel widens each value as it reads it, instead of first building a double
  // column. Literals are cast here (CastTo folds them).
  BoundPtr lc = CastTo(l, t), rc = CastTo(r, t);
  if (rc->kind == BoundKind::kLiteral && l->kind != BoundKind::kLiteral &&
      OperandFits(l->type, t, true)) {
    lc = l;
  } else if (lc->kind == BoundKind::kLiteral && r->kind != BoundKind::kLiteral &&
             OperandFits(r->type, t, true)) {
    rc = r;
  }
  return BoundCall(OpSymbol(op), sql, t, nullable, {lc, rc},
                   [op](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                     const bool a_scalar = IsScalarArg(call, 0, n);
                     const bool b_scalar = IsScalarArg(call, 1, n);
                     ColumnPtr x = a[0], y = a[1];
                     // Any operand the row loops cannot read as it is gets the cast here.
                     if (!a_scalar && !OperandFits(x->type(), call.type, b_scalar)) {
                       ASSIGN_OR_RETURN(x, CastColumn(x, call.type));
                     }
                     if (!b_scalar && !OperandFits(y->type(), call.type, a_scalar)) {
                       ASSIGN_OR_RETURN(y, CastColumn(y, call.type));
                     }
                     ColumnPtr out =
                         NumericKernel(op, call.type, *x, a_scalar, *y, b_scalar, n);
                     if (!out) return Internal("no arithmetic kernel for ", call.type.ToString());
                     return out;
                   });
}

Result<BoundPtr> ResolveNegate(bool negate, const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 1, 1));
  BoundPtr a = args[0];
  std::string sql = std::string("(") + (negate ? "- " : "+ ") + a->sql + ")";
  if (a->type.id == TypeId::kString) a = CastTo(a, DataType::Float64());
  if (a->type.id == TypeId::kNull) a = CastTo(a, DataType::Float64());
  if (!a->type.is_numeric()) RETURN_IF_ERROR(ImplicitCast(a, DataType::Float64(), 0, sql).status());
  if (!negate) {
    auto p = std::make_shared<BoundExpr>(*a);
    p->sql = sql;
    return BoundPtr(p);
  }
  return BoundCall("negative", sql, a->type, a->nullable, {a},
                   [](const BoundExpr& call, const std::vector<ColumnPtr>& args, int64_t n,
                      const EvalContext&) -> Result<ColumnPtr> {
                     ColumnPtr out;
                     DispatchFixed(call.type.id, [&](auto tag) {
                       using T = decltype(tag);
                       if constexpr (!std::is_same_v<T, uint8_t>) {
                         out = UnaryFixedKernel<T, T>(call.type, *args[0], n, [](T x, bool*) -> T {
                           if constexpr (std::is_integral_v<T>) return WrapSub(T{0}, x);
                           else return -x;
                         });
                       }
                     });
                     if (!out) return Internal("no negate kernel");
                     return out;
                   });
}

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry& r) {
  struct Entry { const char* name; Op op; };
  for (Entry e : {Entry{"+", Op::kAdd}, Entry{"add", Op::kAdd}, Entry{"-", Op::kSub},
                  Entry{"subtract", Op::kSub}, Entry{"*", Op::kMul}, Entry{"multiply", Op::kMul},
                  Entry{"/", Op::kDiv}, Entry{"divide", Op::kDiv}, Entry{"%", Op::kMod},
                  Entry{"mod", Op::kMod}, Entry{"pmod", Op::kPmod}}) {
    Op op = e.op;
    r.Add(e.name, [op](const std::string& name, std::vector<BoundPtr> args) {
      return ResolveArithmetic(op, name, std::move(args));
    });
  }
  // a div b: integral division of the operands as bigint; null when b is 0.
  r.Add("div", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(name, args, 2, 2));
    std::string sql = "(" + args[0]->sql + " div " + args[1]->sql + ")";
    std::vector<BoundPtr> cast;
    for (int i = 0; i < 2; ++i) {
      BoundPtr a = args[i];
      if (!a->type.is_integer()) {
        ASSIGN_OR_RETURN(a, ImplicitCast(a, DataType::Int64(), i, sql));
      }
      cast.push_back(CastTo(a, DataType::Int64()));
    }
    return BoundCall("div", sql, DataType::Int64(), true, cast,
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       return BinaryFixedKernel<int64_t, int64_t>(call.type, *a[0], *a[1], n, [](int64_t x, int64_t y, bool* valid) -> int64_t {
                         if (y == 0) { *valid = false; return 0; }
                         if (y == -1) return WrapSub(int64_t{0}, x);
                         return x / y;
                       });
                     });
  });
  r.Add("negative", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveNegate(true, n, std::move(a)); });
  r.Add("positive", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveNegate(false, n, std::move(a)); });
}

}  // namespace kindred::sql
