-- Each table has one owning module; another module reads it only through a view or function the
-- owner publishes, never the table itself (docs/adr/0006-module-manifest.md). These are the
-- registry's published views (read-only by rule: src/modules.test.ts fails a write through
-- one) and the child index's exact-identifier rule, written once.

CREATE VIEW registry_district AS SELECT id, code, name FROM district;
COMMENT ON VIEW registry_district IS 'Published by the registry: the districts of the partnership';

CREATE VIEW registry_organisation AS SELECT id, code, name, kind, safeguarding_partner FROM organisation;
COMMENT ON VIEW registry_organisation IS 'Published by the registry: the organisations (safeguarding partners and relevant agencies)';

CREATE VIEW registry_team AS SELECT id, code, name, organisation_id, district_id, kind, email FROM team;
COMMENT ON VIEW registry_team IS 'Published by the registry: teams (health visiting, Family Front Door, …) with their district and shared mailbox';

CREATE VIEW registry_term AS SELECT id, school_year, name, starts_on, ends_on FROM term;
COMMENT ON VIEW registry_term IS 'Published by the registry: the local authority''s term dates';

-- The enrolment columns stay in this view until Operation Encompass owns enrolment.
CREATE VIEW registry_setting AS
  SELECT id, urn, name, phase, district_id, school_day_starts_at, safeguarding_email,
         encompass_status, encompass_joined_on, encompass_training_started_on
  FROM setting;
COMMENT ON VIEW registry_setting IS 'Published by the registry: education settings, their district, school-day start and safeguarding mailbox';

CREATE VIEW registry_setting_staff AS SELECT id, setting_id, staff_role, given_name, family_name, email FROM setting_staff;
COMMENT ON VIEW registry_setting_staff IS 'Published by the registry: each setting''s DSL, deputies and head';

CREATE VIEW registry_setting_closure AS SELECT setting_id, date, reason FROM setting_closure;
COMMENT ON VIEW registry_setting_closure IS 'Published by the registry: each setting''s INSET days and closures';

-- The exact-identifier rule of the child index, once: the same given name, family name and date
-- of birth (case-insensitive names), or the same NHS number, or the same UPN. A record merged into
-- another answers as the one it was merged into. A plain SQL function, so that the planner inlines
-- it where it is called (child_on_roll keeps its generic plan).
CREATE FUNCTION child_exact_matches(p_given text, p_family text, p_dob date, p_nhs text, p_upn text)
RETURNS TABLE (id uuid)
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT coalesce(m.merged_into, m.id) AS id FROM child m
  WHERE (lower(m.family_name) = lower(p_family) AND lower(m.given_name) = lower(p_given) AND m.date_of_birth = p_dob)
     OR m.nhs_number = p_nhs OR m.upn = p_upn
  LIMIT 10
$$;
COMMENT ON FUNCTION child_exact_matches(text, text, date, text, text) IS 'Published by the child index: the children with exactly these identifiers (merged records answer as the one kept), at most 10';

CREATE OR REPLACE FUNCTION child_on_roll(p_given text, p_family text, p_dob date, p_nhs text, p_upn text, p_on date)
RETURNS TABLE (
  id uuid,
  nhs_number text,
  district_id integer,
  setting_id integer,
  setting_name text,
  encompass_status text,
  school_day_starts_at text,
  safeguarding_email text,
  closures text[],
  key_adult_emails text[]
)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  RETURN QUERY
  SELECT c.id, c.nhs_number, c.district_id,
         roll.setting_id, roll.setting_name, roll.encompass_status, roll.school_day_starts_at::text,
         roll.safeguarding_email, roll.closures, roll.key_adult_emails
  FROM child_exact_matches(p_given, p_family, p_dob, p_nhs, p_upn) found
  JOIN child c ON c.id = found.id
  LEFT JOIN LATERAL (
    SELECT s.id AS setting_id, s.name AS setting_name, s.encompass_status, s.school_day_starts_at, s.safeguarding_email,
           (SELECT coalesce(array_agg(sc.date::text ORDER BY sc.date), '{}') FROM registry_setting_closure sc WHERE sc.setting_id = s.id) AS closures,
           (SELECT coalesce(array_agg(p.email), '{}') FROM registry_setting_staff p
             WHERE p.setting_id = s.id AND p.staff_role IN ('dsl', 'deputy_dsl')) AS key_adult_emails
    FROM child_enrolment e JOIN registry_setting s ON s.id = e.setting_id
    WHERE e.child_id IN (SELECT g.id FROM child g WHERE g.id = c.id OR g.merged_into = c.id)
      AND e.on_roll_from <= p_on AND (e.on_roll_to IS NULL OR e.on_roll_to >= p_on)
    ORDER BY e.on_roll_from DESC
    LIMIT 1
  ) roll ON true;
END;
$$;
