// SQL text → plans through the engine: result rows and Spark's output column names.
#include <gtest/gtest.h>

#include "sql/parser/parser.h"
#include "test_util.h"

namespace kindred::sql {
namespace {

using testing::MakeTable;
using testing::People;
using testing::Rows;
using testing::V;

class SqlTest : public testing::SqlCatalogTest {
 protected:
  void SetUp() override {
    // Other tests in this binary install stand-in parsers; put the real one back.
    RegisterSparkSqlParser();
    catalog_.CreateOrReplaceTempView("people", People());
    catalog_.CreateOrReplaceTempView(
        "depts", LocalTable(MakeTable({{"dept", DataType::String(), true}, {"floor", DataType::Int32(), true}},
                                      {{"eng", "3"}, {"ops", "1"}, {"hr", "2"}})));
    catalog_.CreateOrReplaceTempView("nums", Range(1, 6));
  }

};

TEST_F(SqlTest, SelectWithoutFrom) {
  EXPECT_EQ(RunRows("SELECT 1 + 1"), V{"2"});
  EXPECT_EQ(RunNames("SELECT 1 + 1"), V{"(1 + 1)"});
  EXPECT_EQ(RunNames("select 1 + 1 as two, 'x' s"), (V{"two", "s"}));
}

TEST_F(SqlTest, ProjectionNamesAsSpark) {
  EXPECT_EQ(RunNames("SELECT age + 1, upper(name), age FROM people"), (V{"(age + 1)", "upper(name)", "age"}));
  EXPECT_EQ(RunRows("SELECT age + 1 FROM people WHERE name = 'bob'"), V{"46"});
  EXPECT_EQ(RunNames("SELECT * FROM depts"), (V{"dept", "floor"}));
  EXPECT_EQ(RunNames("SELECT d.* FROM depts AS d"), (V{"dept", "floor"}));
  EXPECT_EQ(RunRows("SELECT `floor` FROM depts d WHERE d.dept = 'hr'"), V{"2"});
}

TEST_F(SqlTest, Literals) {
  EXPECT_EQ(RunRows("SELECT 2147483647, 2147483648, 1.5, 1e3, 'it''s', \"a\\tb\", TRUE, NULL"),
            (V{"2147483647|2147483648|1.5|1000.0|its|a\tb|true|NULL"}));
  auto t = Run("SELECT 2147483647 a, 2147483648 b, 1.50 c, 1e3 d, 10L e, -5 f");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const Schema& s = (*t)->schema();
  EXPECT_EQ(s.field(0).type.id, TypeId::kInt32);
  EXPECT_EQ(s.field(1).type.id, TypeId::kInt64);
  EXPECT_EQ(s.field(2).type.ToString(), DataType::Decimal(3, 2).ToString());
  EXPECT_EQ(s.field(3).type.id, TypeId::kFloat64);
  EXPECT_EQ(s.field(4).type.id, TypeId::kInt64);
  EXPECT_EQ(Rows(**t), V{"2147483647|2147483648|1.50|1000.0|10|-5"});
  EXPECT_EQ(RunRows("SELECT DATE '2024-01-31', TIMESTAMP '2024-01-31 12:30:00'"),
            V{"2024-01-31|2024-01-31 12:30:00"});
  EXPECT_EQ(RunNames("SELECT DATE '2024-01-31'"), V{"DATE '2024-01-31'"});
  EXPECT_EQ(RunNames("SELECT -1"), V{"-1"});
}

TEST_F(SqlTest, Precedence) {
  EXPECT_EQ(RunRows("SELECT 1 + 2 * 3, (1 + 2) * 3, 7 - 2 - 1, 7 % 4 * 2, 7 div 2"), (V{"7|9|4|6|3"}));
  EXPECT_EQ(RunRows("SELECT true OR false AND false, NOT true = false, 1 < 2 = true"), (V{"true|true|true"}));
  EXPECT_EQ(RunNames("SELECT 1 + 2 * 3"), V{"(1 + (2 * 3))"});
  EXPECT_EQ(RunRows("SELECT 'a' || 'b' || 'c'"), V{"abc"});
  EXPECT_EQ(RunRows("SELECT - 2 * 3, -(2 + 3)"), (V{"-6|-5"}));
}

TEST_F(SqlTest, Predicates) {
  EXPECT_EQ(RunRows("SELECT name FROM people WHERE age BETWEEN 30 AND 41 ORDER BY name"), (V{"alice", "erin"}));
  EXPECT_EQ(RunRows("SELECT name FROM people WHERE age NOT BETWEEN 30 AND 41 ORDER BY name"), (V{"bob", "carol"}));
  EXPECT_EQ(RunRows("SELECT name FROM people WHERE dept IN ('ops', 'hr') ORDER BY name"), (V{"carol", "dave"}));
  EXPECT_EQ(RunRows("SELECT name FROM people WHERE dept NOT IN ('ops') ORDER BY name"), (V{"alice", "bob"}));
  EXPECT_EQ(RunRows("SELECT name FROM people WHERE name LIKE '%r%' ORDER BY name"), (V{"carol", "erin"}));
  EXPECT_EQ(RunRows("SELECT name FROM people WHERE name NOT LIKE 'a%' AND name RLIKE '^[bc]'"), (V{"bob", "carol"}));
  EXPECT_EQ(RunRows("SELECT name FROM people WHERE name ILIKE 'ALI%'"), V{"alice"});
  EXPECT_EQ(RunRows("SELECT name FROM people WHERE age IS NULL"), V{"dave"});
  EXPECT_EQ(RunRows("SELECT count(*) FROM people WHERE dept IS NOT NULL"), V{"4"});
  EXPECT_EQ(RunRows("SELECT NULL <=> NULL, 1 <> 2, 1 != 1, 2 >= 2, 1 == 1"), (V{"true|true|false|true|true"}));
  EXPECT_EQ(RunNames("SELECT age IS NULL, age > 1 FROM people"), (V{"(age IS NULL)", "(age > 1)"}));
}

TEST_F(SqlTest, CaseAndCast) {
  EXPECT_EQ(RunRows("SELECT CASE WHEN age > 40 THEN 'old' WHEN age IS NULL THEN '?' ELSE 'young' END "
                    "FROM people ORDER BY name"),
            (V{"young", "old", "young", "?", "old"}));
  EXPECT_EQ(RunRows("SELECT CASE dept WHEN 'eng' THEN 1 ELSE 0 END FROM people ORDER BY name"),
            (V{"1", "1", "0", "0", "0"}));
  EXPECT_EQ(RunRows("SELECT CAST('12' AS INT) + 1, '7'::bigint, CAST(1.25 AS decimal(5, 1))"), (V{"13|7|1.3"}));
  EXPECT_EQ(RunNames("SELECT CAST(age AS string) FROM people"), V{"age"});
  EXPECT_EQ(RunNames("SELECT CAST(age + 1 AS string) FROM people"), V{"CAST((age + 1) AS STRING)"});
}

TEST_F(SqlTest, Aggregation) {
  EXPECT_EQ(RunNames("SELECT count(*), sum(age), count(DISTINCT dept) FROM people"),
            (V{"count(1)", "sum(age)", "count(DISTINCT dept)"}));
  EXPECT_EQ(RunRows("SELECT count(*), sum(age), count(DISTINCT dept) FROM people"), V{"5|149|2"});
  EXPECT_EQ(RunRows("SELECT dept, count(*) AS n, max(age) FROM people GROUP BY dept ORDER BY dept"),
            (V{"NULL|1|41", "eng|2|45", "ops|2|29"}));
  EXPECT_EQ(RunNames("SELECT dept, count(*) AS n, max(age) FROM people GROUP BY dept"),
            (V{"dept", "n", "max(age)"}));
  EXPECT_EQ(RunRows("SELECT dept, sum(age) FROM people GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC"),
            (V{"eng|79", "ops|29"}));
  EXPECT_EQ(RunRows("SELECT dept, count(*) AS n FROM people GROUP BY dept HAVING n = 1"), V{"NULL|1"});
  EXPECT_EQ(RunRows("SELECT upper(dept) d, count(*) FROM people WHERE dept IS NOT NULL GROUP BY upper(dept) "
                    "ORDER BY count(*) DESC, d"),
            (V{"ENG|2", "OPS|2"}));
  EXPECT_EQ(RunRows("SELECT DISTINCT count(*) FROM people GROUP BY dept ORDER BY 1"), (V{"1", "2"}));
  EXPECT_EQ(RunRows("SELECT dept FROM people GROUP BY dept HAVING max(age) > 40 ORDER BY dept NULLS LAST"),
            (V{"eng", "NULL"}));
}

TEST_F(SqlTest, OrderLimitOffsetDistinct) {
  EXPECT_EQ(RunRows("SELECT name FROM people ORDER BY age DESC NULLS LAST LIMIT 2"), (V{"bob", "erin"}));
  EXPECT_EQ(RunRows("SELECT name FROM people ORDER BY age ASC NULLS FIRST LIMIT 2 OFFSET 1"), (V{"carol", "alice"}));
  EXPECT_EQ(RunRows("SELECT name AS n FROM people ORDER BY n DESC LIMIT 1"), V{"erin"});
  EXPECT_EQ(RunRows("SELECT name, age FROM people ORDER BY 2 NULLS LAST, 1 LIMIT 1"), V{"carol|29"});
  EXPECT_EQ(RunRows("SELECT DISTINCT dept FROM people WHERE dept IS NOT NULL ORDER BY dept"), (V{"eng", "ops"}));
  EXPECT_EQ(RunRows("SELECT name FROM people ORDER BY salary LIMIT 1"), V{"carol"});
}

TEST_F(SqlTest, Joins) {
  EXPECT_EQ(RunRows("SELECT p.name, d.floor FROM people p JOIN depts d ON p.dept = d.dept ORDER BY p.name"),
            (V{"alice|3", "bob|3", "carol|1", "dave|1"}));
  EXPECT_EQ(RunRows("SELECT name, floor FROM people LEFT OUTER JOIN depts USING (dept) ORDER BY name"),
            (V{"alice|3", "bob|3", "carol|1", "dave|1", "erin|NULL"}));
  EXPECT_EQ(RunRows("SELECT d.dept FROM people p RIGHT JOIN depts d ON p.dept = d.dept WHERE p.name IS NULL"),
            V{"hr"});
  EXPECT_EQ(RunRows("SELECT count(*) FROM people p FULL OUTER JOIN depts d ON p.dept = d.dept"), V{"6"});
  EXPECT_EQ(RunRows("SELECT dept FROM depts LEFT SEMI JOIN people USING (dept) ORDER BY dept"), (V{"eng", "ops"}));
  EXPECT_EQ(RunRows("SELECT dept FROM depts d LEFT ANTI JOIN people p ON d.dept = p.dept"), V{"hr"});
  EXPECT_EQ(RunRows("SELECT count(*) FROM people CROSS JOIN depts"), V{"15"});
  EXPECT_EQ(RunRows("SELECT count(*) FROM people p, depts d WHERE p.dept = d.dept"), V{"4"});
}

TEST_F(SqlTest, SubqueriesCtesSetOps) {
  EXPECT_EQ(RunRows("SELECT t.x FROM (SELECT age * 2 AS x FROM people WHERE age < 35) AS t ORDER BY x"),
            (V{"58", "68"}));
  EXPECT_EQ(RunRows("WITH a AS (SELECT id FROM nums WHERE id < 3), b AS (SELECT id * 10 AS id FROM a) "
                    "SELECT * FROM b ORDER BY id"),
            (V{"10", "20"}));
  EXPECT_EQ(RunRows("SELECT id FROM nums WHERE id < 3 UNION ALL SELECT id FROM nums WHERE id < 2 ORDER BY id"),
            (V{"1", "1", "2"}));
  EXPECT_EQ(RunRows("SELECT id FROM nums WHERE id < 3 UNION SELECT id FROM nums WHERE id < 2 ORDER BY id"),
            (V{"1", "2"}));
  EXPECT_EQ(RunRows("SELECT id FROM nums EXCEPT SELECT id FROM nums WHERE id > 2 ORDER BY id"), (V{"1", "2"}));
  EXPECT_EQ(RunRows("SELECT id FROM nums INTERSECT SELECT id + 3 FROM nums ORDER BY id"), (V{"4", "5"}));
  EXPECT_EQ(RunRows("SELECT * FROM range(3)"), (V{"0", "1", "2"}));
  EXPECT_EQ(RunRows("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(k, v) ORDER BY k DESC"), (V{"2|b", "1|a"}));
  EXPECT_EQ(RunNames("VALUES (1, 'a')"), (V{"col1", "col2"}));
  EXPECT_EQ(RunRows("SELECT * FROM depts WHERE floor > 1 ORDER BY floor;"), (V{"hr|2", "eng|3"}));
}

TEST_F(SqlTest, Windows) {
  EXPECT_EQ(RunRows("SELECT name, row_number() OVER (PARTITION BY dept ORDER BY age DESC) AS rn FROM people "
                    "WHERE dept IS NOT NULL ORDER BY name"),
            (V{"alice|2", "bob|1", "carol|1", "dave|2"}));
  EXPECT_EQ(RunRows("SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM nums "
                    "ORDER BY id"),
            (V{"1|1", "2|3", "3|5", "4|7", "5|9"}));
}

TEST_F(SqlTest, ExpressionStringsGoThroughTheParser) {
  ExecContext ctx;
  PlanPtr p = Project(Filter(People(), ExpressionString("age > 40")),
                      {ExpressionString("upper(name) AS n"), ExpressionString("age + 1")});
  auto t = ExecutePlan(Sort(p, {SortOrder(Col("n"))}), ctx);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ((*t)->schema().names(), (V{"n", "(age + 1)"}));
  EXPECT_EQ(Rows(**t), (V{"BOB|46", "ERIN|42"}));
}

}  // namespace
}  // namespace kindred::sql
