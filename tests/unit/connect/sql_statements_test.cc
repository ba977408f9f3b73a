// spark.sql statements run eagerly: through the SqlCommand path (output rows as the
// LocalRelation Spark answers with) and through RunSqlStatement; Spark's error classes.
#include "connect/sql_statements.h"

#include <gtest/gtest.h>

#include "connect/errors.h"
#include "connect/execute.h"
#include "connect/translate/translate.h"
#include "format/arrow_ipc/reader.h"
#include "sql/parser/parser.h"

namespace kindred::connect {
namespace {

namespace pb = spark::connect;

class SqlStatementsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sql::RegisterSparkSqlParser(); }

  SqlStatementsTest() : session_("u", NewUuid()) {}

  // spark.sql(text) as PySpark sends it; the relation of sql_command_result, or the error.
  Result<pb::Relation> SqlCommand(const std::string& text) {
    pb::Plan plan;
    plan.mutable_command()->mutable_sql_command()->mutable_input()->mutable_sql()->set_query(text);
    auto op = session_.CreateOperation(NewUuid(), {}, /*reattachable=*/false);
    if (!op.ok()) return op.status();
    RunExecution(plan, &session_, op->get(), nullptr);
    uint64_t token = (*op)->Attach();
    pb::ExecutePlanResponse r;
    Status fin;
    std::optional<pb::Relation> rel;
    for (int64_t pos = 0;; ++pos) {
      auto res = (*op)->Next(token, pos, Operation::Clock::now(), &r, &fin);
      if (res != Operation::NextResult::kResponse) break;
      if (r.has_sql_command_result()) rel = r.sql_command_result().relation();
    }
    RETURN_IF_ERROR(fin);
    if (!rel) return Internal("no sql_command_result");
    return *rel;
  }

  // The statement's output table, decoded from the LocalRelation the server answered.
  Result<TablePtr> Sql(const std::string& text) {
    ASSIGN_OR_RETURN(pb::Relation rel, SqlCommand(text));
    if (!rel.has_local_relation()) return Internal("not a local relation: ", rel.DebugString());
    return ReadArrowIpcStream(rel.local_relation().data());
  }

  // The rows of a query over the session's views, as "a|b" strings.
  std::vector<std::string> Query(const std::string& text) {
    auto plan = sql::ParseSqlQuery(text);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    if (!plan.ok()) return {};
    auto t = sql::ExecutePlan(*plan, Exec());
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? Rows(**t) : std::vector<std::string>{};
  }

  sql::ExecContext Exec() { return MakeExecContext(&session_, nullptr); }

  static std::vector<std::string> Rows(const Table& t) {
    std::vector<std::string> out;
    for (int64_t r = 0; r < t.num_rows(); ++r) {
      std::string s;
      for (int c = 0; c < t.num_columns(); ++c) {
        if (c) s += "|";
        s += t.column(c)->IsNull(r) ? "NULL" : t.column(c)->FormatValue(r);
      }
      out.push_back(s);
    }
    return out;
  }

  // Rows of a statement that must succeed.
  std::vector<std::string> Run(const std::string& text, std::vector<std::string>* names = nullptr) {
    auto t = Sql(text);
    EXPECT_TRUE(t.ok()) << text << ": " << t.status().ToString();
    if (!t.ok()) return {};
    if (names) *names = (*t)->schema().names();
    return Rows(**t);
  }

  // The Spark error class of a statement that must fail.
  std::string ErrorClass(const std::string& text) {
    auto t = Sql(text);
    EXPECT_FALSE(t.ok()) << text;
    if (t.ok()) return "";
    return SparkErrorDetails(t.status()).error_class;
  }

  Session session_;
};

using Names = std::vector<std::string>;
using RowList = std::vector<std::string>;

TEST_F(SqlStatementsTest, CreateViewThenQueryAndShow) {
  Names names{"x"};
  EXPECT_EQ(Run("CREATE TEMPORARY VIEW people AS SELECT id, id * 2 AS twice FROM range(3)", &names),
            RowList{});
  EXPECT_EQ(names, Names{});  // DDL: no columns
  EXPECT_EQ(Query("SELECT twice FROM people ORDER BY id"), (RowList{"0", "2", "4"}));

  EXPECT_EQ(ErrorClass("CREATE TEMP VIEW people AS SELECT 1"), "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS");
  EXPECT_EQ(ErrorClass("CREATE TEMP VIEW PEOPLE AS SELECT 1"), "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS");
  Run("CREATE OR REPLACE TEMP VIEW people (a, b) AS SELECT id, id + 10 FROM range(2)");
  EXPECT_EQ(Query("SELECT b FROM people ORDER BY a"), (RowList{"10", "11"}));
  Run("CREATE GLOBAL TEMPORARY VIEW Other AS SELECT 'x' AS s");

  EXPECT_EQ(Run("SHOW TABLES", &names), (RowList{"|other|true", "|people|true"}));
  EXPECT_EQ(names, (Names{"namespace", "tableName", "isTemporary"}));
  EXPECT_EQ(Run("SHOW VIEWS", &names), (RowList{"|other|true", "|people|true"}));
  EXPECT_EQ(names, (Names{"namespace", "viewName", "isTemporary"}));
  EXPECT_EQ(Run("SHOW TABLES IN default LIKE 'peo*'"), RowList{"|people|true"});
  EXPECT_EQ(Run("SHOW TABLES FROM spark_catalog.default 'x*|OTH*'"), RowList{"|other|true"});
  EXPECT_EQ(Run("SHOW TABLES LIKE 'p.ople'"), RowList{"|people|true"});
  EXPECT_EQ(Run("SHOW TABLES LIKE 'nothing'"), RowList{});
  EXPECT_EQ(ErrorClass("SHOW TABLES IN nodb"), "SCHEMA_NOT_FOUND");
}

TEST_F(SqlStatementsTest, CreateViewErrors) {
  // Analyzed at creation: a bad query fails now and creates nothing.
  EXPECT_EQ(ErrorClass("CREATE TEMP VIEW bad AS SELECT nope FROM range(1)"),
            "UNRESOLVED_COLUMN.WITH_SUGGESTION");
  EXPECT_FALSE(session_.catalog().LookupTempView("bad").ok());
  EXPECT_EQ(ErrorClass("CREATE TEMP VIEW v (a, b) AS SELECT 1"),
            "CREATE_VIEW_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS");
  EXPECT_EQ(ErrorClass("CREATE TEMP VIEW v (a) AS SELECT 1, 2"),
            "CREATE_VIEW_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS");
  EXPECT_EQ(ErrorClass("CREATE TEMP VIEW IF NOT EXISTS v AS SELECT 1"), "_LEGACY_ERROR_TEMP_0053");
  EXPECT_EQ(ErrorClass("CREATE TEMP VIEW v AS SELEC 1"), "PARSE_SYNTAX_ERROR");
  EXPECT_FALSE(session_.catalog().LookupTempView("v").ok());
  auto unsupported = Sql("INSERT INTO t VALUES (1)");
  EXPECT_EQ(unsupported.status().code(), StatusCode::kUnimplemented);
}

TEST_F(SqlStatementsTest, DropView) {
  Run("CREATE TEMP VIEW v AS SELECT 1 AS a");
  EXPECT_EQ(Run("DROP VIEW V"), RowList{});
  EXPECT_FALSE(session_.catalog().LookupTempView("v").ok());
  EXPECT_EQ(ErrorClass("DROP VIEW v"), "TABLE_OR_VIEW_NOT_FOUND");
  EXPECT_EQ(Run("DROP VIEW IF EXISTS v"), RowList{});
  Run("CREATE TEMP VIEW g AS SELECT 1 AS a");
  Run("DROP VIEW global_temp.g");
  EXPECT_FALSE(session_.catalog().LookupTempView("g").ok());
  Run("CREATE TEMP VIEW t AS SELECT 1 AS a");
  Run("DROP TABLE t");  // Spark's DROP TABLE drops a temporary view too
  EXPECT_FALSE(session_.catalog().LookupTempView("t").ok());
  EXPECT_EQ(ErrorClass("DROP VIEW other_db.v"), "TABLE_OR_VIEW_NOT_FOUND");
}

TEST_F(SqlStatementsTest, CacheUncacheClear) {
  Run("CREATE TEMP VIEW v AS SELECT id FROM range(4)");
  EXPECT_EQ(Run("CACHE TABLE v"), RowList{});
  EXPECT_EQ(session_.catalog().IsTempViewCached("v").value_or(false), true);
  EXPECT_EQ(Query("SELECT sum(id) FROM v"), RowList{"6"});
  EXPECT_EQ(Run("UNCACHE TABLE v"), RowList{});
  EXPECT_EQ(session_.catalog().IsTempViewCached("v").value_or(true), false);
  EXPECT_EQ(ErrorClass("CACHE TABLE missing"), "TABLE_OR_VIEW_NOT_FOUND");
  EXPECT_EQ(ErrorClass("UNCACHE TABLE missing"), "TABLE_OR_VIEW_NOT_FOUND");
  EXPECT_EQ(Run("UNCACHE TABLE IF EXISTS missing"), RowList{});

  // CACHE TABLE ... AS query: a new view, cached; never a replacement.
  EXPECT_EQ(Run("CACHE LAZY TABLE c AS SELECT id * 10 AS t FROM range(3)"), RowList{});
  EXPECT_EQ(session_.catalog().IsTempViewCached("c").value_or(false), true);
  EXPECT_EQ(Query("SELECT t FROM c ORDER BY t"), (RowList{"0", "10", "20"}));
  EXPECT_EQ(ErrorClass("CACHE TABLE c AS SELECT 1"), "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS");

  // CLEAR CACHE uncaches views and unpersists DataFrames.
  Run("CACHE TABLE v");
  pb::Relation df;
  df.mutable_range()->set_end(5);
  df.mutable_range()->set_step(1);
  session_.Persist(df, pb::StorageLevel());
  ASSERT_NE(session_.FindPersisted(df), nullptr);
  EXPECT_EQ(Run("CLEAR CACHE"), RowList{});
  EXPECT_EQ(session_.catalog().IsTempViewCached("v").value_or(true), false);
  EXPECT_EQ(session_.catalog().IsTempViewCached("c").value_or(true), false);
  EXPECT_EQ(session_.FindPersisted(df), nullptr);
}

TEST_F(SqlStatementsTest, SetAndReset) {
  Names names;
  EXPECT_EQ(Run("SET spark.kindred.test.key=hello world", &names),
            RowList{"spark.kindred.test.key|hello world"});
  EXPECT_EQ(names, (Names{"key", "value"}));
  EXPECT_EQ(session_.config().Get("spark.kindred.test.key").value_or(""), "hello world");
  EXPECT_EQ(Run("SET spark.kindred.test.key"), RowList{"spark.kindred.test.key|hello world"});
  EXPECT_EQ(Run("SET spark.kindred.unset.key"), RowList{"spark.kindred.unset.key|<undefined>"});
  RowList all = Run("SET", &names);
  EXPECT_EQ(names, (Names{"key", "value"}));
  EXPECT_NE(std::find(all.begin(), all.end(), "spark.kindred.test.key|hello world"), all.end());
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));

  EXPECT_EQ(Run("RESET spark.kindred.test.key", &names), RowList{});
  EXPECT_EQ(names, Names{});
  EXPECT_FALSE(session_.config().Get("spark.kindred.test.key").has_value());
  Run("SET spark.kindred.test.key=1");
  Run("SET spark.sql.session.timeZone=America/New_York");
  Run("RESET");
  EXPECT_FALSE(session_.config().Get("spark.kindred.test.key").has_value());
  EXPECT_EQ(session_.config().Get("spark.sql.session.timeZone"),
            SessionConfig().Get("spark.sql.session.timeZone"));

  Run("SET TIME ZONE 'UTC'");
  EXPECT_EQ(session_.config().Get("spark.sql.session.timeZone").value_or(""), "UTC");
  EXPECT_EQ(ErrorClass("SET spark.sql.warehouse.dir=/tmp/x"), "CANNOT_MODIFY_CONFIG");
  EXPECT_EQ(ErrorClass("RESET spark.sql.warehouse.dir"), "CANNOT_MODIFY_CONFIG");
  EXPECT_EQ(ErrorClass("SET bad key=1"), "INVALID_PROPERTY_KEY");
}

TEST_F(SqlStatementsTest, Describe) {
  Run("CREATE TEMP VIEW v AS SELECT id, CAST(id AS INT) AS i, 'x' AS s, CAST(1.5 AS DECIMAL(10,2)) AS d, "
      "array('a') AS arr FROM range(1)");
  Names names;
  RowList want = {"id|bigint|NULL", "i|int|NULL", "s|string|NULL", "d|decimal(10,2)|NULL",
                  "arr|array<string>|NULL"};
  EXPECT_EQ(Run("DESCRIBE v", &names), want);
  EXPECT_EQ(names, (Names{"col_name", "data_type", "comment"}));
  EXPECT_EQ(Run("DESC TABLE V"), want);
  EXPECT_EQ(Run("DESCRIBE QUERY SELECT id, s FROM v", &names), (RowList{"id|bigint|NULL", "s|string|NULL"}));
  EXPECT_EQ(names, (Names{"col_name", "data_type", "comment"}));
  EXPECT_EQ(Run("DESC SELECT 1.5D AS x"), RowList{"x|double|NULL"});
  EXPECT_EQ(ErrorClass("DESCRIBE missing"), "TABLE_OR_VIEW_NOT_FOUND");
  EXPECT_EQ(ErrorClass("DESCRIBE QUERY SELECT nope FROM v"), "UNRESOLVED_COLUMN.WITH_SUGGESTION");
}

TEST_F(SqlStatementsTest, Use) {
  EXPECT_EQ(Run("USE default"), RowList{});
  EXPECT_EQ(Run("USE spark_catalog.default"), RowList{});
  EXPECT_EQ(Run("USE NAMESPACE DEFAULT"), RowList{});
  EXPECT_EQ(ErrorClass("USE other"), "SCHEMA_NOT_FOUND");
  EXPECT_EQ(ErrorClass("USE spark_catalog.other"), "SCHEMA_NOT_FOUND");
}

TEST_F(SqlStatementsTest, QueriesStaySqlRelations) {
  auto rel = SqlCommand("SELECT 1 AS one");
  ASSERT_TRUE(rel.ok()) << rel.status().ToString();
  EXPECT_EQ(rel->sql().query(), "SELECT 1 AS one");
  // The deprecated form (text in SqlCommand.sql) runs statements too.
  pb::Plan plan;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  plan.mutable_command()->mutable_sql_command()->set_sql("CREATE TEMP VIEW old_form AS SELECT 1 AS a");
#pragma GCC diagnostic pop
  auto op = session_.CreateOperation(NewUuid(), {}, false);
  ASSERT_TRUE(op.ok());
  RunExecution(plan, &session_, op->get(), nullptr);
  EXPECT_TRUE((*op)->finished());
  EXPECT_TRUE(session_.catalog().LookupTempView("old_form").ok());
}

TEST_F(SqlStatementsTest, StatementInsideAPlanIsRefusedNotRun) {
  // Relation.sql inside a plan is analyzed by every query that contains it: running a
  // statement there would run it again and again, so it is an error naming the statement.
  pb::Relation rel;
  rel.mutable_sql()->set_query("CREATE TEMP VIEW sneaky AS SELECT 1 AS a");
  TranslateContext tctx;
  tctx.session = &session_;
  sql::ExecContext exec = Exec();
  tctx.exec = &exec;
  auto plan = TranslateRelation(rel, &tctx);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  auto run = sql::ExecutePlan(*plan, exec);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(run.status().message().find("CREATE TEMP VIEW runs when spark.sql()"), std::string::npos)
      << run.status().message();
  EXPECT_FALSE(session_.catalog().LookupTempView("sneaky").ok());
}

TEST_F(SqlStatementsTest, RunSqlStatementDirectly) {
  auto stmt = sql::ParseSqlStatement("SHOW VIEWS");
  ASSERT_TRUE(stmt.ok());
  auto t = RunSqlStatement(*stmt, &session_, Exec());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ((*t)->num_rows(), 0);
  EXPECT_EQ((*t)->schema().names(), (Names{"namespace", "viewName", "isTemporary"}));
  auto q = sql::ParseSqlStatement("SELECT 1");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(RunSqlStatement(*q, &session_, Exec()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckDatabase("").ok());
  EXPECT_TRUE(CheckDatabase("DEFAULT").ok());
  EXPECT_EQ(SparkErrorDetails(CheckDatabase("x")).error_class, "SCHEMA_NOT_FOUND");
}

}  // namespace
}  // namespace kindred::connect
