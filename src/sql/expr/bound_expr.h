// Resolved ("bound") expressions: every column reference is an index into the input batch,
// every function call carries its vectorized kernel, type and Spark's generated SQL name.
// Built by the analyzer; evaluated column-at-a-time over batches. Immutable; shared freely.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "sql/expr/expression.h"

namespace kindred::sql {

struct BoundExpr;
using BoundPtr = std::shared_ptr<const BoundExpr>;

// Per-query evaluation state shared by kernels.
struct EvalContext {
  int64_t row_offset = 0;        // global index of the batch's first row (rand, monotonically_increasing_id)
  int64_t now_micros = 0;        // current_timestamp() for the whole query
  int32_t partition_index = 0;
};

// A kernel computes a whole output column from whole argument columns (all of length n).
using KernelFn = std::function<Result<ColumnPtr>(const BoundExpr& call,
                                                 const std::vector<ColumnPtr>& args, int64_t n,
                                                 const EvalContext& ctx)>;

enum class BoundKind { kColumn, kLiteral, kCall };

struct BoundExpr {
  BoundKind kind = BoundKind::kLiteral;
  DataType type;
  bool nullable = true;
  std::string sql;          // Spark's pretty SQL text: the column name when not aliased
  int column = -1;          // kColumn: index into the input batch
  Value value;              // kLiteral
  std::string fn;           // kCall: canonical function name ("add", "cast", "lower", ...)
  KernelFn kernel;          // kCall
  std::vector<BoundPtr> args;
  std::shared_ptr<const void> state;  // kernel data prepared once (a compiled regex, a seed)
  bool implicit_cast = false;         // a cast inserted by type coercion (hidden in names)
  bool deterministic = true;
};

// Evaluates `e` over `batch`; the result has batch.num_rows() rows.
Result<ColumnPtr> Evaluate(const BoundExpr& e, const Table& batch, const EvalContext& ctx);

// Helpers for building bound expressions.
BoundPtr BoundColumn(int index, DataType type, bool nullable, std::string name);
BoundPtr BoundLiteral(Value v);
BoundPtr BoundCall(std::string fn, std::string sql, DataType type, bool nullable,
                   std::vector<BoundPtr> args, KernelFn kernel);
// A cast of `e` to `to` (no-op when equal). Implicit casts keep `e`'s SQL text.
BoundPtr CastTo(BoundPtr e, const DataType& to, bool implicit = true);

// A column of n copies of `v`.
ColumnPtr ConstantColumn(const Value& v, int64_t n);
// The value at row i of `c` as a literal Value.
Value ValueAt(const Column& c, int64_t i);

// Converts a column to `to` with Spark's non-ANSI cast semantics (invalid → null).
Result<ColumnPtr> CastColumn(const ColumnPtr& c, const DataType& to);

// Spark's SQL type name as printed in CAST(... AS INT) and error messages.
std::string SqlTypeName(const DataType& t);

}  // namespace kindred::sql
