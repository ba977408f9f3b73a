-- A derived table with an alias
-- view people = data/people.csv
SELECT t.dept, t.n FROM (SELECT dept, count(1) AS n FROM people GROUP BY dept) t WHERE t.n > 1 ORDER BY t.dept
-- expect
+-----+---+
| dept|  n|
+-----+---+
|  eng|  2|
|sales|  2|
+-----+---+
