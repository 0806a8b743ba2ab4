-- The child index learns the local authority's own child id (Annex A's "Child Unique ID", the CIN
-- census's LAchildID), so a child in an import is found again by an exact identifier, and which
-- records were added by an import (no name known yet: never merged without a person deciding).

ALTER TABLE child ADD COLUMN la_child_id text;
ALTER TABLE child ADD COLUMN imported_from text;
COMMENT ON COLUMN child.la_child_id IS 'The local authority''s children''s social care id for the child (Annex A Child Unique ID, CIN census LAchildID), when known';
COMMENT ON COLUMN child.imported_from IS 'The return an imported record came from (annex-a, cin-census); null for a record made by a person';
CREATE UNIQUE INDEX child_la_child_id ON child (la_child_id) WHERE la_child_id IS NOT NULL;
