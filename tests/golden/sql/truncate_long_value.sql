-- Values longer than 20 characters are cut to 17 plus ...
SELECT 'abcdefghijklmnopqrstuvwxyz' AS s
-- expect
+--------------------+
|                   s|
+--------------------+
|abcdefghijklmnopq...|
+--------------------+
