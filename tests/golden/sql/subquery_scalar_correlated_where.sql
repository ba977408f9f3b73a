-- A correlated scalar subquery in WHERE: people paid above their department's average
-- view people = data/people.csv
SELECT name FROM people p WHERE salary > (SELECT avg(salary) FROM people q WHERE q.dept = p.dept) ORDER BY name
-- expect
+-----+
| name|
+-----+
|Alice|
+-----+
