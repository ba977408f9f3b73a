#include "sql/exec/subquery.h"

#include <cstring>

#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

Status TooManyRows() {
  // A runtime failure in Spark (SparkException), not an analysis error.
  ErrorDetails d;
  d.error_class = "SCALAR_SUBQUERY_TOO_MANY_ROWS";
  d.sql_state = "21000";
  d.exception_classes = {"org.apache.spark.SparkException"};
  return Status(StatusCode::kInvalidArgument,
                "[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used "
                "as an expression.")
      .WithDetails(std::move(d));
}

Status NotReady() { return Internal("a subquery was read before it was run"); }

const SubqueryResult& ResultOf(const BoundExpr& call) {
  return *static_cast<const SubqueryResult*>(call.state.get());
}

bool SameKey(const EncodedKeys& a, int64_t i, const EncodedKeys& b, int64_t j) {
  std::string_view x = a.key(i), y = b.key(j);
  return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size()) == 0;
}

Result<ColumnPtr> InKernel(const BoundExpr& call, const std::vector<ColumnPtr>& args, int64_t n,
                           const EvalContext&) {
  const SubqueryResult& r = ResultOf(call);
  if (!r.ready) return NotReady();
  Buffer values = MakeValues<uint8_t>(n);
  uint8_t* out = MutableValues<uint8_t>(values);
  std::memset(out, 0, static_cast<size_t>(n));
  if (r.num_rows == 0) {
    // Nothing is IN an empty set, not even null.
    return Column::FromBuffers(DataType::Bool(), n, Buffer(), std::move(values));
  }
  EncodedKeys keys;
  EncodeKeys(args, n, &keys);
  std::vector<int64_t> found(static_cast<size_t>(n));
  r.set.FindAll(keys, found.data());
  Buffer validity;
  const size_t ncols = args.size();
  std::vector<EncodedKeys> probe_cols;  // per-column keys of this batch, made when first needed
  for (int64_t i = 0; i < n; ++i) {
    if (found[i] >= 0) {
      out[i] = 1;
      continue;
    }
    if (!keys.has_null[i] && r.null_rows.empty()) continue;  // definitely false
    bool maybe;
    if (ncols == 1) {
      // A null value against a non-empty set, or a value against a set holding null.
      maybe = true;
    } else {
      // Some row equal in every column where neither side is null.
      if (probe_cols.empty()) {
        probe_cols.resize(ncols);
        for (size_t c = 0; c < ncols; ++c) EncodeKeys({args[c]}, n, &probe_cols[c]);
      }
      auto row_may_match = [&](int64_t row) {
        for (size_t c = 0; c < ncols; ++c) {
          if (probe_cols[c].has_null[i] || r.column_keys[c].has_null[row]) continue;
          if (!SameKey(probe_cols[c], i, r.column_keys[c], row)) return false;
        }
        return true;
      };
      maybe = false;
      if (keys.has_null[i]) {
        for (int64_t row = 0; row < r.num_rows && !maybe; ++row) maybe = row_may_match(row);
      } else {
        for (int64_t row : r.null_rows) {
          if (row_may_match(row)) {
            maybe = true;
            break;
          }
        }
      }
    }
    if (maybe) {
      if (validity.empty()) validity = AllValid(n);
      SetNull(validity, i);
    }
  }
  return Column::FromBuffers(DataType::Bool(), n, std::move(validity), std::move(values));
}

}  // namespace

Status RunSubquery(SubqueryResult* r, const ExecState& st) {
  std::lock_guard<std::mutex> lock(r->mu);
  if (r->ready) return OkStatus();
  ASSIGN_OR_RETURN(Chunked out, ExecuteBound(*r->plan, st));
  r->num_rows = out.num_rows();
  switch (r->kind) {
    case SubqueryResult::Kind::kScalar: {
      if (r->num_rows > 1) return TooManyRows();
      r->scalar = Value::Null(out.schema.field(0).type);
      for (const auto& b : out.batches) {
        if (b->num_rows() > 0) {
          r->scalar = ValueAt(*b->column(0), 0);
          break;
        }
      }
      break;
    }
    case SubqueryResult::Kind::kExists: break;
    case SubqueryResult::Kind::kIn: {
      ASSIGN_OR_RETURN(TablePtr t, out.Concat());
      int64_t n = t->num_rows();
      EncodedKeys keys;
      EncodeKeys(t->columns(), n, &keys);
      for (int64_t i = 0; i < n; ++i) {
        if (keys.has_null[i]) r->null_rows.push_back(i);
        else r->set.FindOrInsertOne(keys.key(i), keys.hashes[i]);
      }
      if (t->num_columns() > 1) {
        r->column_keys.resize(static_cast<size_t>(t->num_columns()));
        for (int c = 0; c < t->num_columns(); ++c) EncodeKeys({t->column(c)}, n, &r->column_keys[c]);
      }
      break;
    }
  }
  r->ready = true;
  return OkStatus();
}

namespace {

// A call whose kernel reads the subquery's result from the expression's state.
BoundPtr SubqueryCall(std::string fn, DataType type, bool nullable, std::string sql,
                      std::vector<BoundPtr> args, std::shared_ptr<SubqueryResult> r,
                      KernelFn kernel) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundKind::kCall;
  e->fn = std::move(fn);
  e->type = std::move(type);
  e->nullable = nullable;
  e->sql = std::move(sql);
  e->args = std::move(args);
  e->state = std::move(r);
  e->kernel = std::move(kernel);
  return e;
}

}  // namespace

BoundPtr ScalarSubqueryExpr(std::shared_ptr<SubqueryResult> r, DataType type, std::string sql) {
  return SubqueryCall("scalarsubquery", std::move(type), true, std::move(sql), {}, std::move(r),
                      [](const BoundExpr& call, const std::vector<ColumnPtr>&, int64_t n,
                         const EvalContext&) -> Result<ColumnPtr> {
                        const SubqueryResult& res = ResultOf(call);
                        if (!res.ready) return NotReady();
                        return ConstantColumn(res.scalar, n);
                      });
}

BoundPtr ExistsExpr(std::shared_ptr<SubqueryResult> r, std::string sql) {
  return SubqueryCall("exists", DataType::Bool(), false, std::move(sql), {}, std::move(r),
                      [](const BoundExpr& call, const std::vector<ColumnPtr>&, int64_t n,
                         const EvalContext&) -> Result<ColumnPtr> {
                        const SubqueryResult& res = ResultOf(call);
                        if (!res.ready) return NotReady();
                        return ConstantColumn(Value::Bool(res.num_rows > 0), n);
                      });
}

BoundPtr InSubqueryExpr(std::shared_ptr<SubqueryResult> r, std::vector<BoundPtr> values,
                        std::string sql) {
  return SubqueryCall("in_subquery", DataType::Bool(), true, std::move(sql), std::move(values),
                      std::move(r), InKernel);
}

}  // namespace kindred::sql
