-- OFFSET skips rows before LIMIT applies
-- view people = data/people.csv
SELECT id FROM people ORDER BY id LIMIT 2 OFFSET 1
-- expect
+---+
| id|
+---+
|  2|
|  3|
+---+
