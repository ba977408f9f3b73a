-- CACHE TABLE ... AS creates the view and caches its rows; queries read them
-- view people = data/people.csv
CACHE TABLE thirties AS SELECT name FROM people WHERE age BETWEEN 30 AND 39;
SELECT count(*) AS n FROM thirties
-- expect
+---+
|  n|
+---+
|  1|
+---+
