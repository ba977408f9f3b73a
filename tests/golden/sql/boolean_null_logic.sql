-- Three-valued AND/OR
SELECT NULL AND false, NULL OR true, NULL AND true, NOT (1 = 2)
-- expect
+----------------+--------------+---------------+-------------+
|(NULL AND false)|(NULL OR true)|(NULL AND true)|(NOT (1 = 2))|
+----------------+--------------+---------------+-------------+
|           false|          true|           NULL|         true|
+----------------+--------------+---------------+-------------+
