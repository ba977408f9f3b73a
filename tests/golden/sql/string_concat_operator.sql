-- || is concat
-- view people = data/people.csv
SELECT name || '@' || dept FROM people WHERE id = 1
-- expect
+-----------------------------+
|concat(concat(name, @), dept)|
+-----------------------------+
|                    Alice@eng|
+-----------------------------+
