// Parse errors in Spark's ParseException form, unsupported statements, hostile input.
#include <gtest/gtest.h>

#include "sql/parser/parser.h"
#include "test_util.h"

namespace kindred::sql {
namespace {

TEST(SqlParseErrors, SyntaxErrorAsSpark) {
  auto r = ParseSqlQuery("SELECT a FROM t WHERE");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  const ErrorDetails* d = r.status().details();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->error_class, "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(d->sql_state, "42601");
  EXPECT_EQ(d->message_parameters.at("error"), "end of input");
  EXPECT_EQ(d->message_parameters.at("hint"), "");
  EXPECT_EQ(d->exception_classes, std::vector<std::string>{"org.apache.spark.sql.catalyst.parser.ParseException"});

  auto r2 = ParseSqlQuery("SELECT a FROM t WHERE a = = 1");
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.status().details()->message_parameters.at("error"), "'='");
  EXPECT_EQ(r2.status().message().rfind("[PARSE_SYNTAX_ERROR] Syntax error at or near '='. SQLSTATE: 42601 (line 1, pos 26)", 0), 0u)
      << r2.status().message();

  auto r3 = ParseSqlQuery("SELECT 1\nFROM t t2 t3");
  ASSERT_FALSE(r3.ok());
  EXPECT_NE(r3.status().message().find("'t3'"), std::string::npos);
  EXPECT_NE(r3.status().message().find("(line 2, pos 10)"), std::string::npos) << r3.status().message();
}

TEST(SqlParseErrors, BadTokensAndLiterals) {
  for (const char* q : {"SELECT 'abc", "SELECT `abc", "SELECT 1 +", "SELECT (1", "SELECT a FROM",
                        "SELECT CASE WHEN 1 THEN 2", "SELEC 1", "SELECT 1 FROM t ORDER a", "SELECT #"}) {
    auto r = ParseSqlQuery(q);
    ASSERT_FALSE(r.ok()) << q;
    ASSERT_NE(r.status().details(), nullptr) << q;
    EXPECT_EQ(r.status().details()->error_class, "PARSE_SYNTAX_ERROR") << q;
  }
  auto d = ParseSqlQuery("SELECT DATE '2024-02-30'");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().details()->error_class, "INVALID_TYPED_LITERAL");
  auto t = ParseSqlExpression("CAST(a AS nosuchtype)");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().details()->error_class, "UNSUPPORTED_DATATYPE");
}

TEST(SqlParseErrors, UnsupportedStatementsAreNamed) {
  auto r = ParseSqlQuery("CREATE OR REPLACE TEMP VIEW v AS SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(r.status().message().find("CREATE OR REPLACE TEMP VIEW"), std::string::npos);
  auto s = ParseSqlQuery("show tables");
  EXPECT_EQ(s.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(s.status().message().find("SHOW TABLES"), std::string::npos);
  // Subqueries parse; a multi-column IN list does not.
  EXPECT_TRUE(ParseSqlQuery("SELECT * FROM t WHERE EXISTS (SELECT 1)").ok());
  EXPECT_TRUE(ParseSqlQuery("SELECT * FROM t WHERE a IN (SELECT b FROM u)").ok());
  auto in = ParseSqlQuery("SELECT * FROM t WHERE (a, b) IN ((1, 2))");
  EXPECT_EQ(in.status().code(), StatusCode::kUnimplemented);
  auto st = ParseSqlQuery("SELECT (a, b) FROM t");
  EXPECT_EQ(st.status().code(), StatusCode::kUnimplemented);
}

TEST(SqlParseErrors, DeepNestingIsRejectedNotCrashing) {
  std::string deep = std::string(5000, '(') + "1" + std::string(5000, ')');
  auto r = ParseSqlExpression(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details()->error_class, "PARSE_SYNTAX_ERROR");
  EXPECT_NE(r.status().message().find("nests deeper"), std::string::npos);

  std::string chain = "1";
  for (int i = 0; i < 20000; ++i) chain += " + 1";
  EXPECT_FALSE(ParseSqlExpression(chain).ok());
  std::string nots;
  for (int i = 0; i < 20000; ++i) nots += "NOT ";
  EXPECT_FALSE(ParseSqlExpression(nots + "true").ok());
  std::string subq = "SELECT 1";
  for (int i = 0; i < 3000; ++i) subq = "SELECT * FROM (" + subq + ")";
  EXPECT_FALSE(ParseSqlQuery(subq).ok());

  // Moderate nesting is fine.
  std::string ok = std::string(50, '(') + "1" + std::string(50, ')');
  EXPECT_TRUE(ParseSqlExpression(ok).ok());
}

TEST(SqlParseErrors, AnalysisErrorsStillComeFromTheAnalyzer) {
  RegisterSparkSqlParser();
  Catalog cat;
  cat.CreateOrReplaceTempView("people", testing::People());
  ExecContext ctx;
  ctx.catalog = &cat;
  auto r = ExecutePlan(Sql("SELECT nosuch FROM people"), ctx);
  ASSERT_FALSE(r.ok());
  ASSERT_NE(r.status().details(), nullptr);
  EXPECT_EQ(r.status().details()->error_class.rfind("UNRESOLVED_COLUMN", 0), 0u);
  auto p = ExecutePlan(Sql("SELECT FROM people"), ctx);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().details()->error_class, "PARSE_SYNTAX_ERROR");
}

}  // namespace
}  // namespace kindred::sql
