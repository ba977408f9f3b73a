-- LEFT SEMI JOIN returns left rows with a match, left columns only
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT * FROM depts d LEFT SEMI JOIN people p ON d.dept = p.dept ORDER BY floor
-- expect
+-----+-----+
| dept|floor|
+-----+-----+
|sales|    2|
|  eng|    3|
+-----+-----+
