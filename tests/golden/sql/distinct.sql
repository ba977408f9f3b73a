-- SELECT DISTINCT keeps one null
-- view people = data/people.csv
SELECT DISTINCT age FROM people ORDER BY age
-- expect
+----+
| age|
+----+
|NULL|
|  28|
|  34|
|  45|
+----+
