-- Correlated EXISTS (planned as a left semi join)
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept, floor FROM depts d WHERE EXISTS (SELECT 1 FROM people p WHERE p.dept = d.dept AND p.age > 40)
-- expect
+-----+-----+
| dept|floor|
+-----+-----+
|sales|    2|
+-----+-----+
