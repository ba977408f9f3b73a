-- Every column of a CSV view, inferred types
-- view people = data/people.csv
SELECT * FROM people ORDER BY id
-- expect
+---+-----+----+-----+------+
| id| name| age| dept|salary|
+---+-----+----+-----+------+
|  1|Alice|  34|  eng| 100.5|
|  2|  Bob|  28|  eng|  80.0|
|  3|Carol|NULL|sales| 95.25|
|  4| Dave|  45|sales|  NULL|
|  5|  Eve|  28| NULL|  70.0|
+---+-----+----+-----+------+
