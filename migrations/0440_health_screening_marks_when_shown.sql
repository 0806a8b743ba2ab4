-- WREN's negation and family marks ("denies", "brother was stabbed") never change what is
-- flagged, so screening no longer works them out for every match (they were most of its cost
-- beyond the expression's pass): the attendance page and the triage queue work them out where
-- a match is shown, from the attendance's stored text and the match's place, with the same
-- functions. New results store each match without them; results stored earlier still carry them
-- in their JSON, and nothing reads them. No data changes: only the column's description.
COMMENT ON COLUMN wren_screening.matches IS 'JSON array of {term, text, field, start, end}: each match and where it is in its field; its context and its negation and family marks are worked out from the field''s text where it is shown (results stored before migration 0440 also carry negated and family, which are not read)';
