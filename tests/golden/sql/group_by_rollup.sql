-- ROLLUP adds a grand total row with a null key
-- view people = data/people.csv
SELECT dept, count(1) AS n FROM people GROUP BY ROLLUP(dept) ORDER BY dept, n
-- expect
+-----+---+
| dept|  n|
+-----+---+
| NULL|  1|
| NULL|  5|
|  eng|  2|
|sales|  2|
+-----+---+
