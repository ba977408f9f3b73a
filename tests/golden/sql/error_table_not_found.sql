-- An unknown view
SELECT * FROM missing_view
-- error TABLE_OR_VIEW_NOT_FOUND
