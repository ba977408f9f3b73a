-- DESCRIBE QUERY describes a query's result columns
DESCRIBE QUERY SELECT 1 AS a, CAST(2.5 AS DECIMAL(10, 2)) AS b, array('x') AS c, 'y' AS d
-- expect
+--------+-------------+-------+
|col_name|    data_type|comment|
+--------+-------------+-------+
|       a|          int|   NULL|
|       b|decimal(10,2)|   NULL|
|       c|array<string>|   NULL|
|       d|       string|   NULL|
+--------+-------------+-------+
