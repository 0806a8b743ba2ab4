-- Appends one audit entry in one statement: the lane's lock, its last entry and the insert all run
-- inside the database, so the lock is held for the function's few microseconds (and the commit),
-- never across round trips to Node. The hash is the same SHA-256, over the same canonical JSON
-- array, as auditEntryHash() in src/platform/audit/audit-log.ts.
CREATE FUNCTION audit_append(
  p_user_id uuid, p_user_email text, p_role text, p_organisation_id integer,
  p_action text, p_record_type text, p_record_id text, p_child_id uuid,
  p_outcome text, p_ip text, p_request_id text, p_reason text
) RETURNS TABLE (lane smallint, seq bigint) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_lane smallint := pg_backend_pid() % 64;
  v_seq bigint;
  v_prev text;
  v_at timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_hash text;
BEGIN
  -- The lock, then the read in a statement of its own: in a VOLATILE function each statement takes
  -- a new snapshot, so the read sees the previous holder's commit.
  PERFORM pg_advisory_xact_lock(1095058516, v_lane);
  SELECT a.seq, a.hash INTO v_seq, v_prev FROM audit_log a WHERE a.lane = v_lane ORDER BY a.seq DESC LIMIT 1;
  v_seq := coalesce(v_seq, 0) + 1;
  v_prev := coalesce(v_prev, repeat('0', 64));
  v_hash := encode(sha256(convert_to('[' || concat_ws(',',
    v_lane::text,
    v_seq::text,
    to_json(to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text,
    coalesce(to_json(p_user_id)::text, 'null'),
    coalesce(to_json(p_user_email)::text, 'null'),
    coalesce(to_json(p_role)::text, 'null'),
    coalesce(to_json(p_organisation_id)::text, 'null'),
    to_json(p_action)::text,
    to_json(p_record_type)::text,
    coalesce(to_json(p_record_id)::text, 'null'),
    coalesce(to_json(p_child_id)::text, 'null'),
    to_json(p_outcome)::text,
    coalesce(to_json(p_ip)::text, 'null'),
    coalesce(to_json(p_request_id)::text, 'null'),
    coalesce(to_json(p_reason)::text, 'null'),
    to_json(v_prev)::text
  ) || ']', 'UTF8')), 'hex');
  INSERT INTO audit_log (lane, seq, at, user_id, user_email, role, organisation_id, action, record_type,
                         record_id, child_id, outcome, ip, request_id, reason, prev_hash, hash)
  VALUES (v_lane, v_seq, v_at, p_user_id, p_user_email, p_role, p_organisation_id, p_action, p_record_type,
          p_record_id, p_child_id, p_outcome, p_ip, p_request_id, p_reason, v_prev, v_hash);
  RETURN QUERY SELECT v_lane, v_seq;
END $$;
COMMENT ON FUNCTION audit_append(uuid, text, text, integer, text, text, text, uuid, text, text, text, text)
  IS 'Appends one hash-chained audit entry to the lane of this connection; returns its lane and seq';
