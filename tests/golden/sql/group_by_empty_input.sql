-- Grouped aggregates over no rows: no rows
-- view people = data/people.csv
SELECT dept, count(1) FROM people WHERE id > 100 GROUP BY dept
-- expect
+----+--------+
|dept|count(1)|
+----+--------+
+----+--------+
