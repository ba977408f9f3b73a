-- USING puts the join column first, once
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT * FROM people JOIN depts USING (dept) ORDER BY id
-- expect
+-----+---+-----+----+------+-----+
| dept| id| name| age|salary|floor|
+-----+---+-----+----+------+-----+
|  eng|  1|Alice|  34| 100.5|    3|
|  eng|  2|  Bob|  28|  80.0|    3|
|sales|  3|Carol|NULL| 95.25|    2|
|sales|  4| Dave|  45|  NULL|    2|
+-----+---+-----+----+------+-----+
