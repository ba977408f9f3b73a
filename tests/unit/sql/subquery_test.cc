// Subquery expressions in SQL: [NOT] IN (subquery), [NOT] EXISTS, scalar subqueries, with
// Spark's three-valued logic, and correlated predicates planned as semi / anti hash joins.
#include <gtest/gtest.h>

#include <algorithm>

#include "sql/parser/parser.h"
#include "sql/plan/analyzer.h"
#include "test_util.h"

namespace kindred::sql {
namespace {

using testing::MakeTable;
using testing::Rows;
using V = std::vector<std::string>;

class SubqueryTest : public testing::SqlCatalogTest {
 protected:
  void SetUp() override {
    RegisterSparkSqlParser();
    catalog_.CreateOrReplaceTempView(
        "c", LocalTable(MakeTable({{"id", DataType::Int32(), true}, {"name", DataType::String(), true}},
                                  {{"1", "a"}, {"2", "b"}, {"3", "c"}, {"NULL", "d"}})));
    catalog_.CreateOrReplaceTempView(
        "o", LocalTable(MakeTable({{"oid", DataType::Int32(), true}, {"cid", DataType::Int64(), true},
                                   {"amt", DataType::Int32(), true}},
                                  {{"10", "1", "5"}, {"11", "1", "20"}, {"12", "2", "7"}, {"13", "NULL", "1"}})));
    catalog_.CreateOrReplaceTempView(
        "withnull", LocalTable(MakeTable({{"v", DataType::Int32(), true}}, {{"1"}, {"NULL"}})));
    catalog_.CreateOrReplaceTempView(
        "empty", LocalTable(MakeTable({{"v", DataType::Int32(), true}}, {})));
    catalog_.CreateOrReplaceTempView(
        "pairs", LocalTable(MakeTable({{"x", DataType::Int32(), true}, {"y", DataType::String(), true}},
                                      {{"1", "a"}, {"2", "NULL"}})));
  }

  V Sorted(const std::string& sql) {
    V r = RunRows(sql);
    std::sort(r.begin(), r.end());
    return r;
  }
  std::string Plan(const std::string& sql) {
    ExecContext ctx;
    ctx.catalog = &catalog_;
    auto parsed = ParseSqlQuery(sql);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) return "";
    auto b = AnalyzePlan(*parsed, ctx);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return b.ok() ? (*b)->TreeString() : "";
  }
  std::string ErrorClass(const std::string& sql) {
    auto t = Run(sql);
    EXPECT_FALSE(t.ok()) << sql;
    if (t.ok() || !t.status().details()) return t.status().ToString();
    return t.status().details()->error_class;
  }
};

TEST_F(SubqueryTest, InSubqueryFilters) {
  EXPECT_EQ(Sorted("SELECT name FROM c WHERE id IN (SELECT cid FROM o)"), (V{"a", "b"}));
  // 3 is not in {1, 1, 2, NULL}: unknown, so filtered out; so is the null id.
  EXPECT_EQ(Sorted("SELECT name FROM c WHERE id NOT IN (SELECT cid FROM o)"), V{});
  EXPECT_EQ(Sorted("SELECT name FROM c WHERE id NOT IN (SELECT cid FROM o WHERE cid IS NOT NULL)"),
            V{"c"});
}

TEST_F(SubqueryTest, InThreeValuedLogic) {
  EXPECT_EQ(RunRows("SELECT id, id IN (SELECT v FROM withnull), id NOT IN (SELECT v FROM withnull) "
                    "FROM c ORDER BY id"),
            (V{"NULL|NULL|NULL", "1|true|false", "2|NULL|NULL", "3|NULL|NULL"}));
  // An empty subquery: IN is false and NOT IN true, even for a null value.
  EXPECT_EQ(RunRows("SELECT id, id IN (SELECT v FROM empty), id NOT IN (SELECT v FROM empty) "
                    "FROM c ORDER BY id"),
            (V{"NULL|false|true", "1|false|true", "2|false|true", "3|false|true"}));
  EXPECT_EQ(Sorted("SELECT name FROM c WHERE id NOT IN (SELECT v FROM empty)"),
            (V{"a", "b", "c", "d"}));
  EXPECT_EQ(RunNames("SELECT id IN (SELECT v FROM withnull) FROM c"),
            V{"(id IN (listquery()))"});
}

TEST_F(SubqueryTest, MultiColumnIn) {
  EXPECT_EQ(RunRows("SELECT (1, 'a') IN (SELECT x, y FROM pairs), (1, 'b') IN (SELECT x, y FROM pairs), "
                    "(2, 'z') IN (SELECT x, y FROM pairs), (3, 'z') IN (SELECT x, y FROM pairs)"),
            (V{"true|false|NULL|false"}));
  EXPECT_EQ(ErrorClass("SELECT id FROM c WHERE (id, name) IN (SELECT v FROM withnull)"),
            "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH");
}

TEST_F(SubqueryTest, UncorrelatedExists) {
  EXPECT_EQ(RunRows("SELECT count(*) FROM c WHERE EXISTS (SELECT 1 FROM o WHERE amt > 10)"), V{"4"});
  EXPECT_EQ(RunRows("SELECT count(*) FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE amt > 10)"), V{"0"});
  EXPECT_EQ(RunRows("SELECT EXISTS (SELECT * FROM empty), NOT EXISTS (SELECT * FROM empty)"),
            (V{"false|true"}));
}

TEST_F(SubqueryTest, CorrelatedExistsIsASemiJoin) {
  const char* q = "SELECT name FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = c.id AND o.amt > 6)";
  EXPECT_EQ(Sorted(q), (V{"a", "b"}));
  std::string plan = Plan(q);
  EXPECT_NE(plan.find("Join LeftSemi"), std::string::npos) << plan;
  EXPECT_EQ(Sorted("SELECT name FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.id)"),
            (V{"c", "d"}));
  EXPECT_NE(Plan("SELECT name FROM c WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.cid = c.id)")
                .find("Join LeftAnti"),
            std::string::npos);
  // Unqualified outer names resolve to the outer query when the subquery lacks them.
  EXPECT_EQ(Sorted("SELECT name FROM c WHERE EXISTS (SELECT 1 FROM o WHERE cid = id) AND name <> 'a'"),
            V{"b"});
}

TEST_F(SubqueryTest, CorrelatedInAndNotIn) {
  // Orders whose amount is among their customer's amounts above 6.
  EXPECT_EQ(Sorted("SELECT oid FROM o WHERE amt IN (SELECT amt FROM o AS o2 WHERE o2.cid = o.cid AND o2.amt > 6)"),
            (V{"11", "12"}));
  EXPECT_EQ(Sorted("SELECT oid FROM o WHERE amt NOT IN (SELECT amt FROM o AS o2 WHERE o2.cid = o.cid AND o2.amt > 6)"),
            (V{"10", "13"}));
  EXPECT_NE(Plan("SELECT oid FROM o WHERE amt NOT IN (SELECT amt FROM o AS o2 WHERE o2.cid = o.cid)")
                .find("Join LeftAnti"),
            std::string::npos);
}

TEST_F(SubqueryTest, CorrelatedNotInWithNulls) {
  // For customer 1 the correlated set holds a null: NOT IN is unknown, the row is dropped.
  catalog_.CreateOrReplaceTempView(
      "t", LocalTable(MakeTable({{"k", DataType::Int32(), true}, {"v", DataType::Int32(), true}},
                                {{"1", "NULL"}, {"2", "5"}})));
  // Customers 3 and null have no rows in t: NOT IN an empty set is true, even for null.
  EXPECT_EQ(Sorted("SELECT id FROM c WHERE id NOT IN (SELECT v FROM t WHERE t.k = c.id)"),
            (V{"2", "3", "NULL"}));
  EXPECT_EQ(Sorted("SELECT id FROM c WHERE id IN (SELECT v FROM t WHERE t.k = c.id)"), V{});
  EXPECT_EQ(Sorted("SELECT id FROM c WHERE 7 NOT IN (SELECT v FROM t WHERE t.k = c.id)"),
            (V{"2", "3", "NULL"}));
}

TEST_F(SubqueryTest, ScalarSubqueries) {
  EXPECT_EQ(RunRows("SELECT (SELECT max(amt) FROM o)"), V{"20"});
  EXPECT_EQ(RunNames("SELECT (SELECT max(amt) FROM o)"), V{"scalarsubquery()"});
  EXPECT_EQ(RunNames("SELECT (SELECT max(amt) FROM o) AS m"), V{"m"});
  EXPECT_EQ(Sorted("SELECT oid FROM o WHERE amt > (SELECT avg(amt) FROM o)"), (V{"11"}));
  EXPECT_EQ(RunRows("SELECT (SELECT v FROM empty) IS NULL"), V{"true"});
  EXPECT_EQ(RunRows("SELECT id + (SELECT min(amt) FROM o) FROM c WHERE id = 2"), V{"3"});
  EXPECT_EQ(ErrorClass("SELECT (SELECT amt FROM o)"), "SCALAR_SUBQUERY_TOO_MANY_ROWS");
  EXPECT_EQ(ErrorClass("SELECT (SELECT oid, amt FROM o)"),
            "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN");
  // Nested: the inner subquery runs before the outer one.
  EXPECT_EQ(RunRows("SELECT (SELECT max(oid) FROM o WHERE amt < (SELECT max(amt) FROM o))"), V{"13"});
}

TEST_F(SubqueryTest, ScalarSubqueryInHaving) {
  EXPECT_EQ(Sorted("SELECT cid, sum(amt) FROM o GROUP BY cid HAVING sum(amt) > (SELECT min(amt) FROM o WHERE amt > 1)"),
            (V{"1|25", "2|7"}));
}

TEST_F(SubqueryTest, CorrelatedScalarSubqueries) {
  // Per customer: the largest order; null without orders.
  EXPECT_EQ(RunRows("SELECT id, (SELECT max(amt) FROM o WHERE o.cid = c.id) FROM c ORDER BY id"),
            (V{"NULL|NULL", "1|20", "2|7", "3|NULL"}));
  EXPECT_EQ(RunNames("SELECT id, (SELECT max(amt) FROM o WHERE o.cid = c.id) FROM c"),
            (V{"id", "scalarsubquery(id)"}));
  // count over no rows is 0, not null (Spark's COUNT-bug handling).
  EXPECT_EQ(RunRows("SELECT id, (SELECT count(*) FROM o WHERE o.cid = c.id) AS n FROM c ORDER BY id"),
            (V{"NULL|0", "1|2", "2|1", "3|0"}));
  // In WHERE: orders above their customer's average.
  EXPECT_EQ(Sorted("SELECT oid FROM o WHERE amt > (SELECT avg(amt) FROM o o2 WHERE o2.cid = o.cid)"),
            V{"11"});
  // '*' does not show the added column.
  EXPECT_EQ(RunNames("SELECT *, (SELECT max(amt) FROM o WHERE o.cid = c.id AND amt > 5) AS m FROM c"),
            (V{"id", "name", "m"}));
  EXPECT_EQ(Plan("SELECT id, (SELECT max(amt) FROM o WHERE o.cid = c.id) FROM c").find("LeftOuter") !=
                std::string::npos,
            true);
  auto t = Run("SELECT id, (SELECT max(amt) FROM o WHERE o.cid > c.id) FROM c");
  EXPECT_EQ(t.status().code(), StatusCode::kUnimplemented) << t.status().ToString();
}

TEST_F(SubqueryTest, ErrorsNameTheColumn) {
  auto t = Run("SELECT name FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.nope = c.id)");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().details()->error_class.rfind("UNRESOLVED_COLUMN", 0), 0u);
  EXPECT_NE(t.status().message().find("`o`.`nope`"), std::string::npos) << t.status().message();
  auto u = Run("SELECT name FROM c WHERE id IN (SELECT nope FROM o)");
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("`nope`"), std::string::npos) << u.status().message();
}

}  // namespace
}  // namespace kindred::sql
