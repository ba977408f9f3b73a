-- DROP VIEW IF EXISTS of a missing view succeeds with no rows; the dropped view is gone
-- view people = data/people.csv
DROP VIEW IF EXISTS nope;
DROP VIEW people;
SHOW VIEWS
-- expect
+---------+--------+-----------+
|namespace|viewName|isTemporary|
+---------+--------+-----------+
+---------+--------+-----------+
