#include "sql/parser/statement.h"

#include <cctype>
#include <set>

#include "sql/parser/lexer.h"
#include "sql/parser/parser.h"

namespace kindred::sql {

namespace {

using parser::ParseError;
using parser::SyntaxError;
using parser::Token;
using parser::TokenKind;

const std::set<std::string>& StatementKeywords() {
  static const std::set<std::string> kWords = {
      "SHOW", "CREATE", "DROP", "DESCRIBE", "DESC", "EXPLAIN", "INSERT", "CACHE", "UNCACHE",
      "SET", "RESET", "USE", "ALTER", "REFRESH", "ANALYZE", "MSCK", "TRUNCATE", "DELETE",
      "UPDATE", "MERGE", "REPLACE", "LOAD", "ADD", "LIST", "CLEAR", "COMMENT", "GRANT",
      "REVOKE", "DECLARE", "EXECUTE", "CALL"};
  return kWords;
}

// Spark's SET grammar takes the key as raw text: letters, digits, '_', '.', ':' (other keys
// must be backquoted).
bool IsConfigKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':';
}

class StatementParser : public parser::TokenCursor {
 public:
  explicit StatementParser(const std::string& sql) : TokenCursor(sql) {}
  using TokenCursor::Init;

  Result<SqlStatement> Parse() {
    if (Peek().kind != TokenKind::kIdent || Peek().quoted ||
        !IsStatementKeyword(Peek().text)) {
      return Query(SqlStatementKind::kQuery, 0);
    }
    std::string w = ToUpper(Peek().text);
    if (w == "CREATE") return ParseCreate();
    if (w == "DROP") return ParseDrop();
    if (w == "SHOW") return ParseShow();
    if (w == "CACHE") return ParseCache();
    if (w == "UNCACHE") return ParseUncache();
    if (w == "CLEAR" && IsKw("CACHE", 1)) {
      pos_ += 2;
      return Finish(Stmt(SqlStatementKind::kClearCache));
    }
    if (w == "SET") return ParseSet();
    if (w == "RESET") return ParseReset();
    if (w == "DESC" || w == "DESCRIBE") return ParseDescribe();
    if (w == "USE") return ParseUse();
    return NotSupported();
  }

 private:
  // Spark's error for a temporary view name with a database or catalog part.
  Status TooManyNameParts(const std::vector<std::string>& name, size_t offset) const {
    std::string actual;
    for (const auto& p : name) actual += (actual.empty() ? "`" : ".`") + p + "`";
    return ParseError(sql_, offset, "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS", "428EK",
                      {{"actualName", actual}},
                      "CREATE TEMPORARY VIEW or the corresponding Dataset APIs only accept "
                      "single-part view names, but got: " + actual + ".");
  }

  SqlStatement Stmt(SqlStatementKind kind) const {
    SqlStatement s;
    s.kind = kind;
    return s;
  }
  // `s` when only an optional ';' is left; a syntax error at the first extra token otherwise.
  Result<SqlStatement> Finish(SqlStatement s) {
    AcceptOp(";");
    if (!AtEnd()) return Error();
    return s;
  }
  // The query from token `pos_ + skip` to the end, parsed by the query parser.
  Result<SqlStatement> Query(SqlStatementKind kind, size_t skip, SqlStatement s = {}) {
    s.kind = kind;
    ASSIGN_OR_RETURN(s.query, ParseSqlQueryAt(sql_, Peek(skip).offset));
    return s;
  }

  // A multi-part name: ident ('.' ident)*.
  Result<std::vector<std::string>> ParseName() {
    std::vector<std::string> parts;
    do {
      if (Peek().kind != TokenKind::kIdent) return Error();
      parts.push_back(toks_[pos_++].text);
    } while (AcceptOp("."));
    return parts;
  }

  // Skips a parenthesized list (OPTIONS (...), TBLPROPERTIES (...)) whose contents do not
  // change the result.
  Status SkipParenthesized() {
    if (!AcceptOp("(")) return Error();
    for (int depth = 1; depth > 0; ++pos_) {
      if (AtEnd()) return Error();
      if (IsOp("(")) ++depth;
      if (IsOp(")")) --depth;
    }
    return OkStatus();
  }

  // Unimplemented naming the statement by its leading words ("CREATE TABLE").
  Status NotSupported() const {
    std::string name = ToUpper(Peek().text);
    static const std::set<std::string> kNameWords = {
        "OR", "REPLACE", "TEMP", "TEMPORARY", "GLOBAL", "VIEW", "VIEWS", "TABLE", "TABLES",
        "DATABASE", "DATABASES", "SCHEMA", "SCHEMAS", "FUNCTION", "FUNCTIONS", "COLUMNS",
        "IF", "EXISTS", "NOT", "INTO", "OVERWRITE", "EXTENDED", "CATALOGS", "PARTITIONS",
        "CREATE", "TBLPROPERTIES", "LAZY", "EXTERNAL", "FORMATTED", "QUERY", "CATALOG",
        "NAMESPACE", "NAMESPACES", "CACHE"};
    for (size_t k = 1; k < 6; ++k) {
      const Token& t = Peek(k);
      if (t.kind != TokenKind::kIdent || t.quoted || !kNameWords.count(ToUpper(t.text))) break;
      name += " " + ToUpper(t.text);
    }
    return Unimplemented("the SQL statement ", name,
                         " is not supported; spark.sql runs queries and the statements CREATE "
                         "TEMPORARY VIEW, DROP VIEW, SHOW TABLES, SHOW VIEWS, CACHE TABLE, "
                         "UNCACHE TABLE, CLEAR CACHE, SET, RESET, DESCRIBE and USE");
  }

  // ---- Statements ----
  Result<SqlStatement> ParseCreate() {
    size_t start = Peek().offset;
    ++pos_;  // CREATE
    SqlStatement s = Stmt(SqlStatementKind::kCreateTempView);
    if (IsKw("OR") && IsKw("REPLACE", 1)) {
      pos_ += 2;
      s.replace = true;
    }
    if (AcceptKw("GLOBAL")) s.global = true;
    bool temporary = AcceptKw("TEMPORARY") || AcceptKw("TEMP");
    if (!temporary || !IsKw("VIEW")) {
      pos_ = 0;
      return NotSupported();
    }
    ++pos_;  // VIEW
    bool if_not_exists = false;
    if (IsKw("IF")) {
      pos_++;
      RETURN_IF_ERROR(ExpectKw("NOT"));
      RETURN_IF_ERROR(ExpectKw("EXISTS"));
      if_not_exists = true;
    }
    size_t name_offset = Peek().offset;
    ASSIGN_OR_RETURN(s.name, ParseName());
    // Spark's checks, in its order: both IF NOT EXISTS and REPLACE, then IF NOT EXISTS on a
    // temporary view (refused like CREATE TEMPORARY TABLE), then a qualified name.
    if (if_not_exists && s.replace) {
      return ParseError(sql_, start, "_LEGACY_ERROR_TEMP_0052", "42000", {},
                        "CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed.");
    }
    if (if_not_exists) {
      return ParseError(sql_, start, "_LEGACY_ERROR_TEMP_0053", "42000", {},
                        "It is not allowed to define a TEMPORARY view with IF NOT EXISTS.");
    }
    if (s.name.size() > 1) {
      return TooManyNameParts(s.name, name_offset);
    }
    if (AcceptOp("(")) {
      do {
        if (Peek().kind != TokenKind::kIdent) return Error();
        s.columns.push_back(toks_[pos_++].text);
        if (AcceptKw("COMMENT")) {
          if (Peek().kind != TokenKind::kString) return Error();
          ++pos_;
        }
      } while (AcceptOp(","));
      if (!AcceptOp(")")) return Error();
    }
    while (!IsKw("AS")) {
      if (AcceptKw("COMMENT")) {
        if (Peek().kind != TokenKind::kString) return Error();
        ++pos_;
      } else if (AcceptKw("TBLPROPERTIES")) {
        RETURN_IF_ERROR(SkipParenthesized());
      } else if (IsKw("USING")) {
        return Unimplemented("the SQL statement CREATE TEMPORARY VIEW ... USING (a view over a "
                             "data source) is not supported; read the data with spark.read and "
                             "use createOrReplaceTempView");
      } else {
        return Error();
      }
    }
    ++pos_;  // AS
    return Query(SqlStatementKind::kCreateTempView, 0, std::move(s));
  }

  Result<SqlStatement> ParseDrop() {
    if (!IsKw("VIEW", 1) && !IsKw("TABLE", 1)) return NotSupported();
    pos_ += 2;
    SqlStatement s = Stmt(SqlStatementKind::kDropView);
    if (AcceptKw("IF")) {
      RETURN_IF_ERROR(ExpectKw("EXISTS"));
      s.if_exists = true;
    }
    ASSIGN_OR_RETURN(s.name, ParseName());
    AcceptKw("PURGE");  // DROP TABLE ... PURGE: nothing is kept to purge
    return Finish(std::move(s));
  }

  Result<SqlStatement> ParseShow() {
    SqlStatement s;
    if (IsKw("TABLES", 1)) {
      s.kind = SqlStatementKind::kShowTables;
    } else if (IsKw("VIEWS", 1)) {
      s.kind = SqlStatementKind::kShowViews;
    } else {
      return NotSupported();
    }
    if (IsKw("EXTENDED", 2)) return NotSupported();
    pos_ += 2;
    if (AcceptKw("IN") || AcceptKw("FROM")) {
      ASSIGN_OR_RETURN(s.name, ParseName());
    }
    if (AcceptKw("LIKE") && Peek().kind != TokenKind::kString) return Error();
    if (Peek().kind == TokenKind::kString) s.pattern = toks_[pos_++].text;
    return Finish(std::move(s));
  }

  Result<SqlStatement> ParseCache() {
    ++pos_;  // CACHE
    SqlStatement s = Stmt(SqlStatementKind::kCacheTable);
    if (AcceptKw("LAZY")) s.lazy = true;
    RETURN_IF_ERROR(ExpectKw("TABLE"));
    size_t name_offset = Peek().offset;
    ASSIGN_OR_RETURN(s.name, ParseName());
    // OPTIONS ('storageLevel' 'DISK_ONLY'): results are kept in memory whatever the level.
    if (AcceptKw("OPTIONS")) RETURN_IF_ERROR(SkipParenthesized());
    AcceptOp(";");
    if (AtEnd()) return s;
    AcceptKw("AS");
    if (s.name.size() > 1) {
      // CACHE TABLE ... AS query creates a temporary view, so Spark refuses the prefix.
      return TooManyNameParts(s.name, name_offset);
    }
    return Query(SqlStatementKind::kCacheTable, 0, std::move(s));
  }

  Result<SqlStatement> ParseUncache() {
    ++pos_;  // UNCACHE
    RETURN_IF_ERROR(ExpectKw("TABLE"));
    SqlStatement s = Stmt(SqlStatementKind::kUncacheTable);
    if (AcceptKw("IF")) {
      RETURN_IF_ERROR(ExpectKw("EXISTS"));
      s.if_exists = true;
    }
    ASSIGN_OR_RETURN(s.name, ParseName());
    return Finish(std::move(s));
  }

  // The raw text after the current token (Spark parses SET / RESET arguments as text: keys
  // such as spark.sql.shuffle.partitions and values such as 4m are not SQL tokens), without
  // trailing ';' and blanks. `*offset` is set to where the text starts.
  std::string RestAfterKeyword(size_t* offset) const {
    size_t begin = Peek().end;
    size_t end = sql_.size();
    while (end > begin && (std::isspace(static_cast<unsigned char>(sql_[end - 1])) ||
                           sql_[end - 1] == ';')) {
      --end;
    }
    while (begin < end && std::isspace(static_cast<unsigned char>(sql_[begin]))) ++begin;
    *offset = begin;
    return sql_.substr(begin, end - begin);
  }

  // A configuration key at rest[*i]: `quoted` or letters, digits, '_', '.', ':'.
  Result<std::string> ReadConfigKey(const std::string& rest, size_t base, size_t* i) {
    std::string key;
    if (*i < rest.size() && rest[*i] == '`') {
      size_t j = *i + 1;
      while (true) {
        if (j >= rest.size()) return SyntaxError(sql_, base + *i, "`", false);
        if (rest[j] == '`') {
          if (j + 1 < rest.size() && rest[j + 1] == '`') {
            key += '`';
            j += 2;
            continue;
          }
          break;
        }
        key += rest[j++];
      }
      *i = j + 1;
      return key;
    }
    while (*i < rest.size() && IsConfigKeyChar(rest[*i])) key += rest[(*i)++];
    return key;
  }

  Status InvalidKey(const std::string& rest, size_t base) const {
    std::string key(Trim(rest.substr(0, rest.find('='))));
    std::string value =
        rest.find('=') == std::string::npos ? "" : std::string(Trim(rest.substr(rest.find('=') + 1)));
    return ParseError(sql_, base, "INVALID_PROPERTY_KEY", "42602",
                      {{"key", "\"" + key + "\""}, {"value", "\"" + value + "\""}},
                      "\"" + key + "\" is an invalid property key, please use quotes, e.g. SET \"" +
                          key + "\"=\"" + value + "\".");
  }

  Result<SqlStatement> ParseSet() {
    SqlStatement s = Stmt(SqlStatementKind::kSet);
    if (IsKw("TIME", 1) && IsKw("ZONE", 2)) {
      pos_ += 3;
      s.key = "spark.sql.session.timeZone";
      if (Peek().kind == TokenKind::kString) {
        s.value = toks_[pos_++].text;
      } else if (AcceptKw("LOCAL")) {
        s.value = "UTC";  // the server's zone: Kindred servers run in UTC
      } else {
        return Error();
      }
      return Finish(std::move(s));
    }
    size_t base = 0;
    std::string rest = RestAfterKeyword(&base);
    if (rest.empty()) return s;  // SET: every key
    if (rest == "-v") return NotSupported();
    size_t i = 0;
    ASSIGN_OR_RETURN(s.key, ReadConfigKey(rest, base, &i));
    while (i < rest.size() && std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
    if (s.key.empty() || (i < rest.size() && rest[i] != '=')) return InvalidKey(rest, base);
    if (i == rest.size()) return s;  // SET key: show it
    std::string value(Trim(std::string_view(rest).substr(i + 1)));
    if (value.size() >= 2 && value.front() == '`' && value.back() == '`') {
      value = value.substr(1, value.size() - 2);
    }
    s.value = value;
    return s;
  }

  Result<SqlStatement> ParseReset() {
    SqlStatement s = Stmt(SqlStatementKind::kReset);
    size_t base = 0;
    std::string rest = RestAfterKeyword(&base);
    size_t i = 0;
    ASSIGN_OR_RETURN(s.key, ReadConfigKey(rest, base, &i));
    if (i != rest.size()) return InvalidKey(rest, base);
    return s;
  }

  Result<SqlStatement> ParseDescribe() {
    ++pos_;  // DESC / DESCRIBE
    if (IsKw("QUERY")) return Query(SqlStatementKind::kDescribeQuery, 1);
    static const std::set<std::string> kQueryStart = {"SELECT", "WITH", "VALUES", "FROM", "MAP",
                                                      "REDUCE"};
    if (IsOp("(") ||
        (Peek().kind == TokenKind::kIdent && !Peek().quoted &&
         kQueryStart.count(ToUpper(Peek().text)))) {
      return Query(SqlStatementKind::kDescribeQuery, 0);
    }
    for (const char* other : {"FUNCTION", "DATABASE", "SCHEMA", "NAMESPACE", "CATALOG",
                              "EXTENDED", "FORMATTED"}) {
      if (IsKw(other) || (IsKw("TABLE") && IsKw(other, 1))) {
        pos_ = 0;
        return NotSupported();
      }
    }
    AcceptKw("TABLE");
    SqlStatement s = Stmt(SqlStatementKind::kDescribeTable);
    ASSIGN_OR_RETURN(s.name, ParseName());
    AcceptOp(";");
    if (!AtEnd()) {
      return Unimplemented("DESCRIBE of a partition or a single column is not supported "
                           "(at position ", Peek().offset, " of the statement)");
    }
    return s;
  }

  Result<SqlStatement> ParseUse() {
    ++pos_;  // USE
    // USE NAMESPACE x; but "USE namespace" alone names a database called namespace.
    if ((IsKw("NAMESPACE") || IsKw("DATABASE") || IsKw("SCHEMA")) &&
        Peek(1).kind == TokenKind::kIdent) {
      ++pos_;
    }
    SqlStatement s = Stmt(SqlStatementKind::kUse);
    ASSIGN_OR_RETURN(s.name, ParseName());
    return Finish(std::move(s));
  }

};

}  // namespace

bool IsStatementKeyword(std::string_view word) {
  return StatementKeywords().count(ToUpper(word)) > 0;
}

const char* StatementName(SqlStatementKind kind) {
  switch (kind) {
    case SqlStatementKind::kQuery: return "query";
    case SqlStatementKind::kCreateTempView: return "CREATE TEMPORARY VIEW";
    case SqlStatementKind::kDropView: return "DROP VIEW";
    case SqlStatementKind::kShowTables: return "SHOW TABLES";
    case SqlStatementKind::kShowViews: return "SHOW VIEWS";
    case SqlStatementKind::kCacheTable: return "CACHE TABLE";
    case SqlStatementKind::kUncacheTable: return "UNCACHE TABLE";
    case SqlStatementKind::kClearCache: return "CLEAR CACHE";
    case SqlStatementKind::kSet: return "SET";
    case SqlStatementKind::kReset: return "RESET";
    case SqlStatementKind::kDescribeTable: return "DESCRIBE TABLE";
    case SqlStatementKind::kDescribeQuery: return "DESCRIBE QUERY";
    case SqlStatementKind::kUse: return "USE";
  }
  return "statement";
}

bool StartsWithStatement(const std::string& text) {
  auto tokens = parser::Tokenize(text);
  if (!tokens.ok() || tokens->empty()) return false;
  const Token& first = tokens->front();
  return first.kind == TokenKind::kIdent && !first.quoted && IsStatementKeyword(first.text);
}

Result<SqlStatement> ParseSqlStatement(const std::string& text) {
  StatementParser p(text);
  RETURN_IF_ERROR(p.Init());
  return p.Parse();
}

}  // namespace kindred::sql
