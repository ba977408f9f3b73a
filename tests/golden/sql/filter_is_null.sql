-- IS NULL as a value, IS NOT NULL as a filter
-- view people = data/people.csv
SELECT name, age IS NULL FROM people WHERE salary IS NOT NULL ORDER BY id
-- expect
+-----+-------------+
| name|(age IS NULL)|
+-----+-------------+
|Alice|        false|
|  Bob|        false|
|Carol|         true|
|  Eve|        false|
+-----+-------------+
