-- Global aggregates over no rows: count 0, sum null
-- view people = data/people.csv
SELECT count(1), sum(age), max(name) FROM people WHERE id > 100
-- expect
+--------+--------+---------+
|count(1)|sum(age)|max(name)|
+--------+--------+---------+
|       0|    NULL|     NULL|
+--------+--------+---------+
