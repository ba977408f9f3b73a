-- CREATE TEMP VIEW without OR REPLACE refuses an existing view
-- view people = data/people.csv
CREATE TEMP VIEW people AS SELECT 1 AS x;
-- error TEMP_TABLE_OR_VIEW_ALREADY_EXISTS
