-- NOT IN an empty subquery is true, even for a null value (Carol's age)
-- view people = data/people.csv
SELECT name, age FROM people WHERE age NOT IN (SELECT age FROM people WHERE age > 100) ORDER BY id
-- expect
+-----+----+
| name| age|
+-----+----+
|Alice|  34|
|  Bob|  28|
|Carol|NULL|
| Dave|  45|
|  Eve|  28|
+-----+----+
