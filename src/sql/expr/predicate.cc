// Comparison and logical operators: = == <=> != <> < <= > >=, and/or/not (three-valued logic),
// isnull/isnotnull/isnan, in. Spark orders NaN above every other double and equal to itself.
#include <cmath>
#include <unordered_set>

#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

enum class Cmp { kEq, kNullSafeEq, kLt, kLe, kGt, kGe };

const char* CmpSymbol(Cmp c) {
  switch (c) {
    case Cmp::kEq: return "=";
    case Cmp::kNullSafeEq: return "<=>";
    case Cmp::kLt: return "<";
    case Cmp::kLe: return "<=";
    case Cmp::kGt: return ">";
    case Cmp::kGe: return ">=";
  }
  return "?";
}

// -1/0/1 with Spark's NaN ordering for floating point.
template <typename T>
inline int Compare3(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

inline bool ApplyCmp(Cmp c, int r) {
  switch (c) {
    case Cmp::kEq:
    case Cmp::kNullSafeEq: return r == 0;
    case Cmp::kLt: return r < 0;
    case Cmp::kLe: return r <= 0;
    case Cmp::kGt: return r > 0;
    case Cmp::kGe: return r >= 0;
  }
  return false;
}

template <typename T, Cmp C>
ColumnPtr CompareFixed(const Column& a, const Column& b, int64_t n) {
  return BinaryFixedKernel<T, uint8_t>(DataType::Bool(), a, b, n, [](T x, T y, bool*) -> uint8_t {
    return ApplyCmp(C, Compare3(x, y));
  });
}

ColumnPtr CompareColumns(Cmp c, const Column& a, const Column& b, int64_t n) {
  ColumnPtr out;
  if (a.type().is_string_like()) {
    Buffer validity = MergeValidity({&a, &b}, n);
    Buffer values = MakeValues<uint8_t>(n);
    uint8_t* o = values.data();
    for (int64_t i = 0; i < n; ++i) {
      int r = a.GetString(i).compare(b.GetString(i));
      o[i] = ApplyCmp(c, r);
    }
    out = Column::FromBuffers(DataType::Bool(), n, std::move(validity), std::move(values));
  } else {
    DispatchFixed(a.type().id, [&](auto tag) {
      using T = decltype(tag);
      switch (c) {
        case Cmp::kEq:
        case Cmp::kNullSafeEq: out = CompareFixed<T, Cmp::kEq>(a, b, n); break;
        case Cmp::kLt: out = CompareFixed<T, Cmp::kLt>(a, b, n); break;
        case Cmp::kLe: out = CompareFixed<T, Cmp::kLe>(a, b, n); break;
        case Cmp::kGt: out = CompareFixed<T, Cmp::kGt>(a, b, n); break;
        case Cmp::kGe: out = CompareFixed<T, Cmp::kGe>(a, b, n); break;
      }
    });
  }
  if (!out) return nullptr;
  if (c == Cmp::kNullSafeEq && (a.has_nulls() || b.has_nulls())) {
    // <=>: both null → true, one null → false; never null.
    Buffer values = MakeValues<uint8_t>(n);
    for (int64_t i = 0; i < n; ++i) {
      bool an = a.IsNull(i), bn = b.IsNull(i);
      values[i] = (an || bn) ? (an && bn) : out->values<uint8_t>()[i];
    }
    out = Column::FromBuffers(DataType::Bool(), n, {}, std::move(values));
  }
  return out;
}

Result<BoundPtr> ResolveComparison(Cmp c, bool negate, const std::string& name,
                                   std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 2, 2));
  std::string sql = "(" + args[0]->sql + " " + CmpSymbol(c) + " " + args[1]->sql + ")";
  auto t = ComparisonType(args[0]->type, args[1]->type);
  if (!t || t->id == TypeId::kList) {
    return DataTypeMismatchError(
        "BINARY_OP_DIFF_TYPES", DQuote(sql),
        {{"left", DQuote(SqlTypeName(args[0]->type))}, {"right", DQuote(SqlTypeName(args[1]->type))}},
        "the left and right operands of the binary operator have incompatible types (" +
            DQuote(SqlTypeName(args[0]->type)) + " and " + DQuote(SqlTypeName(args[1]->type)) + ").");
  }
  DataType ct = t->id == TypeId::kNull ? DataType::Bool() : *t;
  BoundPtr l = CastTo(args[0], ct), r = CastTo(args[1], ct);
  bool nullable = c == Cmp::kNullSafeEq ? false : AnyNullable({l, r}) || l->nullable || r->nullable;
  BoundPtr cmp = BoundCall(CmpSymbol(c), sql, DataType::Bool(), nullable, {l, r},
                           [c](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                               const EvalContext&) -> Result<ColumnPtr> {
                             ColumnPtr out = CompareColumns(c, *a[0], *a[1], n);
                             if (!out) return Internal("no comparison kernel for ", a[0]->type().ToString());
                             return out;
                           });
  if (!negate) return cmp;
  return ResolveScalarFunction("not", {cmp});
}

ColumnPtr NotKernel(const Column& a, int64_t n) {
  return UnaryFixedKernel<uint8_t, uint8_t>(DataType::Bool(), a, n,
                                            [](uint8_t x, bool*) -> uint8_t { return !x; });
}

// Kleene logic: false AND null = false, true OR null = true.
ColumnPtr AndOrKernel(bool is_and, const Column& a, const Column& b, int64_t n) {
  Buffer values = MakeValues<uint8_t>(n);
  const uint8_t* x = a.values<uint8_t>();
  const uint8_t* y = b.values<uint8_t>();
  if (!a.has_nulls() && !b.has_nulls()) {
    for (int64_t i = 0; i < n; ++i) values[i] = is_and ? (x[i] & y[i]) : (x[i] | y[i]);
    return Column::FromBuffers(DataType::Bool(), n, {}, std::move(values));
  }
  Buffer validity = AllValid(n);
  for (int64_t i = 0; i < n; ++i) {
    bool av = a.IsValid(i), bv = b.IsValid(i);
    bool xa = av && x[i], yb = bv && y[i];
    if (is_and) {
      if ((av && !xa) || (bv && !yb)) values[i] = 0;
      else if (av && bv) values[i] = 1;
      else { values[i] = 0; ClearBit(validity.data(), i); }
    } else {
      if (xa || yb) values[i] = 1;
      else if (av && bv) values[i] = 0;
      else { values[i] = 0; ClearBit(validity.data(), i); }
    }
  }
  return Column::FromBuffers(DataType::Bool(), n, std::move(validity), std::move(values));
}

Result<BoundPtr> ToBoolArg(const BoundPtr& a, int index, const std::string& sql) {
  if (a->type.id == TypeId::kBool) return a;
  if (a->type.id == TypeId::kNull) return CastTo(a, DataType::Bool());
  std::string req = DQuote("BOOLEAN");
  return DataTypeMismatchError(
      "BINARY_OP_WRONG_TYPE", DQuote(sql),
      {{"inputType", DQuote(SqlTypeName(a->type))}, {"requiredType", DQuote("BOOLEAN")}},
      "the binary operator requires the input type " + req + ", not " +
          DQuote(SqlTypeName(a->type)) + ".");
}

Result<BoundPtr> ResolveAndOr(bool is_and, const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 2, 2));
  std::string sql = "(" + args[0]->sql + (is_and ? " AND " : " OR ") + args[1]->sql + ")";
  ASSIGN_OR_RETURN(BoundPtr l, ToBoolArg(args[0], 0, sql));
  ASSIGN_OR_RETURN(BoundPtr r, ToBoolArg(args[1], 1, sql));
  return BoundCall(is_and ? "and" : "or", sql, DataType::Bool(), l->nullable || r->nullable,
                   {l, r},
                   [is_and](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                            const EvalContext&) -> Result<ColumnPtr> {
                     return AndOrKernel(is_and, *a[0], *a[1], n);
                   });
}

ColumnPtr NullTest(bool want_null, const Column& a, int64_t n) {
  Buffer values = MakeValues<uint8_t>(n);
  for (int64_t i = 0; i < n; ++i) values[i] = a.IsNull(i) == want_null;
  return Column::FromBuffers(DataType::Bool(), n, {}, std::move(values));
}

}  // namespace

void RegisterPredicateFunctions(FunctionRegistry& r) {
  struct Entry { const char* name; Cmp c; bool negate; };
  for (Entry e : {Entry{"=", Cmp::kEq, false}, Entry{"==", Cmp::kEq, false},
                  Entry{"equalto", Cmp::kEq, false}, Entry{"<=>", Cmp::kNullSafeEq, false},
                  Entry{"eqnullsafe", Cmp::kNullSafeEq, false}, Entry{"!=", Cmp::kEq, true},
                  Entry{"<>", Cmp::kEq, true}, Entry{"<", Cmp::kLt, false},
                  Entry{"<=", Cmp::kLe, false}, Entry{">", Cmp::kGt, false},
                  Entry{">=", Cmp::kGe, false}}) {
    Entry en = e;
    r.Add(e.name, [en](const std::string& name, std::vector<BoundPtr> args) {
      return ResolveComparison(en.c, en.negate, name, std::move(args));
    });
  }
  r.Add("and", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveAndOr(true, n, std::move(a)); });
  r.Add("or", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveAndOr(false, n, std::move(a)); });
  r.Add("not", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(name, args, 1, 1));
    std::string sql = "(NOT " + args[0]->sql + ")";
    BoundPtr a = args[0];
    if (a->type.id == TypeId::kNull) a = CastTo(a, DataType::Bool());
    ASSIGN_OR_RETURN(a, ImplicitCast(a, DataType::Bool(), 0, sql));
    return BoundCall("not", sql, DataType::Bool(), a->nullable, {a},
                     [](const BoundExpr&, const std::vector<ColumnPtr>& x, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> { return NotKernel(*x[0], n); });
  });
  for (bool want_null : {true, false}) {
    ScalarResolver res = [want_null](const std::string& name,
                                     std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(name, args, 1, 1));
      std::string sql = "(" + args[0]->sql + (want_null ? " IS NULL)" : " IS NOT NULL)");
      return BoundCall(want_null ? "isnull" : "isnotnull", sql, DataType::Bool(), false, args,
                       [want_null](const BoundExpr&, const std::vector<ColumnPtr>& x, int64_t n,
                                   const EvalContext&) -> Result<ColumnPtr> {
                         return NullTest(want_null, *x[0], n);
                       });
    };
    r.Add(want_null ? "isnull" : "isnotnull", res);
  }
  r.Add("isnan", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(name, args, 1, 1));
    std::string sql = CallSql("isnan", args);
    ASSIGN_OR_RETURN(BoundPtr a, ImplicitCast(args[0], DataType::Float64(), 0, sql));
    return BoundCall("isnan", sql, DataType::Bool(), false, {a},
                     [](const BoundExpr&, const std::vector<ColumnPtr>& x, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       Buffer values = MakeValues<uint8_t>(n);
                       const double* d = x[0]->values<double>();
                       for (int64_t i = 0; i < n; ++i) values[i] = x[0]->IsValid(i) && std::isnan(d[i]);
                       return Column::FromBuffers(DataType::Bool(), n, {}, std::move(values));
                     });
  });
  // value IN (list...): null when the value is null, or when no match and the list has a null.
  r.Add("in", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(name, args, 1, -1));
    std::string sql = "(" + args[0]->sql + " IN (";
    for (size_t i = 1; i < args.size(); ++i) sql += (i > 1 ? ", " : "") + args[i]->sql;
    sql += "))";
    DataType t = args[0]->type;
    for (size_t i = 1; i < args.size(); ++i) {
      auto c = CommonType(t, args[i]->type);
      if (!c) {
        return DataTypeMismatchError(
            "DATA_DIFF_TYPES", DQuote(sql),
            {{"functionName", "`in`"}, {"dataType", "[" + DQuote(SqlTypeName(t)) + ", " + DQuote(SqlTypeName(args[i]->type)) + "]"}},
            "Input to `in` should all be the same type, but it's [" + DQuote(SqlTypeName(t)) +
                ", " + DQuote(SqlTypeName(args[i]->type)) + "].");
      }
      t = *c;
    }
    if (t.id == TypeId::kNull) t = DataType::Bool();
    std::vector<BoundPtr> cast;
    for (const auto& a : args) cast.push_back(CastTo(a, t));
    return BoundCall("in", sql, DataType::Bool(), AnyNullable(cast), cast,
                     [](const BoundExpr&, const std::vector<ColumnPtr>& x, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       // Vectorized as OR of equalities, column by column.
                       Buffer values(static_cast<size_t>(n), 0);
                       Buffer saw_null(static_cast<size_t>(n), 0);
                       for (size_t k = 1; k < x.size(); ++k) {
                         ColumnPtr eq = CompareColumns(Cmp::kEq, *x[0], *x[k], n);
                         if (!eq) return Internal("no IN kernel");
                         const uint8_t* e = eq->values<uint8_t>();
                         for (int64_t i = 0; i < n; ++i) {
                           bool v = eq->IsValid(i);
                           values[i] |= v & e[i];
                           saw_null[i] |= !v;
                         }
                       }
                       Buffer validity = AllValid(n);
                       bool any_null = false;
                       for (int64_t i = 0; i < n; ++i) {
                         if (!values[i] && (saw_null[i] || x[0]->IsNull(i))) {
                           ClearBit(validity.data(), i);
                           any_null = true;
                         }
                       }
                       if (!any_null) validity.clear();
                       return Column::FromBuffers(DataType::Bool(), n, std::move(validity),
                                                  std::move(values));
                     });
  });
  r.Add("isin", *r.Find("in"));
}

}  // namespace kindred::sql
