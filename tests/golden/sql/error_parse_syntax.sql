-- A misspelt keyword is a syntax error
SELEC 1
-- error PARSE_SYNTAX_ERROR
