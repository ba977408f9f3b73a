#include "sql/parser/parser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "columnar/format_value.h"
#include "sql/engine.h"
#include "sql/expr/aggregate_functions.h"
#include "sql/parser/lexer.h"
#include "sql/parser/statement.h"

namespace kindred::sql {

namespace {

using parser::ParseError;
using parser::SyntaxError;
using parser::Token;
using parser::TokenKind;
using parser::Tokenize;

// Deeper nesting is rejected so hostile input cannot exhaust the stack (here or in the
// analyzer, which recurses over the trees built here).
constexpr int kMaxDepth = 1000;

// Hidden columns of aggregate queries; dropped before the result is returned.
constexpr const char* kGroupPrefix = "__kindred_group_";
constexpr const char* kHavingName = "__kindred_having";
constexpr const char* kOrderPrefix = "__kindred_order_";
// A parenthesized list (a, b) on the left of IN (subquery), taken apart by the IN.
constexpr const char* kTupleName = "__kindred_tuple";

// Words that end an expression or a relation, so they are never taken as an implicit alias.
const std::set<std::string>& ClauseWords() {
  static const std::set<std::string> kWords = {
      "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT",
      "MINUS", "INTERSECT", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "SEMI", "ANTI",
      "NATURAL", "ON", "USING", "AS", "WINDOW", "LATERAL", "AND", "OR", "SORT", "CLUSTER",
      "DISTRIBUTE", "WHEN", "THEN", "ELSE", "END", "SELECT", "WITH", "BY", "NOT", "IS", "IN",
      "LIKE", "RLIKE", "ILIKE", "REGEXP", "BETWEEN", "ASC", "DESC", "NULLS", "OVER", "DIV",
      "VALUES", "ESCAPE", "FILTER", "PARTITION", "ROWS", "RANGE"};
  return kWords;
}

// Words that cannot start an expression as a column name (Spark reports a syntax error there).
const std::set<std::string>& NonExprWords() {
  static const std::set<std::string> kWords = {
      "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT",
      "INTERSECT", "JOIN", "ON", "USING", "AS", "AND", "OR", "WHEN", "THEN", "ELSE", "END",
      "SELECT", "BY", "IS", "IN", "LIKE", "RLIKE", "ILIKE", "BETWEEN", "DISTINCT", "WITH"};
  return kWords;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Reads `count` (min..max) digits at s[*i].
bool ReadDigits(const std::string& s, size_t* i, size_t min, size_t max, int64_t* out) {
  size_t start = *i;
  int64_t v = 0;
  while (*i < s.size() && *i - start < max && std::isdigit(static_cast<unsigned char>(s[*i]))) {
    v = v * 10 + (s[*i] - '0');
    ++*i;
  }
  *out = v;
  return *i - start >= min;
}

// "yyyy-[m]m-[d]d" (Spark also accepts "yyyy" and "yyyy-[m]m"); `*i` ends after the date.
bool ParseDatePart(const std::string& s, size_t* i, int64_t* days) {
  int64_t y = 0, m = 1, d = 1;
  if (!ReadDigits(s, i, 4, 6, &y)) return false;
  if (*i < s.size() && s[*i] == '-') {
    ++*i;
    if (!ReadDigits(s, i, 1, 2, &m)) return false;
    if (*i < s.size() && s[*i] == '-') {
      ++*i;
      if (!ReadDigits(s, i, 1, 2, &d)) return false;
    }
  }
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  int dim = kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
  if (d > dim) return false;
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

bool ParseDateLiteral(std::string s, int64_t* days) {
  s = Trim(s);
  size_t i = 0;
  if (!ParseDatePart(s, &i, days)) return false;
  // Spark ignores a time part after 'T' or ' ' in a DATE literal.
  return i == s.size() || s[i] == 'T' || s[i] == ' ';
}

// "yyyy-mm-dd[( |T)hh:mm[:ss[.ffffff]]][Z]" as UTC microseconds.
bool ParseTimestampLiteral(std::string s, int64_t* micros) {
  s = Trim(s);
  size_t i = 0;
  int64_t days = 0;
  if (!ParseDatePart(s, &i, &days)) return false;
  int64_t h = 0, mi = 0, sec = 0, frac = 0;
  if (i < s.size() && (s[i] == ' ' || s[i] == 'T')) {
    ++i;
    if (!ReadDigits(s, &i, 1, 2, &h)) return false;
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    if (!ReadDigits(s, &i, 1, 2, &mi)) return false;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!ReadDigits(s, &i, 1, 2, &sec)) return false;
      if (i < s.size() && s[i] == '.') {
        ++i;
        size_t start = i;
        if (!ReadDigits(s, &i, 1, 9, &frac)) return false;
        size_t nd = i - start;
        while (nd < 6) { frac *= 10; ++nd; }
        while (nd > 6) { frac /= 10; --nd; }
      }
    }
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) ++i;
  if (i != s.size() || h > 23 || mi > 59 || sec > 59) return false;
  *micros = ((days * 24 + h) * 60 + mi) * 60 * 1000000 + sec * 1000000 + frac;
  return true;
}

bool ContainsAggregateCall(const Expr& e) {
  if (e.kind == ExprKind::kWindow) return false;
  if (e.kind == ExprKind::kUnresolvedFunction && IsAggregateFunction(ToLower(e.name))) return true;
  for (const auto& c : e.children)
    if (c && ContainsAggregateCall(*c)) return true;
  return false;
}

ExprPtr StripAlias(const ExprPtr& e) {
  return e->kind == ExprKind::kAlias ? e->children[0] : e;
}

// A SELECT block whose plan is built once its ORDER BY (which may follow a set operation or
// not) is known.
struct SelectSpec {
  bool distinct = false;
  std::vector<ExprPtr> items;
  PlanPtr from;  // null = SELECT without FROM
  ExprPtr where;
  bool has_group_by = false;
  std::vector<ExprPtr> group_by;
  GroupType group_type = GroupType::kGroupBy;
  ExprPtr having;
  std::vector<ExprPtr> order_by;  // kSortOrder nodes
};

// A query term: either a finished plan or a SELECT block still open for ORDER BY.
struct QueryTerm {
  PlanPtr plan;
  std::optional<SelectSpec> select;
};

class Parser : public parser::TokenCursor {
 public:
  explicit Parser(const std::string& sql) : TokenCursor(sql) {}
  using TokenCursor::Init;

  Result<ExprPtr> ParseSingleExpression() {
    ASSIGN_OR_RETURN(ExprPtr e, ParseNamedExpression());
    if (!AtEnd()) return Error();
    return e;
  }

  // A query. Statements run only as spark.sql() commands (sql/parser/statement.h), never
  // inside a plan, so one reaching here is an error either way: Unimplemented naming it, or
  // the statement's own syntax error.
  Result<PlanPtr> ParseStatement() {
    if (Peek().kind == TokenKind::kIdent && !Peek().quoted && IsStatementKeyword(Peek().text)) {
      ASSIGN_OR_RETURN(SqlStatement stmt, ParseSqlStatement(sql_));
      if (stmt.kind != SqlStatementKind::kQuery) {
        // Name the statement by its leading words ("SHOW TABLES", "CREATE OR REPLACE TEMP VIEW").
        std::string name = ToUpper(Peek().text);
        for (size_t k = 1; k < 6 && Peek(k).kind == TokenKind::kIdent && !Peek(k).quoted; ++k) {
          std::string x = ToUpper(Peek(k).text);
          static const std::set<std::string> kNameWords = {
              "OR", "REPLACE", "TEMP", "TEMPORARY", "GLOBAL", "VIEW", "VIEWS", "TABLE", "TABLES",
              "IF", "EXISTS", "LAZY", "QUERY", "CACHE"};
          if (!kNameWords.count(x)) break;
          name += " " + x;
        }
        return Unimplemented("the SQL statement ", name,
                             " runs when spark.sql() is called; it cannot be part of a query "
                             "plan");
      }
    }
    return ParseQueryToEnd();
  }

  // The query from the token at or after byte `offset` to the end of the text (an optional
  // ';' may end it).
  Result<PlanPtr> ParseQueryFrom(size_t offset) {
    while (!AtEnd() && Peek().offset < offset) ++pos_;
    return ParseQueryToEnd();
  }

 private:
  Result<PlanPtr> ParseQueryToEnd() {
    ASSIGN_OR_RETURN(PlanPtr plan, ParseQuery());
    AcceptOp(";");
    if (!AtEnd()) return Error();
    return plan;
  }

  // ---- Errors (token helpers: TokenCursor) ----
  Status UnsupportedAt(const std::string& what) const {
    return Unimplemented(what, " is not supported by the SQL parser yet (at position ",
                         Peek().offset, " of the query)");
  }
  Status DepthError() const {
    const Token& t = Peek();
    return ParseError(sql_, t.offset, "PARSE_SYNTAX_ERROR", "42601",
                      {{"error", "'" + t.text + "'"},
                       {"hint", ": the query nests deeper than " + std::to_string(kMaxDepth) + " levels"}},
                      "Syntax error at or near '" + t.text + "': the query nests deeper than " +
                          std::to_string(kMaxDepth) + " levels.");
  }

  struct DepthGuard {
    explicit DepthGuard(int* d) : d_(d) { ++*d_; }
    ~DepthGuard() { --*d_; }
    int* d_;
  };
#define KINDRED_PARSER_DEPTH()            \
  DepthGuard depth_guard__(&depth_);      \
  if (depth_ > kMaxDepth) return DepthError()

  // An identifier (quoted or any word); syntax error otherwise.
  Result<std::string> ParseIdentifier() {
    if (Peek().kind != TokenKind::kIdent) return Error();
    return toks_[pos_++].text;
  }

  // True when the current token can be an implicit alias (a name that is not a clause word).
  bool AtImplicitAlias() const {
    const Token& t = Peek();
    if (t.kind != TokenKind::kIdent) return false;
    return t.quoted || !ClauseWords().count(ToUpper(t.text));
  }

  // ---- Expressions ----
  Result<ExprPtr> ParseNamedExpression() {
    ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
    if (AcceptKw("AS")) {
      if (IsOp("(")) return UnsupportedAt("a multi-name alias AS (a, b)");
      if (Peek().kind == TokenKind::kString) return Alias(e, toks_[pos_++].text);
      ASSIGN_OR_RETURN(std::string name, ParseIdentifier());
      return Alias(e, name);
    }
    if (AtImplicitAlias()) return Alias(e, toks_[pos_++].text);
    return e;
  }

  Result<ExprPtr> ParseExpression() {
    KINDRED_PARSER_DEPTH();
    return ParseOr();
  }

  Result<ExprPtr> ParseOr() {
    ASSIGN_OR_RETURN(ExprPtr left, ParseAnd());
    int chain = 0;
    while (AcceptKw("OR")) {
      if (++chain + depth_ > kMaxDepth) return DepthError();
      ASSIGN_OR_RETURN(ExprPtr right, ParseAnd());
      left = Call("or", {left, right});
    }
    return left;
  }

  Result<ExprPtr> ParseAnd() {
    ASSIGN_OR_RETURN(ExprPtr left, ParseNot());
    int chain = 0;
    while (AcceptKw("AND")) {
      if (++chain + depth_ > kMaxDepth) return DepthError();
      ASSIGN_OR_RETURN(ExprPtr right, ParseNot());
      left = Call("and", {left, right});
    }
    return left;
  }

  Result<ExprPtr> ParseNot() {
    if (IsKw("NOT")) {
      KINDRED_PARSER_DEPTH();
      ++pos_;
      ASSIGN_OR_RETURN(ExprPtr e, ParseNot());
      return Call("not", {e});
    }
    return ParsePredicate();
  }

  // comparison, then predicates: [NOT] BETWEEN / IN / LIKE / RLIKE / ILIKE, IS [NOT] ...
  Result<ExprPtr> ParsePredicate() {
    ASSIGN_OR_RETURN(ExprPtr left, ParseComparison());
    int chain = 0;
    while (true) {
      if (++chain + depth_ > kMaxDepth) return DepthError();
      if (AcceptKw("IS")) {
        bool negate = AcceptKw("NOT");
        if (AcceptKw("NULL")) {
          left = Call(negate ? "isnotnull" : "isnull", {left});
        } else if (IsKw("TRUE") || IsKw("FALSE")) {
          bool v = IsKw("TRUE");
          ++pos_;
          // IS TRUE is null-safe: a null operand gives false.
          ExprPtr e = Call("<=>", {left, Lit(v)});
          left = negate ? Call("not", {e}) : e;
        } else if (AcceptKw("DISTINCT")) {
          RETURN_IF_ERROR(ExpectKw("FROM"));
          ASSIGN_OR_RETURN(ExprPtr right, ParseComparison());
          ExprPtr eq = Call("<=>", {left, right});
          left = negate ? eq : Call("not", {eq});
        } else {
          return Error();
        }
        continue;
      }
      size_t save = pos_;
      bool negate = AcceptKw("NOT");
      if (AcceptKw("BETWEEN")) {
        ASSIGN_OR_RETURN(ExprPtr lo, ParseBitOr());
        RETURN_IF_ERROR(ExpectKw("AND"));
        ASSIGN_OR_RETURN(ExprPtr hi, ParseBitOr());
        // Spark rewrites BETWEEN to (x >= lo) AND (x <= hi).
        ExprPtr e = Call("and", {Call(">=", {left, lo}), Call("<=", {left, hi})});
        left = negate ? Call("not", {e}) : e;
      } else if (AcceptKw("IN")) {
        RETURN_IF_ERROR(ExpectOp("("));
        bool tuple = left->kind == ExprKind::kUnresolvedFunction && left->name == kTupleName;
        if (IsKw("SELECT") || IsKw("WITH") || IsKw("VALUES")) {
          ASSIGN_OR_RETURN(PlanPtr q, ParseQuery());
          RETURN_IF_ERROR(ExpectOp(")"));
          ExprPtr e = InSubquery(tuple ? left->children : std::vector<ExprPtr>{left}, q);
          left = negate ? Call("not", {e}) : e;
          continue;
        }
        if (tuple) return UnsupportedAt("a multi-column IN list");
        std::vector<ExprPtr> args{left};
        do {
          ASSIGN_OR_RETURN(ExprPtr v, ParseExpression());
          args.push_back(v);
        } while (AcceptOp(","));
        RETURN_IF_ERROR(ExpectOp(")"));
        ExprPtr e = Call("in", std::move(args));
        left = negate ? Call("not", {e}) : e;
      } else if (IsKw("LIKE") || IsKw("RLIKE") || IsKw("REGEXP") || IsKw("ILIKE")) {
        std::string op = ToLower(toks_[pos_++].text);
        if (op == "regexp") op = "rlike";
        if (IsKw("ANY") || IsKw("ALL") || IsKw("SOME")) return UnsupportedAt("LIKE ANY / ALL");
        ASSIGN_OR_RETURN(ExprPtr pattern, ParseBitOr());
        if (IsKw("ESCAPE")) return UnsupportedAt("LIKE ... ESCAPE");
        ExprPtr e = Call(op, {left, pattern});
        left = negate ? Call("not", {e}) : e;
      } else {
        pos_ = save;
        break;
      }
    }
    return left;
  }

  Result<ExprPtr> ParseComparison() {
    ASSIGN_OR_RETURN(ExprPtr left, ParseBitOr());
    int chain = 0;
    while (true) {
      const Token& t = Peek();
      if (t.kind != TokenKind::kOp) break;
      std::string op = t.text;
      if (op == "==") op = "=";  // Spark shows a == b as (a = b)
      if (op != "=" && op != "<>" && op != "!=" && op != "<" && op != "<=" && op != ">" &&
          op != ">=" && op != "<=>")
        break;
      ++pos_;
      if (++chain + depth_ > kMaxDepth) return DepthError();
      ASSIGN_OR_RETURN(ExprPtr right, ParseBitOr());
      left = Call(op, {left, right});
    }
    return left;
  }

  // Binary levels from loosest to tightest, as Spark's grammar: | < ^ < & < (+ - ||) < (* / % div).
  Result<ExprPtr> ParseBitOr() { return ParseBinaryLevel(0); }

  Result<ExprPtr> ParseBinaryLevel(int level) {
    if (level == 5) return ParseUnary();
    ASSIGN_OR_RETURN(ExprPtr left, ParseBinaryLevel(level + 1));
    int chain = 0;
    while (true) {
      std::string fn;
      const Token& t = Peek();
      if (t.kind == TokenKind::kOp) {
        const std::string& op = t.text;
        if (level == 0 && op == "|") fn = "|";
        else if (level == 1 && op == "^") fn = "^";
        else if (level == 2 && op == "&") fn = "&";
        else if (level == 3 && (op == "+" || op == "-")) fn = op;
        else if (level == 3 && op == "||") fn = "concat";
        else if (level == 4 && (op == "*" || op == "/" || op == "%")) fn = op;
      } else if (level == 4 && IsKw("DIV")) {
        fn = "div";
      }
      if (fn.empty()) break;
      ++pos_;
      if (++chain + depth_ > kMaxDepth) return DepthError();
      ASSIGN_OR_RETURN(ExprPtr right, ParseBinaryLevel(level + 1));
      left = Call(fn, {left, right});
    }
    return left;
  }

  Result<ExprPtr> ParseUnary() {
    if (IsOp("-") || IsOp("+") || IsOp("~")) {
      KINDRED_PARSER_DEPTH();
      std::string op = toks_[pos_++].text;
      // Spark's grammar folds the sign into a numeric literal: -1 is the literal -1.
      if (op == "-" && Peek().kind == TokenKind::kNumber) {
        Token t = toks_[pos_++];
        ASSIGN_OR_RETURN(ExprPtr lit, NumberLiteral(t, /*negative=*/true));
        return ParsePostfix(lit);
      }
      ASSIGN_OR_RETURN(ExprPtr e, ParseUnary());
      if (op == "-") return Call("negative", {e});
      if (op == "+") return Call("positive", {e});
      return Call("~", {e});
    }
    ASSIGN_OR_RETURN(ExprPtr p, ParsePrimary());
    return ParsePostfix(p);
  }

  Result<ExprPtr> ParsePostfix(ExprPtr e) {
    int chain = 0;
    while (true) {
      if (++chain + depth_ > kMaxDepth) return DepthError();
      if (AcceptOp("[")) {
        ASSIGN_OR_RETURN(ExprPtr idx, ParseExpression());
        RETURN_IF_ERROR(ExpectOp("]"));
        e = ExtractValue(e, idx);
      } else if (AcceptOp("::")) {
        ASSIGN_OR_RETURN(DataType t, ParseType());
        e = Cast(e, t);
      } else {
        return e;
      }
    }
  }

  // A type name as written ("int", "decimal(10, 2)", "array<string>"), checked by ParseTypeName.
  Result<DataType> ParseType() {
    const Token& first = Peek();
    if (first.kind != TokenKind::kIdent) return Error();
    size_t start = first.offset, end = first.end;
    ++pos_;
    int angle = 0;
    while (true) {
      if (IsOp("(") && angle == 0) {
        while (!AtEnd() && !IsOp(")")) ++pos_;
        end = Peek().end;
        RETURN_IF_ERROR(ExpectOp(")"));
        if (angle == 0) break;
        continue;
      }
      if (IsOp("<")) {
        ++angle;
      } else if (IsOp(">") && angle > 0) {
        --angle;
      } else if (angle == 0) {
        break;
      } else if (AtEnd()) {
        return Error();
      }
      end = Peek().end;
      ++pos_;
      if (angle == 0) break;
    }
    std::string text = sql_.substr(start, end - start);
    auto t = ParseTypeName(text);
    if (!t.ok()) {
      return ParseError(sql_, start, "UNSUPPORTED_DATATYPE", "0A000",
                        {{"typeName", "\"" + ToUpper(text) + "\""}},
                        "Unsupported data type \"" + ToUpper(text) + "\".");
    }
    return *t;
  }

  Result<ExprPtr> NumberLiteral(const Token& t, bool negative) {
    std::string s = t.text;
    std::string upper = ToUpper(s);
    auto range_error = [&](const std::string& type) {
      return ParseError(sql_, t.offset, "INVALID_NUMERIC_LITERAL_RANGE", "22003",
                        {{"rawStrippedQualifier", (negative ? "-" : "") + s}, {"typeName", type}},
                        "Numeric literal " + std::string(negative ? "-" : "") + s +
                            " is outside the valid range for " + type + ".");
    };
    std::string sign = negative ? "-" : "";
    auto int_suffix = [&](int64_t lo, int64_t hi, const std::string& type) -> Result<int64_t> {
      int64_t v = 0;
      if (!ParseInt64(sign + s.substr(0, s.size() - 1), &v) || v < lo || v > hi) return range_error(type);
      return v;
    };
    if (upper.size() > 2 && upper.compare(upper.size() - 2, 2, "BD") == 0) {
      std::string body = s.substr(0, s.size() - 2);
      if (body.find_first_of("eE") != std::string::npos) {
        return Unimplemented("decimal literals with an exponent (", s, ")");
      }
      return DecimalLiteral(body, negative, t);
    }
    char last = upper.back();
    if (last == 'L') {
      ASSIGN_OR_RETURN(int64_t v, int_suffix(INT64_MIN, INT64_MAX, "bigint"));
      return Literal(Value::Int64(v));
    }
    if (last == 'S') {
      ASSIGN_OR_RETURN(int64_t v, int_suffix(-32768, 32767, "smallint"));
      return Literal(Value::Int16(static_cast<int16_t>(v)));
    }
    if (last == 'Y') {
      ASSIGN_OR_RETURN(int64_t v, int_suffix(-128, 127, "tinyint"));
      return Literal(Value::Int8(static_cast<int8_t>(v)));
    }
    if (last == 'D' || last == 'F') {
      double d = 0;
      if (!ParseDouble(sign + s.substr(0, s.size() - 1), &d)) return Error();
      if (last == 'F') return Literal(Value::Float32(static_cast<float>(d)));
      return Literal(Value::Float64(d));
    }
    if (upper.find('E') != std::string::npos) {
      double d = 0;
      if (!ParseDouble(sign + s, &d)) return Error();
      return Literal(Value::Float64(d));
    }
    if (s.find('.') != std::string::npos) return DecimalLiteral(s, negative, t);
    int64_t v = 0;
    if (ParseInt64(sign + s, &v)) {
      // Spark types an integer literal as int when it fits, else bigint, else decimal.
      if (v >= INT32_MIN && v <= INT32_MAX) return Literal(Value::Int32(static_cast<int32_t>(v)));
      return Literal(Value::Int64(v));
    }
    return DecimalLiteral(s, negative, t);
  }

  // "12.50" → decimal(4,2) 1250, as Spark types a decimal literal.
  Result<ExprPtr> DecimalLiteral(const std::string& s, bool negative, const Token& t) {
    size_t dot = s.find('.');
    std::string int_part = dot == std::string::npos ? s : s.substr(0, dot);
    std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    std::string digits = int_part + frac;
    size_t nz = digits.find_first_not_of('0');
    digits = nz == std::string::npos ? "0" : digits.substr(nz);
    int scale = static_cast<int>(frac.size());
    int precision = std::max(static_cast<int>(digits.size()), scale);
    if (precision < 1) precision = 1;
    if (precision > 38) {
      // Too wide for a decimal: Spark falls back to a double here.
      double d = 0;
      if (!ParseDouble((negative ? "-" : "") + s, &d)) return Error();
      return Literal(Value::Float64(d));
    }
    __int128 v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    if (negative) v = -v;
    return Literal(Value::Decimal(v, precision, scale));
  }

  Result<ExprPtr> ParsePrimary() {
    KINDRED_PARSER_DEPTH();
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kEnd: return Error();
      case TokenKind::kNumber: {
        Token tok = toks_[pos_++];
        return NumberLiteral(tok, false);
      }
      case TokenKind::kString: {
        // Adjacent string literals are one string ('a' 'b' = 'ab').
        std::string v;
        while (Peek().kind == TokenKind::kString) v += toks_[pos_++].text;
        return Lit(std::move(v));
      }
      case TokenKind::kOp: {
        if (AcceptOp("(")) {
          if (IsKw("SELECT") || IsKw("WITH") || IsKw("VALUES")) {
            ASSIGN_OR_RETURN(PlanPtr q, ParseQuery());
            RETURN_IF_ERROR(ExpectOp(")"));
            return ScalarSubquery(q);
          }
          ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
          if (IsOp(",")) {
            // (a, b) is only supported as the left side of IN (subquery).
            size_t at = pos_;
            std::vector<ExprPtr> items{e};
            while (AcceptOp(",")) {
              ASSIGN_OR_RETURN(ExprPtr x, ParseExpression());
              items.push_back(x);
            }
            RETURN_IF_ERROR(ExpectOp(")"));
            if (IsKw("IN") || (IsKw("NOT") && IsKw("IN", 1))) return Call(kTupleName, std::move(items));
            pos_ = at;
            return UnsupportedAt("a struct constructor (a, b)");
          }
          RETURN_IF_ERROR(ExpectOp(")"));
          return e;
        }
        if (AcceptOp("*")) return UnresolvedStar();
        return Error();
      }
      case TokenKind::kIdent: break;
    }
    if (!t.quoted) {
      std::string w = ToUpper(t.text);
      const Token& next = Peek(1);
      bool call = next.kind == TokenKind::kOp && next.text == "(";
      if (w == "NULL") { ++pos_; return Literal(Value::Null()); }
      if (w == "TRUE" || w == "FALSE") { ++pos_; return Lit(w == "TRUE"); }
      if (w == "CASE") return ParseCase();
      if ((w == "CAST" || w == "TRY_CAST") && call) {
        pos_ += 2;
        ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
        RETURN_IF_ERROR(ExpectKw("AS"));
        ASSIGN_OR_RETURN(DataType type, ParseType());
        RETURN_IF_ERROR(ExpectOp(")"));
        return Cast(e, type, w == "TRY_CAST");
      }
      if (w == "EXISTS" && call && (IsKw("SELECT", 2) || IsKw("WITH", 2) || IsKw("VALUES", 2))) {
        pos_ += 2;
        ASSIGN_OR_RETURN(PlanPtr q, ParseQuery());
        RETURN_IF_ERROR(ExpectOp(")"));
        return Exists(q);
      }
      if (w == "INTERVAL") return UnsupportedAt("INTERVAL literals");
      if ((w == "DATE" || w == "TIMESTAMP" || w == "TIMESTAMP_LTZ" || w == "TIMESTAMP_NTZ") &&
          next.kind == TokenKind::kString) {
        pos_ += 2;
        const std::string& text = next.text;
        std::string type_name = w == "DATE" ? "DATE" : w;
        auto invalid = [&]() {
          return ParseError(sql_, t.offset, "INVALID_TYPED_LITERAL", "42604",
                            {{"valueType", "\"" + type_name + "\""}, {"value", "'" + text + "'"}},
                            "The value of the typed literal \"" + type_name + "\" is invalid: '" + text + "'.");
        };
        if (w == "DATE") {
          int64_t days = 0;
          if (!ParseDateLiteral(text, &days)) return invalid();
          return Literal(Value::Date(static_cast<int32_t>(days)));
        }
        int64_t micros = 0;
        if (!ParseTimestampLiteral(text, &micros)) return invalid();
        return Literal(Value::Timestamp(micros));
      }
      if (!call && (w == "CURRENT_DATE" || w == "CURRENT_TIMESTAMP" || w == "CURRENT_USER")) {
        ++pos_;
        return Call(ToLower(w), {});
      }
      if (!call && NonExprWords().count(w)) return Error();
    }
    if (IsOp("(", 1)) return ParseFunctionCall();
    // Qualified name, possibly ending in .*
    std::vector<std::string> parts{toks_[pos_++].text};
    while (IsOp(".")) {
      if (IsOp("*", 1)) {
        pos_ += 2;
        return UnresolvedStar(parts);
      }
      if (Peek(1).kind != TokenKind::kIdent) {
        ++pos_;
        return Error();
      }
      pos_ += 1;
      parts.push_back(toks_[pos_++].text);
    }
    return UnresolvedAttribute(std::move(parts));
  }

  Result<ExprPtr> ParseFunctionCall() {
    std::string name = toks_[pos_].text;
    pos_ += 2;  // name (
    bool distinct = false;
    std::vector<ExprPtr> args;
    if (AcceptKw("DISTINCT")) distinct = true;
    else AcceptKw("ALL");
    if (!IsOp(")")) {
      do {
        if (IsOp("*") && (IsOp(")", 1) || IsOp(",", 1))) {
          ++pos_;
          args.push_back(UnresolvedStar());
          continue;
        }
        ASSIGN_OR_RETURN(ExprPtr a, ParseExpression());
        args.push_back(a);
      } while (AcceptOp(","));
    }
    RETURN_IF_ERROR(ExpectOp(")"));
    if (IsKw("FILTER") && IsOp("(", 1)) return UnsupportedAt("aggregate FILTER (WHERE ...)");
    if (IsKw("IGNORE") || IsKw("RESPECT")) return UnsupportedAt("IGNORE / RESPECT NULLS");
    ExprPtr fn = UnresolvedFunction(name, std::move(args), distinct);
    if (AcceptKw("OVER")) return ParseWindow(fn);
    return fn;
  }

  Result<ExprPtr> ParseWindow(ExprPtr fn) {
    if (!AcceptOp("(")) {
      if (Peek().kind == TokenKind::kIdent) return UnsupportedAt("named windows (OVER w)");
      return Error();
    }
    std::vector<ExprPtr> partition, order;
    if (AcceptKw("PARTITION") || AcceptKw("DISTRIBUTE")) {
      RETURN_IF_ERROR(ExpectKw("BY"));
      do {
        ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
        partition.push_back(e);
      } while (AcceptOp(","));
    }
    if (AcceptKw("ORDER") || AcceptKw("SORT")) {
      RETURN_IF_ERROR(ExpectKw("BY"));
      ASSIGN_OR_RETURN(order, ParseSortList());
    }
    std::optional<WindowFrame> frame;
    if (IsKw("ROWS") || IsKw("RANGE")) {
      WindowFrame f;
      f.is_rows = IsKw("ROWS");
      ++pos_;
      if (AcceptKw("BETWEEN")) {
        ASSIGN_OR_RETURN(f.lower, ParseFrameBound());
        RETURN_IF_ERROR(ExpectKw("AND"));
        ASSIGN_OR_RETURN(f.upper, ParseFrameBound());
      } else {
        ASSIGN_OR_RETURN(f.lower, ParseFrameBound());
        f.upper = 0;
      }
      frame = f;
    }
    RETURN_IF_ERROR(ExpectOp(")"));
    return Window(fn, std::move(partition), std::move(order), frame);
  }

  // UNBOUNDED PRECEDING / FOLLOWING, CURRENT ROW, n PRECEDING / FOLLOWING.
  Result<int64_t> ParseFrameBound() {
    if (AcceptKw("UNBOUNDED")) {
      if (AcceptKw("PRECEDING")) return INT64_MIN;
      RETURN_IF_ERROR(ExpectKw("FOLLOWING"));
      return INT64_MAX;
    }
    if (AcceptKw("CURRENT")) {
      RETURN_IF_ERROR(ExpectKw("ROW"));
      return int64_t{0};
    }
    if (Peek().kind != TokenKind::kNumber) return Error();
    int64_t v = 0;
    if (!ParseInt64(Peek().text, &v)) return Error();
    ++pos_;
    if (AcceptKw("PRECEDING")) return -v;
    RETURN_IF_ERROR(ExpectKw("FOLLOWING"));
    return v;
  }

  Result<ExprPtr> ParseCase() {
    ++pos_;  // CASE
    ExprPtr subject;
    if (!IsKw("WHEN")) {
      ASSIGN_OR_RETURN(subject, ParseExpression());
    }
    std::vector<ExprPtr> args;
    if (!IsKw("WHEN")) return Error();
    while (AcceptKw("WHEN")) {
      if (args.size() > 2 * static_cast<size_t>(kMaxDepth)) return DepthError();
      ASSIGN_OR_RETURN(ExprPtr cond, ParseExpression());
      RETURN_IF_ERROR(ExpectKw("THEN"));
      ASSIGN_OR_RETURN(ExprPtr value, ParseExpression());
      // CASE x WHEN v THEN r is CASE WHEN x = v THEN r.
      args.push_back(subject ? Call("=", {subject, cond}) : cond);
      args.push_back(value);
    }
    if (AcceptKw("ELSE")) {
      ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
      args.push_back(e);
    }
    RETURN_IF_ERROR(ExpectKw("END"));
    return Call("when", std::move(args));
  }

  Result<std::vector<ExprPtr>> ParseSortList() {
    std::vector<ExprPtr> out;
    do {
      ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
      bool asc = true;
      if (AcceptKw("DESC")) asc = false;
      else AcceptKw("ASC");
      std::optional<bool> nulls_first;
      if (AcceptKw("NULLS")) {
        if (AcceptKw("FIRST")) nulls_first = true;
        else if (AcceptKw("LAST")) nulls_first = false;
        else return Error();
      }
      out.push_back(SortOrder(e, asc, nulls_first));
    } while (AcceptOp(","));
    return out;
  }

  // ---- Queries ----
  Result<PlanPtr> ParseQuery() {
    KINDRED_PARSER_DEPTH();
    bool pushed = false;
    if (AcceptKw("WITH")) {
      if (AcceptKw("RECURSIVE")) return UnsupportedAt("WITH RECURSIVE");
      ctes_.emplace_back();
      pushed = true;
      do {
        ASSIGN_OR_RETURN(std::string name, ParseIdentifier());
        std::vector<std::string> cols;
        if (AcceptOp("(")) {
          ASSIGN_OR_RETURN(cols, ParseIdentifierList());
        }
        RETURN_IF_ERROR(ExpectKw("AS"));
        RETURN_IF_ERROR(ExpectOp("("));
        ASSIGN_OR_RETURN(PlanPtr q, ParseQuery());
        RETURN_IF_ERROR(ExpectOp(")"));
        if (!cols.empty()) q = ToDF(q, cols);
        ctes_.back()[ToLower(name)] = q;
      } while (AcceptOp(","));
    }
    auto result = ParseQueryBody();
    if (pushed) ctes_.pop_back();
    return result;
  }

  // Identifiers up to ')' (the '(' already read).
  Result<std::vector<std::string>> ParseIdentifierList() {
    std::vector<std::string> out;
    do {
      ASSIGN_OR_RETURN(std::string n, ParseIdentifier());
      out.push_back(n);
    } while (AcceptOp(","));
    RETURN_IF_ERROR(ExpectOp(")"));
    return out;
  }

  Result<PlanPtr> ParseQueryBody() {
    ASSIGN_OR_RETURN(QueryTerm term, ParseSetOperations());
    std::vector<ExprPtr> order;
    if (AcceptKw("ORDER") || AcceptKw("SORT")) {
      RETURN_IF_ERROR(ExpectKw("BY"));
      ASSIGN_OR_RETURN(order, ParseSortList());
    }
    PlanPtr plan;
    if (term.select) {
      term.select->order_by = std::move(order);
      ASSIGN_OR_RETURN(plan, BuildSelect(*term.select));
    } else {
      plan = term.plan;
      if (!order.empty()) {
        for (const auto& o : order) {
          if (o->children[0]->kind == ExprKind::kLiteral && o->children[0]->value.type.is_integer())
            return UnsupportedAt("ORDER BY a position after a set operation");
        }
        plan = Sort(plan, std::move(order));
      }
    }
    std::optional<int64_t> limit, offset;
    if (AcceptKw("LIMIT")) {
      if (!AcceptKw("ALL")) {
        ASSIGN_OR_RETURN(int64_t n, ParseCount("LIMIT"));
        limit = n;
      }
    }
    if (AcceptKw("OFFSET")) {
      ASSIGN_OR_RETURN(int64_t n, ParseCount("OFFSET"));
      offset = n;
    }
    // Spark skips OFFSET rows first, then takes LIMIT rows.
    if (offset) plan = Offset(plan, *offset);
    if (limit) plan = Limit(plan, *limit);
    return plan;
  }

  // The integer of LIMIT / OFFSET (a literal, possibly negative: the analyzer reports that).
  Result<int64_t> ParseCount(const char* clause) {
    size_t at = Peek().offset;
    ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
    if (e->kind != ExprKind::kLiteral || !e->value.type.is_integer() || e->value.is_null()) {
      return ParseError(sql_, at, "INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE", "42K0E",
                        {{"name", ToLower(clause)}, {"expr", "\"" + e->DebugString() + "\""}},
                        std::string("The ") + ToLower(clause) +
                            " like expression must be an integer literal.");
    }
    return e->value.as_int();
  }

  static QueryTerm Finished(PlanPtr p) { return QueryTerm{std::move(p), std::nullopt}; }

  Result<PlanPtr> Finish(QueryTerm t) {
    if (t.select) return BuildSelect(*t.select);
    return t.plan;
  }

  // UNION / EXCEPT / MINUS (left-associative) over INTERSECT chains, which bind tighter.
  Result<QueryTerm> ParseSetOperations() {
    ASSIGN_OR_RETURN(QueryTerm left, ParseIntersections());
    int chain = 0;
    while (IsKw("UNION") || IsKw("EXCEPT") || IsKw("MINUS")) {
      if (++chain + depth_ > kMaxDepth) return DepthError();
      SetOpKind kind = IsKw("UNION") ? SetOpKind::kUnion : SetOpKind::kExcept;
      ++pos_;
      bool all = false;
      if (AcceptKw("ALL")) all = true;
      else AcceptKw("DISTINCT");
      ASSIGN_OR_RETURN(QueryTerm right, ParseIntersections());
      ASSIGN_OR_RETURN(PlanPtr l, Finish(std::move(left)));
      ASSIGN_OR_RETURN(PlanPtr r, Finish(std::move(right)));
      left = Finished(SetOperation(l, r, kind, all));
    }
    return left;
  }

  Result<QueryTerm> ParseIntersections() {
    ASSIGN_OR_RETURN(QueryTerm left, ParseQueryPrimary());
    int chain = 0;
    while (AcceptKw("INTERSECT")) {
      if (++chain + depth_ > kMaxDepth) return DepthError();
      bool all = false;
      if (AcceptKw("ALL")) all = true;
      else AcceptKw("DISTINCT");
      ASSIGN_OR_RETURN(QueryTerm right, ParseQueryPrimary());
      ASSIGN_OR_RETURN(PlanPtr l, Finish(std::move(left)));
      ASSIGN_OR_RETURN(PlanPtr r, Finish(std::move(right)));
      left = Finished(SetOperation(l, r, SetOpKind::kIntersect, all));
    }
    return left;
  }

  Result<QueryTerm> ParseQueryPrimary() {
    KINDRED_PARSER_DEPTH();
    if (IsKw("SELECT")) {
      ASSIGN_OR_RETURN(SelectSpec s, ParseSelect());
      return QueryTerm{nullptr, std::move(s)};
    }
    if (AcceptKw("VALUES")) {
      ASSIGN_OR_RETURN(PlanPtr p, ParseValues());
      return Finished(p);
    }
    if (AcceptKw("TABLE")) {
      ASSIGN_OR_RETURN(PlanPtr p, ParseTableName());
      return Finished(p);
    }
    if (AcceptOp("(")) {
      ASSIGN_OR_RETURN(PlanPtr p, ParseQuery());
      RETURN_IF_ERROR(ExpectOp(")"));
      return Finished(p);
    }
    if (IsKw("FROM")) return UnsupportedAt("FROM-first queries");
    return Error();
  }

  // VALUES (1, 'a'), (2, 'b'): columns col1, col2, ... (the keyword already read).
  Result<PlanPtr> ParseValues() {
    std::vector<PlanPtr> rows;
    size_t width = 0;
    do {
      std::vector<ExprPtr> items;
      size_t at = Peek().offset;
      if (AcceptOp("(")) {
        do {
          ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
          items.push_back(Alias(e, "col" + std::to_string(items.size() + 1)));
        } while (AcceptOp(","));
        RETURN_IF_ERROR(ExpectOp(")"));
      } else {
        ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
        items.push_back(Alias(e, "col1"));
      }
      if (rows.empty()) width = items.size();
      if (items.size() != width) {
        return ParseError(sql_, at, "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH", "42000",
                          {{"expectedNumCols", std::to_string(width)},
                           {"actualNumCols", std::to_string(items.size())},
                           {"rowIndex", std::to_string(rows.size())}},
                          "Invalid inline table. Inline table expected " + std::to_string(width) +
                              " columns but found " + std::to_string(items.size()) +
                              " columns in row " + std::to_string(rows.size()) + ".");
      }
      rows.push_back(Project(Range(0, 1), std::move(items)));
    } while (AcceptOp(","));
    // A balanced union keeps the plan shallow for long VALUES lists.
    while (rows.size() > 1) {
      std::vector<PlanPtr> next;
      for (size_t i = 0; i + 1 < rows.size(); i += 2)
        next.push_back(SetOperation(rows[i], rows[i + 1], SetOpKind::kUnion, true));
      if (rows.size() % 2) next.push_back(rows.back());
      rows = std::move(next);
    }
    return rows[0];
  }

  Result<SelectSpec> ParseSelect() {
    SelectSpec s;
    RETURN_IF_ERROR(ExpectKw("SELECT"));
    if (AcceptKw("DISTINCT")) s.distinct = true;
    else AcceptKw("ALL");
    do {
      ASSIGN_OR_RETURN(ExprPtr e, ParseNamedExpression());
      s.items.push_back(e);
    } while (AcceptOp(","));
    if (AcceptKw("FROM")) {
      ASSIGN_OR_RETURN(s.from, ParseFrom());
    }
    if (IsKw("LATERAL")) return UnsupportedAt("LATERAL VIEW");
    if (AcceptKw("WHERE")) {
      ASSIGN_OR_RETURN(s.where, ParseExpression());
    }
    if (AcceptKw("GROUP")) {
      RETURN_IF_ERROR(ExpectKw("BY"));
      s.has_group_by = true;
      if (IsKw("GROUPING") && IsKw("SETS", 1)) return UnsupportedAt("GROUPING SETS");
      if ((IsKw("ROLLUP") || IsKw("CUBE")) && IsOp("(", 1)) {
        s.group_type = IsKw("ROLLUP") ? GroupType::kRollup : GroupType::kCube;
        pos_ += 2;
        do {
          ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
          s.group_by.push_back(e);
        } while (AcceptOp(","));
        RETURN_IF_ERROR(ExpectOp(")"));
      } else if (!IsKw("HAVING") && !IsKw("ORDER") && !IsKw("LIMIT") && !AtEnd()) {
        do {
          ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
          s.group_by.push_back(e);
        } while (AcceptOp(","));
        if (AcceptKw("WITH")) {
          if (AcceptKw("ROLLUP")) s.group_type = GroupType::kRollup;
          else if (AcceptKw("CUBE")) s.group_type = GroupType::kCube;
          else return Error();
        }
      } else {
        return Error();
      }
    }
    if (AcceptKw("HAVING")) {
      ASSIGN_OR_RETURN(s.having, ParseExpression());
    }
    if (IsKw("WINDOW")) return UnsupportedAt("the WINDOW clause");
    return s;
  }

  // FROM a, b JOIN c ON ...: comma-separated relations are inner joins without a condition.
  Result<PlanPtr> ParseFrom() {
    ASSIGN_OR_RETURN(PlanPtr left, ParseJoinedRelation());
    int chain = 0;
    while (AcceptOp(",")) {
      if (++chain + depth_ > kMaxDepth) return DepthError();
      ASSIGN_OR_RETURN(PlanPtr right, ParseJoinedRelation());
      left = Join(left, right, JoinType::kInner);
    }
    return left;
  }

  Result<PlanPtr> ParseJoinedRelation() {
    ASSIGN_OR_RETURN(PlanPtr left, ParseRelationPrimary());
    int chain = 0;
    while (true) {
      if (++chain + depth_ > kMaxDepth) return DepthError();
      JoinType type = JoinType::kInner;
      size_t save = pos_;
      if (IsKw("NATURAL")) return UnsupportedAt("NATURAL JOIN");
      if (AcceptKw("JOIN")) {
      } else if (AcceptKw("INNER")) {
        RETURN_IF_ERROR(ExpectKw("JOIN"));
      } else if (AcceptKw("CROSS")) {
        type = JoinType::kCross;
        RETURN_IF_ERROR(ExpectKw("JOIN"));
      } else if (AcceptKw("LEFT")) {
        if (AcceptKw("SEMI")) type = JoinType::kLeftSemi;
        else if (AcceptKw("ANTI")) type = JoinType::kLeftAnti;
        else {
          AcceptKw("OUTER");
          type = JoinType::kLeftOuter;
        }
        RETURN_IF_ERROR(ExpectKw("JOIN"));
      } else if (AcceptKw("RIGHT")) {
        AcceptKw("OUTER");
        type = JoinType::kRightOuter;
        RETURN_IF_ERROR(ExpectKw("JOIN"));
      } else if (AcceptKw("FULL")) {
        AcceptKw("OUTER");
        type = JoinType::kFullOuter;
        RETURN_IF_ERROR(ExpectKw("JOIN"));
      } else if (IsKw("SEMI") && IsKw("JOIN", 1)) {
        pos_ += 2;
        type = JoinType::kLeftSemi;
      } else if (IsKw("ANTI") && IsKw("JOIN", 1)) {
        pos_ += 2;
        type = JoinType::kLeftAnti;
      } else {
        pos_ = save;
        break;
      }
      if (IsKw("LATERAL")) return UnsupportedAt("LATERAL joins");
      ASSIGN_OR_RETURN(PlanPtr right, ParseRelationPrimary());
      ExprPtr cond;
      std::vector<std::string> using_cols;
      if (AcceptKw("ON")) {
        ASSIGN_OR_RETURN(cond, ParseExpression());
      } else if (AcceptKw("USING")) {
        RETURN_IF_ERROR(ExpectOp("("));
        ASSIGN_OR_RETURN(using_cols, ParseIdentifierList());
      }
      left = Join(left, right, type, cond, std::move(using_cols));
    }
    return left;
  }

  Result<PlanPtr> ParseTableName() {
    ASSIGN_OR_RETURN(std::string name, ParseIdentifier());
    std::vector<std::string> parts{name};
    while (IsOp(".") && Peek(1).kind == TokenKind::kIdent) {
      ++pos_;
      parts.push_back(toks_[pos_++].text);
    }
    if (parts.size() == 1) {
      for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
        auto f = it->find(ToLower(name));
        if (f != it->end()) return SubqueryAlias(f->second, name);
      }
    }
    return NamedTable(StrJoin(parts, "."));
  }

  Result<PlanPtr> ParseRelationPrimary() {
    KINDRED_PARSER_DEPTH();
    PlanPtr rel;
    if (AcceptOp("(")) {
      bool query = IsKw("SELECT") || IsKw("WITH") || IsKw("VALUES") || IsKw("TABLE") || IsOp("(");
      if (query) {
        ASSIGN_OR_RETURN(rel, ParseQuery());
      } else {
        ASSIGN_OR_RETURN(rel, ParseFrom());
      }
      RETURN_IF_ERROR(ExpectOp(")"));
    } else if (AcceptKw("VALUES")) {
      ASSIGN_OR_RETURN(rel, ParseValues());
    } else if (Peek().kind == TokenKind::kIdent && IsOp("(", 1)) {
      ASSIGN_OR_RETURN(rel, ParseTableFunction());
    } else {
      if (Peek().kind != TokenKind::kIdent ||
          (!Peek().quoted && NonExprWords().count(ToUpper(Peek().text))))
        return Error();
      ASSIGN_OR_RETURN(rel, ParseTableName());
    }
    if (IsKw("TABLESAMPLE")) return UnsupportedAt("TABLESAMPLE");
    // [AS] alias [(col, ...)]
    std::string alias;
    if (AcceptKw("AS")) {
      ASSIGN_OR_RETURN(alias, ParseIdentifier());
    } else if (AtImplicitAlias()) {
      alias = toks_[pos_++].text;
    }
    if (!alias.empty()) {
      if (AcceptOp("(")) {
        ASSIGN_OR_RETURN(std::vector<std::string> cols, ParseIdentifierList());
        rel = ToDF(rel, cols);
      }
      rel = SubqueryAlias(rel, alias);
    }
    return rel;
  }

  // range(end) / range(start, end [, step [, partitions]]) with integer literals.
  Result<PlanPtr> ParseTableFunction() {
    const Token& name_tok = Peek();
    std::string name = ToLower(name_tok.text);
    if (name != "range") return UnsupportedAt("the table-valued function " + name_tok.text);
    pos_ += 2;
    std::vector<int64_t> args;
    if (!IsOp(")")) {
      do {
        ASSIGN_OR_RETURN(ExprPtr e, ParseExpression());
        if (e->kind != ExprKind::kLiteral || !e->value.type.is_integer() || e->value.is_null())
          return InvalidArgument("range() takes integer literals, got ", e->DebugString());
        args.push_back(e->value.as_int());
      } while (AcceptOp(","));
    }
    RETURN_IF_ERROR(ExpectOp(")"));
    switch (args.size()) {
      case 1: return Range(0, args[0]);
      case 2: return Range(args[0], args[1]);
      case 3: return Range(args[0], args[1], args[2]);
      case 4: return Range(args[0], args[1], args[2], static_cast<int32_t>(args[3]));
      default:
        return InvalidArgument("range() takes 1 to 4 arguments, got ", args.size());
    }
  }

  // ---- Building a SELECT block ----
  // Replaces single-name references to select-list aliases by the aliased expressions (Spark
  // resolves HAVING and ORDER BY against the select list's aliases).
  static ExprPtr SubstituteAliases(const ExprPtr& e, const std::map<std::string, ExprPtr>& aliases) {
    if (e->kind == ExprKind::kUnresolvedAttribute && e->name_parts.size() == 1) {
      auto it = aliases.find(ToLower(e->name_parts[0]));
      if (it != aliases.end()) return it->second;
      return e;
    }
    bool changed = false;
    auto copy = std::make_shared<Expr>(*e);
    for (auto* list : {&copy->children, &copy->partition_by, &copy->order_by}) {
      for (auto& c : *list) {
        ExprPtr x = SubstituteAliases(c, aliases);
        if (x != c) {
          c = x;
          changed = true;
        }
      }
    }
    return changed ? ExprPtr(copy) : e;
  }

  // An integer literal in GROUP BY / ORDER BY is a 1-based position in the select list.
  Result<std::optional<size_t>> Ordinal(const ExprPtr& e, const SelectSpec& s) {
    if (e->kind != ExprKind::kLiteral || !e->value.type.is_integer() || e->value.is_null())
      return std::optional<size_t>();
    int64_t k = e->value.as_int();
    if (k < 1 || k > static_cast<int64_t>(s.items.size()) ||
        s.items[k - 1]->kind == ExprKind::kUnresolvedStar) {
      return ParseError(sql_, 0, "ORDER_BY_POS_OUT_OF_RANGE", "42805",
                        {{"index", std::to_string(k)}, {"size", std::to_string(s.items.size())}},
                        "Position " + std::to_string(k) + " is not in the select list (valid range is [1, " +
                            std::to_string(s.items.size()) + "]).");
    }
    return std::optional<size_t>(static_cast<size_t>(k - 1));
  }

  Result<PlanPtr> BuildSelect(const SelectSpec& s) {
    // SELECT without FROM reads one row with no useful columns.
    PlanPtr plan = s.from ? s.from : Range(0, 1);
    if (s.where) plan = Filter(plan, s.where);
    bool has_agg = s.has_group_by || s.having != nullptr;
    for (const auto& e : s.items) has_agg = has_agg || ContainsAggregateCall(*e);

    if (!has_agg) {
      plan = Project(plan, s.items);
      if (s.distinct) plan = Deduplicate(plan);
      if (!s.order_by.empty()) {
        std::vector<ExprPtr> orders;
        for (const auto& o : s.order_by) {
          ASSIGN_OR_RETURN(auto ord, Ordinal(o->children[0], s));
          if (!ord) {
            orders.push_back(o);
            continue;
          }
          const ExprPtr& item = s.items[*ord];
          ExprPtr key = item->kind == ExprKind::kAlias ? UnresolvedAttribute({item->name}) : item;
          orders.push_back(SortOrder(key, o->ascending, o->nulls_first));
        }
        plan = Sort(plan, std::move(orders));
      }
      return plan;
    }

    std::map<std::string, ExprPtr> aliases;
    for (const auto& e : s.items)
      if (e->kind == ExprKind::kAlias) aliases[ToLower(e->name)] = e->children[0];

    // Grouping expressions get hidden names so the aggregate's leading group columns can be
    // dropped by name; select items that are plain columns keep their names through an alias.
    std::vector<ExprPtr> groups;
    std::vector<std::string> hidden;
    for (size_t i = 0; i < s.group_by.size(); ++i) {
      ExprPtr g = s.group_by[i];
      ASSIGN_OR_RETURN(auto ord, Ordinal(g, s));
      if (ord) {
        g = StripAlias(s.items[*ord]);
        if (ContainsAggregateCall(*g)) {
          return ParseError(sql_, 0, "GROUP_BY_POS_AGGREGATE", "42903",
                            {{"index", std::to_string(*ord + 1)}, {"aggExpr", g->DebugString()}},
                            "GROUP BY " + std::to_string(*ord + 1) +
                                " refers to an expression that contains an aggregate function.");
        }
      }
      std::string name = kGroupPrefix + std::to_string(i);
      groups.push_back(Alias(g, name));
      hidden.push_back(name);
    }
    std::vector<ExprPtr> aggs;
    for (const auto& e : s.items) {
      if (e->kind == ExprKind::kUnresolvedAttribute) aggs.push_back(Alias(e, e->name_parts.back()));
      else aggs.push_back(e);
    }
    if (s.having) {
      aggs.push_back(Alias(SubstituteAliases(s.having, aliases), kHavingName));
      hidden.push_back(kHavingName);
    }
    std::vector<ExprPtr> orders;
    std::vector<std::string> order_names;
    for (size_t i = 0; i < s.order_by.size(); ++i) {
      const ExprPtr& o = s.order_by[i];
      ExprPtr key = o->children[0];
      ASSIGN_OR_RETURN(auto ord, Ordinal(key, s));
      if (ord) key = StripAlias(s.items[*ord]);
      else key = SubstituteAliases(key, aliases);
      std::string name = kOrderPrefix + std::to_string(i);
      aggs.push_back(Alias(key, name));
      order_names.push_back(name);
      orders.push_back(SortOrder(UnresolvedAttribute({name}), o->ascending, o->nulls_first));
    }
    plan = Aggregate(plan, std::move(groups), std::move(aggs), s.group_type);
    if (s.having) plan = Filter(plan, UnresolvedAttribute({kHavingName}));
    if (!hidden.empty()) plan = Drop(plan, {}, hidden);
    if (s.distinct) plan = Deduplicate(plan);
    if (!orders.empty()) {
      plan = Sort(plan, std::move(orders));
      plan = Drop(plan, {}, order_names);
    }
    return plan;
  }

#undef KINDRED_PARSER_DEPTH

  int depth_ = 0;
  std::vector<std::map<std::string, PlanPtr>> ctes_;  // innermost WITH last; lower-case names
};

}  // namespace

Result<ExprPtr> ParseSqlExpression(const std::string& text) {
  Parser p(text);
  RETURN_IF_ERROR(p.Init());
  return p.ParseSingleExpression();
}

Result<PlanPtr> ParseSqlQuery(const std::string& text) {
  Parser p(text);
  RETURN_IF_ERROR(p.Init());
  return p.ParseStatement();
}

Result<PlanPtr> ParseSqlQueryAt(const std::string& text, size_t offset) {
  Parser p(text);
  RETURN_IF_ERROR(p.Init());
  return p.ParseQueryFrom(offset);
}

void RegisterSparkSqlParser() { RegisterSqlParser(ParseSqlExpression, ParseSqlQuery); }

}  // namespace kindred::sql
