#include "sql/expr/bound_expr.h"

#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

// A literal's column for a batch of n rows. Every batch of a query materialised the same
// constant column again (a literal 'r' in concat('r', ...) cost a column of offsets and bytes
// per batch), so each thread keeps its last few; columns are immutable and shareable. An entry
// is reused only for the same expression, length, type and value (an expression freed and
// another allocated at its address must not see the old column).
ColumnPtr LiteralColumn(const BoundExpr& e, int64_t n) {
  struct Entry {
    const BoundExpr* expr = nullptr;
    int64_t rows = -1;
    Value value;
    ColumnPtr column;
  };
  constexpr int kEntries = 8;
  thread_local Entry entries[kEntries];
  thread_local int next = 0;
  for (Entry& entry : entries) {
    if (entry.expr == &e && entry.rows == n && entry.value.type == e.value.type &&
        entry.value.data == e.value.data) {
      return entry.column;
    }
  }
  ColumnPtr column = ConstantColumn(e.value, n);
  // Only batch-sized columns are kept: a large one would stay alive with the thread.
  const int64_t width = e.value.type.is_string_like() && !e.value.is_null()
                            ? 4 + static_cast<int64_t>(e.value.as_string().size())
                            : 16;
  if (n * width <= (int64_t{4} << 20)) {
    Entry& slot = entries[next];
    next = (next + 1) % kEntries;
    slot = Entry{&e, n, e.value, column};
  }
  return column;
}

}  // namespace

Result<ColumnPtr> Evaluate(const BoundExpr& e, const Table& batch, const EvalContext& ctx) {
  int64_t n = batch.num_rows();
  switch (e.kind) {
    case BoundKind::kColumn: return batch.column(e.column);
    case BoundKind::kLiteral: return LiteralColumn(e, n);
    case BoundKind::kCall: {
      std::vector<ColumnPtr> args;
      args.reserve(e.args.size());
      for (const auto& a : e.args) {
        ASSIGN_OR_RETURN(ColumnPtr c, Evaluate(*a, batch, ctx));
        args.push_back(std::move(c));
      }
      return e.kernel(e, args, n, ctx);
    }
  }
  return Internal("unknown bound expression kind");
}

BoundPtr BoundColumn(int index, DataType type, bool nullable, std::string name) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundKind::kColumn;
  e->column = index;
  e->type = std::move(type);
  e->nullable = nullable;
  e->sql = std::move(name);
  return e;
}

BoundPtr BoundLiteral(Value v) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundKind::kLiteral;
  e->type = v.type;
  e->nullable = v.is_null();
  e->sql = v.ToPrettyString();
  e->value = std::move(v);
  return e;
}

BoundPtr BoundCall(std::string fn, std::string sql, DataType type, bool nullable,
                   std::vector<BoundPtr> args, KernelFn kernel) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundKind::kCall;
  e->fn = std::move(fn);
  e->sql = std::move(sql);
  e->type = std::move(type);
  e->nullable = nullable;
  e->args = std::move(args);
  e->kernel = std::move(kernel);
  for (const auto& a : e->args)
    if (!a->deterministic) e->deterministic = false;
  return e;
}

BoundPtr CastTo(BoundPtr e, const DataType& to, bool implicit) {
  if (e->type == to && implicit) return e;
  if (e->kind == BoundKind::kLiteral && implicit) {
    // Fold literal casts so literals keep their printed form ("1", not "CAST(1 AS BIGINT)").
    auto col = CastColumn(ConstantColumn(e->value, 1), to);
    if (col.ok()) {
      auto lit = std::make_shared<BoundExpr>(*e);
      lit->value = ValueAt(**col, 0);
      lit->type = to;
      lit->nullable = lit->value.is_null();
      return lit;
    }
  }
  std::string sql = implicit ? e->sql : "CAST(" + e->sql + " AS " + SqlTypeName(to) + ")";
  bool nullable = e->nullable || !(to.id == TypeId::kString || to == e->type ||
                                   (e->type.is_numeric() && to.is_floating()) ||
                                   (e->type.is_integer() && to.is_integer()));
  auto c = std::make_shared<BoundExpr>();
  c->kind = BoundKind::kCall;
  c->fn = "cast";
  c->sql = std::move(sql);
  c->type = to;
  c->nullable = nullable;
  c->args = {e};
  c->implicit_cast = implicit;
  c->deterministic = e->deterministic;
  c->kernel = [](const BoundExpr& call, const std::vector<ColumnPtr>& args, int64_t,
                 const EvalContext&) { return CastColumn(args[0], call.type); };
  return c;
}

ColumnPtr ConstantColumn(const Value& v, int64_t n) {
  const DataType& t = v.type;
  if (v.is_null() || t.id == TypeId::kNull) return Column::Nulls(t, n);
  if (t.is_string_like()) {
    const std::string& s = v.as_string();
    Buffer offsets(static_cast<size_t>(n + 1) * 4);
    Buffer bytes(static_cast<size_t>(n) * s.size());
    int32_t* o = MutableValues<int32_t>(offsets);
    for (int64_t i = 0; i <= n; ++i) o[i] = static_cast<int32_t>(i * s.size());
    if (!s.empty())
      for (int64_t i = 0; i < n; ++i) std::memcpy(bytes.data() + i * s.size(), s.data(), s.size());
    return Column::FromBuffers(t, n, {}, std::move(bytes), std::move(offsets));
  }
  if (t.id == TypeId::kList) return Column::Nulls(t, n);
  Buffer values;
  DispatchFixed(t.id, [&](auto tag) {
    using T = decltype(tag);
    T x{};
    if constexpr (std::is_same_v<T, __int128>) {
      x = v.as_decimal();
    } else if constexpr (std::is_floating_point_v<T>) {
      x = static_cast<T>(v.as_double());
    } else if constexpr (std::is_same_v<T, uint8_t>) {
      x = v.as_bool() ? 1 : 0;
    } else {
      x = static_cast<T>(v.as_int());
    }
    values = MakeValues<T>(n);
    T* out = MutableValues<T>(values);
    for (int64_t i = 0; i < n; ++i) out[i] = x;
  });
  return Column::FromBuffers(t, n, {}, std::move(values));
}

Value ValueAt(const Column& c, int64_t i) {
  const DataType& t = c.type();
  if (c.IsNull(i)) return Value::Null(t);
  switch (t.id) {
    case TypeId::kBool: return Value{t, c.values<uint8_t>()[i] != 0};
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDate32:
    case TypeId::kTimestamp: return Value{t, c.GetInt64(i)};
    case TypeId::kFloat32: return Value{t, static_cast<double>(c.values<float>()[i])};
    case TypeId::kFloat64: return Value{t, c.values<double>()[i]};
    case TypeId::kString:
    case TypeId::kBinary: return Value{t, std::string(c.GetString(i))};
    case TypeId::kDecimal128: return Value{t, c.values<__int128>()[i]};
    default: return Value::Null(t);
  }
}

std::string SqlTypeName(const DataType& t) {
  switch (t.id) {
    case TypeId::kNull: return "VOID";
    case TypeId::kBool: return "BOOLEAN";
    case TypeId::kInt8: return "TINYINT";
    case TypeId::kInt16: return "SMALLINT";
    case TypeId::kInt32: return "INT";
    case TypeId::kInt64: return "BIGINT";
    case TypeId::kFloat32: return "FLOAT";
    case TypeId::kFloat64: return "DOUBLE";
    case TypeId::kString: return "STRING";
    case TypeId::kBinary: return "BINARY";
    case TypeId::kDate32: return "DATE";
    case TypeId::kTimestamp: return "TIMESTAMP";
    case TypeId::kDecimal128: return StrCat("DECIMAL(", t.precision, ",", t.scale, ")");
    case TypeId::kList:
      return "ARRAY<" + (t.element ? SqlTypeName(*t.element) : std::string("VOID")) + ">";
  }
  return "UNKNOWN";
}

}  // namespace kindred::sql
