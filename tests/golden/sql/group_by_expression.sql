-- Grouping by an expression
-- view people = data/people.csv
SELECT age % 2 AS parity, count(1) AS n FROM people WHERE age IS NOT NULL GROUP BY age % 2 ORDER BY parity
-- expect
+------+---+
|parity|  n|
+------+---+
|     0|  3|
|     1|  1|
+------+---+
