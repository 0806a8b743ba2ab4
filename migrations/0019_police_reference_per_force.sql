-- A police reference is unique within its force, not across forces: two forces may use the same
-- numbering, and a refused duplicate must tell a force nothing about another force's incidents.
DROP INDEX encompass_incident_police_reference_key;
CREATE UNIQUE INDEX encompass_incident_police_reference_key ON encompass_incident (organisation_id, upper(police_reference));

-- Routing's "reference taken?" now asks within the recording force only.
DROP FUNCTION encompass_routing_context(text, text, jsonb, date);
CREATE FUNCTION encompass_routing_context(p_reference text, p_organisation integer, p_district text, p_children jsonb, p_on date)
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
                 'closures', r.closures, 'keyAdultEmails', r.key_adult_emails)) AS candidates
        FROM child_on_roll(k.input->>'givenName', k.input->>'familyName', (k.input->>'dateOfBirth')::date,
                           k.input->>'nhsNumber', k.input->>'upn', p_on) r
        LEFT JOIN encompass_enrolment en ON en.setting_id = r.setting_id
      ) found ON true), '[]'::jsonb)
  );
END;
$$;
COMMENT ON FUNCTION encompass_routing_context(text, integer, text, jsonb, date) IS 'What routing an incident needs, in one call: reference taken by the same force?, its district, teams, terms, and each child''s exact matches with the setting on whose roll they are and its Operation Encompass enrolment';
