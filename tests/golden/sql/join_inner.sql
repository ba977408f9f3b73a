-- Inner join drops the person without a department and the department without people
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT p.name, d.floor FROM people p JOIN depts d ON p.dept = d.dept ORDER BY p.id
-- expect
+-----+-----+
| name|floor|
+-----+-----+
|Alice|    3|
|  Bob|    3|
|Carol|    2|
| Dave|    2|
+-----+-----+
