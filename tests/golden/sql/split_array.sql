-- Arrays print in brackets
SELECT split('a,b,c', ',') AS parts, size(split('a,b,c', ',')) AS n
-- expect
+---------+---+
|    parts|  n|
+---------+---+
|[a, b, c]|  3|
+---------+---+
