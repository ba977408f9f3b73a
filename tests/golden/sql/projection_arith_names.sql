-- Unaliased arithmetic gets Spark's parenthesised name
-- view people = data/people.csv
SELECT id, age + 1, salary * 2 FROM people ORDER BY id
-- expect
+---+---------+------------+
| id|(age + 1)|(salary * 2)|
+---+---------+------------+
|  1|       35|       201.0|
|  2|       29|       160.0|
|  3|     NULL|       190.5|
|  4|       46|        NULL|
|  5|       29|       140.0|
+---+---------+------------+
