-- Several audit entries in one call, for actions that touch many records at once (an incident
-- and its children's notices): one round trip instead of one per entry. Each entry is appended
-- by audit_append, so the chain and its hash are exactly as for single entries.
CREATE FUNCTION audit_append_many(p_entries jsonb) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  e jsonb;
  n integer := 0;
BEGIN
  FOR e IN SELECT value FROM jsonb_array_elements(p_entries) LOOP
    PERFORM audit_append(
      (e->>'userId')::uuid, e->>'userEmail', e->>'role', (e->>'organisationId')::integer,
      e->>'action', e->>'recordType', e->>'recordId', (e->>'childId')::uuid,
      coalesce(e->>'outcome', 'success'), e->>'ip', e->>'requestId', e->>'reason');
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
COMMENT ON FUNCTION audit_append_many(jsonb) IS 'Appends each entry of a JSON array with audit_append, in order; returns how many';
