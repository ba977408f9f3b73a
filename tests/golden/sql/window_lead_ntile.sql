-- lead with a default, ntile
-- view people = data/people.csv
SELECT name, lead(name, 1, 'none') OVER (ORDER BY id) AS next, ntile(2) OVER (ORDER BY id) AS half FROM people ORDER BY id
-- expect
+-----+-----+----+
| name| next|half|
+-----+-----+----+
|Alice|  Bob|   1|
|  Bob|Carol|   1|
|Carol| Dave|   1|
| Dave|  Eve|   2|
|  Eve| none|   2|
+-----+-----+----+
