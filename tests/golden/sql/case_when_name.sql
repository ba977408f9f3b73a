-- An unaliased CASE is named by its SQL text (header cut at 20 characters)
-- view people = data/people.csv
SELECT CASE WHEN age > 30 THEN 1 ELSE 0 END FROM people WHERE id = 1
-- expect
+--------------------------------------+
|CASE WHEN (age > 30) THEN 1 ELSE 0 END|
+--------------------------------------+
|                                     1|
+--------------------------------------+
