-- A police reference is one reference whatever its case ("wsp/24/1" is "WSP/24/1"): the duplicate
-- check compares upper(police_reference), and without an index on that expression it read every
-- incident ever recorded, once for every incident recorded (1.6 ms at 5,000 incidents, growing).
-- The unique index on the expression makes the check a lookup and the rule the database's own.
ALTER TABLE encompass_incident DROP CONSTRAINT encompass_incident_police_reference_key;
CREATE UNIQUE INDEX encompass_incident_police_reference_key ON encompass_incident (upper(police_reference));
