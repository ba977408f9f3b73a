-- NOT IN a subquery that returns a null is never true: no rows
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept FROM depts WHERE dept NOT IN (SELECT dept FROM people)
-- expect
+----+
|dept|
+----+
+----+
