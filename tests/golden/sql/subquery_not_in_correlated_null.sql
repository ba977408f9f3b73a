-- Correlated NOT IN: sales's set {null, 45} makes 40 NOT IN unknown; hr's set is empty
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept FROM depts d WHERE 40 NOT IN (SELECT age FROM people p WHERE p.dept = d.dept)
-- expect
+----+
|dept|
+----+
| eng|
|  hr|
+----+
