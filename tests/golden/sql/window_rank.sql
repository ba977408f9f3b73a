-- rank leaves gaps after ties, dense_rank does not
-- view people = data/people.csv
SELECT name, age, rank() OVER (ORDER BY age) AS r, dense_rank() OVER (ORDER BY age) AS dr FROM people ORDER BY age, name
-- expect
+-----+----+---+---+
| name| age|  r| dr|
+-----+----+---+---+
|Carol|NULL|  1|  1|
|  Bob|  28|  2|  2|
|  Eve|  28|  2|  2|
|Alice|  34|  4|  3|
| Dave|  45|  5|  4|
+-----+----+---+---+
