-- x IN (SELECT ...) keeps rows whose value the subquery returns
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT name FROM people WHERE dept IN (SELECT dept FROM depts WHERE floor > 1) ORDER BY name
-- expect
+-----+
| name|
+-----+
|Alice|
|  Bob|
|Carol|
| Dave|
+-----+
