-- EXCEPT ALL subtracts counts
-- view l = data/left.csv
-- view r = data/right.csv
SELECT * FROM l EXCEPT ALL SELECT * FROM r ORDER BY x
-- expect
+---+---+
|  x|  y|
+---+---+
|  1|  a|
|  2|  b|
+---+---+
