-- Descending order puts nulls last
-- view people = data/people.csv
SELECT name, salary FROM people ORDER BY salary DESC
-- expect
+-----+------+
| name|salary|
+-----+------+
|Alice| 100.5|
|Carol| 95.25|
|  Bob|  80.0|
|  Eve|  70.0|
| Dave|  NULL|
+-----+------+
