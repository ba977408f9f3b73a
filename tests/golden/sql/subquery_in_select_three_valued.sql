-- IN (subquery) as a value: true, false or null (a null value, or no match and a null in the set)
-- view people = data/people.csv
SELECT name, age IN (SELECT age FROM people WHERE name <> 'Alice') FROM people ORDER BY id
-- expect
+-----+----------------------+
| name|(age IN (listquery()))|
+-----+----------------------+
|Alice|                  NULL|
|  Bob|                  true|
|Carol|                  NULL|
| Dave|                  true|
|  Eve|                  true|
+-----+----------------------+
