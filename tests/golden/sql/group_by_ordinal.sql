-- GROUP BY and ORDER BY positions
-- view people = data/people.csv
SELECT dept, age, count(1) FROM people GROUP BY 1, 2 ORDER BY 1, 2
-- expect
+-----+----+--------+
| dept| age|count(1)|
+-----+----+--------+
| NULL|  28|       1|
|  eng|  28|       1|
|  eng|  34|       1|
|sales|NULL|       1|
|sales|  45|       1|
+-----+----+--------+
