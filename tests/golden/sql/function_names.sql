-- Function calls are named after the call
-- view people = data/people.csv
SELECT lower(name), upper(dept) FROM people ORDER BY id
-- expect
+-----------+-----------+
|lower(name)|upper(dept)|
+-----------+-----------+
|      alice|        ENG|
|        bob|        ENG|
|      carol|      SALES|
|       dave|      SALES|
|        eve|       NULL|
+-----------+-----------+
