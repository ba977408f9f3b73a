-- A scalar subquery without rows is null
-- view people = data/people.csv
SELECT (SELECT age FROM people WHERE id = 99) AS a
-- expect
+----+
|   a|
+----+
|NULL|
+----+
