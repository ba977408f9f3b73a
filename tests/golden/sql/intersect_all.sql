-- INTERSECT ALL keeps the smaller count of each duplicate
-- view l = data/left.csv
-- view r = data/right.csv
SELECT * FROM l INTERSECT ALL SELECT * FROM r ORDER BY x
-- expect
+---+---+
|  x|  y|
+---+---+
|  2|  b|
|  3|  c|
+---+---+
