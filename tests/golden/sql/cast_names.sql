-- A cast of a column keeps the column's name (Spark's ResolveAliases); casts of other
-- expressions are named CAST(... AS ...).
-- view people = data/people.csv
SELECT CAST(age AS STRING), CAST(salary AS INT), CAST('7' AS INT) FROM people WHERE id = 1
-- expect
+---+------+--------------+
|age|salary|CAST(7 AS INT)|
+---+------+--------------+
| 34|   100|             7|
+---+------+--------------+
