-- UNION removes duplicates, including nulls
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept FROM people UNION SELECT dept FROM depts ORDER BY dept
-- expect
+-----+
| dept|
+-----+
| NULL|
|  eng|
|   hr|
|sales|
+-----+
