-- sum/avg/min/max skip nulls; avg is a double
-- view people = data/people.csv
SELECT dept, sum(salary), avg(age), min(age), max(age) FROM people GROUP BY dept ORDER BY dept NULLS LAST
-- expect
+-----+-----------+--------+--------+--------+
| dept|sum(salary)|avg(age)|min(age)|max(age)|
+-----+-----------+--------+--------+--------+
|  eng|      180.5|    31.0|      28|      34|
|sales|      95.25|    45.0|      45|      45|
| NULL|       70.0|    28.0|      28|      28|
+-----+-----------+--------+--------+--------+
