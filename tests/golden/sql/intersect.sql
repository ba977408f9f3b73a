-- INTERSECT
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept FROM people INTERSECT SELECT dept FROM depts ORDER BY dept
-- expect
+-----+
| dept|
+-----+
|  eng|
|sales|
+-----+
