-- WHERE with AND
-- view people = data/people.csv
SELECT name FROM people WHERE age > 30 AND dept = 'eng'
-- expect
+-----+
| name|
+-----+
|Alice|
+-----+
