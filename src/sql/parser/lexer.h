// Tokenizer for Spark SQL text. Keywords are not distinguished from identifiers here: the parser
// decides by context (most Spark keywords are non-reserved). Stateless; safe to use from any thread.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/strings.h"

namespace kindred::sql::parser {

enum class TokenKind {
  kIdent,   // word or `backquoted` name (quoted = true); text is the name without quotes
  kString,  // 'text' or "text"; text is the value with escapes decoded
  kNumber,  // numeric literal as written, suffix included (1, 1.5, 1e3, 10L, 1.5BD)
  kOp,      // punctuation or operator: ( ) , . ; * + - / % = == <> != < <= > >= <=> || :: [ ] & | ^ ~ :
  kEnd,     // end of input
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  bool quoted = false;  // kIdent written in backquotes (never a keyword)
  size_t offset = 0;    // byte offset of the token in the input
  size_t end = 0;       // byte offset just past the token
};

// Splits `sql` into tokens ending with one kEnd token. Comments (-- ... and /* ... */) are
// skipped. On an unterminated string, comment or quoted name, or a stray character, returns the
// PARSE_SYNTAX_ERROR status (see SyntaxError) at that position.
Result<std::vector<Token>> Tokenize(const std::string& sql);

// Spark's ParseException: InvalidArgument with error class PARSE_SYNTAX_ERROR, SQL state 42601,
// parameters {"error": "'<near>'" (or "end of input" when at_end), "hint": ""}, and the message
// "[PARSE_SYNTAX_ERROR] Syntax error at or near '<near>'. SQLSTATE: 42601 (line L, pos P)"
// followed by the query text with a marker under the position.
Status SyntaxError(const std::string& sql, size_t offset, const std::string& near, bool at_end);

// A ParseException of another error class (same exception class and position suffix).
Status ParseError(const std::string& sql, size_t offset, const std::string& error_class,
                  const std::string& sql_state, std::map<std::string, std::string> params,
                  const std::string& text);

// A parser's position in the tokens of `sql` (which must outlive it), with the lookahead,
// keyword and operator tests of the query and statement parsers. Keywords match unquoted
// identifiers case-insensitively.
class TokenCursor {
 protected:
  explicit TokenCursor(const std::string& sql) : sql_(sql) {}

  Status Init() {
    ASSIGN_OR_RETURN(toks_, Tokenize(sql_));
    return OkStatus();
  }
  // The token `k` ahead (the kEnd token past the end).
  const Token& Peek(size_t k = 0) const { return toks_[std::min(pos_ + k, toks_.size() - 1)]; }
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }
  bool IsKw(const char* kw, size_t k = 0) const {
    const Token& t = Peek(k);
    return t.kind == TokenKind::kIdent && !t.quoted && EqualsIgnoreCase(t.text, kw);
  }
  bool AcceptKw(const char* kw) {
    if (!IsKw(kw)) return false;
    ++pos_;
    return true;
  }
  bool IsOp(const char* op, size_t k = 0) const {
    const Token& t = Peek(k);
    return t.kind == TokenKind::kOp && t.text == op;
  }
  bool AcceptOp(const char* op) {
    if (!IsOp(op)) return false;
    ++pos_;
    return true;
  }
  Status ExpectKw(const char* kw) { return AcceptKw(kw) ? OkStatus() : Error(); }
  Status ExpectOp(const char* op) { return AcceptOp(op) ? OkStatus() : Error(); }
  // PARSE_SYNTAX_ERROR at the current token.
  Status Error() const {
    const Token& t = Peek();
    std::string near = t.kind == TokenKind::kString ? sql_.substr(t.offset, t.end - t.offset)
                       : t.kind == TokenKind::kIdent && t.quoted ? "`" + t.text + "`"
                                                                  : t.text;
    return SyntaxError(sql_, t.offset, near, t.kind == TokenKind::kEnd);
  }

  const std::string& sql_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
};

}  // namespace kindred::sql::parser
