-- A setting may keep its own term dates (independent schools, colleges), used in place of the
-- local authority's for its school days: its notices fall due at the start of its own next school day.
CREATE TABLE setting_term (
  id serial PRIMARY KEY,
  setting_id integer NOT NULL REFERENCES setting(id) ON DELETE CASCADE,
  name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  CHECK (ends_on >= starts_on)
);
CREATE INDEX setting_term_setting ON setting_term (setting_id, starts_on);
COMMENT ON TABLE setting_term IS 'A setting''s own term dates; a setting with any uses them in place of the local authority''s';
COMMENT ON COLUMN setting_term.id IS 'Surrogate key';
COMMENT ON COLUMN setting_term.setting_id IS 'The setting';
COMMENT ON COLUMN setting_term.name IS 'The term''s name, e.g. Michaelmas';
COMMENT ON COLUMN setting_term.starts_on IS 'First day of the term (inclusive)';
COMMENT ON COLUMN setting_term.ends_on IS 'Last day of the term (inclusive)';

CREATE VIEW registry_setting_term AS SELECT id, setting_id, name, starts_on, ends_on FROM setting_term;
COMMENT ON VIEW registry_setting_term IS 'Published by the registry: the settings'' own term dates';

-- The setting on whose roll a child is now answers its own terms too (null: the local authority's).
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
  key_adult_emails text[],
  own_terms jsonb
)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  RETURN QUERY
  SELECT c.id, c.nhs_number, c.district_id,
         roll.setting_id, roll.setting_name, roll.school_day_starts_at::text,
         roll.safeguarding_email, roll.closures, roll.key_adult_emails, roll.own_terms
  FROM child_exact_matches(p_given, p_family, p_dob, p_nhs, p_upn) found
  JOIN child c ON c.id = found.id
  LEFT JOIN LATERAL (
    SELECT s.id AS setting_id, s.name AS setting_name, s.school_day_starts_at, s.safeguarding_email,
           (SELECT coalesce(array_agg(sc.date::text ORDER BY sc.date), '{}') FROM registry_setting_closure sc WHERE sc.setting_id = s.id) AS closures,
           (SELECT coalesce(array_agg(p.email), '{}') FROM registry_setting_staff p
             WHERE p.setting_id = s.id AND p.staff_role IN ('dsl', 'deputy_dsl')) AS key_adult_emails,
           (SELECT jsonb_agg(jsonb_build_object('start', st.starts_on, 'end', st.ends_on) ORDER BY st.starts_on)
              FROM registry_setting_term st WHERE st.setting_id = s.id) AS own_terms
    FROM child_enrolment e JOIN registry_setting s ON s.id = e.setting_id
    WHERE e.child_id IN (SELECT g.id FROM child g WHERE g.id = c.id OR g.merged_into = c.id)
      AND e.on_roll_from <= p_on AND (e.on_roll_to IS NULL OR e.on_roll_to >= p_on)
    ORDER BY e.on_roll_from DESC
    LIMIT 1
  ) roll ON true;
END;
$$;
COMMENT ON FUNCTION child_on_roll(text, text, date, text, text, date) IS 'Published by the child index: the children with exactly these identifiers (merged records answer as the one kept) and the setting on whose roll each is on a date, with its closures, Key Adults and own terms';

CREATE OR REPLACE FUNCTION encompass_routing_context(p_reference text, p_organisation integer, p_district text, p_children jsonb, p_on date)
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
    'referenceTaken', EXISTS (SELECT 1 FROM encompass_incident i WHERE i.organisation_id = p_organisation AND upper(i.police_reference) = upper(p_reference)),
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
                 'closures', r.closures, 'ownTerms', r.own_terms, 'keyAdultEmails', r.key_adult_emails)) AS candidates
        FROM child_on_roll(k.input->>'givenName', k.input->>'familyName', (k.input->>'dateOfBirth')::date,
                           k.input->>'nhsNumber', k.input->>'upn', p_on) r
        LEFT JOIN encompass_enrolment en ON en.setting_id = r.setting_id
      ) found ON true), '[]'::jsonb)
  );
END;
$$;
COMMENT ON FUNCTION encompass_routing_context(text, integer, text, jsonb, date) IS 'What routing an incident needs, in one call: reference taken by the same force?, its district, teams, the local authority''s terms, and each child''s exact matches with the setting on whose roll they are (its closures and own terms) and its Operation Encompass enrolment';
