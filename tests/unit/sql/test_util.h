// Helpers for SQL engine tests: build small tables, run plans, render rows as text.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/engine.h"

namespace kindred::sql::testing {

// A table from column specs: each cell is text ("NULL" = null) parsed for the column type.
inline TablePtr MakeTable(const std::vector<Field>& fields,
                          const std::vector<std::vector<std::string>>& rows) {
  std::vector<ColumnBuilder> b;
  for (const auto& f : fields) b.emplace_back(f.type);
  for (const auto& r : rows) {
    for (size_t c = 0; c < fields.size(); ++c) {
      const std::string& v = r[c];
      if (v == "NULL") {
        b[c].AppendNull();
        continue;
      }
      switch (fields[c].type.id) {
        case TypeId::kBool: b[c].AppendBool(v == "true"); break;
        case TypeId::kFloat32:
        case TypeId::kFloat64: b[c].AppendDouble(std::stod(v)); break;
        case TypeId::kString: b[c].AppendString(v); break;
        default: b[c].AppendInt(std::stoll(v)); break;
      }
    }
  }
  std::vector<ColumnPtr> cols;
  for (auto& x : b) cols.push_back(x.Finish());
  return Table::Make(Schema(fields), std::move(cols));
}

// The people table used across tests.
inline PlanPtr People() {
  return LocalTable(MakeTable(
      {{"name", DataType::String(), true}, {"age", DataType::Int32(), true},
       {"dept", DataType::String(), true}, {"salary", DataType::Float64(), true}},
      {{"alice", "34", "eng", "100.5"},
       {"bob", "45", "eng", "80"},
       {"carol", "29", "ops", "NULL"},
       {"dave", "NULL", "ops", "60"},
       {"erin", "41", "NULL", "75.25"}}));
}

inline Result<TablePtr> RunPlan(const PlanPtr& plan, const Catalog* catalog = nullptr) {
  ExecContext ctx;
  ctx.catalog = catalog;
  return ExecutePlan(plan, ctx);
}

// Rows as "v1|v2|..." with NULL for nulls.
inline std::vector<std::string> Rows(const Table& t) {
  std::vector<std::string> out;
  for (int64_t r = 0; r < t.num_rows(); ++r) {
    std::string s;
    for (int c = 0; c < t.num_columns(); ++c) {
      if (c) s += "|";
      const Column& col = *t.column(c);
      s += col.IsNull(r) ? "NULL" : col.FormatValue(r);
    }
    out.push_back(s);
  }
  return out;
}

inline std::vector<std::string> RunRows(const PlanPtr& plan, const Catalog* catalog = nullptr) {
  auto t = RunPlan(plan, catalog);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  if (!t.ok()) return {};
  return Rows(**t);
}

inline std::vector<std::string> Names(const PlanPtr& plan) {
  ExecContext ctx;
  auto s = AnalyzeSchema(plan, ctx);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return {};
  return s->names();
}

// Evaluates a single expression over People() and returns its column name and values.
inline std::pair<std::string, std::vector<std::string>> Eval(const ExprPtr& e, PlanPtr input = nullptr) {
  PlanPtr p = Project(input ? input : People(), {e});
  auto t = RunPlan(p);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  if (!t.ok()) return {};
  return {(*t)->schema().field(0).name, Rows(**t)};
}

using V = std::vector<std::string>;

// A fixture with a catalog of temporary views (filled by the test's SetUp) and helpers that run
// SQL text against it with the real parser.
class SqlCatalogTest : public ::testing::Test {
 protected:
  Result<TablePtr> Run(const std::string& sql) {
    ExecContext ctx;
    ctx.catalog = &catalog_;
    return ExecutePlan(Sql(sql), ctx);
  }
  V RunRows(const std::string& sql) {
    auto t = Run(sql);
    EXPECT_TRUE(t.ok()) << sql << ": " << t.status().ToString();
    return t.ok() ? Rows(**t) : V{};
  }
  V RunNames(const std::string& sql) {
    auto t = Run(sql);
    EXPECT_TRUE(t.ok()) << sql << ": " << t.status().ToString();
    return t.ok() ? (*t)->schema().names() : V{};
  }

  Catalog catalog_;
};

}  // namespace kindred::sql::testing
