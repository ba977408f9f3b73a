-- Explicit NULLS FIRST on a descending key
-- view people = data/people.csv
SELECT name, age FROM people ORDER BY age DESC NULLS FIRST, name DESC
-- expect
+-----+----+
| name| age|
+-----+----+
|Carol|NULL|
| Dave|  45|
|Alice|  34|
|  Eve|  28|
|  Bob|  28|
+-----+----+
