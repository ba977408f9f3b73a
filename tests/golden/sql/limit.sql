-- LIMIT after ORDER BY
-- view people = data/people.csv
SELECT id FROM people ORDER BY id LIMIT 2
-- expect
+---+
| id|
+---+
|  1|
|  2|
+---+
