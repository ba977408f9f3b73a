-- IN and BETWEEN; a null age matches neither
-- view people = data/people.csv
SELECT name FROM people WHERE age BETWEEN 28 AND 34 AND id IN (1, 2, 3) ORDER BY name
-- expect
+-----+
| name|
+-----+
|Alice|
|  Bob|
+-----+
