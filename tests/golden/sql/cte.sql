-- WITH defines a named subquery
-- view people = data/people.csv
WITH e AS (SELECT * FROM people WHERE dept = 'eng') SELECT name FROM e ORDER BY name
-- expect
+-----+
| name|
+-----+
|Alice|
|  Bob|
+-----+
