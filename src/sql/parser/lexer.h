// Tokenizer for Spark SQL text. Keywords are not distinguished from identifiers here: the parser
// decides by context (most Spark keywords are non-reserved). Stateless; safe to use from any thread.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

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

}  // namespace kindred::sql::parser
