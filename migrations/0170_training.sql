-- Training for the whole workforce (module `training`): the partnership's courses, their
-- sessions and trainers, bookings (with or without an account), the waiting list, registers,
-- feedback, and completions recorded outside a session (mandatory GET SAFE training of DSLs and
-- deputies). No child's data is held here.

CREATE TABLE training_course (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL,
  audience text NOT NULL,
  learning_outcomes text NOT NULL,
  mandatory_for text[] NOT NULL DEFAULT '{}' CHECK (mandatory_for <@ ARRAY['dsl','deputy_dsl','head']::text[]),
  renewal_months integer CHECK (renewal_months IS NULL OR renewal_months BETWEEN 1 AND 120),
  core boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE training_course IS 'A course the partnership offers (e.g. Signs of Safety, GET SAFE)';
COMMENT ON COLUMN training_course.id IS 'Surrogate key';
COMMENT ON COLUMN training_course.code IS 'Short stable code, e.g. GET-SAFE';
COMMENT ON COLUMN training_course.title IS 'What attendees see';
COMMENT ON COLUMN training_course.description IS 'What the course is about';
COMMENT ON COLUMN training_course.audience IS 'Who it is for';
COMMENT ON COLUMN training_course.learning_outcomes IS 'What attendees will be able to do, one a line';
COMMENT ON COLUMN training_course.mandatory_for IS 'Setting staff roles that must hold it (dsl, deputy_dsl, head); empty when not mandatory';
COMMENT ON COLUMN training_course.renewal_months IS 'How often it must be retaken (36 for GET SAFE), or null when it never lapses';
COMMENT ON COLUMN training_course.core IS 'One of the core courses whose attendance the yearly report tabulates';
COMMENT ON COLUMN training_course.created_at IS 'When it was added';

CREATE TABLE training_session (
  id serial PRIMARY KEY,
  course_id integer NOT NULL REFERENCES training_course(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  venue text,
  online_link text,
  capacity integer NOT NULL CHECK (capacity > 0),
  booking_deadline timestamptz NOT NULL,
  cancel_deadline timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (booking_deadline <= starts_at),
  CHECK (cancel_deadline <= starts_at),
  CHECK (venue IS NOT NULL OR online_link IS NOT NULL)
);
COMMENT ON TABLE training_session IS 'One delivery of a course: when, where, how many places; its row is locked while a place is given, so places are never given twice';
COMMENT ON COLUMN training_session.id IS 'Surrogate key';
COMMENT ON COLUMN training_session.course_id IS 'The course delivered';
COMMENT ON COLUMN training_session.starts_at IS 'When it starts';
COMMENT ON COLUMN training_session.ends_at IS 'When it ends';
COMMENT ON COLUMN training_session.venue IS 'Where it is held in person, or null when online only';
COMMENT ON COLUMN training_session.online_link IS 'The link to join online, or null when in person only';
COMMENT ON COLUMN training_session.capacity IS 'Places available; never below the places already booked or offered';
COMMENT ON COLUMN training_session.booking_deadline IS 'Bookings and confirmations are accepted until then';
COMMENT ON COLUMN training_session.cancel_deadline IS 'Attendees may cancel their place themselves until then; later is a late cancellation';
COMMENT ON COLUMN training_session.status IS 'scheduled or cancelled';
COMMENT ON COLUMN training_session.created_at IS 'When it was added';
CREATE INDEX training_session_starts ON training_session (starts_at);

CREATE TABLE training_session_trainer (
  session_id integer NOT NULL REFERENCES training_session(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES app_user(id),
  PRIMARY KEY (session_id, user_id)
);
COMMENT ON TABLE training_session_trainer IS 'Who delivers a session: they see and mark its register';
COMMENT ON COLUMN training_session_trainer.session_id IS 'The session';
COMMENT ON COLUMN training_session_trainer.user_id IS 'The trainer''s account';
CREATE INDEX training_session_trainer_user ON training_session_trainer (user_id);

CREATE TABLE training_booking (
  id serial PRIMARY KEY,
  session_id integer NOT NULL REFERENCES training_session(id),
  status text NOT NULL CHECK (status IN ('pending','booked','waiting','offered','cancelled','lapsed')),
  attendance text CHECK (attendance IN ('attended','did_not_attend','cancelled_late')),
  given_name text NOT NULL,
  family_name text NOT NULL,
  email text NOT NULL,
  organisation_name text NOT NULL,
  agency_kind text NOT NULL,
  user_id uuid REFERENCES app_user(id),
  setting_id integer REFERENCES setting(id),
  organisation_id integer REFERENCES organisation(id),
  link_salt text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  waiting_since timestamptz,
  offered_at timestamptz,
  offer_expires_at timestamptz,
  cancelled_at timestamptz,
  marked_at timestamptz,
  marked_by uuid REFERENCES app_user(id),
  CHECK (email = lower(email)),
  CHECK (status <> 'waiting' OR waiting_since IS NOT NULL),
  CHECK (status <> 'offered' OR offer_expires_at IS NOT NULL)
);
COMMENT ON TABLE training_booking IS 'A practitioner''s booking of a session: pending email confirmation, booked, on the waiting list, offered a freed place, cancelled or lapsed; and, once the register is marked, whether they came';
COMMENT ON COLUMN training_booking.id IS 'Surrogate key';
COMMENT ON COLUMN training_booking.session_id IS 'The session booked';
COMMENT ON COLUMN training_booking.status IS 'pending (awaiting the emailed link), booked, waiting, offered (a freed place, until offer_expires_at), cancelled, lapsed (an offer not taken up)';
COMMENT ON COLUMN training_booking.attendance IS 'From the register: attended, did_not_attend or cancelled_late; null until marked';
COMMENT ON COLUMN training_booking.given_name IS 'Attendee''s given name';
COMMENT ON COLUMN training_booking.family_name IS 'Attendee''s family name';
COMMENT ON COLUMN training_booking.email IS 'Attendee''s work email, lower case';
COMMENT ON COLUMN training_booking.organisation_name IS 'The agency they work for, as given or from their account';
COMMENT ON COLUMN training_booking.agency_kind IS 'The kind of agency (education, police, health, local_authority, fostering, residential, voluntary, other)';
COMMENT ON COLUMN training_booking.user_id IS 'The account that booked, or null for a practitioner without one';
COMMENT ON COLUMN training_booking.setting_id IS 'The setting of the account that booked (a school sees its staff''s bookings)';
COMMENT ON COLUMN training_booking.organisation_id IS 'The organisation of the account that booked';
COMMENT ON COLUMN training_booking.link_salt IS 'Random salt of the booking''s emailed link (confirm, cancel, certificate, feedback): the link carries an HMAC of the id and salt under the server''s secret, so the database alone cannot forge one';
COMMENT ON COLUMN training_booking.requested_at IS 'When the booking was asked for';
COMMENT ON COLUMN training_booking.confirmed_at IS 'When it was confirmed (at once for an account, by the emailed link otherwise)';
COMMENT ON COLUMN training_booking.waiting_since IS 'When it joined the waiting list: freed places are offered in this order';
COMMENT ON COLUMN training_booking.offered_at IS 'When a freed place was offered';
COMMENT ON COLUMN training_booking.offer_expires_at IS 'Until when the offered place is held';
COMMENT ON COLUMN training_booking.cancelled_at IS 'When it was cancelled';
COMMENT ON COLUMN training_booking.marked_at IS 'When the register was marked for it';
COMMENT ON COLUMN training_booking.marked_by IS 'Who marked it';
-- None twice: one live booking per person per session, whatever the race.
CREATE UNIQUE INDEX training_booking_one_live ON training_booking (session_id, email)
  WHERE status IN ('pending','booked','waiting','offered');
CREATE INDEX training_booking_session ON training_booking (session_id, status);
CREATE INDEX training_booking_email ON training_booking (email);
CREATE INDEX training_booking_setting ON training_booking (setting_id) WHERE setting_id IS NOT NULL;

CREATE TABLE training_feedback (
  booking_id integer PRIMARY KEY REFERENCES training_booking(id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  outcomes_met integer NOT NULL CHECK (outcomes_met BETWEEN 1 AND 5),
  confidence_before integer NOT NULL CHECK (confidence_before BETWEEN 1 AND 5),
  confidence_after integer NOT NULL CHECK (confidence_after BETWEEN 1 AND 5),
  quote text,
  quote_for_report boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE training_feedback IS 'An attendee''s feedback on a session they attended (one per booking)';
COMMENT ON COLUMN training_feedback.booking_id IS 'The attended booking';
COMMENT ON COLUMN training_feedback.submitted_at IS 'When it was given';
COMMENT ON COLUMN training_feedback.rating IS 'Overall, 1 (poor) to 5 (excellent)';
COMMENT ON COLUMN training_feedback.outcomes_met IS 'How far the learning outcomes were met, 1 to 5';
COMMENT ON COLUMN training_feedback.confidence_before IS 'Confidence in the subject before, 1 to 5';
COMMENT ON COLUMN training_feedback.confidence_after IS 'Confidence in the subject after, 1 to 5';
COMMENT ON COLUMN training_feedback.quote IS 'What they said in their own words, or null';
COMMENT ON COLUMN training_feedback.quote_for_report IS 'Chosen by the business unit to quote in the yearly report';

CREATE TABLE training_completion (
  id serial PRIMARY KEY,
  course_id integer NOT NULL REFERENCES training_course(id),
  email text NOT NULL CHECK (email = lower(email)),
  given_name text NOT NULL,
  family_name text NOT NULL,
  completed_on date NOT NULL,
  note text,
  recorded_by uuid REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE training_completion IS 'A course completed outside the partnership''s sessions (e-learning, an earlier record), counted for mandatory training like an attended session';
COMMENT ON COLUMN training_completion.id IS 'Surrogate key';
COMMENT ON COLUMN training_completion.course_id IS 'The course completed';
COMMENT ON COLUMN training_completion.email IS 'The person''s work email, lower case (matched to a setting''s DSL or deputy)';
COMMENT ON COLUMN training_completion.given_name IS 'Given name';
COMMENT ON COLUMN training_completion.family_name IS 'Family name';
COMMENT ON COLUMN training_completion.completed_on IS 'When it was completed';
COMMENT ON COLUMN training_completion.note IS 'How it was completed, or the evidence seen';
COMMENT ON COLUMN training_completion.recorded_by IS 'Who recorded it, or null when imported';
COMMENT ON COLUMN training_completion.recorded_at IS 'When it was recorded';
CREATE INDEX training_completion_email ON training_completion (email, course_id);
