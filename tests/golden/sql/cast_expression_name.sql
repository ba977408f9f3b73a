-- A cast of an expression shows the expression
-- view people = data/people.csv
SELECT CAST(age + 1 AS STRING) FROM people WHERE id = 2
-- expect
+-------------------------+
|CAST((age + 1) AS STRING)|
+-------------------------+
|                       29|
+-------------------------+
