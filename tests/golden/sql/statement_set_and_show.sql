-- SET key=value answers the pair; SET key shows it
SET spark.sql.shuffle.partitions=7;
SET spark.sql.shuffle.partitions
-- expect
+--------------------+-----+
|                 key|value|
+--------------------+-----+
|spark.sql.shuffle...|    7|
+--------------------+-----+
