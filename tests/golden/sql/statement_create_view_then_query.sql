-- CREATE OR REPLACE TEMP VIEW with a column list, then a query over the new view
-- view people = data/people.csv
CREATE OR REPLACE TEMP VIEW older (who, years) AS SELECT name, age FROM people WHERE age > 30;
SELECT * FROM older ORDER BY who
-- expect
+-----+-----+
|  who|years|
+-----+-----+
|Alice|   34|
| Dave|   45|
+-----+-----+
