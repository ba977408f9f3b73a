-- ORDER BY an expression not in the select list
-- view people = data/people.csv
SELECT name FROM people ORDER BY length(name) DESC, name
-- expect
+-----+
| name|
+-----+
|Alice|
|Carol|
| Dave|
|  Bob|
|  Eve|
+-----+
