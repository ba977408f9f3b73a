// Golden tests for the query engine: each file under tests/golden/sql (SQL text) and
// tests/golden/plans (a spark.connect.Relation in protobuf text format) is one named test that
// runs the query and compares the result, rendered as Spark's df.show() prints it, or the
// error class of the failure, with the expected block written in the case.
//
// Case formats (adding a case adds one file; no C++ changes):
//   tests/golden/sql/NAME.sql
//     -- any leading comment lines describe the case
//     -- view people = data/people.csv      (temp view from a CSV beside the case;
//                                            header and inferSchema on)
//     SELECT ... ;                           (the query; may span lines)
//     -- expect                              (then the exact show() text, truncate 20)
//   A case may hold several spark.sql statements (CREATE TEMP VIEW, CACHE TABLE, SET, ...)
//   before its query: each ends with a line ending in ';'; they run in order, and the last
//   one's output rows (a statement's or the query's) are the case's result.
//     +----+ ...
//   or, for an expected failure, a last line "-- error ERROR_CLASS".
//   tests/golden/plans/NAME.textproto: a spark.connect.Relation; leading "# view NAME = PATH"
//     lines register CSV views (PATH relative to the case's folder). The expected block
//     ("-- expect" + show text, or "-- error CLASS") is the sibling NAME.expected.
//
// Regenerate expected blocks after an intended behaviour change (then review the diff!):
//   KINDRED_GOLDEN_UPDATE=1 ./build/unit_connect --gtest_filter='Golden*'
// It rewrites each case's expected block from the actual result and the test passes.
#include <gtest/gtest.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/file_util.h"
#include "connect/errors.h"
#include "connect/session.h"
#include "connect/sql_statements.h"
#include "connect/translate/translate.h"
#include "sql/engine.h"
#include "sql/parser/parser.h"
#include "sql/parser/statement.h"

namespace kindred::connect {
namespace {

namespace fs = std::filesystem;
namespace pb = spark::connect;

constexpr char kExpectMarker[] = "-- expect";
constexpr char kErrorMarker[] = "-- error";

fs::path GoldenRoot() {
#ifdef KINDRED_SOURCE_DIR
  fs::path root = KINDRED_SOURCE_DIR;
#else
  fs::path root = ".";
#endif
  if (const char* env = std::getenv("KINDRED_SOURCE_DIR"); env != nullptr && *env != '\0') {
    root = env;
  }
  return root / "tests" / "golden";
}

bool UpdateMode() {
  const char* v = std::getenv("KINDRED_GOLDEN_UPDATE");
  return v != nullptr && std::string(v) == "1";
}

struct GoldenCase {
  fs::path path;      // the .sql or .textproto file
  bool is_plan = false;
  std::string name;   // the test name: sql_NAME / plan_NAME, [A-Za-z0-9_] only
};

// gtest prints a failing parameter with this instead of its bytes.
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.path.string(); }

std::vector<GoldenCase> DiscoverCases() {
  std::vector<GoldenCase> cases;
  auto add = [&](const fs::path& dir, const std::string& ext, bool is_plan) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ext) continue;
      GoldenCase c;
      c.path = entry.path();
      c.is_plan = is_plan;
      c.name = (is_plan ? "plan_" : "sql_") + entry.path().stem().string();
      for (char& ch : c.name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      cases.push_back(std::move(c));
    }
  };
  add(GoldenRoot() / "sql", ".sql", false);
  add(GoldenRoot() / "plans", ".textproto", true);
  std::sort(cases.begin(), cases.end(),
            [](const GoldenCase& a, const GoldenCase& b) { return a.name < b.name; });
  return cases;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string TrimCopy(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// A parsed case: views to register, the query (SQL text or textproto), the expected block.
struct ParsedCase {
  std::vector<std::pair<std::string, fs::path>> views;  // name → CSV path
  std::string query;
  std::string expected;       // "-- expect\n<show text>" or "-- error CLASS"; empty = none
  std::string prefix;         // the case file's text before the expected block (for updates)
};

// Reads "view NAME = PATH" after a comment prefix; false when the line is not a view line.
bool ParseViewLine(const std::string& line, const std::string& comment, const fs::path& dir,
                   std::vector<std::pair<std::string, fs::path>>* views, std::string* error) {
  if (!StartsWith(line, comment)) return false;
  std::string rest = TrimCopy(line.substr(comment.size()));
  if (!StartsWith(rest, "view ")) return false;
  rest = rest.substr(5);
  size_t eq = rest.find('=');
  if (eq == std::string::npos) {
    *error = "view line without '=': " + line;
    return true;
  }
  views->emplace_back(TrimCopy(rest.substr(0, eq)), dir / TrimCopy(rest.substr(eq + 1)));
  return true;
}

// Joins `lines` from the first expected-block marker on; empty when there is none.
std::string ExpectedBlock(const std::vector<std::string>& lines, size_t from) {
  std::string out;
  for (size_t i = from; i < lines.size(); ++i) out += lines[i] + "\n";
  return out;
}

bool IsMarker(const std::string& line) {
  std::string t = TrimCopy(line);
  return t == kExpectMarker || StartsWith(t, std::string(kErrorMarker) + " ");
}

Result<ParsedCase> ParseCase(const GoldenCase& c) {
  ParsedCase p;
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(c.path.string()));
  std::vector<std::string> lines = SplitLines(text);
  const fs::path dir = c.path.parent_path();
  std::string error;
  if (c.is_plan) {
    for (const auto& line : lines) {
      ParseViewLine(line, "#", dir, &p.views, &error);
    }
    p.query = text;
    fs::path expected_path = c.path;
    expected_path.replace_extension(".expected");
    if (fs::exists(expected_path)) {
      ASSIGN_OR_RETURN(std::string expected, ReadFileToString(expected_path.string()));
      p.expected = ExpectedBlock(SplitLines(expected), 0);
    }
  } else {
    size_t i = 0;
    std::string query;
    for (; i < lines.size() && !IsMarker(lines[i]); ++i) {
      if (ParseViewLine(lines[i], "--", dir, &p.views, &error)) continue;
      if (StartsWith(TrimCopy(lines[i]), "--")) continue;  // a description line
      query += lines[i] + "\n";
    }
    for (size_t j = 0; j < i; ++j) p.prefix += lines[j] + "\n";
    p.query = TrimCopy(query);
    while (!p.query.empty() && (p.query.back() == '\n' || p.query.back() == ' ')) {
      p.query.pop_back();
    }
    p.expected = ExpectedBlock(lines, i);
  }
  if (!error.empty()) return InvalidArgument(c.path.string(), ": ", error);
  return p;
}

// The statements of a SQL case: each ends with a line ending in ';' (or the text's end).
std::vector<std::string> SplitStatements(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (const auto& line : SplitLines(text)) {
    current += line + "\n";
    if (!TrimCopy(line).empty() && TrimCopy(line).back() == ';') {
      out.push_back(current);
      current.clear();
    }
  }
  if (!TrimCopy(current).empty()) out.push_back(current);
  return out;
}

// Runs each statement in order as spark.sql would; the last one's output rows.
Result<TablePtr> RunStatements(const std::vector<std::string>& statements, Session* session,
                               const sql::ExecContext& exec) {
  Result<TablePtr> last = InvalidArgument("the case has no SQL");
  for (const auto& text : statements) {
    ASSIGN_OR_RETURN(sql::SqlStatement stmt, sql::ParseSqlStatement(text));
    if (stmt.kind == sql::SqlStatementKind::kQuery) {
      last = sql::ExecutePlan(stmt.query, exec);
    } else {
      last = RunSqlStatement(stmt, session, exec);
    }
    RETURN_IF_ERROR(last.status());
  }
  return last;
}

// Runs the case and renders its outcome in the expected-block format.
std::string RunCase(const GoldenCase& c, const ParsedCase& p) {
  Session session("golden", NewUuid());
  sql::ExecContext exec;
  exec.catalog = &session.catalog();
  for (const auto& [name, csv] : p.views) {
    session.catalog().CreateOrReplaceTempView(
        name, sql::DataSource("csv", {csv.string()}, {{"header", "true"}, {"inferSchema", "true"}}));
  }
  Result<TablePtr> table = InvalidArgument("no result");
  if (c.is_plan) {
    pb::Relation rel;
    if (!google::protobuf::TextFormat::ParseFromString(p.query, &rel)) {
      return "-- setup failure: cannot parse " + c.path.string() + " as a spark.connect.Relation\n";
    }
    TranslateContext ctx;
    ctx.session = &session;
    ctx.exec = &exec;
    Result<sql::PlanPtr> plan = TranslateRelation(rel, &ctx);
    table = plan.ok() ? sql::ExecutePlan(*plan, exec) : plan.status();
  } else {
    table = RunStatements(SplitStatements(p.query), &session, exec);
  }
  if (!table.ok()) {
    ErrorDetails details = SparkErrorDetails(table.status());
    std::string cls = details.error_class.empty() ? std::string("<no error class>")
                                                  : details.error_class;
    return std::string(kErrorMarker) + " " + cls + "\n";
  }
  return std::string(kExpectMarker) + "\n" + sql::FormatShowString(**table, 20, 20, false);
}

// A line-by-line diff: the expected and actual lines where they differ, marked - and +.
std::string LineDiff(const std::string& expected, const std::string& actual) {
  std::vector<std::string> e = SplitLines(expected), a = SplitLines(actual);
  std::ostringstream out;
  size_t n = std::max(e.size(), a.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string* el = i < e.size() ? &e[i] : nullptr;
    const std::string* al = i < a.size() ? &a[i] : nullptr;
    if (el != nullptr && al != nullptr && *el == *al) {
      out << "  " << *el << "\n";
      continue;
    }
    if (el != nullptr) out << "- " << *el << "\n";
    if (al != nullptr) out << "+ " << *al << "\n";
  }
  return out.str();
}

std::string Normalize(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s + "\n";
}

class GoldenTest : public ::testing::TestWithParam<GoldenCase> {
 protected:
  static void SetUpTestSuite() { sql::RegisterSparkSqlParser(); }
};

TEST_P(GoldenTest, MatchesExpected) {
  const GoldenCase& c = GetParam();
  auto parsed = ParseCase(c);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  std::string actual = RunCase(c, *parsed);
  if (UpdateMode()) {
    if (c.is_plan) {
      fs::path expected_path = c.path;
      expected_path.replace_extension(".expected");
      ASSERT_TRUE(WriteFileAtomic(expected_path.string(), actual).ok()) << expected_path;
    } else {
      ASSERT_TRUE(WriteFileAtomic(c.path.string(), parsed->prefix + actual).ok()) << c.path;
    }
    return;
  }
  ASSERT_FALSE(parsed->expected.empty())
      << c.path.string() << ": no expected block (\"-- expect\" or \"-- error CLASS\")";
  std::string expected = Normalize(parsed->expected);
  actual = Normalize(actual);
  EXPECT_EQ(expected, actual) << "golden case " << c.path.string() << " differs"
                              << " (- expected, + actual):\n"
                              << LineDiff(expected, actual) << "query:\n"
                              << parsed->query;
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenTest, ::testing::ValuesIn(DiscoverCases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           return info.param.name;
                         });
// Folders without cases are not an error for the runner itself.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenTest);

// The case set is not silently empty (a wrong KINDRED_SOURCE_DIR would pass everything).
TEST(GoldenDiscoveryTest, FindsCases) {
  auto cases = DiscoverCases();
  size_t plans = std::count_if(cases.begin(), cases.end(), [](const auto& c) { return c.is_plan; });
  EXPECT_GE(cases.size() - plans, 40u) << "SQL cases under " << GoldenRoot();
  EXPECT_GE(plans, 15u) << "plan cases under " << GoldenRoot();
}

}  // namespace
}  // namespace kindred::connect
