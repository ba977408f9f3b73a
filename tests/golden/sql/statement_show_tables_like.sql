-- SHOW TABLES LIKE keeps the names matching one of the '|' alternatives ('*' = any text)
-- view people = data/people.csv
CREATE TEMP VIEW pets AS SELECT 1 AS x;
CREATE TEMP VIEW numbers AS SELECT 1 AS x;
SHOW TABLES LIKE 'pe*|num*s'
-- expect
+---------+---------+-----------+
|namespace|tableName|isTemporary|
+---------+---------+-----------+
|         |  numbers|       true|
|         |   people|       true|
|         |     pets|       true|
+---------+---------+-----------+
