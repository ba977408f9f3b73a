-- An unaliased scalar subquery in the select list is named scalarsubquery()
-- view people = data/people.csv
SELECT name, salary, (SELECT max(salary) FROM people) FROM people ORDER BY id
-- expect
+-----+------+----------------+
| name|salary|scalarsubquery()|
+-----+------+----------------+
|Alice| 100.5|           100.5|
|  Bob|  80.0|           100.5|
|Carol| 95.25|           100.5|
| Dave|  NULL|           100.5|
|  Eve|  70.0|           100.5|
+-----+------+----------------+
