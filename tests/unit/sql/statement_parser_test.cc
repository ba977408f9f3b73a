// Statements spark.sql runs eagerly: every form parsed into a SqlStatement, and Spark's parse
// errors (class and position) for malformed ones.
#include <gtest/gtest.h>

#include "sql/parser/parser.h"
#include "sql/parser/statement.h"
#include "test_util.h"

namespace kindred::sql {
namespace {

using K = SqlStatementKind;
using Names = std::vector<std::string>;

SqlStatement Parse(const std::string& text) {
  auto r = ParseSqlStatement(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : SqlStatement{};
}

// The error class of a failed parse ("" when it succeeded or has no details).
std::string ErrorClass(const std::string& text) {
  auto r = ParseSqlStatement(text);
  if (r.ok() || r.status().details() == nullptr) return "";
  return r.status().details()->error_class;
}

TEST(SqlStatementParser, QueriesAreQueries) {
  for (const char* q : {"SELECT 1", "select a from t where a > 1;", "WITH x AS (SELECT 1) SELECT * FROM x",
                        "VALUES (1, 2)", "(SELECT 1)"}) {
    SqlStatement s = Parse(q);
    EXPECT_EQ(s.kind, K::kQuery) << q;
    EXPECT_NE(s.query, nullptr) << q;
  }
  // A query's syntax error is reported as before.
  EXPECT_EQ(ErrorClass("SELECT a FROM"), "PARSE_SYNTAX_ERROR");
}

TEST(SqlStatementParser, StartsWithStatementLooksAtTheFirstWordOnly) {
  EXPECT_TRUE(StartsWithStatement("show tables"));
  EXPECT_TRUE(StartsWithStatement("  /* note */ -- line\n CACHE TABLE t"));
  EXPECT_TRUE(StartsWithStatement("INSERT INTO t VALUES (1)"));  // a statement, if unsupported
  EXPECT_FALSE(StartsWithStatement("SELECT 1"));
  EXPECT_FALSE(StartsWithStatement("WITH t AS (SELECT 1) SELECT * FROM t"));
  EXPECT_FALSE(StartsWithStatement("`show` tables"));  // a quoted name is never a keyword
  EXPECT_FALSE(StartsWithStatement(""));
  EXPECT_FALSE(StartsWithStatement("'unterminated"));
}

TEST(SqlStatementParser, CreateTempView) {
  SqlStatement s = Parse("CREATE TEMPORARY VIEW v AS SELECT 1 AS a");
  EXPECT_EQ(s.kind, K::kCreateTempView);
  EXPECT_EQ(s.name, Names{"v"});
  EXPECT_FALSE(s.replace);
  EXPECT_FALSE(s.global);
  ASSERT_NE(s.query, nullptr);
  EXPECT_TRUE(s.columns.empty());

  s = Parse("create or replace global temp view `my view` (x COMMENT 'the x', `y`) "
            "COMMENT 'a view' TBLPROPERTIES ('k' = 'v') AS SELECT 1, 2;");
  EXPECT_EQ(s.kind, K::kCreateTempView);
  EXPECT_TRUE(s.replace);
  EXPECT_TRUE(s.global);
  EXPECT_EQ(s.name, Names{"my view"});
  EXPECT_EQ(s.columns, (Names{"x", "y"}));
  ASSERT_NE(s.query, nullptr);

  s = Parse("CREATE TEMP VIEW v AS WITH c AS (SELECT 1 AS n) SELECT n FROM c");
  EXPECT_EQ(s.kind, K::kCreateTempView);
  ASSERT_NE(s.query, nullptr);
}

TEST(SqlStatementParser, CreateTempViewErrors) {
  // Spark refuses IF NOT EXISTS on temporary views, and with OR REPLACE on any view.
  EXPECT_EQ(ErrorClass("CREATE TEMP VIEW IF NOT EXISTS v AS SELECT 1"), "_LEGACY_ERROR_TEMP_0053");
  EXPECT_EQ(ErrorClass("CREATE OR REPLACE TEMP VIEW IF NOT EXISTS v AS SELECT 1"),
            "_LEGACY_ERROR_TEMP_0052");
  auto r = ParseSqlStatement("CREATE TEMP VIEW db.v AS SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details()->error_class, "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS");
  EXPECT_EQ(r.status().details()->message_parameters.at("actualName"), "`db`.`v`");
  EXPECT_NE(r.status().message().find("(line 1, pos 17)"), std::string::npos) << r.status().message();

  // The query part's errors point into the whole statement.
  r = ParseSqlStatement("CREATE TEMP VIEW v AS SELECT a FROM");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details()->error_class, "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(r.status().details()->message_parameters.at("error"), "end of input");
  EXPECT_NE(r.status().message().find("(line 1, pos 35)"), std::string::npos) << r.status().message();

  r = ParseSqlStatement("CREATE TEMP VIEW v (a, ) AS SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details()->message_parameters.at("error"), "')'");
  EXPECT_NE(r.status().message().find("(line 1, pos 23)"), std::string::npos) << r.status().message();

  EXPECT_EQ(ErrorClass("CREATE TEMP VIEW v SELECT 1"), "PARSE_SYNTAX_ERROR");
  // Persistent views and tables, and views over data sources, are not run.
  for (const char* q : {"CREATE VIEW v AS SELECT 1", "CREATE TABLE t (a INT)",
                        "CREATE TEMP VIEW v USING csv OPTIONS (path 'x')"}) {
    auto u = ParseSqlStatement(q);
    EXPECT_EQ(u.status().code(), StatusCode::kUnimplemented) << q;
  }
  EXPECT_NE(ParseSqlStatement("CREATE TABLE t (a INT)").status().message().find("CREATE TABLE"),
            std::string::npos);
}

TEST(SqlStatementParser, DropView) {
  SqlStatement s = Parse("DROP VIEW v");
  EXPECT_EQ(s.kind, K::kDropView);
  EXPECT_EQ(s.name, Names{"v"});
  EXPECT_FALSE(s.if_exists);
  s = Parse("drop view if exists global_temp.`v`;");
  EXPECT_TRUE(s.if_exists);
  EXPECT_EQ(s.name, (Names{"global_temp", "v"}));
  s = Parse("DROP TABLE IF EXISTS t PURGE");
  EXPECT_EQ(s.kind, K::kDropView);
  EXPECT_EQ(ErrorClass("DROP VIEW"), "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(ErrorClass("DROP VIEW IF v"), "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(ErrorClass("DROP VIEW v w"), "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(ParseSqlStatement("DROP DATABASE d").status().code(), StatusCode::kUnimplemented);
}

TEST(SqlStatementParser, ShowTablesAndViews) {
  SqlStatement s = Parse("SHOW TABLES");
  EXPECT_EQ(s.kind, K::kShowTables);
  EXPECT_TRUE(s.name.empty());
  EXPECT_FALSE(s.pattern.has_value());
  s = Parse("show tables in default like 'peo*|x'");
  EXPECT_EQ(s.name, Names{"default"});
  EXPECT_EQ(s.pattern, std::optional<std::string>("peo*|x"));
  s = Parse("SHOW TABLES FROM spark_catalog.default 'a*'");
  EXPECT_EQ(s.name, (Names{"spark_catalog", "default"}));
  EXPECT_EQ(s.pattern, std::optional<std::string>("a*"));
  s = Parse("SHOW VIEWS LIKE 'v*';");
  EXPECT_EQ(s.kind, K::kShowViews);
  EXPECT_EQ(s.pattern, std::optional<std::string>("v*"));
  EXPECT_EQ(ErrorClass("SHOW TABLES LIKE x"), "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(ErrorClass("SHOW TABLES IN"), "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(ParseSqlStatement("SHOW DATABASES").status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(ParseSqlStatement("SHOW TABLE EXTENDED LIKE 'x'").status().code(),
            StatusCode::kUnimplemented);
}

TEST(SqlStatementParser, CacheUncacheClear) {
  SqlStatement s = Parse("CACHE TABLE v");
  EXPECT_EQ(s.kind, K::kCacheTable);
  EXPECT_EQ(s.name, Names{"v"});
  EXPECT_FALSE(s.lazy);
  EXPECT_EQ(s.query, nullptr);
  s = Parse("cache lazy table v OPTIONS ('storageLevel' 'DISK_ONLY') AS SELECT 1 AS a;");
  EXPECT_TRUE(s.lazy);
  EXPECT_NE(s.query, nullptr);
  s = Parse("CACHE TABLE v SELECT 1");  // AS is optional
  EXPECT_NE(s.query, nullptr);
  EXPECT_EQ(ErrorClass("CACHE TABLE db.v AS SELECT 1"), "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS");
  EXPECT_EQ(ErrorClass("CACHE v"), "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(ErrorClass("CACHE TABLE v AS SELEC 1"), "PARSE_SYNTAX_ERROR");

  s = Parse("UNCACHE TABLE v");
  EXPECT_EQ(s.kind, K::kUncacheTable);
  EXPECT_FALSE(s.if_exists);
  s = Parse("UNCACHE TABLE IF EXISTS v;");
  EXPECT_TRUE(s.if_exists);
  EXPECT_EQ(ErrorClass("UNCACHE v"), "PARSE_SYNTAX_ERROR");

  EXPECT_EQ(Parse("CLEAR CACHE").kind, K::kClearCache);
  EXPECT_EQ(Parse("clear cache;").kind, K::kClearCache);
  EXPECT_EQ(ErrorClass("CLEAR CACHE now"), "PARSE_SYNTAX_ERROR");
}

TEST(SqlStatementParser, SetAndReset) {
  SqlStatement s = Parse("SET");
  EXPECT_EQ(s.kind, K::kSet);
  EXPECT_TRUE(s.key.empty());
  EXPECT_FALSE(s.value.has_value());
  s = Parse("SET spark.sql.shuffle.partitions");
  EXPECT_EQ(s.key, "spark.sql.shuffle.partitions");
  EXPECT_FALSE(s.value.has_value());
  s = Parse("set spark.sql.shuffle.partitions=4;");
  EXPECT_EQ(s.key, "spark.sql.shuffle.partitions");
  EXPECT_EQ(s.value, std::optional<std::string>("4"));
  // Values are raw text: spaces inside are kept, around '=' dropped.
  s = Parse("SET my.key = a b c ");
  EXPECT_EQ(s.key, "my.key");
  EXPECT_EQ(s.value, std::optional<std::string>("a b c"));
  s = Parse("SET `my key` = `v`");
  EXPECT_EQ(s.key, "my key");
  EXPECT_EQ(s.value, std::optional<std::string>("v"));
  s = Parse("SET a.b=");
  EXPECT_EQ(s.value, std::optional<std::string>(""));
  s = Parse("SET TIME ZONE 'America/New_York'");
  EXPECT_EQ(s.key, "spark.sql.session.timeZone");
  EXPECT_EQ(s.value, std::optional<std::string>("America/New_York"));

  auto r = ParseSqlStatement("SET my key=1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details()->error_class, "INVALID_PROPERTY_KEY");
  EXPECT_EQ(r.status().details()->message_parameters.at("key"), "\"my key\"");
  EXPECT_NE(r.status().message().find("(line 1, pos 4)"), std::string::npos) << r.status().message();
  EXPECT_EQ(ErrorClass("SET `unterminated=1"), "PARSE_SYNTAX_ERROR");

  s = Parse("RESET");
  EXPECT_EQ(s.kind, K::kReset);
  EXPECT_TRUE(s.key.empty());
  s = Parse("RESET spark.sql.shuffle.partitions;");
  EXPECT_EQ(s.key, "spark.sql.shuffle.partitions");
  EXPECT_EQ(ErrorClass("RESET a b"), "INVALID_PROPERTY_KEY");
}

TEST(SqlStatementParser, Describe) {
  SqlStatement s = Parse("DESCRIBE people");
  EXPECT_EQ(s.kind, K::kDescribeTable);
  EXPECT_EQ(s.name, Names{"people"});
  s = Parse("desc table `people`;");
  EXPECT_EQ(s.kind, K::kDescribeTable);
  EXPECT_EQ(s.name, Names{"people"});
  s = Parse("DESCRIBE QUERY SELECT 1 AS a");
  EXPECT_EQ(s.kind, K::kDescribeQuery);
  EXPECT_NE(s.query, nullptr);
  s = Parse("DESC SELECT 1 AS a");
  EXPECT_EQ(s.kind, K::kDescribeQuery);
  s = Parse("DESCRIBE (SELECT 1)");
  EXPECT_EQ(s.kind, K::kDescribeQuery);
  s = Parse("DESCRIBE WITH c AS (SELECT 1) SELECT * FROM c");
  EXPECT_EQ(s.kind, K::kDescribeQuery);
  EXPECT_EQ(ErrorClass("DESCRIBE QUERY SELECT FROM"), "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(ErrorClass("DESCRIBE"), "PARSE_SYNTAX_ERROR");
  for (const char* q : {"DESCRIBE EXTENDED people", "DESC TABLE FORMATTED people",
                        "DESCRIBE FUNCTION upper", "DESCRIBE people name"}) {
    EXPECT_EQ(ParseSqlStatement(q).status().code(), StatusCode::kUnimplemented) << q;
  }
}

TEST(SqlStatementParser, Use) {
  SqlStatement s = Parse("USE default");
  EXPECT_EQ(s.kind, K::kUse);
  EXPECT_EQ(s.name, Names{"default"});
  s = Parse("use spark_catalog.default;");
  EXPECT_EQ(s.name, (Names{"spark_catalog", "default"}));
  s = Parse("USE NAMESPACE other");
  EXPECT_EQ(s.name, Names{"other"});
  s = Parse("USE namespace");  // a database called "namespace"
  EXPECT_EQ(s.name, Names{"namespace"});
  EXPECT_EQ(ErrorClass("USE"), "PARSE_SYNTAX_ERROR");
  EXPECT_EQ(ErrorClass("USE a b"), "PARSE_SYNTAX_ERROR");
}

TEST(SqlStatementParser, OtherStatementsAreNamedUnimplemented) {
  for (const char* q : {"INSERT INTO t VALUES (1)", "ALTER TABLE t ADD COLUMNS (b INT)",
                        "EXPLAIN SELECT 1", "SET -v", "REFRESH TABLE t"}) {
    auto r = ParseSqlStatement(q);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented) << q;
  }
  EXPECT_NE(ParseSqlStatement("insert into t values (1)").status().message().find("INSERT INTO"),
            std::string::npos);
}

TEST(SqlStatementParser, QueryParserRefusesStatements) {
  // Inside a plan (Relation.sql) a statement would run at every analysis: refused, named.
  auto r = ParseSqlQuery("CREATE OR REPLACE TEMP VIEW v AS SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(r.status().message().find("CREATE OR REPLACE TEMP VIEW runs when spark.sql()"),
            std::string::npos) << r.status().message();
  EXPECT_EQ(ParseSqlQuery("SET a=1").status().code(), StatusCode::kUnimplemented);
  // A statement's syntax error stays a syntax error.
  EXPECT_EQ(ParseSqlQuery("DROP VIEW").status().details()->error_class, "PARSE_SYNTAX_ERROR");
  // The query part of a statement parses on its own from its offset.
  std::string text = "CACHE TABLE c AS SELECT 1 AS a";
  auto q = ParseSqlQueryAt(text, text.find("SELECT"));
  EXPECT_TRUE(q.ok()) << q.status().ToString();
}

}  // namespace
}  // namespace kindred::sql
