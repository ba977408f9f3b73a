-- A misspelt column suggests the right one
-- view people = data/people.csv
SELECT nme FROM people
-- error UNRESOLVED_COLUMN.WITH_SUGGESTION
