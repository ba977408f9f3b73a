-- A scalar subquery returning more than one row fails at run time
-- view people = data/people.csv
SELECT name, (SELECT age FROM people) FROM people
-- error SCALAR_SUBQUERY_TOO_MANY_ROWS
