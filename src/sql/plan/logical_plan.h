// Unresolved logical plans, as built by the Spark Connect translator (and later the SQL parser).
// The analyzer resolves names and types against these trees; the executor runs them. Plans are
// immutable once made and shared as PlanPtr; safe for concurrent reads from multiple threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "columnar/table.h"
#include "sql/expr/expression.h"

namespace kindred::sql {

enum class PlanKind {
  kRange,               // start, end, step, num_partitions → one bigint column "id"
  kLocalTable,          // table
  kDataSource,          // format ("csv"/"json"), paths, options, schema
  kNamedTable,          // name: a temporary view of the Catalog
  kProject,             // children[0], exprs
  kFilter,              // children[0], condition
  kJoin,                // children[0] left, children[1] right, join_type, condition, using_columns
  kAggregate,           // children[0], grouping, exprs, group_type. Output: the grouping
                        // columns, then `exprs` (as Spark Connect's Aggregate relation)
  kSort,                // children[0], exprs (kSortOrder nodes), is_global
  kLimit,               // children[0], n
  kOffset,              // children[0], n
  kTail,                // children[0], n (the last n rows)
  kDeduplicate,         // children[0], names (empty = all columns)
  kSetOperation,        // children[0], children[1], set_op, is_all, by_name, allow_missing_columns
  kWithColumns,         // children[0], names[i] = exprs[i] (replaces or appends)
  kWithColumnsRenamed,  // children[0], renames (old → new, applied in order)
  kDrop,                // children[0], exprs (column references) and/or names
  kToDF,                // children[0], names (one per column)
  kSubqueryAlias,       // children[0], name (the qualifier)
  kSample,              // children[0], lower, upper, with_replacement, seed
  kNAFill,              // children[0], names (subset; empty = all), values (one, or one per name)
  kNADrop,              // children[0], names (subset), min_non_nulls (none = "any")
  kNAReplace,           // children[0], names (subset), replacements (old → new)
  kDescribe,            // children[0], names (columns; empty = numeric and string columns)
  kSummary,             // children[0], statistics (empty = Spark's default list)
  kRepartition,         // children[0]: no effect on results (single process)
  kHint,                // children[0]: ignored
  kSql,                 // name = SQL text (needs the SQL parser; Unimplemented until then)
};

enum class JoinType { kInner, kLeftOuter, kRightOuter, kFullOuter, kLeftSemi, kLeftAnti, kCross };
enum class GroupType { kGroupBy, kRollup, kCube };
enum class SetOpKind { kUnion, kIntersect, kExcept };

struct LogicalPlan;
using PlanPtr = std::shared_ptr<const LogicalPlan>;

// How a plan whose result was computed into a local table analyzed, so that the table can
// stand in for it: the columns' qualifiers, and which columns each Spark Connect plan id inside
// the plan produced (df["col"] references into it keep resolving).
struct MaterializedAnalysis {
  std::vector<std::vector<std::string>> qualifiers;                // per column
  std::vector<std::pair<int64_t, std::vector<int>>> plan_columns;  // plan id → column indices
};

// One node of a logical plan. Which fields are meaningful depends on `kind` (see PlanKind).
// Build nodes with the factory functions below.
struct LogicalPlan {
  PlanKind kind = PlanKind::kRange;
  std::optional<int64_t> plan_id;  // Spark Connect's plan_id, used to resolve df["col"]
  std::vector<PlanPtr> children;

  std::vector<ExprPtr> exprs;      // project list, aggregates, sort orders, withColumns values, drop
  std::vector<ExprPtr> grouping;   // kAggregate
  ExprPtr condition;               // kFilter, kJoin (null = none)
  std::vector<std::string> names;  // see PlanKind
  std::string name;                // kNamedTable, kSubqueryAlias, kSql

  int64_t start = 0, end = 0, step = 1;   // kRange
  std::optional<int32_t> num_partitions;  // kRange, kRepartition
  TablePtr table;                         // kLocalTable
  // kLocalTable holding a computed plan's result (MaterializedTable); null for plain data.
  std::shared_ptr<const MaterializedAnalysis> materialized;
  // kLocalTable whose rows are these batches (as computed, never concatenated); `table` is
  // then empty and only carries the schema.
  std::vector<TablePtr> batches;

  std::string format;                          // kDataSource
  std::vector<std::string> paths;              // kDataSource
  std::map<std::string, std::string> options;  // kDataSource (case-insensitive keys)
  std::optional<Schema> schema;                // kDataSource: user schema (none = infer)

  JoinType join_type = JoinType::kInner;
  std::vector<std::string> using_columns;  // kJoin
  GroupType group_type = GroupType::kGroupBy;
  bool is_global = true;  // kSort: false = sortWithinPartitions (same result here)
  int64_t n = 0;          // kLimit, kOffset, kTail

  SetOpKind set_op = SetOpKind::kUnion;
  bool is_all = false, by_name = false, allow_missing_columns = false;

  std::vector<std::pair<std::string, std::string>> renames;  // kWithColumnsRenamed

  double lower = 0.0, upper = 1.0;  // kSample fractions
  bool with_replacement = false;
  std::optional<int64_t> seed;

  std::vector<Value> values;                              // kNAFill
  std::optional<int32_t> min_non_nulls;                   // kNADrop
  std::vector<std::pair<Value, Value>> replacements;      // kNAReplace
  std::vector<std::string> statistics;                    // kSummary

  // An indented, Spark-like rendering of the unresolved tree (for explain and errors).
  std::string DebugString() const;
};

// ---- Factories. Each returns a new immutable node; plan_id can be set with WithPlanId. ----
PlanPtr Range(int64_t start, int64_t end, int64_t step = 1,
              std::optional<int32_t> num_partitions = std::nullopt);
PlanPtr LocalTable(TablePtr table);
// A local table holding the result of a plan, in the batches it was computed in, that analyzed
// as `analysis` says.
PlanPtr MaterializedTable(Schema schema, std::vector<TablePtr> batches,
                          std::shared_ptr<const MaterializedAnalysis> analysis);
PlanPtr DataSource(std::string format, std::vector<std::string> paths,
                   std::map<std::string, std::string> options = {},
                   std::optional<Schema> schema = std::nullopt);
PlanPtr NamedTable(std::string name);
PlanPtr Project(PlanPtr child, std::vector<ExprPtr> exprs);
PlanPtr Filter(PlanPtr child, ExprPtr condition);
PlanPtr Join(PlanPtr left, PlanPtr right, JoinType type, ExprPtr condition = nullptr,
             std::vector<std::string> using_columns = {});
PlanPtr Aggregate(PlanPtr child, std::vector<ExprPtr> grouping, std::vector<ExprPtr> aggregates,
                  GroupType type = GroupType::kGroupBy);
PlanPtr Sort(PlanPtr child, std::vector<ExprPtr> orders, bool is_global = true);
PlanPtr Limit(PlanPtr child, int64_t n);
PlanPtr Offset(PlanPtr child, int64_t n);
PlanPtr Tail(PlanPtr child, int64_t n);
// Empty `columns` = all columns (distinct()).
PlanPtr Deduplicate(PlanPtr child, std::vector<std::string> columns = {});
PlanPtr SetOperation(PlanPtr left, PlanPtr right, SetOpKind kind, bool is_all, bool by_name = false,
                     bool allow_missing_columns = false);
PlanPtr WithColumns(PlanPtr child, std::vector<std::string> names, std::vector<ExprPtr> exprs);
PlanPtr WithColumnsRenamed(PlanPtr child, std::vector<std::pair<std::string, std::string>> renames);
PlanPtr Drop(PlanPtr child, std::vector<ExprPtr> columns, std::vector<std::string> names = {});
PlanPtr ToDF(PlanPtr child, std::vector<std::string> names);
PlanPtr SubqueryAlias(PlanPtr child, std::string alias);
PlanPtr Sample(PlanPtr child, double lower, double upper, bool with_replacement,
               std::optional<int64_t> seed);
PlanPtr NAFill(PlanPtr child, std::vector<std::string> columns, std::vector<Value> values);
PlanPtr NADrop(PlanPtr child, std::vector<std::string> columns,
               std::optional<int32_t> min_non_nulls);
PlanPtr NAReplace(PlanPtr child, std::vector<std::string> columns,
                  std::vector<std::pair<Value, Value>> replacements);
PlanPtr Describe(PlanPtr child, std::vector<std::string> columns);
PlanPtr Summary(PlanPtr child, std::vector<std::string> statistics);
PlanPtr Repartition(PlanPtr child, std::optional<int32_t> num_partitions = std::nullopt);
PlanPtr Hint(PlanPtr child, std::string name);
PlanPtr Sql(std::string query);
// A copy of `plan` carrying `plan_id`.
PlanPtr WithPlanId(const PlanPtr& plan, int64_t plan_id);

}  // namespace kindred::sql
