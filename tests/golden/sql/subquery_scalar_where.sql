-- A scalar subquery in WHERE
-- view people = data/people.csv
SELECT name FROM people WHERE salary > (SELECT avg(salary) FROM people) ORDER BY name
-- expect
+-----+
| name|
+-----+
|Alice|
|Carol|
+-----+
