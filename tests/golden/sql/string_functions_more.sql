-- replace, instr, lpad, reverse
-- view people = data/people.csv
SELECT replace(name, 'a', 'A'), instr(name, 'o'), lpad(name, 6, '*'), reverse(name) FROM people WHERE id IN (1, 3) ORDER BY id
-- expect
+-------------------+--------------+----------------+-------------+
|replace(name, a, A)|instr(name, o)|lpad(name, 6, *)|reverse(name)|
+-------------------+--------------+----------------+-------------+
|              Alice|             0|          *Alice|        ecilA|
|              CArol|             4|          *Carol|        loraC|
+-------------------+--------------+----------------+-------------+
