-- CROSS JOIN pairs every row
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT p.name, d.dept FROM people p CROSS JOIN depts d WHERE p.id <= 2 ORDER BY p.name, d.dept
-- expect
+-----+-----+
| name| dept|
+-----+-----+
|Alice|  eng|
|Alice|   hr|
|Alice|sales|
|  Bob|  eng|
|  Bob|   hr|
|  Bob|sales|
+-----+-----+
