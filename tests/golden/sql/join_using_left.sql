-- LEFT JOIN USING keeps unmatched left keys
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept, name, floor FROM depts LEFT JOIN people USING (dept) ORDER BY dept, name
-- expect
+-----+-----+-----+
| dept| name|floor|
+-----+-----+-----+
|  eng|Alice|    3|
|  eng|  Bob|    3|
|   hr| NULL|    1|
|sales|Carol|    2|
|sales| Dave|    2|
+-----+-----+-----+
