-- A running sum and lag over an ordered window
-- view people = data/people.csv
SELECT id, sum(id) OVER (ORDER BY id) AS running, lag(id) OVER (ORDER BY id) AS prev FROM people ORDER BY id
-- expect
+---+-------+----+
| id|running|prev|
+---+-------+----+
|  1|      1|NULL|
|  2|      3|   1|
|  3|      6|   2|
|  4|     10|   3|
|  5|     15|   4|
+---+-------+----+
