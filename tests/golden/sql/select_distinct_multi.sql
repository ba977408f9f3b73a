-- DISTINCT over two columns
-- view people = data/people.csv
SELECT DISTINCT dept, age FROM people WHERE age IS NOT NULL ORDER BY dept, age
-- expect
+-----+---+
| dept|age|
+-----+---+
| NULL| 28|
|  eng| 28|
|  eng| 34|
|sales| 45|
+-----+---+
