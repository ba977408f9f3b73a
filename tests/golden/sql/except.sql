-- EXCEPT
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept FROM depts EXCEPT SELECT dept FROM people
-- expect
+----+
|dept|
+----+
|  hr|
+----+
