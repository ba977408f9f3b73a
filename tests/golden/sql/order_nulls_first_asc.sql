-- Ascending order puts nulls first
-- view people = data/people.csv
SELECT name, age FROM people ORDER BY age, name
-- expect
+-----+----+
| name| age|
+-----+----+
|Carol|NULL|
|  Bob|  28|
|  Eve|  28|
|Alice|  34|
| Dave|  45|
+-----+----+
