-- count(DISTINCT col) ignores nulls
-- view people = data/people.csv
SELECT count(DISTINCT age), count(DISTINCT dept) FROM people
-- expect
+-------------------+--------------------+
|count(DISTINCT age)|count(DISTINCT dept)|
+-------------------+--------------------+
|                  3|                   2|
+-------------------+--------------------+
