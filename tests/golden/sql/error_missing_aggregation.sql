-- A column neither grouped nor aggregated
-- view people = data/people.csv
SELECT name, count(1) FROM people
-- error MISSING_AGGREGATION
