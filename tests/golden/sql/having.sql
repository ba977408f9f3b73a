-- HAVING filters groups
-- view people = data/people.csv
SELECT dept, count(1) AS n FROM people GROUP BY dept HAVING count(1) > 1 ORDER BY dept
-- expect
+-----+---+
| dept|  n|
+-----+---+
|  eng|  2|
|sales|  2|
+-----+---+
