-- abs, round, sqrt, floor, ceil, modulo
-- view people = data/people.csv
SELECT abs(-3), round(salary, 0), sqrt(16), floor(salary), ceil(salary), 7 % 3 FROM people WHERE id = 3
-- expect
+-------+----------------+--------+-------------+------------+-------+
|abs(-3)|round(salary, 0)|SQRT(16)|FLOOR(salary)|CEIL(salary)|(7 % 3)|
+-------+----------------+--------+-------------+------------+-------+
|      3|            95.0|     4.0|           95|          96|      1|
+-------+----------------+--------+-------------+------------+-------+
