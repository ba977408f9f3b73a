-- count(*) and count(1) are both named count(1); count(col) skips nulls
-- view people = data/people.csv
SELECT count(1), count(*), count(age) FROM people
-- expect
+--------+--------+----------+
|count(1)|count(1)|count(age)|
+--------+--------+----------+
|       5|       5|         4|
+--------+--------+----------+
