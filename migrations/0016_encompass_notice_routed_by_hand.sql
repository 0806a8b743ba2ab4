-- Whether the coordinator sent a notice on by hand was read from its routing reason's wording
-- ("Sent on by the coordinator: …"): a fact kept in prose. It is a column now, set when the
-- coordinator sends a queued notice on; the reason stays words for people to read.
ALTER TABLE encompass_notice ADD COLUMN routed_by_hand_at timestamptz;
-- Earlier notices sent on by hand: the moment they were sent on is their sent_at.
UPDATE encompass_notice SET routed_by_hand_at = sent_at
  WHERE routing_reason LIKE 'Sent on by the coordinator%' AND sent_at IS NOT NULL;
COMMENT ON COLUMN encompass_notice.routed_by_hand_at IS 'When the coordinator sent the notice on by hand from the queue; null when the routing rules chose its recipient';
