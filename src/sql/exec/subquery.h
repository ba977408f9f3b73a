// Uncorrelated subquery expressions: (SELECT max(a) FROM t), EXISTS (SELECT ...) and
// x IN (SELECT ...). The analyzer binds each to a SubqueryResult shared by the bound expression
// and the query's root plan; the executor runs every subquery once (RunSubquery) before the
// root, and the expression's kernel then reads the result. Correlated subqueries never get here:
// the analyzer rewrites them into joins.
//
// Thread-safety: RunSubquery is called once per result before any kernel reads it; the kernels
// only read, from any number of threads.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sql/exec/operators.h"
#include "sql/exec/row_key.h"

namespace kindred::sql {

struct SubqueryResult {
  enum class Kind { kScalar, kExists, kIn };
  Kind kind = Kind::kScalar;
  // The subquery. kScalar: one column. kIn: one column per compared value, already cast to the
  // types the values are compared in.
  BoundPlanPtr plan;

  // ---- Set by RunSubquery ----
  std::mutex mu;
  bool ready = false;
  Value scalar;         // kScalar: the value (a typed null for no rows)
  int64_t num_rows = 0;  // kExists, kIn
  // kIn: the distinct rows without nulls, for exact matches.
  GroupTable set;
  // kIn: every row's columns encoded one column at a time (for rows that may match only up to
  // nulls) and the rows holding a null.
  std::vector<EncodedKeys> column_keys;
  std::vector<int64_t> null_rows;
};

// Runs `r->plan` (once; later calls return at once) and fills the result. A scalar subquery
// with more than one row fails with Spark's SCALAR_SUBQUERY_TOO_MANY_ROWS.
Status RunSubquery(SubqueryResult* r, const ExecState& st);

// Bound expressions reading `r`. `sql` is the expression's generated name.
// The scalar subquery's value, of `type` (null when the subquery returned no rows).
BoundPtr ScalarSubqueryExpr(std::shared_ptr<SubqueryResult> r, DataType type, std::string sql);
// True when the subquery returned a row.
BoundPtr ExistsExpr(std::shared_ptr<SubqueryResult> r, std::string sql);
// `values` IN (subquery) with SQL's three-valued logic: true on a match; false when the
// subquery is empty or no row can match; null when no row matches exactly but one would up to
// nulls (a null value, or a null in the subquery row). `values` have the subquery's column types.
BoundPtr InSubqueryExpr(std::shared_ptr<SubqueryResult> r, std::vector<BoundPtr> values,
                        std::string sql);

}  // namespace kindred::sql
