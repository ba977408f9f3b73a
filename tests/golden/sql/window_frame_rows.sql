-- A moving sum over a ROWS frame
-- view people = data/people.csv
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s FROM people ORDER BY id
-- expect
+---+---+
| id|  s|
+---+---+
|  1|  3|
|  2|  6|
|  3|  9|
|  4| 12|
|  5|  9|
+---+---+
