-- UNION ALL keeps duplicates
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept FROM people WHERE id <= 2 UNION ALL SELECT dept FROM depts ORDER BY dept
-- expect
+-----+
| dept|
+-----+
|  eng|
|  eng|
|  eng|
|   hr|
|sales|
+-----+
