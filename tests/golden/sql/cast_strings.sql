-- Double to string keeps every digit; a bad number casts to null
SELECT CAST(0.1D + 0.2D AS STRING) AS s, CAST('abc' AS INT) AS bad, CAST(' 42 ' AS INT) AS padded, CAST(3.99D AS INT) AS t
-- expect
+-------------------+----+------+---+
|                  s| bad|padded|  t|
+-------------------+----+------+---+
|0.30000000000000004|NULL|    42|  3|
+-------------------+----+------+---+
