// Conditional functions: coalesce/nvl/ifnull/nullif/nvl2/if/when (CASE WHEN)/greatest/least.
// Every branch is evaluated over the whole batch, then rows pick their branch (no per-row
// dispatch into expression trees).
#include <cmath>

#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

// Row i takes its value from cols[pick[i]] (pick -1 = null).
ColumnPtr Choose(const DataType& t, const std::vector<ColumnPtr>& cols, const std::vector<int>& pick,
                 int64_t n) {
  bool fixed = DispatchFixed(t.id, [&](auto) {});
  if (fixed) {
    ColumnPtr out;
    DispatchFixed(t.id, [&](auto tag) {
      using T = decltype(tag);
      Buffer values = MakeValues<T>(n);
      T* o = MutableValues<T>(values);
      Buffer validity = AllValid(n);
      bool any_null = false;
      for (int64_t i = 0; i < n; ++i) {
        int p = pick[i];
        if (p < 0 || cols[p]->IsNull(i)) {
          o[i] = T{};
          ClearBit(validity.data(), i);
          any_null = true;
        } else {
          o[i] = cols[p]->template values<T>()[i];
        }
      }
      if (!any_null) validity.clear();
      out = Column::FromBuffers(t, n, std::move(validity), std::move(values));
    });
    return out;
  }
  ColumnBuilder b(t, n);
  for (int64_t i = 0; i < n; ++i) {
    int p = pick[i];
    if (p < 0 || cols[p]->IsNull(i)) b.AppendNull();
    else b.AppendFrom(*cols[p], i);
  }
  return b.Finish();
}

Status DiffTypes(const std::string& fn, const std::string& sql, const std::vector<BoundPtr>& args) {
  std::vector<std::string> types;
  for (const auto& a : args) types.push_back(DQuote(SqlTypeName(a->type)));
  std::string list = "[" + StrJoin(types, ", ") + "]";
  return DataTypeMismatchError("DATA_DIFF_TYPES", DQuote(sql),
                               {{"functionName", QuoteId(fn)}, {"dataType", list}},
                               "Input to " + QuoteId(fn) +
                                   " should all be the same type, but it's " + list + ".");
}

// Casts all `args` to their common type; error names `fn`.
Result<std::vector<BoundPtr>> Unify(const std::string& fn, const std::string& sql,
                                    const std::vector<BoundPtr>& args) {
  DataType t = DataType::Null();
  for (const auto& a : args) {
    auto c = CommonType(t, a->type);
    if (!c) return DiffTypes(fn, sql, args);
    t = *c;
  }
  std::vector<BoundPtr> out;
  for (const auto& a : args) out.push_back(CastTo(a, t));
  return out;
}

Result<BoundPtr> ResolveCoalesce(const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, name == "coalesce" ? 1 : 2, name == "coalesce" ? -1 : 2));
  std::string sql = CallSql(name, args);
  ASSIGN_OR_RETURN(auto cast, Unify(name, sql, args));
  bool nullable = true;
  for (const auto& a : cast) nullable = nullable && a->nullable;
  DataType t = cast[0]->type;
  return BoundCall("coalesce", sql, t, nullable, cast,
                   [](const BoundExpr& call, const std::vector<ColumnPtr>& x, int64_t n,
                      const EvalContext&) -> Result<ColumnPtr> {
                     std::vector<int> pick(static_cast<size_t>(n), -1);
                     for (int64_t i = 0; i < n; ++i) {
                       for (size_t k = 0; k < x.size(); ++k) {
                         if (x[k]->IsValid(i)) {
                           pick[i] = static_cast<int>(k);
                           break;
                         }
                       }
                     }
                     return Choose(call.type, x, pick, n);
                   });
}

// CASE WHEN: args = cond1, value1, cond2, value2, ..., [else].
Result<BoundPtr> ResolveCaseWhen(const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 2, -1));
  size_t pairs = args.size() / 2;
  bool has_else = args.size() % 2 == 1;
  std::string sql = "CASE";
  for (size_t p = 0; p < pairs; ++p)
    sql += " WHEN " + args[2 * p]->sql + " THEN " + args[2 * p + 1]->sql;
  if (has_else) sql += " ELSE " + args.back()->sql;
  sql += " END";
  std::vector<BoundPtr> values;
  for (size_t p = 0; p < pairs; ++p) values.push_back(args[2 * p + 1]);
  if (has_else) values.push_back(args.back());
  ASSIGN_OR_RETURN(auto cast, Unify("when", sql, values));
  std::vector<BoundPtr> all;
  bool nullable = !has_else;
  for (size_t p = 0; p < pairs; ++p) {
    BoundPtr c = args[2 * p];
    if (c->type.id == TypeId::kNull) c = CastTo(c, DataType::Bool());
    if (c->type.id != TypeId::kBool) {
      return DataTypeMismatchError(
          "UNEXPECTED_INPUT_TYPE", DQuote(sql),
          {{"paramIndex", std::to_string(2 * p + 1)}, {"requiredType", DQuote("BOOLEAN")},
           {"inputSql", DQuote(c->sql)}, {"inputType", DQuote(SqlTypeName(c->type))}},
          "Parameter " + std::to_string(2 * p + 1) + " requires the \"BOOLEAN\" type, however " +
              DQuote(c->sql) + " has the type " + DQuote(SqlTypeName(c->type)) + ".");
    }
    all.push_back(c);
    all.push_back(cast[p]);
    nullable = nullable || cast[p]->nullable;
  }
  if (has_else) {
    all.push_back(cast.back());
    nullable = nullable || cast.back()->nullable;
  }
  DataType t = cast[0]->type;
  return BoundCall("casewhen", sql, t, nullable, all,
                   [pairs, has_else](const BoundExpr& call, const std::vector<ColumnPtr>& x,
                                     int64_t n, const EvalContext&) -> Result<ColumnPtr> {
                     std::vector<int> pick(static_cast<size_t>(n), has_else ? int(2 * pairs) : -1);
                     std::vector<uint8_t> done(static_cast<size_t>(n), 0);
                     for (size_t p = 0; p < pairs; ++p) {
                       const Column& c = *x[2 * p];
                       const uint8_t* cv = c.values<uint8_t>();
                       for (int64_t i = 0; i < n; ++i) {
                         if (!done[i] && c.IsValid(i) && cv[i]) {
                           pick[i] = static_cast<int>(2 * p + 1);
                           done[i] = 1;
                         }
                       }
                     }
                     return Choose(call.type, x, pick, n);
                   });
}

Result<BoundPtr> ResolveIf(const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 3, 3));
  std::string sql = "(IF(" + args[0]->sql + ", " + args[1]->sql + ", " + args[2]->sql + "))";
  ASSIGN_OR_RETURN(BoundPtr inner, ResolveCaseWhen("when", {args[0], args[1], args[2]}));
  auto e = std::make_shared<BoundExpr>(*inner);
  e->sql = sql;
  return BoundPtr(e);
}

Result<BoundPtr> ResolveNullIf(const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 2, 2));
  std::string sql = CallSql(name, args);
  ASSIGN_OR_RETURN(BoundPtr eq, ResolveScalarFunction("=", {args[0], args[1]}));
  BoundPtr null = CastTo(BoundLiteral(Value::Null()), args[0]->type);
  ASSIGN_OR_RETURN(BoundPtr inner, ResolveCaseWhen("when", {eq, null, args[0]}));
  auto e = std::make_shared<BoundExpr>(*inner);
  e->sql = sql;
  return BoundPtr(e);
}

Result<BoundPtr> ResolveNvl2(const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 3, 3));
  std::string sql = CallSql(name, args);
  ASSIGN_OR_RETURN(BoundPtr test, ResolveScalarFunction("isnotnull", {args[0]}));
  ASSIGN_OR_RETURN(BoundPtr inner, ResolveCaseWhen("when", {test, args[1], args[2]}));
  auto e = std::make_shared<BoundExpr>(*inner);
  e->sql = sql;
  return BoundPtr(e);
}

// greatest/least skip nulls (null only when every argument is null).
Result<BoundPtr> ResolveExtreme(bool greatest, const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 2, -1));
  std::string sql = CallSql(name, args);
  ASSIGN_OR_RETURN(auto cast, Unify(name, sql, args));
  bool nullable = true;
  for (const auto& a : cast) nullable = nullable && a->nullable;
  DataType t = cast[0]->type;
  std::vector<BoundPtr> cmps;
  return BoundCall(name, sql, t, nullable, cast,
                   [greatest](const BoundExpr& call, const std::vector<ColumnPtr>& x, int64_t n,
                              const EvalContext& ctx) -> Result<ColumnPtr> {
                     std::vector<int> pick(static_cast<size_t>(n), -1);
                     for (size_t k = 0; k < x.size(); ++k) {
                       // Compare candidate k with the current pick column by column.
                       for (int64_t i = 0; i < n; ++i) {
                         if (x[k]->IsNull(i)) continue;
                         int p = pick[i];
                         if (p < 0) { pick[i] = static_cast<int>(k); continue; }
                         const Column& a = *x[k];
                         const Column& b = *x[p];
                         bool better = false;
                         if (a.type().is_string_like()) {
                           int c = a.GetString(i).compare(b.GetString(i));
                           better = greatest ? c > 0 : c < 0;
                         } else if (a.type().id == TypeId::kDecimal128) {
                           __int128 va = a.values<__int128>()[i], vb = b.values<__int128>()[i];
                           better = greatest ? va > vb : va < vb;
                         } else if (a.type().is_floating()) {
                           double va = a.GetDouble(i), vb = b.GetDouble(i);
                           better = greatest ? (va > vb || (std::isnan(va) && !std::isnan(vb)))
                                             : (va < vb || (std::isnan(vb) && !std::isnan(va)));
                         } else {
                           int64_t va = a.GetInt64(i), vb = b.GetInt64(i);
                           better = greatest ? va > vb : va < vb;
                         }
                         if (better) pick[i] = static_cast<int>(k);
                       }
                     }
                     return Choose(call.type, x, pick, n);
                   });
}

}  // namespace

void RegisterConditionalFunctions(FunctionRegistry& r) {
  r.Add("coalesce", ResolveCoalesce);
  r.Add("nvl", ResolveCoalesce);
  r.Add("ifnull", ResolveCoalesce);
  r.Add("when", ResolveCaseWhen);
  r.Add("casewhen", ResolveCaseWhen);
  r.Add("if", ResolveIf);
  r.Add("iff", ResolveIf);
  r.Add("nullif", ResolveNullIf);
  r.Add("nvl2", ResolveNvl2);
  r.Add("greatest", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveExtreme(true, n, std::move(a)); });
  r.Add("least", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveExtreme(false, n, std::move(a)); });
}

}  // namespace kindred::sql
