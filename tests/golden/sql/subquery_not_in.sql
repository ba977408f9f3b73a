-- NOT IN once the nulls are filtered out of the subquery
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept FROM depts WHERE dept NOT IN (SELECT dept FROM people WHERE dept IS NOT NULL)
-- expect
+----+
|dept|
+----+
|  hr|
+----+
