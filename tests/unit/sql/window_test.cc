#include "test_util.h"

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

// Output rows sorted by name for stable comparison.
V ByName(const ExprPtr& e) {
  PlanPtr p = Sort(Project(People(), {Col("name"), e}), {SortOrder(Col("name"))});
  return RunRows(p);
}

TEST(WindowTest, RowNumberNameAndValues) {
  ExprPtr w = Window(Call("row_number", {}), {Col("dept")}, {SortOrder(Col("salary"), false)});
  PlanPtr p = Project(People(), {Col("name"), w});
  EXPECT_EQ(Names(p)[1],
            "row_number() OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST ROWS BETWEEN "
            "UNBOUNDED PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(ByName(w), (V{"alice|1", "bob|2", "carol|2", "dave|1", "erin|1"}));
}

TEST(WindowTest, WholePartitionAndRunningAggregates) {
  ExprPtr total = Window(Call("sum", {Col("salary")}), {Col("dept")}, {});
  EXPECT_EQ(Names(Project(People(), {total}))[0],
            "sum(salary) OVER (PARTITION BY dept ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)");
  EXPECT_EQ(ByName(total), (V{"alice|180.5", "bob|180.5", "carol|60.0", "dave|60.0", "erin|75.25"}));
  ExprPtr running = Window(Call("count", {Col("age")}), {}, {SortOrder(Col("age"))});
  EXPECT_EQ(Names(Project(People(), {running}))[0],
            "count(age) OVER (ORDER BY age ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(ByName(running), (V{"alice|2", "bob|4", "carol|1", "dave|0", "erin|3"}));
  ExprPtr sliding = Window(Call("sum", {Col("age")}), {}, {SortOrder(Col("age"))}, WindowFrame{true, -1, 1});
  EXPECT_EQ(ByName(sliding), (V{"alice|104", "bob|86", "carol|63", "dave|29", "erin|120"}));
}

TEST(WindowTest, RankLagLeadNtile) {
  PlanPtr t = LocalTable(MakeTable({{"g", DataType::String(), true}, {"v", DataType::Int32(), true}},
                                   {{"a", "10"}, {"a", "20"}, {"a", "20"}, {"a", "30"}, {"b", "5"}}));
  auto run = [&](ExprPtr e) {
    return RunRows(Sort(Project(t, {Col("g"), Col("v"), e}), {SortOrder(Col("g")), SortOrder(Col("v"))}));
  };
  ExprPtr rank = Window(Call("rank", {}), {Col("g")}, {SortOrder(Col("v"))});
  EXPECT_EQ(Names(Project(t, {rank}))[0].substr(0, 12), "RANK() OVER ");
  EXPECT_EQ(run(rank), (V{"a|10|1", "a|20|2", "a|20|2", "a|30|4", "b|5|1"}));
  EXPECT_EQ(run(Window(Call("dense_rank", {}), {Col("g")}, {SortOrder(Col("v"))})),
            (V{"a|10|1", "a|20|2", "a|20|2", "a|30|3", "b|5|1"}));
  ExprPtr lag = Window(Call("lag", {Col("v")}), {Col("g")}, {SortOrder(Col("v"))});
  EXPECT_EQ(Names(Project(t, {lag}))[0],
            "lag(v, 1, NULL) OVER (PARTITION BY g ORDER BY v ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)");
  EXPECT_EQ(run(lag), (V{"a|10|NULL", "a|20|10", "a|20|20", "a|30|20", "b|5|NULL"}));
  EXPECT_EQ(run(Window(Call("lead", {Col("v"), Lit(1), Lit(0)}), {Col("g")}, {SortOrder(Col("v"))})),
            (V{"a|10|20", "a|20|20", "a|20|30", "a|30|0", "b|5|0"}));
  EXPECT_EQ(run(Window(Call("ntile", {Lit(3)}), {Col("g")}, {SortOrder(Col("v"))})),
            (V{"a|10|1", "a|20|1", "a|20|2", "a|30|3", "b|5|1"}));
}

TEST(WindowTest, WithColumnsAndExpressionsOverWindows) {
  ExprPtr share = Call("/", {Col("salary"), Window(Call("sum", {Col("salary")}), {Col("dept")}, {})});
  PlanPtr p = WithColumns(People(), {"share"}, {share});
  EXPECT_EQ(Names(p), (V{"name", "age", "dept", "salary", "share"}));
  auto rows = RunRows(Project(p, {Col("share")}));
  EXPECT_EQ(rows[4], "1.0");
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(WindowTest, RunningFirstLastMinMaxAndDistributions) {
  auto run = [](ExprPtr e) {
    return RunRows(Sort(Project(People(), {Col("name"), e}), {SortOrder(Col("name"))}));
  };
  ExprPtr order = SortOrder(Col("age"));
  EXPECT_EQ(run(Window(Call("last", {Col("dept")}), {}, {order})),
            (V{"alice|eng", "bob|eng", "carol|ops", "dave|ops", "erin|NULL"}));
  EXPECT_EQ(run(Window(Call("first", {Col("dept")}), {}, {order})),
            (V{"alice|ops", "bob|ops", "carol|ops", "dave|ops", "erin|ops"}));
  EXPECT_EQ(run(Window(Call("max", {Col("name")}), {}, {order})),
            (V{"alice|dave", "bob|erin", "carol|dave", "dave|dave", "erin|erin"}));
  EXPECT_EQ(run(Window(Call("percent_rank", {}), {}, {order})),
            (V{"alice|0.5", "bob|1.0", "carol|0.25", "dave|0.0", "erin|0.75"}));
  EXPECT_EQ(run(Window(Call("cume_dist", {}), {}, {order})),
            (V{"alice|0.6", "bob|1.0", "carol|0.4", "dave|0.2", "erin|0.8"}));
}

}  // namespace
}  // namespace kindred::sql
