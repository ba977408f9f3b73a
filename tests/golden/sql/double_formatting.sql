-- Doubles print as Java does: scientific from 1e7 and below 1e-3
SELECT 1.0E7D AS big, 0.0001D AS small, 123456789.125D AS c, 2.5D AS plain, -0.5D AS neg
-- expect
+-----+------+---------------+-----+----+
|  big| small|              c|plain| neg|
+-----+------+---------------+-----+----+
|1.0E7|1.0E-4|1.23456789125E8|  2.5|-0.5|
+-----+------+---------------+-----+----+
