// Analysis errors carry Spark's error class, SQL state, message parameters and text.
#include "test_util.h"

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

const ErrorDetails& DetailsOf(const Status& s) {
  static const ErrorDetails kNone;
  EXPECT_NE(s.details(), nullptr) << s;
  return s.details() ? *s.details() : kNone;
}

TEST(ErrorsTest, UnresolvedColumnWithSuggestion) {
  PlanPtr t = LocalTable(MakeTable({{"a", DataType::Int32(), true}, {"b", DataType::Int32(), true},
                                    {"xy", DataType::Int32(), true}},
                                   {}));
  auto r = RunPlan(Project(t, {Col("x")}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  const ErrorDetails& d = DetailsOf(r.status());
  EXPECT_EQ(d.error_class, "UNRESOLVED_COLUMN.WITH_SUGGESTION");
  EXPECT_EQ(d.sql_state, "42703");
  EXPECT_EQ(d.message_parameters.at("objectName"), "`x`");
  EXPECT_EQ(d.message_parameters.at("proposal"), "`a`, `b`, `xy`");
  ASSERT_FALSE(d.exception_classes.empty());
  EXPECT_EQ(d.exception_classes[0], "org.apache.spark.sql.AnalysisException");
  EXPECT_EQ(r.status().message(),
            "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name "
            "`x` cannot be resolved. Did you mean one of the following? [`a`, `b`, `xy`].");
}

TEST(ErrorsTest, SuggestionsClosestFirstAndQualified) {
  PlanPtr t = SubqueryAlias(LocalTable(MakeTable({{"name", DataType::String(), true}, {"age", DataType::Int32(), true}}, {})), "p");
  auto r = RunPlan(Project(t, {Col("agee")}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(DetailsOf(r.status()).message_parameters.at("proposal"), "`p`.`age`, `p`.`name`");
}

TEST(ErrorsTest, UnresolvedRoutine) {
  auto r = RunPlan(Project(Range(0, 1), {Call("no_such_fn", {Col("id")})}));
  ASSERT_FALSE(r.ok());
  const ErrorDetails& d = DetailsOf(r.status());
  EXPECT_EQ(d.error_class, "UNRESOLVED_ROUTINE");
  EXPECT_EQ(d.sql_state, "42883");
  EXPECT_EQ(d.message_parameters.at("routineName"), "`no_such_fn`");
}

TEST(ErrorsTest, DataTypeMismatch) {
  auto r = RunPlan(Project(Range(0, 1), {Call("+", {Col("id"), Lit(true)})}));
  ASSERT_FALSE(r.ok());
  const ErrorDetails& d = DetailsOf(r.status());
  EXPECT_EQ(d.error_class, "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES");
  EXPECT_EQ(d.sql_state, "42K09");
  EXPECT_EQ(d.message_parameters.at("sqlExpr"), "\"(id + true)\"");
  EXPECT_EQ(d.message_parameters.at("left"), "\"BIGINT\"");
  EXPECT_EQ(d.message_parameters.at("right"), "\"BOOLEAN\"");

  auto f = RunPlan(Filter(Range(0, 1), Col("id")));
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(DetailsOf(f.status()).error_class, "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN");

  auto arr = RunPlan(Project(Range(0, 1), {Call("lower", {Call("array", {Col("id")})})}));
  ASSERT_FALSE(arr.ok());
  EXPECT_EQ(DetailsOf(arr.status()).error_class, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
}

TEST(ErrorsTest, WrongNumberOfArguments) {
  auto r = RunPlan(Project(Range(0, 1), {Call("lower", {Col("id"), Col("id")})}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(DetailsOf(r.status()).error_class, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
}

TEST(ErrorsTest, SetOperationColumnCount) {
  auto r = RunPlan(SetOperation(Range(0, 1), Project(Range(0, 1), {Col("id"), Col("id")}), SetOpKind::kUnion, true));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(DetailsOf(r.status()).error_class, "NUM_COLUMNS_MISMATCH");
}

TEST(ErrorsTest, ExpressionStringsAndSqlUseTheBuiltInParser) {
  auto projected = RunPlan(Project(Range(0, 3), {ExpressionString("id + 1")}));
  ASSERT_TRUE(projected.ok()) << projected.status();
  EXPECT_EQ((*projected)->schema().field(0).name, "(id + 1)");
  EXPECT_EQ((*projected)->num_rows(), 3);
  auto sql = RunPlan(Sql("select 1 + 1 as two"));
  ASSERT_TRUE(sql.ok()) << sql.status();
  EXPECT_EQ((*sql)->schema().field(0).name, "two");
  auto bad = RunPlan(Sql("select from where"));
  ASSERT_FALSE(bad.ok());
  ASSERT_NE(bad.status().details(), nullptr);
  EXPECT_EQ(bad.status().details()->error_class, "PARSE_SYNTAX_ERROR");
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(ErrorsTest, MalformedPlansAreRejectedNotCrashed) {
  EXPECT_FALSE(RunPlan(Project(Range(0, 1), {nullptr})).ok());
  EXPECT_FALSE(RunPlan(Project(Range(0, 1), {Call("abs", {nullptr})})).ok());
  EXPECT_FALSE(RunPlan(Project(Range(0, 1), {UnresolvedAttribute({})})).ok());
  EXPECT_FALSE(RunPlan(Filter(Range(0, 1), nullptr)).ok());
  EXPECT_FALSE(RunPlan(Project(nullptr, {Col("id")})).ok());
  auto alias = std::make_shared<Expr>();
  alias->kind = ExprKind::kAlias;
  EXPECT_FALSE(RunPlan(Project(Range(0, 1), {alias})).ok());
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(SqlParserHookTest, RegisteredParserResolvesExpressionStringsAndQueries) {
  // A stand-in parser: "id + 1" and "count(*) AS n" only, and "select ..." → range.
  RegisterSqlParser(
      [](const std::string& text) -> Result<ExprPtr> {
        if (text == "id + 1") return Call("+", {Col("id"), Lit(1)});
        if (text == "count(*) AS n") return Alias(Call("count", {UnresolvedStar()}), "n");
        return InvalidArgument("cannot parse ", text);
      },
      [](const std::string& text) -> Result<PlanPtr> { return Range(0, 2); });
  EXPECT_EQ(Names(Project(Range(0, 2), {ExpressionString("id + 1")})), (V{"(id + 1)"}));
  EXPECT_EQ(RunRows(Aggregate(Range(0, 2), {}, {ExpressionString("count(*) AS n")})), (V{"2"}));
  EXPECT_EQ(Names(Aggregate(Range(0, 2), {}, {ExpressionString("count(*) AS n")})), (V{"n"}));
  EXPECT_EQ(RunRows(Sql("select id from range(2)")), (V{"0", "1"}));
  EXPECT_FALSE(RunPlan(Project(Range(0, 1), {ExpressionString("???")})).ok());
  RegisterSqlParser(nullptr, nullptr);
}

}  // namespace
}  // namespace kindred::sql
