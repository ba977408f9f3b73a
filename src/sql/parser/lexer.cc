#include "sql/parser/lexer.h"

#include <cctype>

#include "common/strings.h"

namespace kindred::sql::parser {

namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// The text of the token starting at `i`, for error messages (Spark quotes the offending token).
std::string NearText(const std::string& sql, size_t i) {
  size_t j = i;
  if (j < sql.size() && IsIdentChar(static_cast<unsigned char>(sql[j]))) {
    while (j < sql.size() && IsIdentChar(static_cast<unsigned char>(sql[j]))) ++j;
  } else if (j < sql.size()) {
    ++j;
  }
  return sql.substr(i, j - i);
}

}  // namespace

Status ParseError(const std::string& sql, size_t offset, const std::string& error_class,
                  const std::string& sql_state, std::map<std::string, std::string> params,
                  const std::string& text) {
  if (offset > sql.size()) offset = sql.size();
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (sql[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  size_t pos = offset - line_start;
  std::string msg = "[" + error_class + "] " + text + " SQLSTATE: " + sql_state + " (line " +
                    std::to_string(line) + ", pos " + std::to_string(pos) + ")\n\n== SQL ==\n";
  // The offending line, a marker under the position, then the rest (as Spark prints it).
  size_t line_end = sql.find('\n', line_start);
  if (line_end == std::string::npos) line_end = sql.size();
  msg += sql.substr(0, line_end) + "\n" + std::string(pos, '-') + "^^^\n";
  if (line_end < sql.size()) msg += sql.substr(line_end + 1) + "\n";
  ErrorDetails d;
  d.error_class = error_class;
  d.sql_state = sql_state;
  d.message_parameters = std::move(params);
  d.exception_classes = {"org.apache.spark.sql.catalyst.parser.ParseException"};
  return Status(StatusCode::kInvalidArgument, msg).WithDetails(std::move(d));
}

Status SyntaxError(const std::string& sql, size_t offset, const std::string& near, bool at_end) {
  std::string error = at_end ? "end of input" : "'" + near + "'";
  return ParseError(sql, offset, "PARSE_SYNTAX_ERROR", "42601", {{"error", error}, {"hint", ""}},
                    "Syntax error at or near " + error + ".");
}

Result<std::vector<Token>> Tokenize(const std::string& sql) {
  std::vector<Token> out;
  size_t i = 0, n = sql.size();
  auto at = [&](size_t k) -> char { return k < n ? sql[k] : '\0'; };
  while (true) {
    // Whitespace and comments.
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(sql[i]);
      if (std::isspace(c)) {
        ++i;
      } else if (c == '-' && at(i + 1) == '-') {
        while (i < n && sql[i] != '\n') ++i;
      } else if (c == '/' && at(i + 1) == '*') {
        size_t start = i;
        // Spark allows nested bracketed comments.
        int depth = 0;
        while (i < n) {
          if (sql[i] == '/' && at(i + 1) == '*') {
            ++depth;
            i += 2;
          } else if (sql[i] == '*' && at(i + 1) == '/') {
            i += 2;
            if (--depth == 0) break;
          } else {
            ++i;
          }
        }
        if (depth != 0) return SyntaxError(sql, start, "/*", false);
      } else {
        break;
      }
    }
    Token t;
    t.offset = i;
    if (i >= n) {
      t.kind = TokenKind::kEnd;
      t.end = n;
      out.push_back(t);
      return out;
    }
    unsigned char c = static_cast<unsigned char>(sql[i]);
    if (IsIdentStart(c)) {
      size_t j = i;
      while (j < n && IsIdentChar(static_cast<unsigned char>(sql[j]))) ++j;
      t.kind = TokenKind::kIdent;
      t.text = sql.substr(i, j - i);
      i = j;
    } else if (c == '`') {
      std::string name;
      size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        if (sql[j] == '`') {
          if (at(j + 1) == '`') {  // `` inside a quoted name is one backquote
            name += '`';
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        name += sql[j++];
      }
      if (!closed) return SyntaxError(sql, i, "`", false);
      t.kind = TokenKind::kIdent;
      t.quoted = true;
      t.text = name;
      i = j;
    } else if (c == '\'' || c == '"') {
      char q = static_cast<char>(c);
      std::string v;
      size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        char ch = sql[j];
        if (ch == q) {
          closed = true;
          ++j;
          break;
        }
        if (ch == '\\' && j + 1 < n) {
          char e = sql[j + 1];
          j += 2;
          switch (e) {
            case '0': v += '\0'; break;
            case 'b': v += '\b'; break;
            case 'n': v += '\n'; break;
            case 'r': v += '\r'; break;
            case 't': v += '\t'; break;
            case 'Z': v += '\x1A'; break;
            case '%': v += "\\%"; break;  // kept escaped for LIKE, as Spark does
            case '_': v += "\\_"; break;
            case 'u': {
              uint32_t cp = 0;
              bool ok = j + 4 <= n;
              for (size_t k = 0; ok && k < 4; ++k) {
                char h = sql[j + k];
                if (!std::isxdigit(static_cast<unsigned char>(h))) ok = false;
                else cp = cp * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
              }
              if (ok) {
                AppendUtf8(cp, &v);
                j += 4;
              } else {
                v += 'u';
              }
              break;
            }
            default: v += e; break;
          }
          continue;
        }
        v += ch;
        ++j;
      }
      if (!closed) return SyntaxError(sql, i, std::string(1, q), false);
      t.kind = TokenKind::kString;
      t.text = v;
      i = j;
    } else if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(at(i + 1))))) {
      size_t j = i;
      while (j < n && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      if (at(j) == '.' && !IsIdentStart(static_cast<unsigned char>(at(j + 1)))) {
        ++j;
        while (j < n && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      } else if (at(j) == '.' && (at(j + 1) == 'e' || at(j + 1) == 'E')) {
        ++j;  // "1.e3"
      }
      if ((at(j) == 'e' || at(j) == 'E') &&
          (std::isdigit(static_cast<unsigned char>(at(j + 1))) ||
           ((at(j + 1) == '+' || at(j + 1) == '-') && std::isdigit(static_cast<unsigned char>(at(j + 2)))))) {
        j += 2;
        while (j < n && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      }
      // Type suffixes: 10L, 10S, 10Y, 1.5D, 1.5F, 1.5BD.
      char s = static_cast<char>(std::toupper(static_cast<unsigned char>(at(j))));
      if (s == 'B' && std::toupper(static_cast<unsigned char>(at(j + 1))) == 'D' &&
          !IsIdentChar(static_cast<unsigned char>(at(j + 2)))) {
        j += 2;
      } else if ((s == 'L' || s == 'S' || s == 'Y' || s == 'D' || s == 'F') &&
                 !IsIdentChar(static_cast<unsigned char>(at(j + 1)))) {
        ++j;
      }
      if (IsIdentChar(static_cast<unsigned char>(at(j)))) {
        // "1abc": Spark reads digits-then-letters as an identifier.
        while (j < n && IsIdentChar(static_cast<unsigned char>(sql[j]))) ++j;
        t.kind = TokenKind::kIdent;
      } else {
        t.kind = TokenKind::kNumber;
      }
      t.text = sql.substr(i, j - i);
      i = j;
    } else {
      static const char* kOps[] = {"<=>", "==", "<>", "!=", "<=", ">=", "||", "::", "->", "(", ")",
                                   ",", ".", ";", "*", "+", "-", "/", "%", "=", "<", ">", "[",
                                   "]", "&", "|", "^", "~", ":", "!", "{", "}"};
      bool found = false;
      for (const char* op : kOps) {
        size_t len = std::char_traits<char>::length(op);
        if (sql.compare(i, len, op) == 0) {
          t.kind = TokenKind::kOp;
          t.text = op;
          i += len;
          found = true;
          break;
        }
      }
      if (!found) return SyntaxError(sql, i, NearText(sql, i), false);
    }
    t.end = i;
    out.push_back(std::move(t));
  }
}

}  // namespace kindred::sql::parser
