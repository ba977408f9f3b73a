-- Full outer join keeps both sides
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT p.name, d.dept FROM people p FULL OUTER JOIN depts d ON p.dept = d.dept ORDER BY p.name NULLS LAST, d.dept
-- expect
+-----+-----+
| name| dept|
+-----+-----+
|Alice|  eng|
|  Bob|  eng|
|Carol|sales|
| Dave|sales|
|  Eve| NULL|
| NULL|   hr|
+-----+-----+
