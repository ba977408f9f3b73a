-- An aggregate over a whole partition
-- view people = data/people.csv
SELECT name, dept, sum(salary) OVER (PARTITION BY dept) AS total FROM people ORDER BY id
-- expect
+-----+-----+-----+
| name| dept|total|
+-----+-----+-----+
|Alice|  eng|180.5|
|  Bob|  eng|180.5|
|Carol|sales|95.25|
| Dave|sales|95.25|
|  Eve| NULL| 70.0|
+-----+-----+-----+
