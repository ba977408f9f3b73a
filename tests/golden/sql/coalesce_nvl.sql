-- coalesce and nvl replace nulls
-- view people = data/people.csv
SELECT name, coalesce(age, 0), nvl(dept, 'none') FROM people ORDER BY id
-- expect
+-----+----------------+---------------+
| name|coalesce(age, 0)|nvl(dept, none)|
+-----+----------------+---------------+
|Alice|              34|            eng|
|  Bob|              28|            eng|
|Carol|               0|          sales|
| Dave|              45|          sales|
|  Eve|              28|           none|
+-----+----------------+---------------+
