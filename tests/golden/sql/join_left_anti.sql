-- LEFT ANTI JOIN returns left rows without a match
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT * FROM depts LEFT ANTI JOIN people ON depts.dept = people.dept
-- expect
+----+-----+
|dept|floor|
+----+-----+
|  hr|    1|
+----+-----+
