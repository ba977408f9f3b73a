-- Correlated NOT EXISTS (planned as a left anti join)
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT * FROM depts d WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.dept = d.dept)
-- expect
+----+-----+
|dept|floor|
+----+-----+
|  hr|    1|
+----+-----+
