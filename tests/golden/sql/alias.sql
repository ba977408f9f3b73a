-- AS names a column
-- view people = data/people.csv
SELECT name AS who, age * 2 AS twice FROM people WHERE id <= 2 ORDER BY id
-- expect
+-----+-----+
|  who|twice|
+-----+-----+
|Alice|   68|
|  Bob|   56|
+-----+-----+
