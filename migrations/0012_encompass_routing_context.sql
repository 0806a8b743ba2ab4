-- Everything routing an incident needs, in one round trip: whether its police reference is taken,
-- its district, the teams a notice can go to, the local authority's terms, and for each child the
-- children of the index with exactly its identifiers and the setting on whose roll each was on
-- the incident's date (child_on_roll). Seven round trips became one; under a burst the machine's
-- time went on round trips, not on the queries (see the closing note of the Encompass issue).
-- PL/pgSQL, so that PostgreSQL plans it once per connection; and with generic plans forced,
-- here and in child_on_roll: left to choose, PostgreSQL estimated the generic plan of the
-- identifiers' OR dearer than a custom one and so planned the query afresh on every call (0.45 ms
-- a call; 0.06 ms with the generic plan, which uses the same indexes).

CREATE FUNCTION encompass_routing_context(p_reference text, p_district text, p_children jsonb, p_on date)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  v_district record;
BEGIN
  SELECT d.id, d.name INTO v_district FROM district d
  WHERE d.code = upper(p_district) OR d.name = p_district
  ORDER BY d.code = upper(p_district) DESC
  LIMIT 1;
  RETURN jsonb_build_object(
    'referenceTaken', EXISTS (SELECT 1 FROM encompass_incident i WHERE upper(i.police_reference) = upper(p_reference)),
    'district', CASE WHEN v_district.id IS NULL THEN NULL ELSE jsonb_build_object('id', v_district.id, 'name', v_district.name) END,
    'teams', coalesce((
      SELECT jsonb_agg(jsonb_build_object('id', t.id, 'kind', t.kind, 'email', t.email, 'name', t.name) ORDER BY t.id)
      FROM team t
      WHERE (t.kind = 'health_visiting' AND t.district_id = v_district.id) OR t.kind = 'family_front_door'), '[]'::jsonb),
    'terms', coalesce((
      SELECT jsonb_agg(jsonb_build_object('start', t.starts_on, 'end', t.ends_on) ORDER BY t.starts_on)
      FROM term t), '[]'::jsonb),
    'children', coalesce((
      SELECT jsonb_agg(coalesce(found.candidates, '[]'::jsonb) ORDER BY k.ord)
      FROM jsonb_array_elements(p_children) WITH ORDINALITY AS k(child, ord)
      LEFT JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object(
                 'id', r.id, 'nhsNumber', r.nhs_number, 'districtId', r.district_id,
                 'settingId', r.setting_id, 'settingName', r.setting_name, 'encompassStatus', r.encompass_status,
                 'schoolDayStartsAt', r.school_day_starts_at, 'safeguardingEmail', r.safeguarding_email,
                 'closures', r.closures, 'keyAdultEmails', r.key_adult_emails)) AS candidates
        FROM child_on_roll(k.child->>'givenName', k.child->>'familyName', (k.child->>'dateOfBirth')::date,
                           k.child->>'nhsNumber', k.child->>'upn', p_on) r
      ) found ON true), '[]'::jsonb)
  );
END;
$$;
COMMENT ON FUNCTION encompass_routing_context(text, text, jsonb, date) IS 'What routing an incident needs, in one call: reference taken?, district, teams, terms, and each child''s exact matches with the setting on whose roll they are';

ALTER FUNCTION child_on_roll(text, text, date, text, text, date) SET plan_cache_mode = force_generic_plan;
