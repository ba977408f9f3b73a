-- No rows: header and frame only
-- view people = data/people.csv
SELECT name FROM people WHERE id > 100
-- expect
+----+
|name|
+----+
+----+
