-- row_number per partition, descending with nulls last
-- view people = data/people.csv
SELECT name, dept, row_number() OVER (PARTITION BY dept ORDER BY salary DESC) AS rn FROM people ORDER BY dept, rn
-- expect
+-----+-----+---+
| name| dept| rn|
+-----+-----+---+
|  Eve| NULL|  1|
|Alice|  eng|  1|
|  Bob|  eng|  2|
|Carol|sales|  1|
| Dave|sales|  2|
+-----+-----+---+
