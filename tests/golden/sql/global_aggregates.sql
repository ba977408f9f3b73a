-- Aggregates without GROUP BY: one row
-- view people = data/people.csv
SELECT sum(age), avg(salary), min(name), max(name) FROM people
-- expect
+--------+-----------+---------+---------+
|sum(age)|avg(salary)|min(name)|max(name)|
+--------+-----------+---------+---------+
|     135|    86.4375|    Alice|      Eve|
+--------+-----------+---------+---------+
