-- length, substring, concat, trim and their generated names
-- view people = data/people.csv
SELECT length(name), substring(name, 1, 3), concat(name, '-', dept), trim('  x  ') FROM people WHERE id = 2
-- expect
+------------+---------------------+---------------------+-----------+
|length(name)|substring(name, 1, 3)|concat(name, -, dept)|trim(  x  )|
+------------+---------------------+---------------------+-----------+
|           3|                  Bob|              Bob-eng|          x|
+------------+---------------------+---------------------+-----------+
