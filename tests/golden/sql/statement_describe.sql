-- DESCRIBE lists a view's columns with Spark's type names
-- view people = data/people.csv
DESCRIBE people
-- expect
+--------+---------+-------+
|col_name|data_type|comment|
+--------+---------+-------+
|      id|      int|   NULL|
|    name|   string|   NULL|
|     age|      int|   NULL|
|    dept|   string|   NULL|
|  salary|   double|   NULL|
+--------+---------+-------+
