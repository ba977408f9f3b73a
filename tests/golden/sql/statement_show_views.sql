-- SHOW VIEWS lists the session's temporary views (namespace "", lower-case names, sorted)
-- view people = data/people.csv
CREATE TEMP VIEW Numbers AS SELECT 1 AS x;
SHOW VIEWS
-- expect
+---------+--------+-----------+
|namespace|viewName|isTemporary|
+---------+--------+-----------+
|         | numbers|       true|
|         |  people|       true|
+---------+--------+-----------+
