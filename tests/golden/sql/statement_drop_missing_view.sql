-- DROP VIEW of a missing view fails; IF EXISTS would not
DROP VIEW nope;
-- error TABLE_OR_VIEW_NOT_FOUND
