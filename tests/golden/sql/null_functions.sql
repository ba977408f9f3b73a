-- nullif and ifnull
SELECT nullif(1, 1), ifnull(NULL, 2), nullif(1, 2)
-- expect
+------------+---------------+------------+
|nullif(1, 1)|ifnull(NULL, 2)|nullif(1, 2)|
+------------+---------------+------------+
|        NULL|              2|           1|
+------------+---------------+------------+
