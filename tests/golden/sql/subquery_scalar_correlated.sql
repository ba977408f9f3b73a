-- A correlated scalar subquery with an aggregate (a left join on the grouped subquery); hr has nobody
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept, (SELECT max(age) FROM people p WHERE p.dept = d.dept), (SELECT count(*) FROM people p WHERE p.dept = d.dept) AS n FROM depts d ORDER BY floor DESC
-- expect
+-----+--------------------+---+
| dept|scalarsubquery(dept)|  n|
+-----+--------------------+---+
|  eng|                  34|  2|
|sales|                  45|  2|
|   hr|                NULL|  0|
+-----+--------------------+---+
