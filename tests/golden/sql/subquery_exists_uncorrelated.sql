-- Uncorrelated EXISTS is evaluated once: false here, so no row passes
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT count(*) FROM people WHERE EXISTS (SELECT 1 FROM depts WHERE floor > 5)
-- expect
+--------+
|count(1)|
+--------+
|       0|
+--------+
