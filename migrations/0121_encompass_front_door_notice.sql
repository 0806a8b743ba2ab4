-- Published by encompass (added by front-door, with encompass's declaration in its tables.ts and
-- publishes): the Operation Encompass notices routed to the Family Front Door (school-age children
-- on no roll), read-only, so that they arrive in the front door's inbox beside referrals. Withdrawn
-- notices (sent to the wrong place) are left out.
CREATE VIEW encompass_front_door_notice AS
  SELECT n.id,
         n.incident_id,
         i.police_reference,
         i.occurred_at,
         i.district_id,
         i.organisation_id,
         i.risk_level,
         i.circumstances,
         i.officer_name,
         c.child_id,
         c.given_name,
         c.family_name,
         c.date_of_birth,
         c.child_voice,
         coalesce(n.sent_at, n.created_at) AS received_at
  FROM encompass_notice n
  JOIN encompass_child c ON c.id = n.encompass_child_id
  JOIN encompass_incident i ON i.id = n.incident_id
  WHERE n.recipient = 'family_front_door' AND n.status IN ('sent', 'acknowledged');
COMMENT ON VIEW encompass_front_door_notice IS 'Published by encompass: Operation Encompass notices routed to the Family Front Door (sent or acknowledged: not withdrawn, not queued with the coordinator), with the child and the incident, for the front door''s inbox';
