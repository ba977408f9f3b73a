-- (a, b) IN (SELECT x, y ...): Carol's (sales, null) only matches up to a null, so is dropped
-- view people = data/people.csv
SELECT name FROM people WHERE (dept, age) IN (SELECT dept, age FROM people WHERE salary > 90)
-- expect
+-----+
| name|
+-----+
|Alice|
+-----+
