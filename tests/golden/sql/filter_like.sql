-- LIKE with a leading wildcard
-- view people = data/people.csv
SELECT name FROM people WHERE name LIKE '%e' ORDER BY name
-- expect
+-----+
| name|
+-----+
|Alice|
| Dave|
|  Eve|
+-----+
