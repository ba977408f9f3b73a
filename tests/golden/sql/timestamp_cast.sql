-- A timestamp prints without a zone (session time zone UTC)
SELECT CAST('2024-01-15 10:30:00' AS TIMESTAMP) AS ts, CAST('2024-01-15 10:30:00.5' AS TIMESTAMP) AS frac
-- expect
+-------------------+--------------------+
|                 ts|                frac|
+-------------------+--------------------+
|2024-01-15 10:30:00|2024-01-15 10:30:...|
+-------------------+--------------------+
