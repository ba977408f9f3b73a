#include <atomic>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "sql/engine.h"
#include "sql/exec/operators.h"
#include "sql/parser/parser.h"
#include "test_util.h"

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(RangeTest, ColumnIdIsNonNullableBigint) {
  ExecContext ctx;
  auto s = AnalyzeSchema(Range(0, 10, 3), ctx);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(TreeString(*s), "root\n |-- id: long (nullable = false)\n");
  EXPECT_EQ(RunRows(Range(0, 10, 3)), (V{"0", "3", "6", "9"}));
  EXPECT_EQ(RunRows(Range(5, 0, -2)), (V{"5", "3", "1"}));
  EXPECT_TRUE(RunRows(Range(0, 0)).empty());
}

TEST(ProjectTest, SparkColumnNames) {
  PlanPtr p = Project(Range(0, 3), {Call("+", {Col("id"), Lit(1)}), Alias(Call("*", {Col("id"), Lit(2)}), "twice"),
                                    Lit(1), Lit("x"), Cast(Col("id"), DataType::String()),
                                    Call("=", {Col("id"), Lit(int64_t{1})})});
  EXPECT_EQ(Names(p), (V{"(id + 1)", "twice", "1", "x", "id", "(id = 1)"}));
  EXPECT_EQ(RunRows(p), (V{"1|0|1|x|0|false", "2|2|1|x|1|true", "3|4|1|x|2|false"}));
}

TEST(ProjectTest, StarAndQualifiedStar) {
  PlanPtr p = Project(SubqueryAlias(People(), "p"), {UnresolvedStar({"p"})});
  EXPECT_EQ(Names(p), (V{"name", "age", "dept", "salary"}));
  EXPECT_EQ(Names(Project(People(), {UnresolvedStar(), Col("age")})).size(), 5u);
  EXPECT_FALSE(RunPlan(Project(People(), {Col("p.age")})).ok());
}

TEST(FilterTest, NullConditionDropsRow) {
  PlanPtr p = Project(Filter(People(), Call(">", {Col("age"), Lit(33)})), {Col("name")});
  EXPECT_EQ(RunRows(p), (V{"alice", "bob", "erin"}));
}

TEST(AggregateTest, GroupByNamesAndValues) {
  PlanPtr p = Sort(Aggregate(People(), {Col("dept")},
                             {Call("count", {Lit(1)}), Call("sum", {Col("age")}), Call("avg", {Col("salary")}),
                              Call("min", {Col("name")}), Call("max", {Col("age")}),
                              UnresolvedFunction("count", {Col("name")}, true)}),
                   {SortOrder(Col("dept"))});
  EXPECT_EQ(Names(p), (V{"dept", "count(1)", "sum(age)", "avg(salary)", "min(name)", "max(age)", "count(DISTINCT name)"}));
  EXPECT_EQ(RunRows(p), (V{"NULL|1|41|75.25|erin|41|1", "eng|2|79|90.25|alice|45|2",
                           "ops|2|29|60.0|carol|29|2"}));
  ExecContext ctx;
  auto s = AnalyzeSchema(p, ctx);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->field(1).type, DataType::Int64());
  EXPECT_FALSE(s->field(1).nullable);
  EXPECT_EQ(s->field(2).type, DataType::Int64());
}

TEST(AggregateTest, CountStarBecomesCountOne) {
  PlanPtr p = Aggregate(People(), {}, {Call("count", {UnresolvedStar()})});
  EXPECT_EQ(Names(p), (V{"count(1)"}));
  EXPECT_EQ(RunRows(p), (V{"5"}));
}

TEST(AggregateTest, GlobalAggregateOverEmptyInputHasOneRow) {
  PlanPtr p = Project(Filter(People(), Lit(false)), {Call("count", {Lit(1)}), Call("sum", {Col("age")})});
  EXPECT_EQ(RunRows(p), (V{"0|NULL"}));
}

TEST(AggregateTest, ExpressionsOverGroupsAndAggregates) {
  PlanPtr p = Sort(Aggregate(People(), {Col("dept")},
                             {Alias(Call("*", {Call("count", {Lit(1)}), Lit(10)}), "c10"),
                              Call("upper", {Col("dept")})}),
                   {SortOrder(Col("dept"), false)});
  EXPECT_EQ(Names(p), (V{"dept", "c10", "upper(dept)"}));
  EXPECT_EQ(RunRows(p), (V{"ops|20|OPS", "eng|20|ENG", "NULL|10|NULL"}));
}

TEST(AggregateTest, NonGroupedColumnIsMissingAggregation) {
  auto r = RunPlan(Aggregate(People(), {Col("dept")}, {Col("name")}));
  ASSERT_FALSE(r.ok());
  ASSERT_NE(r.status().details(), nullptr);
  EXPECT_EQ(r.status().details()->error_class, "MISSING_AGGREGATION");
}

TEST(AggregateTest, RollupAndCube) {
  auto t = MakeTable({{"a", DataType::String(), true}, {"b", DataType::Int32(), true}, {"v", DataType::Int32(), true}},
                     {{"x", "1", "10"}, {"x", "2", "20"}, {"y", "1", "5"}});
  PlanPtr roll = Sort(Aggregate(LocalTable(t), {Col("a"), Col("b")}, {Call("sum", {Col("v")})}, GroupType::kRollup),
                      {SortOrder(Col("a")), SortOrder(Col("b"))});
  EXPECT_EQ(RunRows(roll), (V{"NULL|NULL|35", "x|NULL|30", "x|1|10", "x|2|20", "y|NULL|5", "y|1|5"}));
  PlanPtr cube = Aggregate(LocalTable(t), {Col("a"), Col("b")}, {Call("sum", {Col("v")})}, GroupType::kCube);
  EXPECT_EQ(RunRows(cube).size(), 8u);
}

TEST(AggregateTest, ParallelAggregateOverManyBatches) {
  // 1M rows over 10 groups exercises per-thread partials and the merge.
  PlanPtr p = Sort(Aggregate(Range(0, 1000000), {Alias(Call("%", {Col("id"), Lit(int64_t{10})}), "k")},
                             {Call("count", {Lit(1)}), Call("sum", {Col("id")}), Call("first", {Col("id")}),
                              UnresolvedFunction("count", {Call("%", {Col("id"), Lit(int64_t{1000})})}, true)}),
                   {SortOrder(Col("k"))});
  auto rows = RunRows(p);
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0], "0|100000|49999500000|0|100");
  EXPECT_EQ(rows[9], "9|100000|50000400000|9|100");
}

TEST(SortTest, NullOrderingAndDirection) {
  PlanPtr asc = Project(Sort(People(), {SortOrder(Col("age"))}), {Col("name")});
  EXPECT_EQ(RunRows(asc), (V{"dave", "carol", "alice", "erin", "bob"}));
  PlanPtr desc = Project(Sort(People(), {SortOrder(Col("age"), false)}), {Col("name")});
  EXPECT_EQ(RunRows(desc), (V{"bob", "erin", "alice", "carol", "dave"}));
  PlanPtr multi = Project(Sort(People(), {SortOrder(Col("dept"), false, true), SortOrder(Col("name"), false)}), {Col("name")});
  EXPECT_EQ(RunRows(multi), (V{"erin", "dave", "carol", "bob", "alice"}));
}

TEST(SortTest, LargeParallelSortIsOrdered) {
  PlanPtr p = Sort(Project(Range(0, 300000), {Alias(Call("%", {Call("*", {Col("id"), Lit(int64_t{7919})}), Lit(int64_t{300007})}), "v")}),
                   {SortOrder(Col("v"), false)});
  auto t = RunPlan(p);
  ASSERT_TRUE(t.ok());
  const Column& c = *(*t)->column(0);
  ASSERT_EQ(c.length(), 300000);
  for (int64_t i = 1; i < c.length(); ++i) ASSERT_GE(c.GetInt64(i - 1), c.GetInt64(i)) << i;
}

TEST(SortTest, StringsAndDoublesWithNaN) {
  auto t = MakeTable({{"s", DataType::String(), true}, {"d", DataType::Float64(), true}},
                     {{"b", "1.5"}, {"a", "nan"}, {"ab", "-0.0"}, {"NULL", "-2"}});
  EXPECT_EQ(RunRows(Project(Sort(LocalTable(t), {SortOrder(Col("s"))}), {Col("s")})), (V{"NULL", "a", "ab", "b"}));
  EXPECT_EQ(RunRows(Project(Sort(LocalTable(t), {SortOrder(Col("d"))}), {Col("d")})), (V{"-2.0", "-0.0", "1.5", "NaN"}));
}

TEST(LimitTest, LimitOffsetTail) {
  EXPECT_EQ(RunRows(Limit(Range(0, 10), 3)), (V{"0", "1", "2"}));
  EXPECT_EQ(RunRows(Offset(Range(0, 5), 3)), (V{"3", "4"}));
  EXPECT_EQ(RunRows(Tail(Range(0, 200000), 2)), (V{"199998", "199999"}));
  EXPECT_EQ(RunRows(Limit(Range(0, 200000), 0)).size(), 0u);
}

PlanPtr Depts() {
  return LocalTable(MakeTable({{"dept", DataType::String(), true}, {"floor", DataType::Int64(), true}},
                              {{"eng", "3"}, {"ops", "1"}, {"hr", "2"}}));
}

TEST(JoinTest, InnerOnConditionKeepsBothColumns) {
  PlanPtr p = Sort(Join(SubqueryAlias(People(), "p"), SubqueryAlias(Depts(), "d"), JoinType::kInner,
                        Call("=", {Col("p.dept"), Col("d.dept")})),
                   {SortOrder(Col("name"))});
  EXPECT_EQ(Names(p), (V{"name", "age", "dept", "salary", "dept", "floor"}));
  EXPECT_EQ(RunRows(Project(p, {Col("name"), Col("d.floor")})),
            (V{"alice|3", "bob|3", "carol|1", "dave|1"}));
}

TEST(JoinTest, OuterSemiAntiUsing) {
  auto names = [](JoinType jt) {
    PlanPtr p = Join(People(), Depts(), jt, nullptr, {"dept"});
    return RunRows(Project(Sort(p, {SortOrder(Col("dept")), SortOrder(Col("name"))}), {Col("dept"), Col("name")}));
  };
  EXPECT_EQ(names(JoinType::kInner), (V{"eng|alice", "eng|bob", "ops|carol", "ops|dave"}));
  EXPECT_EQ(names(JoinType::kLeftOuter), (V{"NULL|erin", "eng|alice", "eng|bob", "ops|carol", "ops|dave"}));
  EXPECT_EQ(names(JoinType::kRightOuter), (V{"eng|alice", "eng|bob", "hr|NULL", "ops|carol", "ops|dave"}));
  EXPECT_EQ(names(JoinType::kFullOuter), (V{"NULL|erin", "eng|alice", "eng|bob", "hr|NULL", "ops|carol", "ops|dave"}));
  EXPECT_EQ(names(JoinType::kLeftSemi), (V{"eng|alice", "eng|bob", "ops|carol", "ops|dave"}));
  EXPECT_EQ(names(JoinType::kLeftAnti), (V{"NULL|erin"}));
  EXPECT_EQ(Names(Join(People(), Depts(), JoinType::kInner, nullptr, {"dept"})),
            (V{"dept", "name", "age", "salary", "floor"}));
}

TEST(JoinTest, ResidualConditionAndCross) {
  PlanPtr p = Join(SubqueryAlias(People(), "p"), SubqueryAlias(Depts(), "d"), JoinType::kLeftOuter,
                   Call("and", {Call("=", {Col("p.dept"), Col("d.dept")}), Call(">", {Col("age"), Lit(40)})}));
  EXPECT_EQ(RunRows(Project(Sort(p, {SortOrder(Col("name"))}), {Col("name"), Col("floor")})),
            (V{"alice|NULL", "bob|3", "carol|NULL", "dave|NULL", "erin|NULL"}));
  PlanPtr cross = Join(Range(0, 3), Depts(), JoinType::kCross);
  EXPECT_EQ(RunRows(cross).size(), 9u);
  PlanPtr theta = Join(SubqueryAlias(Range(0, 4), "l"), SubqueryAlias(Range(0, 4), "r"), JoinType::kInner,
                       Call("<", {Col("l.id"), Col("r.id")}));
  EXPECT_EQ(RunRows(theta).size(), 6u);
}

TEST(JoinTest, PlanIdResolvesSameNamedColumns) {
  PlanPtr left = WithPlanId(People(), 1);
  PlanPtr right = WithPlanId(Depts(), 2);
  PlanPtr j = Join(left, right, JoinType::kInner, Call("==", {Col("dept", 1), Col("dept", 2)}));
  PlanPtr p = Sort(Project(j, {Col("name"), Col("dept", 2), Col("floor", 2)}), {SortOrder(Col("name"))});
  EXPECT_EQ(RunRows(p), (V{"alice|eng|3", "bob|eng|3", "carol|ops|1", "dave|ops|1"}));
  auto amb = RunPlan(Project(j, {Col("dept")}));
  ASSERT_FALSE(amb.ok());
  EXPECT_EQ(amb.status().details()->error_class, "AMBIGUOUS_REFERENCE");
}

TEST(MaterializeTest, ComputedResultAnalyzesLikeItsPlan) {
  // A join of two DataFrames (plan ids 1, 2) under an alias (plan id 3), computed once.
  PlanPtr j = Join(WithPlanId(People(), 1), WithPlanId(Depts(), 2), JoinType::kInner,
                   Call("==", {Col("dept", 1), Col("dept", 2)}));
  PlanPtr plan = WithPlanId(SubqueryAlias(j, "pd"), 3);
  ExecContext ctx;
  auto m = MaterializePlan(plan, ctx);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ((*m)->kind, PlanKind::kLocalTable);
  ASSERT_TRUE((*m)->materialized);
  int64_t rows = 0;
  for (const auto& b : (*m)->batches) rows += b->num_rows();
  EXPECT_EQ(rows, 4);
  EXPECT_EQ(TreeString(*AnalyzeSchema(*m, ctx)), TreeString(*AnalyzeSchema(plan, ctx)));
  // References by qualifier, by the outer plan id and by plan ids inside it resolve as before,
  // including the same-named columns of the two sides.
  for (const PlanPtr& input : {plan, *m}) {
    PlanPtr p = Sort(Project(input, {Col("pd.name"), Col("dept", 2), Col("floor", 3), Col("age", 1)}),
                     {SortOrder(Col("name"))});
    EXPECT_EQ(RunRows(p), (V{"alice|eng|3|34", "bob|eng|3|45", "carol|ops|1|29", "dave|ops|1|NULL"}))
        << (input == plan ? "plan" : "materialized");
    auto amb = RunPlan(Project(input, {Col("dept")}));
    ASSERT_FALSE(amb.ok());
    EXPECT_EQ(amb.status().details()->error_class, "AMBIGUOUS_REFERENCE");
  }
}

TEST(MaterializeTest, ResultInManyBatchesScansAndLimitsInOrder) {
  // 300,000 rows computed in several batches: kept as they are, read back in order, and a
  // limit takes a prefix across batches.
  PlanPtr plan = Project(Range(0, 300000), {Alias(Call("*", {Col("id"), Lit(int64_t{3})}), "x")});
  ExecContext ctx;
  auto m = MaterializePlan(plan, ctx);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_GT((*m)->batches.size(), 1u);
  auto all = ExecutePlan(*m, ctx);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ((*all)->num_rows(), 300000);
  bool in_order = true;
  for (int64_t i = 0; i < 300000; ++i) in_order &= (*all)->column(0)->Value<int64_t>(i) == 3 * i;
  EXPECT_TRUE(in_order);
  const int64_t first_batch = (*m)->batches[0]->num_rows();
  for (int64_t n : {int64_t{0}, int64_t{5}, first_batch, first_batch + 7, int64_t{299999}, int64_t{400000}}) {
    auto head = ExecutePlan(Limit(*m, n), ctx);
    ASSERT_TRUE(head.ok()) << head.status();
    const int64_t want = std::min<int64_t>(n, 300000);
    ASSERT_EQ((*head)->num_rows(), want) << n;
    if (want > 0) EXPECT_EQ((*head)->column(0)->Value<int64_t>(want - 1), 3 * (want - 1)) << n;
  }
  // A filter under a limit reads growing prefixes of the batches.
  auto filtered = RunRows(Limit(Filter(*m, Call(">", {Col("x"), Lit(int64_t{899990})})), 2));
  EXPECT_EQ(filtered, (V{"899991", "899994"}));
  EXPECT_EQ(RunRows(Project(*m, {Call("count", {Lit(1)})})), (V{"300000"}));
}

TEST(SetOpTest, UnionIntersectExceptDistinct) {
  PlanPtr a = LocalTable(MakeTable({{"x", DataType::Int32(), true}}, {{"1"}, {"2"}, {"2"}, {"NULL"}}));
  PlanPtr b = LocalTable(MakeTable({{"y", DataType::Int64(), true}}, {{"2"}, {"3"}, {"NULL"}}));
  PlanPtr u = SetOperation(a, b, SetOpKind::kUnion, true);
  EXPECT_EQ(Names(u), (V{"x"}));
  ExecContext ctx;
  EXPECT_EQ(AnalyzeSchema(u, ctx)->field(0).type, DataType::Int64());
  EXPECT_EQ(RunRows(u), (V{"1", "2", "2", "NULL", "2", "3", "NULL"}));
  EXPECT_EQ(RunRows(SetOperation(a, b, SetOpKind::kUnion, false)), (V{"1", "2", "NULL", "3"}));
  EXPECT_EQ(RunRows(SetOperation(a, b, SetOpKind::kIntersect, false)), (V{"2", "NULL"}));
  EXPECT_EQ(RunRows(SetOperation(a, b, SetOpKind::kExcept, false)), (V{"1"}));
  EXPECT_EQ(RunRows(SetOperation(a, b, SetOpKind::kExcept, true)), (V{"1", "2"}));
  EXPECT_EQ(RunRows(Deduplicate(a)), (V{"1", "2", "NULL"}));
  EXPECT_EQ(RunRows(Project(Deduplicate(People(), {"dept"}), {Col("name")})), (V{"alice", "carol", "erin"}));
}

TEST(SetOpTest, UnionByNameWithMissingColumns) {
  PlanPtr a = LocalTable(MakeTable({{"x", DataType::Int32(), true}, {"y", DataType::String(), true}}, {{"1", "a"}}));
  PlanPtr b = LocalTable(MakeTable({{"y", DataType::String(), true}, {"z", DataType::Int32(), true}}, {{"b", "2"}}));
  PlanPtr u = SetOperation(a, b, SetOpKind::kUnion, true, true, true);
  EXPECT_EQ(Names(u), (V{"x", "y", "z"}));
  EXPECT_EQ(RunRows(u), (V{"1|a|NULL", "NULL|b|2"}));
}

TEST(ColumnOpsTest, WithColumnsRenameDropToDF) {
  PlanPtr p = WithColumns(People(), {"age", "bonus"}, {Call("+", {Col("age"), Lit(1)}), Lit(5)});
  EXPECT_EQ(Names(p), (V{"name", "age", "dept", "salary", "bonus"}));
  EXPECT_EQ(RunRows(Limit(Project(p, {Col("age")}), 1)), (V{"35"}));
  PlanPtr r = WithColumnsRenamed(People(), {{"name", "who"}, {"nope", "x"}});
  EXPECT_EQ(Names(r), (V{"who", "age", "dept", "salary"}));
  PlanPtr d = Drop(People(), {Col("age")}, {"salary", "missing"});
  EXPECT_EQ(Names(d), (V{"name", "dept"}));
  EXPECT_EQ(Names(ToDF(Range(0, 1), {"n"})), (V{"n"}));
  EXPECT_FALSE(RunPlan(ToDF(Range(0, 1), {"a", "b"})).ok());
}

TEST(NaTest, FillDropReplace) {
  PlanPtr fill = NAFill(People(), {}, {Value::Int64(0)});
  EXPECT_EQ(RunRows(Project(fill, {Col("age"), Col("salary")}))[2], "29|0.0");
  PlanPtr fill_s = NAFill(People(), {"dept"}, {Value::String("none")});
  EXPECT_EQ(RunRows(Project(fill_s, {Col("dept")}))[4], "none");
  EXPECT_EQ(RunRows(Project(NADrop(People(), {}, std::nullopt), {Col("name")})), (V{"alice", "bob"}));
  EXPECT_EQ(RunRows(Project(NADrop(People(), {"age"}, std::nullopt), {Col("name")})).size(), 4u);
  PlanPtr rep = NAReplace(People(), {"dept"}, {{Value::String("eng"), Value::String("E")}});
  EXPECT_EQ(RunRows(Project(rep, {Col("dept")})), (V{"E", "E", "ops", "ops", "NULL"}));
}

TEST(DescribeTest, CountMeanStddevMinMax) {
  PlanPtr p = Describe(Project(People(), {Col("age"), Col("name")}), {});
  EXPECT_EQ(Names(p), (V{"summary", "age", "name"}));
  EXPECT_EQ(RunRows(p), (V{"count|4|5", "mean|37.25|NULL", "stddev|7.135591542869215|NULL",
                           "min|29|alice", "max|45|erin"}));
  PlanPtr s = Summary(Project(People(), {Col("age")}), {"50%"});
  EXPECT_EQ(RunRows(s), (V{"50%|34"}));
}

TEST(SampleTest, DeterministicForSeed) {
  auto a = RunRows(Sample(Range(0, 1000), 0, 0.3, false, 7));
  auto b = RunRows(Sample(Range(0, 1000), 0, 0.3, false, 7));
  EXPECT_EQ(a, b);
  EXPECT_GT(a.size(), 200u);
  EXPECT_LT(a.size(), 400u);
}

TEST(CatalogTest, NamedTableAndQualifier) {
  Catalog cat;
  cat.CreateOrReplaceTempView("people", People());
  auto t = RunPlan(Project(Filter(NamedTable("PEOPLE"), Call("=", {Col("people.name"), Lit("bob")})), {Col("age")}), &cat);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(Rows(**t), (V{"45"}));
  auto missing = RunPlan(NamedTable("nope"), &cat);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().details()->error_class, "TABLE_OR_VIEW_NOT_FOUND");
}

TEST(CatalogTest, CachedViewIsReadFromItsResultUntilUncached) {
  Catalog cat;
  cat.CreateOrReplaceTempView("people", People());
  ExecContext ctx;
  ctx.catalog = &cat;
  auto computed = MaterializePlan(Filter(People(), Call(">", {Col("age"), Lit(40)})), ctx);
  ASSERT_TRUE(computed.ok()) << computed.status();
  // A stand-in result (here: other rows) shows that queries read the cached plan.
  ASSERT_TRUE(cat.CacheTempView("PEOPLE", *computed).ok());
  EXPECT_TRUE(*cat.IsTempViewCached("people"));
  PlanPtr q = Project(NamedTable("people"), {Col("people.name")});
  EXPECT_EQ(RunRows(q, &cat), (V{"bob", "erin"}));
  EXPECT_EQ(*cat.UncacheTempView("people"), true);
  EXPECT_EQ(*cat.UncacheTempView("people"), false);
  EXPECT_EQ(RunRows(q, &cat).size(), 5u);
  ASSERT_TRUE(cat.CacheTempView("people", *computed).ok());
  cat.UncacheAllTempViews();
  EXPECT_FALSE(*cat.IsTempViewCached("people"));
  EXPECT_FALSE(cat.CreateTempView("PEOPLE", Range(0, 1)));  // exists: unchanged
  EXPECT_EQ(RunRows(q, &cat).size(), 5u);
  EXPECT_TRUE(cat.CreateTempView("numbers", Range(0, 2)));
  EXPECT_EQ(RunRows(NamedTable("numbers"), &cat).size(), 2u);
  ASSERT_TRUE(cat.CacheTempView("people", *computed).ok());
  cat.CreateOrReplaceTempView("people", People());  // replacing drops the cached result
  EXPECT_FALSE(*cat.IsTempViewCached("people"));
  for (const Status& st : {cat.CacheTempView("nope", *computed), cat.UncacheTempView("nope").status(),
                           cat.IsTempViewCached("nope").status()}) {
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.details()->error_class, "TABLE_OR_VIEW_NOT_FOUND");
  }
}

TEST(ExecStateTest, ParallelismCapsTheThreadsOfOneParallelFor) {
  ExecContext ctx;
  for (int cap : {1, 2}) {
    ExecState st{&ctx, 0};
    st.parallelism = cap;
    std::mutex mu;
    std::set<std::thread::id> threads;
    std::atomic<int> running{0}, most{0}, done{0};
    Status s = st.ParallelFor(64, [&](int64_t) {
      int now = ++running;
      int seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {}
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      {
        std::lock_guard<std::mutex> lock(mu);
        threads.insert(std::this_thread::get_id());
      }
      --running;
      ++done;
      return OkStatus();
    });
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(done.load(), 64);
    EXPECT_LE(most.load(), cap);
    if (cap == 1) EXPECT_EQ(threads, (std::set<std::thread::id>{std::this_thread::get_id()}));
  }
}

TEST(CancelTest, CancelledFlagStopsExecution) {
  std::atomic<bool> cancel{true};
  ExecContext ctx;
  ctx.cancelled = &cancel;
  auto r = ExecutePlan(Aggregate(Range(0, 1000000), {}, {Call("sum", {Col("id")})}), ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCancelled);
}

TEST(StreamingTest, BatchesInOrderAndSchemaFirst) {
  ExecContext ctx;
  const Schema* schema = nullptr;
  int64_t rows = 0, expect = 0;
  bool ordered = true;
  Status s = ExecutePlanStreaming(Range(0, 300000), ctx, &schema, [&](const TablePtr& b) {
    EXPECT_NE(schema, nullptr);
    for (int64_t i = 0; i < b->num_rows(); ++i) ordered = ordered && b->column(0)->GetInt64(i) == expect++;
    rows += b->num_rows();
    return OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(rows, 300000);
  EXPECT_TRUE(ordered);
  int calls = 0;
  ASSERT_TRUE(ExecutePlanStreaming(Limit(Range(0, 5), 0), ctx, nullptr, [&](const TablePtr& b) {
    ++calls;
    EXPECT_EQ(b->num_rows(), 0);
    return OkStatus();
  }).ok());
  EXPECT_EQ(calls, 1);
}

TEST(ExplainTest, MentionsOperators) {
  ExecContext ctx;
  std::string s = ExplainString(Filter(Range(0, 3), Call(">", {Col("id"), Lit(1)})), ctx, "simple");
  EXPECT_NE(s.find("Filter (id > 1)"), std::string::npos) << s;
  EXPECT_NE(s.find("Range (0, 3, step=1)"), std::string::npos) << s;
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(SortTest, SortByColumnDroppedByProjection) {
  PlanPtr p = Sort(Project(People(), {Col("name")}), {SortOrder(Col("age"), false)});
  EXPECT_EQ(Names(p), (V{"name"}));
  EXPECT_EQ(RunRows(p), (V{"bob", "erin", "alice", "carol", "dave"}));
}

TEST(AggregateTest, FirstIgnoreNullsIsNamedWithoutTheFlag) {
  EXPECT_EQ(Names(Aggregate(People(), {}, {Call("first", {Col("dept"), Lit(true)}),
                                           Call("approx_count_distinct", {Col("dept"), Lit(0.05)})})),
            (V{"first(dept)", "approx_count_distinct(dept)"}));
}

TEST(DataSourceTest, ReadsCsvWithHeaderAndInferredSchema) {
  std::string path = ::testing::TempDir() + "/kindred_sql_people.csv";
  FILE* f = fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  fputs("name,age\nann,31\nben,\n", f);
  fclose(f);
  PlanPtr p = DataSource("csv", {path}, {{"header", "true"}, {"inferSchema", "true"}});
  ExecContext ctx;
  auto s = AnalyzeSchema(p, ctx);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(TreeString(*s), "root\n |-- name: string (nullable = true)\n |-- age: integer (nullable = true)\n");
  EXPECT_EQ(RunRows(Project(p, {Call("+", {Col("age"), Lit(1)})})), (V{"32", "NULL"}));
  PlanPtr no_header = DataSource("csv", {path});
  EXPECT_EQ(Names(no_header), (V{"_c0", "_c1"}));
  auto missing = RunPlan(DataSource("csv", {path + ".missing"}));
  EXPECT_FALSE(missing.ok());
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(NullTypeTest, NullLiteralsFlowThroughOperators) {
  PlanPtr p = Project(Range(0, 3), {Col("id"), Literal(Value::Null())});
  EXPECT_EQ(Names(p), (V{"id", "NULL"}));
  ExecContext ctx;
  EXPECT_EQ(TreeString(*AnalyzeSchema(p, ctx)),
            "root\n |-- id: long (nullable = false)\n |-- NULL: void (nullable = true)\n");
  auto t = RunPlan(p);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(FormatShowString(**t, 20, 20, false),
            "+---+----+\n| id|NULL|\n+---+----+\n|  0|NULL|\n|  1|NULL|\n|  2|NULL|\n+---+----+\n");
  EXPECT_EQ(RunRows(Sort(p, {SortOrder(Col("NULL"))})).size(), 3u);
  EXPECT_EQ(RunRows(Aggregate(p, {Col("NULL")}, {Call("count", {Lit(1)})})), (V{"NULL|3"}));
  PlanPtr u = SetOperation(Project(Range(0, 1), {Literal(Value::Null())}), Project(Range(0, 1), {Lit(5)}),
                           SetOpKind::kUnion, true);
  EXPECT_EQ(RunRows(u), (V{"NULL", "5"}));
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(LimitTest, LimitOverHugeRangeOnlyGeneratesNeededRows) {
  // 10^15 rows would never fit in memory; the limit shrinks the range.
  PlanPtr p = Limit(Project(Range(0, 1000000000000000LL, 3), {Call("*", {Col("id"), Lit(int64_t{2})})}), 3);
  EXPECT_EQ(RunRows(p), (V{"0", "6", "12"}));
  EXPECT_EQ(RunRows(Limit(SetOperation(Range(0, 1000000000000LL), Range(5, 6), SetOpKind::kUnion, true), 2)),
            (V{"0", "1"}));
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(LimitTest, LimitOverFilteredHugeRangeReadsPrefixes) {
  PlanPtr p = Limit(Filter(Range(0, 1000000000000000LL), Call("=", {Call("%", {Col("id"), Lit(int64_t{100000})}), Lit(int64_t{7})})), 3);
  EXPECT_EQ(RunRows(p), (V{"7", "100007", "200007"}));
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(JoinTest, NullSafeEqualityMatchesNulls) {
  PlanPtr a = SubqueryAlias(LocalTable(MakeTable({{"k", DataType::Int32(), true}}, {{"1"}, {"NULL"}})), "a");
  PlanPtr b = SubqueryAlias(LocalTable(MakeTable({{"k", DataType::Int32(), true}}, {{"NULL"}, {"1"}, {"2"}})), "b");
  EXPECT_EQ(RunRows(Join(a, b, JoinType::kInner, Call("<=>", {Col("a.k"), Col("b.k")}))), (V{"1|1", "NULL|NULL"}));
  EXPECT_EQ(RunRows(Join(a, b, JoinType::kInner, Call("=", {Col("a.k"), Col("b.k")}))), (V{"1|1"}));
}

TEST(ArithmeticOpsTest, DivAndDateTrunc) {
  EXPECT_EQ(Eval(Call("div", {Lit(7), Lit(2)}), Range(0, 1)), (std::pair<std::string, V>{"(7 div 2)", {"3"}}));
  EXPECT_EQ(Eval(Call("date_trunc", {Lit("month"), Lit("2024-02-28 13:45:06")}), Range(0, 1)).second[0], "2024-02-01 00:00:00");
  EXPECT_EQ(Eval(Call("date_trunc", {Lit("hour"), Lit("2024-02-28 13:45:06")}), Range(0, 1)).second[0], "2024-02-28 13:00:00");
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

// ORDER BY ... LIMIT [OFFSET] selects the window instead of sorting everything: the rows must be
// exactly those of the full sort, with ties (broken by input order), nulls and a projection.
TEST(SortLimitTest, WindowEqualsTheFullSortsSlice) {
  RegisterSparkSqlParser();  // another test may have replaced the default parser
  const std::string base =
      "SELECT id, k, id * 2 AS twice FROM (SELECT id, CASE WHEN id % 97 = 0 THEN NULL "
      "ELSE (id * 7919) % 1000 END AS k FROM range(20000)) ORDER BY k DESC NULLS LAST, id % 3";
  auto full = testing::RunPlan(Sql(base));
  ASSERT_TRUE(full.ok()) << full.status();
  const std::vector<std::string> all = testing::Rows(**full);
  ASSERT_EQ(all.size(), 20000u);
  for (auto [limit, offset] : std::vector<std::pair<int, int>>{
           {10, 0}, {7, 19990}, {100, 5000}, {50, 19980}, {3000, 0}, {10, 25000}, {15000, 100}}) {
    auto part = testing::RunPlan(Sql(base + " LIMIT " + std::to_string(limit) + " OFFSET " +
                                     std::to_string(offset)));
    ASSERT_TRUE(part.ok()) << part.status();
    std::vector<std::string> want;
    for (int i = offset; i < offset + limit && i < 20000; ++i) want.push_back(all[i]);
    EXPECT_EQ(testing::Rows(**part), want) << "LIMIT " << limit << " OFFSET " << offset;
  }
}

}  // namespace
}  // namespace kindred::sql
