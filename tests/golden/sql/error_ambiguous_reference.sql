-- An unqualified column present on both sides of a join
-- view people = data/people.csv
-- view depts = data/depts.csv
SELECT dept FROM people p JOIN depts d ON p.dept = d.dept
-- error AMBIGUOUS_REFERENCE
