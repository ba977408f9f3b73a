-- Dates inferred from CSV; year, month, date_add, datediff
-- view events = data/events.csv
SELECT ev, year(day), month(day), date_add(day, 1), datediff(day, DATE '2024-01-01') FROM events ORDER BY ev
-- expect
+---+---------+----------+----------------+--------------------------------+
| ev|year(day)|month(day)|date_add(day, 1)|datediff(day, DATE '2024-01-01')|
+---+---------+----------+----------------+--------------------------------+
|  a|     2024|         1|      2024-01-16|                              14|
|  b|     2024|         2|      2024-03-01|                              59|
|  c|     2023|        12|      2024-01-01|                              -1|
+---+---------+----------+----------------+--------------------------------+
