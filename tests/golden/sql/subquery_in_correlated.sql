-- Correlated IN (a left semi join on the value and the correlation keys)
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept FROM depts d WHERE 'Dave' IN (SELECT name FROM people p WHERE p.dept = d.dept)
-- expect
+-----+
| dept|
+-----+
|sales|
+-----+
