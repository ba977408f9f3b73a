-- / is a double division, DIV an integral one; division by zero is null
-- view people = data/people.csv
SELECT age / 2, age DIV 5, salary / 0 FROM people WHERE id = 1
-- expect
+---------+-----------+------------+
|(age / 2)|(age div 5)|(salary / 0)|
+---------+-----------+------------+
|     17.0|          6|        NULL|
+---------+-----------+------------+
