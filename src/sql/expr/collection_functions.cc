// Array functions (array, size, array_contains, element_at, array_join, sort_array,
// array_distinct) and row-identity functions (monotonically_increasing_id,
// spark_partition_id).
#include <algorithm>

#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

Result<BoundPtr> RequireArray(const BoundPtr& a, int idx, const std::string& sql) {
  if (a->type.id == TypeId::kList) return a;
  return DataTypeMismatchError(
      "UNEXPECTED_INPUT_TYPE", DQuote(sql),
      {{"paramIndex", idx == 0 ? "first" : "second"}, {"requiredType", DQuote("ARRAY")},
       {"inputSql", DQuote(a->sql)}, {"inputType", DQuote(SqlTypeName(a->type))}},
      std::string("The ") + (idx == 0 ? "first" : "second") +
          " parameter requires the \"ARRAY\" type, however " + DQuote(a->sql) + " has the type " +
          DQuote(SqlTypeName(a->type)) + ".");
}

bool ElementsEqual(const Column& a, int64_t i, const Column& b, int64_t j) {
  if (a.type().is_string_like()) return a.GetString(i) == b.GetString(j);
  if (a.type().is_floating()) return a.GetDouble(i) == b.GetDouble(j);
  if (a.type().id == TypeId::kDecimal128) return a.values<__int128>()[i] == b.values<__int128>()[j];
  return a.GetInt64(i) == b.GetInt64(j);
}

bool ElementLess(const Column& a, int64_t i, int64_t j) {
  if (a.type().is_string_like()) return a.GetString(i) < a.GetString(j);
  if (a.type().is_floating()) return a.GetDouble(i) < a.GetDouble(j);
  if (a.type().id == TypeId::kDecimal128) return a.values<__int128>()[i] < a.values<__int128>()[j];
  return a.GetInt64(i) < a.GetInt64(j);
}

}  // namespace

void RegisterCollectionFunctions(FunctionRegistry& r) {
  r.Add("array", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    std::string sql = CallSql(called, args);
    DataType t = DataType::Null();
    for (const auto& a : args) {
      auto c = CommonType(t, a->type);
      if (!c) {
        return DataTypeMismatchError("DATA_DIFF_TYPES", DQuote(sql), {{"functionName", "`array`"}},
                                     "Input to `array` should all be the same type.");
      }
      t = *c;
    }
    if (t.id == TypeId::kNull && !args.empty()) t = DataType::Null();
    std::vector<BoundPtr> cast;
    for (const auto& a : args) cast.push_back(CastTo(a, t));
    DataType lt = DataType::List(args.empty() ? DataType::String() : t);
    return BoundCall("array", sql, lt, false, cast,
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       ColumnBuilder b(call.type, n);
                       for (int64_t i = 0; i < n; ++i) {
                         for (const auto& c : a) b.child_builder().AppendFrom(*c, i);
                         b.AppendListEnd();
                       }
                       return b.Finish();
                     });
  });
  for (const char* name : {"size", "cardinality", "array_size"}) {
    r.Add(name, [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(called, args, 1, 1));
      std::string sql = CallSql(called, args);
      ASSIGN_OR_RETURN(BoundPtr a, RequireArray(args[0], 0, sql));
      bool legacy_size = called != "array_size";
      return BoundCall(called, sql, DataType::Int32(), !legacy_size, {a},
                       [legacy_size](const BoundExpr& call, const std::vector<ColumnPtr>& x, int64_t n,
                                     const EvalContext&) -> Result<ColumnPtr> {
                         ColumnBuilder b(DataType::Int32(), n);
                         const int32_t* o = x[0]->offsets();
                         for (int64_t i = 0; i < n; ++i) {
                           // Spark's size(null) is -1 (legacy sizeOfNull default).
                           if (x[0]->IsNull(i)) {
                             if (legacy_size) b.AppendInt(-1); else b.AppendNull();
                           } else {
                             b.AppendInt(o[i + 1] - o[i]);
                           }
                         }
                         return b.Finish();
                       });
    });
  }
  r.Add("array_contains", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr a, RequireArray(args[0], 0, sql));
    BoundPtr v = CastTo(args[1], *a->type.element);
    return BoundCall(called, sql, DataType::Bool(), true, {a, v},
                     [](const BoundExpr&, const std::vector<ColumnPtr>& x, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       ColumnBuilder b(DataType::Bool(), n);
                       const int32_t* o = x[0]->offsets();
                       const Column& el = *x[0]->child();
                       for (int64_t i = 0; i < n; ++i) {
                         if (x[0]->IsNull(i) || x[1]->IsNull(i)) { b.AppendNull(); continue; }
                         bool found = false, saw_null = false;
                         for (int32_t k = o[i]; k < o[i + 1] && !found; ++k) {
                           if (el.IsNull(k)) saw_null = true;
                           else found = ElementsEqual(el, k, *x[1], i);
                         }
                         if (!found && saw_null) b.AppendNull(); else b.AppendBool(found);
                       }
                       return b.Finish();
                     });
  });
  r.Add("element_at", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr a, RequireArray(args[0], 0, sql));
    ASSIGN_OR_RETURN(BoundPtr idx, ImplicitCast(args[1], DataType::Int32(), 1, sql));
    return BoundCall(called, sql, *a->type.element, true, {a, idx},
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& x, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       ColumnBuilder b(call.type, n);
                       const int32_t* o = x[0]->offsets();
                       for (int64_t i = 0; i < n; ++i) {
                         if (x[0]->IsNull(i) || x[1]->IsNull(i)) { b.AppendNull(); continue; }
                         int64_t k = x[1]->GetInt64(i), len = o[i + 1] - o[i];
                         if (k == 0) return InvalidArgument("[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).");
                         int64_t pos = k > 0 ? k - 1 : len + k;
                         if (pos < 0 || pos >= len) b.AppendNull();
                         else b.AppendFrom(*x[0]->child(), o[i] + pos);
                       }
                       return b.Finish();
                     });
  });
  r.Add("array_join", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 3));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr a, RequireArray(args[0], 0, sql));
    std::vector<BoundPtr> cast{a};
    for (size_t i = 1; i < args.size(); ++i) {
      ASSIGN_OR_RETURN(BoundPtr s, ImplicitCast(args[i], DataType::String(), static_cast<int>(i), sql));
      cast.push_back(s);
    }
    return BoundCall(called, sql, DataType::String(), AnyNullable(cast), cast,
                     [](const BoundExpr&, const std::vector<ColumnPtr>& x, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       ColumnBuilder b(DataType::String(), n);
                       const int32_t* o = x[0]->offsets();
                       const Column& el = *x[0]->child();
                       for (int64_t i = 0; i < n; ++i) {
                         if (x[0]->IsNull(i) || x[1]->IsNull(i)) { b.AppendNull(); continue; }
                         std::string out;
                         bool first = true;
                         for (int32_t k = o[i]; k < o[i + 1]; ++k) {
                           if (el.IsNull(k) && (x.size() < 3 || x[2]->IsNull(i))) continue;
                           if (!first) out.append(x[1]->GetString(i));
                           first = false;
                           out += el.IsNull(k) ? std::string(x[2]->GetString(i)) : el.FormatValue(k);
                         }
                         b.AppendString(out);
                       }
                       return b.Finish();
                     });
  });
  for (bool distinct : {false, true}) {
    r.Add(distinct ? "array_distinct" : "sort_array",
          [distinct](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
            RETURN_IF_ERROR(CheckArity(called, args, 1, distinct ? 1 : 2));
            if (!distinct && args.size() == 1) args.push_back(BoundLiteral(Value::Bool(true)));
            std::string sql = CallSql(called, args);
            ASSIGN_OR_RETURN(BoundPtr a, RequireArray(args[0], 0, sql));
            bool asc = distinct || args[1]->kind != BoundKind::kLiteral || args[1]->value.is_null() ||
                       args[1]->value.as_bool();
            return BoundCall(called, sql, a->type, a->nullable, {a},
                             [distinct, asc](const BoundExpr& call, const std::vector<ColumnPtr>& x,
                                             int64_t n, const EvalContext&) -> Result<ColumnPtr> {
                               ColumnBuilder b(call.type, n);
                               const int32_t* o = x[0]->offsets();
                               const Column& el = *x[0]->child();
                               std::vector<int64_t> idx;
                               for (int64_t i = 0; i < n; ++i) {
                                 if (x[0]->IsNull(i)) { b.AppendNull(); continue; }
                                 idx.clear();
                                 for (int32_t k = o[i]; k < o[i + 1]; ++k) {
                                   if (distinct) {
                                     bool dup = false;
                                     for (int64_t j : idx) {
                                       if (el.IsNull(j) ? el.IsNull(k) : (!el.IsNull(k) && ElementsEqual(el, j, el, k))) {
                                         dup = true;
                                         break;
                                       }
                                     }
                                     if (dup) continue;
                                   }
                                   idx.push_back(k);
                                 }
                                 if (!distinct) {
                                   // Nulls first when ascending, last when descending (Spark).
                                   std::stable_sort(idx.begin(), idx.end(), [&](int64_t p, int64_t q) {
                                     bool pn = el.IsNull(p), qn = el.IsNull(q);
                                     if (pn || qn) return asc ? (pn && !qn) : (!pn && qn);
                                     return asc ? ElementLess(el, p, q) : ElementLess(el, q, p);
                                   });
                                 }
                                 for (int64_t k : idx) b.child_builder().AppendFrom(el, k);
                                 b.AppendListEnd();
                               }
                               return b.Finish();
                             });
          });
  }
  r.Add("monotonically_increasing_id", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 0, 0));
    auto e = std::make_shared<BoundExpr>(*BoundCall(
        called, "monotonically_increasing_id()", DataType::Int64(), false, {},
        [](const BoundExpr&, const std::vector<ColumnPtr>&, int64_t n,
           const EvalContext& ctx) -> Result<ColumnPtr> {
          Buffer values = MakeValues<int64_t>(n);
          int64_t* o = MutableValues<int64_t>(values);
          for (int64_t i = 0; i < n; ++i) o[i] = ctx.row_offset + i;
          return Column::FromBuffers(DataType::Int64(), n, {}, std::move(values));
        }));
    e->deterministic = false;
    return BoundPtr(e);
  });
  r.Add("spark_partition_id", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 0, 0));
    return BoundCall(called, "SPARK_PARTITION_ID()", DataType::Int32(), false, {},
                     [](const BoundExpr&, const std::vector<ColumnPtr>&, int64_t n,
                        const EvalContext& ctx) -> Result<ColumnPtr> {
                       return ConstantColumn(Value::Int32(ctx.partition_index), n);
                     });
  });
}

}  // namespace kindred::sql
