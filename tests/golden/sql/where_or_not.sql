-- OR and NOT with a null operand
-- view people = data/people.csv
SELECT name FROM people WHERE NOT (dept = 'eng') OR age > 40 ORDER BY id
-- expect
+-----+
| name|
+-----+
|Carol|
| Dave|
+-----+
