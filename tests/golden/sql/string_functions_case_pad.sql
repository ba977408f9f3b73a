-- initcap, concat_ws, negative substring start, upper on null
-- view people = data/people.csv
SELECT initcap('hello world') AS i, concat_ws('/', name, dept) AS p, substring(name, -2) AS s FROM people WHERE id IN (2, 5) ORDER BY id
-- expect
+-----------+-------+---+
|          i|      p|  s|
+-----------+-------+---+
|Hello World|Bob/eng| ob|
|Hello World|    Eve| ve|
+-----------+-------+---+
