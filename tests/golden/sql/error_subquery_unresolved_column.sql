-- An unknown column inside a correlated subquery is reported with suggestions
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT * FROM depts d WHERE EXISTS (SELECT 1 FROM people p WHERE p.nope = d.dept)
-- error UNRESOLVED_COLUMN.WITH_SUGGESTION
