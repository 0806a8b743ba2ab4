-- Operation Encompass enrolment belongs to Operation Encompass. It was three columns of the
-- registry's setting table, written by the registry's setting form and CSV import and by the
-- coordinator's enrolment pages: two modules writing one table. Now it is Operation Encompass's
-- own table, one row per setting that has started (or been recorded in) the scheme; a setting
-- with no row has not joined. The registry's setting keeps what the registry knows of a setting.

CREATE TABLE encompass_enrolment (
  setting_id integer PRIMARY KEY REFERENCES setting(id),
  status text NOT NULL CHECK (status IN ('joined','in_training','not_joined')),
  training_started_on date,
  joined_on date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'joined' OR joined_on IS NOT NULL)
);
COMMENT ON TABLE encompass_enrolment IS 'Operation Encompass enrolment of education settings: a setting with no row has not joined';
COMMENT ON COLUMN encompass_enrolment.setting_id IS 'The setting (the registry''s)';
COMMENT ON COLUMN encompass_enrolment.status IS 'joined, in_training or not_joined (as when there is no row); only a joined setting receives notices';
COMMENT ON COLUMN encompass_enrolment.training_started_on IS 'When its staff started Operation Encompass training';
COMMENT ON COLUMN encompass_enrolment.joined_on IS 'When it joined Operation Encompass';
COMMENT ON COLUMN encompass_enrolment.updated_at IS 'When the enrolment was last changed';

-- Every setting whose enrolment says anything beyond "not joined".
INSERT INTO encompass_enrolment (setting_id, status, training_started_on, joined_on, updated_at)
  SELECT id, encompass_status, encompass_training_started_on, encompass_joined_on, updated_at FROM setting
  WHERE encompass_status <> 'not_joined' OR encompass_training_started_on IS NOT NULL OR encompass_joined_on IS NOT NULL;

-- The registry's published setting, without the enrolment (a view cannot lose columns in place).
DROP VIEW registry_setting;
ALTER TABLE setting
  DROP COLUMN encompass_status,
  DROP COLUMN encompass_joined_on,
  DROP COLUMN encompass_training_started_on;
CREATE VIEW registry_setting AS
  SELECT id, urn, name, phase, district_id, school_day_starts_at, safeguarding_email
  FROM setting;
COMMENT ON VIEW registry_setting IS 'Published by the registry: education settings, their district, school-day start and safeguarding mailbox';

-- The child index's child_on_roll no longer says whether the setting joined Operation Encompass:
-- the setting on whose roll a child is, its calendar and Key Adults, and nothing of any scheme.
-- A function cannot lose a column of its result in place either.
DROP FUNCTION child_on_roll(text, text, date, text, text, date);
CREATE FUNCTION child_on_roll(p_given text, p_family text, p_dob date, p_nhs text, p_upn text, p_on date)
RETURNS TABLE (
  id uuid,
  nhs_number text,
  district_id integer,
  setting_id integer,
  setting_name text,
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
         roll.setting_id, roll.setting_name, roll.school_day_starts_at::text,
         roll.safeguarding_email, roll.closures, roll.key_adult_emails
  FROM child_exact_matches(p_given, p_family, p_dob, p_nhs, p_upn) found
  JOIN child c ON c.id = found.id
  LEFT JOIN LATERAL (
    SELECT s.id AS setting_id, s.name AS setting_name, s.school_day_starts_at, s.safeguarding_email,
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
COMMENT ON FUNCTION child_on_roll(text, text, date, text, text, date) IS 'Published by the child index: the children with exactly these identifiers (merged records answer as the one kept) and the setting on whose roll each is on a date';

-- Routing reads the registry through its published views, the child index through child_on_roll,
-- and each candidate's setting's enrolment from Operation Encompass's own table. The incident's
-- district is `incidentDistrict` and each child of the input `k.input`, so that no name here is
-- mistaken for another module's table. Still PL/pgSQL with generic plans (see 0012).
CREATE OR REPLACE FUNCTION encompass_routing_context(p_reference text, p_district text, p_children jsonb, p_on date)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_district record;
BEGIN
  SELECT d.id, d.name INTO v_district FROM registry_district d
  WHERE d.code = upper(p_district) OR d.name = p_district
  ORDER BY d.code = upper(p_district) DESC
  LIMIT 1;
  RETURN jsonb_build_object(
    'referenceTaken', EXISTS (SELECT 1 FROM encompass_incident i WHERE upper(i.police_reference) = upper(p_reference)),
    'incidentDistrict', CASE WHEN v_district.id IS NULL THEN NULL ELSE jsonb_build_object('id', v_district.id, 'name', v_district.name) END,
    'teams', coalesce((
      SELECT jsonb_agg(jsonb_build_object('id', t.id, 'kind', t.kind, 'email', t.email, 'name', t.name) ORDER BY t.id)
      FROM registry_team t
      WHERE (t.kind = 'health_visiting' AND t.district_id = v_district.id) OR t.kind = 'family_front_door'), '[]'::jsonb),
    'terms', coalesce((
      SELECT jsonb_agg(jsonb_build_object('start', t.starts_on, 'end', t.ends_on) ORDER BY t.starts_on)
      FROM registry_term t), '[]'::jsonb),
    'children', coalesce((
      SELECT jsonb_agg(coalesce(found.candidates, '[]'::jsonb) ORDER BY k.ord)
      FROM jsonb_array_elements(p_children) WITH ORDINALITY AS k(input, ord)
      LEFT JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object(
                 'id', r.id, 'nhsNumber', r.nhs_number, 'districtId', r.district_id,
                 'settingId', r.setting_id, 'settingName', r.setting_name,
                 'encompassStatus', CASE WHEN r.setting_id IS NULL THEN NULL ELSE coalesce(en.status, 'not_joined') END,
                 'schoolDayStartsAt', r.school_day_starts_at, 'safeguardingEmail', r.safeguarding_email,
                 'closures', r.closures, 'keyAdultEmails', r.key_adult_emails)) AS candidates
        FROM child_on_roll(k.input->>'givenName', k.input->>'familyName', (k.input->>'dateOfBirth')::date,
                           k.input->>'nhsNumber', k.input->>'upn', p_on) r
        LEFT JOIN encompass_enrolment en ON en.setting_id = r.setting_id
      ) found ON true), '[]'::jsonb)
  );
END;
$$;
COMMENT ON FUNCTION encompass_routing_context(text, text, jsonb, date) IS 'What routing an incident needs, in one call: reference taken?, its district, teams, terms, and each child''s exact matches with the setting on whose roll they are and its Operation Encompass enrolment';
