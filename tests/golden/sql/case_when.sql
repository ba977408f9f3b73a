-- CASE WHEN with ELSE for nulls
-- view people = data/people.csv
SELECT name, CASE WHEN age >= 30 THEN 'senior' WHEN age < 30 THEN 'junior' ELSE 'unknown' END AS band FROM people ORDER BY id
-- expect
+-----+-------+
| name|   band|
+-----+-------+
|Alice| senior|
|  Bob| junior|
|Carol|unknown|
| Dave| senior|
|  Eve| junior|
+-----+-------+
