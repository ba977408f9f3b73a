-- Right join keeps every department
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT p.name, d.dept, d.floor FROM people p RIGHT JOIN depts d ON p.dept = d.dept ORDER BY d.floor, p.name
-- expect
+-----+-----+-----+
| name| dept|floor|
+-----+-----+-----+
| NULL|   hr|    1|
|Carol|sales|    2|
| Dave|sales|    2|
|Alice|  eng|    3|
|  Bob|  eng|    3|
+-----+-----+-----+
