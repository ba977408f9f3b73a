-- Literal columns are named by their value
SELECT 1, 'a', true, NULL, 1.5D
-- expect
+---+---+----+----+---+
|  1|  a|true|NULL|1.5|
+---+---+----+----+---+
|  1|  a|true|NULL|1.5|
+---+---+----+----+---+
