-- A query ending early is a syntax error
-- view people = data/people.csv
SELECT * FROM people WHERE
-- error PARSE_SYNTAX_ERROR
