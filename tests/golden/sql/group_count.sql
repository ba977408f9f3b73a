-- GROUP BY with a null group; nulls sort first ascending
-- view people = data/people.csv
SELECT dept, count(1) FROM people GROUP BY dept ORDER BY dept
-- expect
+-----+--------+
| dept|count(1)|
+-----+--------+
| NULL|       1|
|  eng|       2|
|sales|       2|
+-----+--------+
