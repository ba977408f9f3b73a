// One test per function family: Spark's generated column names and values, nulls included.
#include <cmath>
#include <cstdint>

#include "test_util.h"

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

PlanPtr Nums() {
  return LocalTable(MakeTable({{"a", DataType::Int32(), true}, {"b", DataType::Int64(), true},
                               {"d", DataType::Float64(), true}, {"s", DataType::String(), true}},
                              {{"7", "2", "2.5", "10"}, {"-7", "0", "-0.5", "x"}, {"NULL", "3", "NULL", "NULL"}}));
}

TEST(ArithmeticTest, TypesNamesAndDivisionByZero) {
  EXPECT_EQ(Eval(Call("+", {Col("a"), Col("b")}), Nums()), (std::pair<std::string, V>{"(a + b)", {"9", "-7", "NULL"}}));
  EXPECT_EQ(Eval(Call("/", {Col("a"), Col("b")}), Nums()), (std::pair<std::string, V>{"(a / b)", {"3.5", "NULL", "NULL"}}));
  EXPECT_EQ(Eval(Call("%", {Col("a"), Col("b")}), Nums()).second, (V{"1", "NULL", "NULL"}));
  EXPECT_EQ(Eval(Call("pmod", {Col("a"), Lit(3)}), Nums()), (std::pair<std::string, V>{"pmod(a, 3)", {"1", "2", "NULL"}}));
  EXPECT_EQ(Eval(Call("*", {Col("a"), Col("d")}), Nums()).second, (V{"17.5", "3.5", "NULL"}));
  EXPECT_EQ(Eval(Call("negative", {Col("a")}), Nums()), (std::pair<std::string, V>{"(- a)", {"-7", "7", "NULL"}}));
  // Strings in arithmetic are doubles; invalid numbers are null.
  EXPECT_EQ(Eval(Call("+", {Col("s"), Lit(1)}), Nums()).second, (V{"11.0", "NULL", "NULL"}));
  ExecContext ctx;
  auto s = AnalyzeSchema(Project(Nums(), {Call("+", {Col("a"), Col("b")}), Call("/", {Col("a"), Lit(2)})}), ctx);
  EXPECT_EQ(s->field(0).type, DataType::Int64());
  EXPECT_EQ(s->field(1).type, DataType::Float64());
}

TEST(ArithmeticTest, SharedDivisorMatchesHardwareDivision) {
  // One divisor for every row takes the reciprocal path; it must agree with / and % exactly,
  // for negative dividends, the extremes and divisors from 1 to INT64_MAX.
  std::vector<std::vector<std::string>> rows;
  const std::vector<int64_t> xs = {0, 1, -1, 6, 7, -7, 99999, 100000, -100001, 123456789012345,
                                   INT64_MAX, INT64_MIN, INT64_MIN + 1, -987654321987};
  for (int64_t x : xs) rows.push_back({std::to_string(x)});
  PlanPtr t = LocalTable(MakeTable({{"x", DataType::Int64(), true}}, rows));
  for (int64_t d : std::vector<int64_t>{1, 2, 3, 7, 10, 100000, 1LL << 40, 999999999989LL,
                                        INT64_MAX}) {
    auto mod = Eval(Call("%", {Col("x"), Lit(d)}), t).second;
    auto pmod = Eval(Call("pmod", {Col("x"), Lit(d)}), t).second;
    auto div = Eval(Call("div", {Col("x"), Lit(d)}), t).second;
    ASSERT_EQ(mod.size(), xs.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      const int64_t x = xs[i];
      const int64_t r = x % d;
      EXPECT_EQ(mod[i], std::to_string(r)) << x << " % " << d;
      EXPECT_EQ(pmod[i], std::to_string(r < 0 ? r + d : r)) << "pmod(" << x << ", " << d << ")";
      EXPECT_EQ(div[i], std::to_string(x / d)) << x << " div " << d;
    }
  }
}

TEST(CastTest, IntegerToStringAtEveryDigitCount) {
  std::vector<int64_t> xs = {0, INT64_MAX, INT64_MIN, INT64_MIN + 1};
  int64_t p = 1;
  for (int d = 1; d <= 18; ++d) {
    p *= 10;
    for (int64_t x : {p - 1, p, p + 1}) {
      xs.push_back(x);
      xs.push_back(-x);
    }
  }
  std::vector<std::vector<std::string>> rows;
  for (int64_t x : xs) rows.push_back({std::to_string(x)});
  PlanPtr t = LocalTable(MakeTable({{"x", DataType::Int64(), true}}, rows));
  auto text = Eval(Cast(Col("x"), DataType::String()), t).second;
  ASSERT_EQ(text.size(), xs.size());
  for (size_t i = 0; i < xs.size(); ++i) EXPECT_EQ(text[i], std::to_string(xs[i]));
}

TEST(ArithmeticTest, DecimalArithmetic) {
  PlanPtr t = Project(Range(0, 1), {Alias(Cast(Lit("1.25"), DataType::Decimal(5, 2)), "x")});
  auto r = Eval(Call("+", {Col("x"), Lit(1)}), t);
  EXPECT_EQ(r.second, (V{"2.25"}));
  ExecContext ctx;
  EXPECT_EQ(AnalyzeSchema(Project(t, {Call("*", {Col("x"), Col("x")})}), ctx)->field(0).type, DataType::Decimal(11, 4));
  EXPECT_EQ(Eval(Call("*", {Col("x"), Col("x")}), t).second, (V{"1.5625"}));
  EXPECT_EQ(Eval(Call("sum", {Col("x")}), t).second, (V{"1.25"}));
}

TEST(PredicateTest, ComparisonsLogicAndIn) {
  EXPECT_EQ(Eval(Call("=", {Col("a"), Lit(7)}), Nums()), (std::pair<std::string, V>{"(a = 7)", {"true", "false", "NULL"}}));
  EXPECT_EQ(Eval(Call("<=>", {Col("a"), Literal(Value::Null(DataType::Int32()))}), Nums()).second, (V{"false", "false", "true"}));
  EXPECT_EQ(Eval(Call("!=", {Col("a"), Lit(7)}), Nums()).first, "(NOT (a = 7))");
  // Three-valued logic: false AND null = false, true OR null = true.
  EXPECT_EQ(Eval(Call("and", {Call(">", {Col("a"), Lit(0)}), Call(">", {Col("d"), Lit(0.0)})}), Nums()),
            (std::pair<std::string, V>{"((a > 0) AND (d > 0.0))", {"true", "false", "NULL"}}));
  EXPECT_EQ(Eval(Call("or", {Call(">", {Col("a"), Lit(0)}), Call(">", {Col("b"), Lit(1)})}), Nums()).second, (V{"true", "false", "true"}));
  EXPECT_EQ(Eval(Call("not", {Call(">", {Col("a"), Lit(0)})}), Nums()).first, "(NOT (a > 0))");
  EXPECT_EQ(Eval(Call("in", {Col("a"), Lit(1), Lit(7)}), Nums()), (std::pair<std::string, V>{"(a IN (1, 7))", {"true", "false", "NULL"}}));
  EXPECT_EQ(Eval(Call("isnull", {Col("a")}), Nums()), (std::pair<std::string, V>{"(a IS NULL)", {"false", "false", "true"}}));
  EXPECT_EQ(Eval(Call("isnotnull", {Col("a")}), Nums()).first, "(a IS NOT NULL)");
  // String compared with a number: the string is cast to the number's type.
  EXPECT_EQ(Eval(Call("=", {Col("s"), Lit(10)}), Nums()).second, (V{"true", "NULL", "NULL"}));
}

TEST(ConditionalTest, CoalesceWhenIfNullif) {
  EXPECT_EQ(Eval(Call("coalesce", {Col("a"), Col("b")}), Nums()), (std::pair<std::string, V>{"coalesce(a, b)", {"7", "-7", "3"}}));
  EXPECT_EQ(Eval(Call("when", {Call(">", {Col("a"), Lit(0)}), Lit("pos"), Lit("neg")}), Nums()),
            (std::pair<std::string, V>{"CASE WHEN (a > 0) THEN pos ELSE neg END", {"pos", "neg", "neg"}}));
  EXPECT_EQ(Eval(Call("when", {Call(">", {Col("a"), Lit(0)}), Lit(1)}), Nums()).second, (V{"1", "NULL", "NULL"}));
  EXPECT_EQ(Eval(Call("if", {Call(">", {Col("a"), Lit(0)}), Lit(1), Lit(2)}), Nums()).first, "(IF((a > 0), 1, 2))");
  EXPECT_EQ(Eval(Call("nullif", {Col("b"), Lit(int64_t{0})}), Nums()).second, (V{"2", "NULL", "3"}));
  EXPECT_EQ(Eval(Call("nvl", {Col("d"), Lit(0.0)}), Nums()), (std::pair<std::string, V>{"nvl(d, 0.0)", {"2.5", "-0.5", "0.0"}}));
  EXPECT_EQ(Eval(Call("greatest", {Col("a"), Col("b")}), Nums()).second, (V{"7", "0", "3"}));
  EXPECT_EQ(Eval(Call("least", {Col("a"), Col("b")}), Nums()).second, (V{"2", "-7", "3"}));
}

TEST(StringFunctionsTest, CaseLengthTrimSubstring) {
  PlanPtr t = LocalTable(MakeTable({{"s", DataType::String(), true}}, {{"  Hello World "}, {"ÄbC"}, {"NULL"}}));
  EXPECT_EQ(Eval(Call("lower", {Col("s")}), t), (std::pair<std::string, V>{"lower(s)", {"  hello world ", "äbc", "NULL"}}));
  EXPECT_EQ(Eval(Call("upper", {Col("s")}), t).second, (V{"  HELLO WORLD ", "ÄBC", "NULL"}));
  EXPECT_EQ(Eval(Call("length", {Col("s")}), t).second, (V{"14", "3", "NULL"}));
  EXPECT_EQ(Eval(Call("trim", {Col("s")}), t).second, (V{"Hello World", "ÄbC", "NULL"}));
  EXPECT_EQ(Eval(Call("ltrim", {Col("s")}), t).second[0], "Hello World ");
  EXPECT_EQ(Eval(Call("rtrim", {Col("s")}), t).second[0], "  Hello World");
  EXPECT_EQ(Eval(Call("substring", {Col("s"), Lit(3), Lit(5)}), t), (std::pair<std::string, V>{"substring(s, 3, 5)", {"Hello", "C", "NULL"}}));
  EXPECT_EQ(Eval(Call("substr", {Col("s"), Lit(-3), Lit(2)}), t), (std::pair<std::string, V>{"substr(s, -3, 2)", {"ld", "Äb", "NULL"}}));
  EXPECT_EQ(Eval(Call("initcap", {Call("trim", {Col("s")})}), t).second[0], "Hello World");
  EXPECT_EQ(Eval(Call("reverse", {Col("s")}), t).second[1], "CbÄ");
}

TEST(StringFunctionsTest, ConcatPadSearch) {
  auto [name, v] = Eval(Call("concat", {Col("name"), Lit("-"), Col("dept")}));
  EXPECT_EQ(name, "concat(name, -, dept)");
  EXPECT_EQ(v, (V{"alice-eng", "bob-eng", "carol-ops", "dave-ops", "NULL"}));
  EXPECT_EQ(Eval(Call("concat_ws", {Lit(","), Col("name"), Col("dept")})).second[4], "erin");
  EXPECT_EQ(Eval(Call("lpad", {Col("name"), Lit(6), Lit("*")})).second[1], "***bob");
  EXPECT_EQ(Eval(Call("rpad", {Col("name"), Lit(3), Lit("*")})).second[0], "ali");
  EXPECT_EQ(Eval(Call("instr", {Col("name"), Lit("a")})).second, (V{"1", "0", "2", "2", "0"}));
  EXPECT_EQ(Eval(Call("locate", {Lit("a"), Col("name")})).first, "locate(a, name, 1)");
  EXPECT_EQ(Eval(Call("replace", {Col("name"), Lit("a"), Lit("A")})).second[2], "cArol");
  EXPECT_EQ(Eval(Call("startswith", {Col("name"), Lit("c")})).second, (V{"false", "false", "true", "false", "false"}));
  EXPECT_EQ(Eval(Call("contains", {Col("name"), Lit("o")})).second, (V{"false", "true", "true", "false", "false"}));
  EXPECT_EQ(Eval(Call("repeat", {Lit("ab"), Lit(3)})).second[0], "ababab");
  EXPECT_EQ(Eval(Call("ascii", {Col("name")})).second[0], "97");
  EXPECT_EQ(Eval(Call("soundex", {Lit("Robert")})).second[0], "R163");
  EXPECT_EQ(Eval(Call("soundex", {Lit("Tymczak")})).second[0], "T522");
  EXPECT_EQ(Eval(Call("levenshtein", {Lit("kitten"), Lit("sitting")})).second[0], "3");
  EXPECT_EQ(Eval(Call("format_string", {Lit("%s is %d"), Col("name"), Col("age")})).second[0], "alice is 34");
  EXPECT_EQ(Eval(Call("format_string", {Lit("%.2f|%5s|%-4d|"), Col("salary"), Lit("x"), Lit(7)})).second[0], "100.50|    x|7   |");
}

TEST(RegexFunctionsTest, LikeRlikeReplaceExtractSplit) {
  EXPECT_EQ(Eval(Call("like", {Col("name"), Lit("%a%")})), (std::pair<std::string, V>{"name LIKE %a%", {"true", "false", "true", "true", "false"}}));
  EXPECT_EQ(Eval(Call("like", {Col("name"), Lit("_ob")})).second[1], "true");
  EXPECT_EQ(Eval(Call("ilike", {Col("name"), Lit("A%")})).second[0], "true");
  EXPECT_EQ(Eval(Call("rlike", {Col("name"), Lit("^[a-c]")})), (std::pair<std::string, V>{"RLIKE(name, ^[a-c])", {"true", "true", "true", "false", "false"}}));
  EXPECT_EQ(Eval(Call("regexp_replace", {Col("name"), Lit("([aeiou])"), Lit("<$1>")})),
            (std::pair<std::string, V>{"regexp_replace(name, ([aeiou]), <$1>, 1)", {"<a>l<i>c<e>", "b<o>b", "c<a>r<o>l", "d<a>v<e>", "<e>r<i>n"}}));
  EXPECT_EQ(Eval(Call("regexp_extract", {Lit("2024-06-30"), Lit("(\\d+)-(\\d+)"), Lit(2)})).second[0], "06");
  EXPECT_EQ(Eval(Call("regexp_extract", {Lit("abc"), Lit("(\\d+)"), Lit(1)})).second[0], "");
  EXPECT_EQ(Eval(Call("split", {Lit("a,b,,c,"), Lit(",")})), (std::pair<std::string, V>{"split(a,b,,c,, ,, -1)", {"[a, b, , c, ]", "[a, b, , c, ]", "[a, b, , c, ]", "[a, b, , c, ]", "[a, b, , c, ]"}}));
  EXPECT_EQ(Eval(Call("split", {Lit("a1b22c"), Lit("[0-9]+"), Lit(2)})).second[0], "[a, b22c]");
}

TEST(MathFunctionsTest, RoundingAndUnary) {
  EXPECT_EQ(Eval(Call("round", {Col("salary"), Lit(0)})), (std::pair<std::string, V>{"round(salary, 0)", {"101.0", "80.0", "NULL", "60.0", "75.0"}}));
  EXPECT_EQ(Eval(Call("round", {Lit(2.675), Lit(2)})).second[0], "2.68");
  EXPECT_EQ(Eval(Call("round", {Lit(-2.5)})).second[0], "-3.0");
  EXPECT_EQ(Eval(Call("bround", {Lit(2.5)})).second[0], "2.0");
  EXPECT_EQ(Eval(Call("round", {Lit(1234), Lit(-2)})).second[0], "1200");
  EXPECT_EQ(Eval(Call("floor", {Col("salary")})), (std::pair<std::string, V>{"FLOOR(salary)", {"100", "80", "NULL", "60", "75"}}));
  EXPECT_EQ(Eval(Call("ceil", {Col("salary")})).first, "CEIL(salary)");
  EXPECT_EQ(Eval(Call("sqrt", {Lit(16)})), (std::pair<std::string, V>{"SQRT(16)", {"4.0", "4.0", "4.0", "4.0", "4.0"}}));
  EXPECT_EQ(Eval(Call("abs", {Lit(-3)})).second[0], "3");
  EXPECT_EQ(Eval(Call("pow", {Lit(2), Lit(10)})), (std::pair<std::string, V>{"POWER(2, 10)", {"1024.0", "1024.0", "1024.0", "1024.0", "1024.0"}}));
  EXPECT_EQ(Eval(Call("log10", {Lit(1000)})).second[0], "3.0");
  EXPECT_EQ(Eval(Call("log", {Lit(0)})).second[0], "NULL");
  EXPECT_EQ(Eval(Call("log", {Lit(2.0), Lit(8.0)})).second[0], "3.0");
  EXPECT_EQ(Eval(Call("exp", {Lit(0)})).second[0], "1.0");
  EXPECT_EQ(Eval(Call("signum", {Lit(-4.0)})).second[0], "-1.0");
  auto r1 = Eval(Call("rand", {Lit(int64_t{42})}));
  EXPECT_EQ(r1.first, "rand(42)");
  EXPECT_EQ(r1.second, Eval(Call("rand", {Lit(int64_t{42})})).second);
  for (const auto& v : r1.second) {
    double d = std::stod(v);
    EXPECT_GE(d, 0.0);
    EXPECT_LT(d, 1.0);
  }
}

TEST(DatetimeFunctionsTest, PartsArithmeticAndFormats) {
  PlanPtr t = Project(Range(0, 1), {Alias(Cast(Lit("2024-02-28 13:45:06"), DataType::Timestamp()), "ts"),
                                    Alias(Cast(Lit("2024-02-28"), DataType::Date32()), "d")});
  EXPECT_EQ(Eval(Call("year", {Col("d")}), t), (std::pair<std::string, V>{"year(d)", {"2024"}}));
  EXPECT_EQ(Eval(Call("month", {Col("ts")}), t).second[0], "2");
  EXPECT_EQ(Eval(Call("dayofmonth", {Col("d")}), t).second[0], "28");
  EXPECT_EQ(Eval(Call("hour", {Col("ts")}), t).second[0], "13");
  EXPECT_EQ(Eval(Call("minute", {Col("ts")}), t).second[0], "45");
  EXPECT_EQ(Eval(Call("second", {Col("ts")}), t).second[0], "6");
  EXPECT_EQ(Eval(Call("dayofweek", {Col("d")}), t).second[0], "4");
  EXPECT_EQ(Eval(Call("date_add", {Col("d"), Lit(2)}), t), (std::pair<std::string, V>{"date_add(d, 2)", {"2024-03-01"}}));
  EXPECT_EQ(Eval(Call("date_sub", {Col("d"), Lit(28)}), t).second[0], "2024-01-31");
  EXPECT_EQ(Eval(Call("datediff", {Lit("2024-03-01"), Col("d")}), t).second[0], "2");
  EXPECT_EQ(Eval(Call("date_format", {Col("ts"), Lit("yyyy/MM/dd HH:mm EEE MMM")}), t).second[0], "2024/02/28 13:45 Wed Feb");
  EXPECT_EQ(Eval(Call("to_date", {Lit("28.02.2024"), Lit("dd.MM.yyyy")}), t),
            (std::pair<std::string, V>{"to_date(28.02.2024, dd.MM.yyyy)", {"2024-02-28"}}));
  EXPECT_EQ(Eval(Call("to_date", {Lit("garbage")}), t).second[0], "NULL");
  EXPECT_EQ(Eval(Call("to_timestamp", {Lit("2024-02-28 01:02:03")}), t).second[0], "2024-02-28 01:02:03");
  EXPECT_EQ(Eval(Call("unix_timestamp", {Lit("1970-01-02 00:00:00")}), t),
            (std::pair<std::string, V>{"unix_timestamp(1970-01-02 00:00:00, yyyy-MM-dd HH:mm:ss)", {"86400"}}));
  EXPECT_EQ(Eval(Call("from_unixtime", {Lit(int64_t{86400})}), t).second[0], "1970-01-02 00:00:00");
  EXPECT_EQ(Eval(Call("add_months", {Lit("2024-01-31"), Lit(1)}), t).second[0], "2024-02-29");
  EXPECT_EQ(Eval(Call("current_date", {}), t).first, "current_date()");
}

TEST(CastTest, SparkNonAnsiSemantics) {
  auto cast = [](ExprPtr e, DataType t) { return Eval(Cast(std::move(e), t), Range(0, 1)).second[0]; };
  EXPECT_EQ(cast(Lit(" 42 "), DataType::Int32()), "42");
  EXPECT_EQ(cast(Lit("4.9"), DataType::Int32()), "4");
  EXPECT_EQ(cast(Lit("abc"), DataType::Int32()), "NULL");
  EXPECT_EQ(cast(Lit("99999999999"), DataType::Int32()), "NULL");
  EXPECT_EQ(cast(Lit(3.99), DataType::Int32()), "3");
  EXPECT_EQ(cast(Lit(1e20), DataType::Int64()), "9223372036854775807");
  EXPECT_EQ(cast(Lit(int64_t{4294967297}), DataType::Int32()), "1");
  EXPECT_EQ(cast(Lit("yes"), DataType::Bool()), "true");
  EXPECT_EQ(cast(Lit(1.5), DataType::String()), "1.5");
  EXPECT_EQ(cast(Lit(1e10), DataType::String()), "1.0E10");
  EXPECT_EQ(cast(Lit("12.345"), DataType::Decimal(5, 2)), "12.35");
  EXPECT_EQ(cast(Lit("2024-1-5"), DataType::Date32()), "2024-01-05");
  EXPECT_EQ(cast(Lit(true), DataType::Int32()), "1");
  // Spark names an unaliased cast of a column after the column; other casts CAST(x AS T).
  EXPECT_EQ(Eval(Cast(Col("age"), DataType::String())).first, "age");
  EXPECT_EQ(Eval(Cast(Call("+", {Col("age"), Lit(1)}), DataType::Decimal(10, 2))).first,
            "CAST((age + 1) AS DECIMAL(10,2))");
}

TEST(AggregateFunctionsTest, StatisticsCollectAndFirstLast) {
  PlanPtr p = Aggregate(People(), {}, {Call("stddev", {Col("age")}), Call("variance", {Col("age")}),
                                       Call("collect_list", {Col("dept")}), Call("collect_set", {Col("dept")}),
                                       Call("first", {Col("age")}), Call("last", {Col("age")}),
                                       Call("approx_count_distinct", {Col("dept")}), Call("mean", {Col("age")}),
                                       Call("countDistinct", {Col("dept")}), Call("sum_distinct", {Col("age")})});
  EXPECT_EQ(Names(p), (V{"stddev(age)", "variance(age)", "collect_list(dept)", "collect_set(dept)", "first(age)",
                         "last(age)", "approx_count_distinct(dept)", "mean(age)", "count(DISTINCT dept)",
                         "sum(DISTINCT age)"}));
  EXPECT_EQ(RunRows(p), (V{"7.135591542869215|50.916666666666664|[eng, eng, ops, ops]|[eng, ops]|34|41|2|37.25|2|149"}));
  PlanPtr ign = Aggregate(People(), {}, {Call("first", {Col("dept"), Lit(true)}), Call("last", {Col("dept"), Lit(true)}), Call("last", {Col("dept")})});
  EXPECT_EQ(RunRows(ign), (V{"eng|ops|NULL"}));
}

TEST(CollectionFunctionsTest, ArraysAndSize) {
  auto arr = Call("array", {Col("age"), Lit(1)});
  EXPECT_EQ(Eval(arr).first, "array(age, 1)");
  EXPECT_EQ(Eval(arr).second[3], "[null, 1]");
  EXPECT_EQ(Eval(Call("size", {Call("split", {Col("name"), Lit("")})})).second[0], "5");
  EXPECT_EQ(Eval(Call("array_contains", {arr, Lit(34)})).second[0], "true");
  EXPECT_EQ(Eval(Call("element_at", {arr, Lit(-1)})).second[0], "1");
  EXPECT_EQ(Eval(Call("array_join", {Call("split", {Lit("a b c"), Lit(" ")}), Lit("+")})).second[0], "a+b+c");
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(HashFunctionsTest, MatchesSparkMurmur3) {
  PlanPtr t = LocalTable(MakeTable({{"v", DataType::Int32(), true}}, {{"0"}, {"NULL"}, {"4"}}));
  // Values Spark prints for hash(value) over 0, null, 4.
  EXPECT_EQ(Eval(Call("hash", {Col("v")}), t), (std::pair<std::string, V>{"hash(v)", {"933211791", "42", "-397064898"}}));
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(GeneratorTest, ExplodeAndPosexplode) {
  PlanPtr t = LocalTable(MakeTable({{"id", DataType::Int32(), true}, {"s", DataType::String(), true}},
                                   {{"1", "a b"}, {"2", ""}, {"3", "NULL"}}));
  ExprPtr arr = Call("split", {Col("s"), Lit(" ")});
  PlanPtr e = Project(t, {Col("id"), Call("explode", {arr})});
  EXPECT_EQ(Names(e), (V{"id", "col"}));
  EXPECT_EQ(RunRows(e), (V{"1|a", "1|b", "2|"}));
  PlanPtr outer = Project(t, {Col("id"), Alias(Call("explode_outer", {arr}), "w")});
  EXPECT_EQ(Names(outer), (V{"id", "w"}));
  EXPECT_EQ(RunRows(outer), (V{"1|a", "1|b", "2|", "3|NULL"}));
  PlanPtr pos = Project(t, {Call("posexplode", {arr})});
  EXPECT_EQ(Names(pos), (V{"pos", "col"}));
  EXPECT_EQ(RunRows(pos), (V{"0|a", "1|b", "0|"}));
  PlanPtr wc = WithColumns(t, {"w"}, {Call("explode", {arr})});
  EXPECT_EQ(Names(wc), (V{"id", "s", "w"}));
  EXPECT_EQ(RunRows(wc).size(), 3u);
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(DigestFunctionsTest, KnownDigests) {
  PlanPtr t = Range(0, 1);
  EXPECT_EQ(Eval(Call("md5", {Lit("Spark")}), t), (std::pair<std::string, V>{"md5(Spark)", {"8cde774d6f7333752ed72cacddb05126"}}));
  EXPECT_EQ(Eval(Call("sha1", {Lit("Spark")}), t).second[0], "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c");
  EXPECT_EQ(Eval(Call("sha2", {Lit("Spark"), Lit(256)}), t).second[0],
            "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b");
  EXPECT_EQ(Eval(Call("md5", {Lit("")}), t).second[0], "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Eval(Call("crc32", {Lit("ABC")}), t).second[0], "2743272264");
  EXPECT_EQ(Eval(Call("base64", {Lit("Spark SQL")}), t).second[0], "U3BhcmsgU1FM");
  EXPECT_EQ(Eval(Call("unbase64", {Lit("U3BhcmsgU1FM")}), t).second[0], "Spark SQL");
  EXPECT_EQ(Eval(Call("hex", {Lit(17)}), t).second[0], "11");
  EXPECT_EQ(Eval(Call("hex", {Lit("Spark SQL")}), t).second[0], "537061726B2053514C");
}

}  // namespace
}  // namespace kindred::sql

namespace kindred::sql {
namespace {

using namespace testing;  // NOLINT

TEST(AggregateFunctionsTest, PercentilesAndMedian) {
  PlanPtr p = Aggregate(People(), {}, {Call("percentile_approx", {Col("age"), Lit(0.5)}), Call("median", {Col("age")}),
                                       Call("percentile", {Col("salary"), Lit(0.25)})});
  EXPECT_EQ(Names(p), (V{"percentile_approx(age, 0.5, 10000)", "median(age)", "percentile(salary, 0.25)"}));
  EXPECT_EQ(RunRows(p), (V{"34|37.5|71.4375"}));
}

}  // namespace
}  // namespace kindred::sql
