/**
 * The training module's rules, each write in one transaction with its emails and jobs:
 *   - a place is given only with the session's row locked (SELECT … FOR UPDATE), so concurrent
 *     bookings of the last places queue behind one another and each sees the places the one
 *     before took; a unique index keeps one live booking per person per session;
 *   - practitioners without an account confirm by an emailed link (nothing is held till then);
 *   - a freed place is offered to the waiting list in order, for 48 hours (or until the booking
 *     deadline), then to the next;
 *   - the register, feedback, the certificate, mandatory training status and the year's figures.
 */
import * as clock from '../../platform/clock.ts';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Kysely, type Transaction, sql } from 'kysely';
import { DateTime } from 'luxon';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import type { SignedInUser } from '../../platform/auth/permissions.ts';
import { londonDate, londonWallClock } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import { enqueueEmailInTrx, type EmailJob } from '../../platform/email/outbox.ts';
import { type FormErrors, type FormResult, dateFormError, formError } from '../../platform/http/forms.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { certificatePdf } from './certificate.ts';
import {
  type SessionFacts,
  attendedEmail,
  bookedEmail,
  cancelledEmail,
  confirmEmail,
  offerEmail,
  reminderEmail,
  renewalEmail,
} from './emails.ts';
import * as q from './queries.ts';
import {
  type MandatoryStatus,
  QUARTER_LABELS,
  isInDate,
  mandatoryStatus,
  offersToMake,
  placeFor,
  quarterOf,
  reminderDates,
  reminderDue,
} from './rules.ts';
import {
  AGENCY_KINDS,
  type AgencyKind,
  type AttendanceMark,
  type BookingRequestInput,
  type CompletionInput,
  type CourseInput,
  type FeedbackInput,
  type SessionInput,
} from './schema.ts';
import type { Booking, BookingStatus } from './tables.ts';

export const REMINDER_QUEUE = 'training-reminder';
export const OFFER_QUEUE = 'training-offers';
export const RENEWAL_QUEUE = 'training-renewal';
/** How long a freed place is held for the practitioner it is offered to. */
export const OFFER_HOURS = 48;
/** The reminder of a booked session goes this many days before it starts. */
export const SESSION_REMINDER_DAYS = 2;
/** The course whose status the schools' DSLs and deputies must keep in date. */
export const GET_SAFE_CODE = 'GET-SAFE';

export interface TrainingDeps {
  db: Db;
  jobs: () => JobQueue | null;
  baseUrl: string;
  /** Signs the bookings' emailed links. */
  secret: string;
}

type Trx = Transaction<Database>;

const LIVE: BookingStatus[] = ['pending', 'booked', 'waiting', 'offered'];

const london = (d: Date) =>
  DateTime.fromJSDate(d, { zone: 'Europe/London' }).setLocale('en-GB').toFormat("d MMMM yyyy 'at' HH:mm");
const longDate = (date: string) =>
  DateTime.fromISO(date, { zone: 'utc' }).setLocale('en-GB').toFormat('d MMMM yyyy');

/** The agency kind of an account's organisation, as the registry names organisation kinds. */
const AGENCY_OF_ORGANISATION: Record<string, AgencyKind> = {
  local_authority: 'local_authority',
  icb: 'health',
  hospital_trust: 'health',
  community_health_trust: 'health',
  police: 'police',
  voluntary: 'voluntary',
  education: 'education',
};

export type BookOutcome = { bookingId: number; outcome: 'booked' | 'waiting'; token: string };

export interface PersonStatus {
  staffId: number;
  settingId: number;
  staffRole: string;
  givenName: string;
  familyName: string;
  email: string;
  settingName: string;
  urn: string;
  phase: string;
  districtName: string;
  status: MandatoryStatus;
  lastCompletedOn: string | null;
  dueOn: string | null;
}

/** A setting's DSL and deputies and their GET SAFE status on a day (what schools-audit shows). */
export interface SettingGetSafe {
  settingId: number;
  dsl: PersonStatus[];
  deputies: PersonStatus[];
  /** A DSL in date (in date or due within 60 days). */
  dslInDate: boolean;
  /** At least one deputy in date. */
  deputyInDate: boolean;
  /** Both: the figure the yearly report quotes (93 % of schools). */
  bothInDate: boolean;
}

export interface ShareRow {
  label: string;
  settings: number;
  bothInDate: number;
}

export class TrainingService {
  constructor(private readonly deps: TrainingDeps) {}

  private get db() {
    return this.deps.db;
  }

  // ---- links -------------------------------------------------------------------------------

  /** The secret part of a booking's links: `<id>-<HMAC(id:salt)>`. */
  linkToken(booking: Pick<Booking, 'id' | 'linkSalt'>): string {
    const mac = createHmac('sha256', this.deps.secret)
      .update(`training-booking:${booking.id}:${booking.linkSalt}`)
      .digest('base64url');
    return `${booking.id}-${mac}`;
  }

  /** The booking a link's token names, or undefined when the token is not one we made. */
  async bookingByToken(token: string, executor: Kysely<Database> = this.db, lock = false) {
    const match = /^(\d{1,10})-([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return undefined;
    const id = Number(match[1]);
    if (id > 2_147_483_647) return undefined;
    let query = executor.selectFrom('trainingBooking').selectAll().where('id', '=', id);
    if (lock) query = query.forUpdate();
    const booking = await query.executeTakeFirst();
    if (!booking) return undefined;
    const expected = Buffer.from(this.linkToken(booking));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given) ? booking : undefined;
  }

  // ---- courses and sessions ----------------------------------------------------------------

  courses() {
    return this.db
      .selectFrom('trainingCourse as c')
      .select([
        'c.id',
        'c.code',
        'c.title',
        'c.audience',
        'c.mandatoryFor',
        'c.renewalMonths',
        'c.core',
        sql<number>`(SELECT count(*)::int FROM training_session s WHERE s.course_id = c.id AND s.status = 'scheduled' AND s.starts_at > ${clock.now()})`.as(
          'upcoming',
        ),
      ])
      .orderBy('c.title')
      .execute();
  }

  course(id: number) {
    return this.db.selectFrom('trainingCourse').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async createCourse(audit: AuditWriter, input: CourseInput): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('trainingCourse')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (taken) return { ok: false, errors: formError('code', 'Another course already has this code') };
      const row = await trx
        .insertInto('trainingCourse')
        .values({
          code: input.code,
          title: input.title,
          description: input.description,
          audience: input.audience,
          learningOutcomes: input.learningOutcomes,
          mandatoryFor: input.mandatoryFor,
          renewalMonths: input.renewalMonths ?? null,
          core: input.core === 'yes',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'create', recordType: 'training-course', recordId: row.id });
      return { ok: true, value: row };
    });
  }

  upcomingSessions(now = clock.now(), courseId?: number) {
    return q.upcomingSessions(this.db, now, courseId);
  }

  sessionsOfCourse(courseId: number) {
    return q.sessionsOfCourse(this.db, courseId);
  }

  session(id: number) {
    return q.findSession(this.db, id);
  }

  trainersOf(sessionId: number) {
    return q.trainersOf(this.db, sessionId);
  }

  trainerAccounts() {
    return q.trainerAccounts(this.db);
  }

  bookingsOfSession(sessionId: number) {
    return q.bookingsOfSession(this.db, sessionId);
  }

  private async checkTrainers(trx: Trx, ids: readonly string[], errors: FormErrors) {
    if (!ids.length) return;
    const found = await trx
      .selectFrom('authAccount')
      .select('id')
      .where('id', 'in', ids)
      .where('role', '=', 'trainer')
      .execute();
    if (found.length !== new Set(ids).size) formError('trainerIds', 'Select trainers from the list', errors);
  }

  async createSession(
    audit: AuditWriter,
    courseId: number,
    input: SessionInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const errors: FormErrors = { summary: [], byField: {} };
      await this.checkTrainers(trx, input.trainerIds, errors);
      if (errors.summary.length) return { ok: false, errors };
      const row = await trx
        .insertInto('trainingSession')
        .values({
          courseId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          venue: input.venue,
          onlineLink: input.onlineLink,
          capacity: input.capacity,
          bookingDeadline: input.bookingDeadline,
          cancelDeadline: input.cancelDeadline,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.trainerIds.length)
        await trx
          .insertInto('trainingSessionTrainer')
          .values([...new Set(input.trainerIds)].map((userId) => ({ sessionId: row.id, userId })))
          .execute();
      await audit(trx, { action: 'create', recordType: 'training-session', recordId: row.id });
      return { ok: true, value: row };
    });
  }

  /**
   * Changes a session. The capacity may not go below the places already booked or offered (the
   * row is locked, so no booking slips in between the count and the change); more places are
   * offered to the waiting list at once.
   */
  async updateSession(
    audit: AuditWriter,
    id: number,
    input: SessionInput,
    now = clock.now(),
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const session = await this.lockSession(trx, id);
      if (!session) return { ok: false, errors: dateFormError('date', 'This session no longer exists') };
      const errors: FormErrors = { summary: [], byField: {} };
      const held = await q.heldPlaces(trx, id);
      if (input.capacity < held.booked + held.offered)
        formError(
          'capacity',
          `The number of places cannot be fewer than the ${held.booked + held.offered} already booked${held.offered ? ' or offered' : ''}`,
          errors,
        );
      await this.checkTrainers(trx, input.trainerIds, errors);
      if (errors.summary.length) return { ok: false, errors };
      await trx
        .updateTable('trainingSession')
        .set({
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          venue: input.venue,
          onlineLink: input.onlineLink,
          capacity: input.capacity,
          bookingDeadline: input.bookingDeadline,
          cancelDeadline: input.cancelDeadline,
        })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('trainingSessionTrainer').where('sessionId', '=', id).execute();
      if (input.trainerIds.length)
        await trx
          .insertInto('trainingSessionTrainer')
          .values([...new Set(input.trainerIds)].map((userId) => ({ sessionId: id, userId })))
          .execute();
      await this.fillFreedPlaces(trx, id, now);
      await audit(trx, { action: 'update', recordType: 'training-session', recordId: id });
      return { ok: true, value: { id } };
    });
  }

  // ---- booking -----------------------------------------------------------------------------

  /** Locks the session's row for the rest of the transaction: places are counted and given under it. */
  private lockSession(trx: Trx, id: number) {
    return trx.selectFrom('trainingSession').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  private async facts(executor: Kysely<Database>, sessionId: number): Promise<SessionFacts> {
    const s = await q.findSession(executor, sessionId);
    if (!s) throw new Error(`No training session ${sessionId}`);
    return {
      id: s.id,
      courseTitle: s.courseTitle,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      venue: s.venue,
      onlineLink: s.onlineLink,
      cancelDeadline: s.cancelDeadline,
    };
  }

  private async email(trx: Trx, email: EmailJob) {
    const jobs = this.deps.jobs();
    if (jobs) await enqueueEmailInTrx(trx, jobs, email);
  }

  private async job(trx: Trx, queue: string, data: object, startAfter: Date, singletonKey: string) {
    const jobs = this.deps.jobs();
    if (jobs) await jobs.sendInTrx(trx, queue, data, { startAfter, singletonKey });
  }

  /** Why a session takes no booking now, or null when it does. */
  private closedReason(
    session: { status: string; startsAt: Date; bookingDeadline: Date },
    now: Date,
  ): string | null {
    if (session.status !== 'scheduled') return 'This session has been cancelled';
    if (now > session.bookingDeadline)
      return `Bookings for this session closed on ${london(session.bookingDeadline)}`;
    return null;
  }

  /** Gives a confirmed booking a place, or a place on the waiting list; the session row is locked. */
  private async place(
    trx: Trx,
    session: { id: number; capacity: number; startsAt: Date },
    booking: Pick<Booking, 'id' | 'linkSalt' | 'email'>,
    now: Date,
  ) {
    // Offers run out even when their job has not run yet; those waiting come first.
    await this.fillFreedPlaces(trx, session.id, now);
    const held = await q.heldPlaces(trx, session.id);
    const outcome = placeFor(session.capacity, held.booked + held.offered);
    await trx
      .updateTable('trainingBooking')
      .set({ status: outcome, confirmedAt: now, waitingSince: outcome === 'waiting' ? now : null })
      .where('id', '=', booking.id)
      .execute();
    const token = this.linkToken(booking);
    await this.email(
      trx,
      await bookedEmail(
        this.deps.baseUrl,
        booking.id,
        token,
        await this.facts(trx, session.id),
        booking.email,
        outcome,
      ),
    );
    if (outcome === 'booked') await this.scheduleReminder(trx, booking.id, session.startsAt, now);
    return { bookingId: booking.id, outcome, token } satisfies BookOutcome;
  }

  private async scheduleReminder(trx: Trx, bookingId: number, startsAt: Date, now: Date) {
    const at = new Date(startsAt.getTime() - SESSION_REMINDER_DAYS * 86_400_000);
    if (at > now) await this.job(trx, REMINDER_QUEUE, { bookingId }, at, `training-reminder-${bookingId}`);
  }

  private async liveBooking(trx: Trx, sessionId: number, email: string) {
    return trx
      .selectFrom('trainingBooking')
      .selectAll()
      .where('sessionId', '=', sessionId)
      .where('email', '=', email.toLowerCase())
      .where('status', 'in', LIVE)
      .executeTakeFirst();
  }

  /** Where a signed-in user works, as a booking records it. */
  private async workplaceOf(
    trx: Trx,
    user: SignedInUser,
  ): Promise<{ organisationName: string; agencyKind: AgencyKind }> {
    if (user.settingId) {
      const setting = await trx
        .selectFrom('registrySetting')
        .select('name')
        .where('id', '=', user.settingId)
        .executeTakeFirst();
      if (setting) return { organisationName: setting.name, agencyKind: 'education' };
    }
    if (user.organisationId) {
      const organisation = await trx
        .selectFrom('registryOrganisation')
        .select(['name', 'kind'])
        .where('id', '=', user.organisationId)
        .executeTakeFirst();
      if (organisation)
        return {
          organisationName: organisation.name,
          agencyKind: AGENCY_OF_ORGANISATION[organisation.kind] ?? 'other',
        };
    }
    return { organisationName: 'Not known', agencyKind: 'other' };
  }

  /** A signed-in practitioner books in a click: a place, or the waiting list when it is full. */
  async bookSignedIn(
    user: SignedInUser,
    sessionId: number,
    now = clock.now(),
  ): Promise<FormResult<BookOutcome> | undefined> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const session = await this.lockSession(trx, sessionId);
        if (!session) return undefined;
        const closed = this.closedReason(session, now);
        if (closed) return { ok: false, errors: formError('booking', closed) };
        const existing = await this.liveBooking(trx, sessionId, user.email);
        if (existing) return { ok: false, errors: formError('booking', alreadyText(existing.status)) };
        const workplace = await this.workplaceOf(trx, user);
        const booking = await trx
          .insertInto('trainingBooking')
          .values({
            sessionId,
            status: 'pending',
            givenName: user.givenName,
            familyName: user.familyName,
            email: user.email.toLowerCase(),
            ...workplace,
            userId: user.id,
            settingId: user.settingId,
            organisationId: user.organisationId,
            linkSalt: randomBytes(16).toString('base64url'),
            requestedAt: now,
          })
          .returning(['id', 'linkSalt', 'email'])
          .executeTakeFirstOrThrow();
        return { ok: true as const, value: await this.place(trx, session, booking, now) };
      });
    } catch (error) {
      // The unique index: the same person's second booking raced the first.
      if (isUniqueViolation(error)) return { ok: false, errors: formError('booking', alreadyText('booked')) };
      throw error;
    }
  }

  /**
   * A practitioner without an account asks for a place: a pending booking and an email with the
   * link that confirms it. The answer is the same whether or not the address has booked before
   * (nobody learns another's bookings from this form); a pending booking gets its link again.
   */
  async requestBooking(
    sessionId: number,
    input: BookingRequestInput,
    now = clock.now(),
  ): Promise<FormResult<{ sessionId: number }> | undefined> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const session = await trx
          .selectFrom('trainingSession')
          .selectAll()
          .where('id', '=', sessionId)
          .executeTakeFirst();
        if (!session) return undefined;
        const closed = this.closedReason(session, now);
        if (closed) return { ok: false, errors: formError('booking', closed) };
        const existing = await this.liveBooking(trx, sessionId, input.email);
        const facts = await this.facts(trx, sessionId);
        if (existing) {
          if (existing.status === 'pending') {
            const email = confirmEmail(
              this.deps.baseUrl,
              existing.id,
              this.linkToken(existing),
              facts,
              existing.email,
            );
            await this.email(trx, { ...email, idempotencyKey: `${email.idempotencyKey}-${now.getTime()}` });
          }
          return { ok: true, value: { sessionId } };
        }
        const booking = await trx
          .insertInto('trainingBooking')
          .values({
            sessionId,
            status: 'pending',
            givenName: input.givenName,
            familyName: input.familyName,
            email: input.email,
            organisationName: input.organisationName,
            agencyKind: input.agencyKind,
            linkSalt: randomBytes(16).toString('base64url'),
            requestedAt: now,
          })
          .returning(['id', 'linkSalt', 'email'])
          .executeTakeFirstOrThrow();
        await this.email(
          trx,
          confirmEmail(this.deps.baseUrl, booking.id, this.linkToken(booking), facts, booking.email),
        );
        return { ok: true, value: { sessionId } };
      });
    } catch (error) {
      if (isUniqueViolation(error)) return { ok: true, value: { sessionId } };
      throw error;
    }
  }

  /** The emailed link is followed: the pending booking gets a place or joins the waiting list. */
  async confirm(
    token: string,
    now = clock.now(),
  ): Promise<FormResult<{ status: BookingStatus }> | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const found = await this.bookingByToken(token, trx);
      if (!found) return undefined;
      const session = await this.lockSession(trx, found.sessionId);
      const booking = await this.bookingByToken(token, trx, true);
      if (!session || !booking) return undefined;
      if (booking.status !== 'pending') return { ok: true, value: { status: booking.status } };
      const closed = this.closedReason(session, now);
      if (closed) return { ok: false, errors: formError('booking', closed) };
      const placed = await this.place(trx, session, booking, now);
      return { ok: true, value: { status: placed.outcome } };
    });
  }

  /** The practitioner offered a freed place takes it, while the offer stands. */
  async acceptOffer(
    token: string,
    now = clock.now(),
  ): Promise<FormResult<{ status: BookingStatus }> | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const found = await this.bookingByToken(token, trx);
      if (!found) return undefined;
      const session = await this.lockSession(trx, found.sessionId);
      const booking = await this.bookingByToken(token, trx, true);
      if (!session || !booking) return undefined;
      if (booking.status === 'booked') return { ok: true, value: { status: 'booked' } };
      if (booking.status !== 'offered' || !booking.offerExpiresAt || booking.offerExpiresAt < now) {
        await this.fillFreedPlaces(trx, session.id, now);
        return {
          ok: false,
          errors: formError(
            'booking',
            'The offer of this place has ended: it has been offered to the next person on the waiting list',
          ),
        };
      }
      await trx
        .updateTable('trainingBooking')
        .set({ status: 'booked', confirmedAt: now })
        .where('id', '=', booking.id)
        .execute();
      await this.email(
        trx,
        await bookedEmail(
          this.deps.baseUrl,
          booking.id,
          this.linkToken(booking),
          await this.facts(trx, session.id),
          booking.email,
          'booked',
          `training-booked-${booking.id}-offer`,
        ),
      );
      await this.scheduleReminder(trx, booking.id, session.startsAt, now);
      return { ok: true, value: { status: 'booked' } };
    });
  }

  /**
   * The attendee cancels (by their link, or from their bookings when signed in): a booked place
   * only until the session's cancellation deadline; a place on the waiting list, an offer or an
   * unconfirmed request at any time. A place freed is offered to the waiting list.
   */
  async cancel(
    by: { token: string } | { bookingId: number; userId: string },
    now = clock.now(),
  ): Promise<FormResult<{ status: BookingStatus }> | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const found =
        'token' in by
          ? await this.bookingByToken(by.token, trx)
          : await trx
              .selectFrom('trainingBooking')
              .selectAll()
              .where('id', '=', by.bookingId)
              .where('userId', '=', by.userId)
              .executeTakeFirst();
      if (!found) return undefined;
      const session = await this.lockSession(trx, found.sessionId);
      const booking = await trx
        .selectFrom('trainingBooking')
        .selectAll()
        .where('id', '=', found.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!session) return undefined;
      if (!LIVE.includes(booking.status)) return { ok: true, value: { status: booking.status } };
      if (booking.status === 'booked' && now > session.cancelDeadline)
        return {
          ok: false,
          errors: formError(
            'booking',
            `It is too late to cancel online: the deadline was ${london(session.cancelDeadline)}. Tell the training team you cannot come.`,
          ),
        };
      await trx
        .updateTable('trainingBooking')
        .set({ status: 'cancelled', cancelledAt: now })
        .where('id', '=', booking.id)
        .execute();
      await this.email(trx, cancelledEmail(booking.id, await this.facts(trx, session.id), booking.email));
      if (booking.status === 'booked' || booking.status === 'offered')
        await this.fillFreedPlaces(trx, session.id, now);
      return { ok: true, value: { status: 'cancelled' } };
    });
  }

  /**
   * Offers that have run out lapse; every free place is offered to the next on the waiting list,
   * in order (rules.offersToMake), until the booking deadline. Runs with the session row locked.
   */
  private async fillFreedPlaces(trx: Trx, sessionId: number, now: Date): Promise<number[]> {
    await trx
      .updateTable('trainingBooking')
      .set({ status: 'lapsed' })
      .where('sessionId', '=', sessionId)
      .where('status', '=', 'offered')
      .where('offerExpiresAt', '<', now)
      .execute();
    const session = await trx
      .selectFrom('trainingSession')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    if (session.status !== 'scheduled' || now >= session.bookingDeadline) return [];
    const held = await q.heldPlaces(trx, sessionId);
    if (held.booked + held.offered >= session.capacity || held.waiting === 0) return [];
    const waiting = await trx
      .selectFrom('trainingBooking')
      .select(['id', 'waitingSince', 'email', 'linkSalt'])
      .where('sessionId', '=', sessionId)
      .where('status', '=', 'waiting')
      .execute();
    const offers = offersToMake(
      session.capacity,
      held.booked + held.offered,
      waiting.map((w) => ({ ...w, waitingSince: w.waitingSince! })),
    );
    if (!offers.length) return [];
    const expiresAt = new Date(
      Math.min(now.getTime() + OFFER_HOURS * 3_600_000, session.bookingDeadline.getTime()),
    );
    await trx
      .updateTable('trainingBooking')
      .set({ status: 'offered', offeredAt: now, offerExpiresAt: expiresAt })
      .where(
        'id',
        'in',
        offers.map((o) => o.id),
      )
      .execute();
    const facts = await this.facts(trx, sessionId);
    for (const o of offers)
      await this.email(
        trx,
        offerEmail(this.deps.baseUrl, o.id, this.linkToken(o), facts, o.email, now, expiresAt),
      );
    await this.job(
      trx,
      OFFER_QUEUE,
      { sessionId },
      new Date(expiresAt.getTime() + 60_000),
      `training-offers-${sessionId}-${expiresAt.getTime()}`,
    );
    return offers.map((o) => o.id);
  }

  /**
   * The business unit cancels a session that has not started: every live booking is cancelled
   * and its holder told by email; the session leaves the public list and takes no bookings.
   */
  async cancelSession(
    audit: AuditWriter,
    sessionId: number,
    now = clock.now(),
  ): Promise<FormResult<{ told: number }> | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const session = await this.lockSession(trx, sessionId);
      if (!session) return undefined;
      if (session.status === 'cancelled') return { ok: true, value: { told: 0 } };
      if (session.startsAt <= now)
        return { ok: false, errors: formError('cancel', 'A session that has started cannot be cancelled') };
      const facts = await this.facts(trx, sessionId);
      await trx
        .updateTable('trainingSession')
        .set({ status: 'cancelled' })
        .where('id', '=', sessionId)
        .execute();
      const live = await trx
        .updateTable('trainingBooking')
        .set({ status: 'cancelled', cancelledAt: now })
        .where('sessionId', '=', sessionId)
        .where('status', 'in', LIVE)
        .returning(['id', 'email', 'status'])
        .execute();
      for (const b of live) await this.email(trx, cancelledEmail(b.id, facts, b.email, true));
      await audit(trx, {
        action: 'cancel',
        recordType: 'training-session',
        recordId: sessionId,
        reason: `${live.length} bookings cancelled`,
      });
      return { ok: true, value: { told: live.length } };
    });
  }

  /** The job at an offer's end: lapse it and offer the place to the next person. */
  async releaseOffers(sessionId: number, now = clock.now()): Promise<number[]> {
    return this.db.transaction().execute(async (trx) => {
      const session = await this.lockSession(trx, sessionId);
      if (!session) return [];
      return this.fillFreedPlaces(trx, sessionId, now);
    });
  }

  /** The job two days before a session: a reminder to each still booked. */
  async remindBooking(bookingId: number, now = clock.now()): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const booking = await trx
        .selectFrom('trainingBooking')
        .selectAll()
        .where('id', '=', bookingId)
        .executeTakeFirst();
      if (booking?.status !== 'booked') return false;
      const session = await q.findSession(trx, booking.sessionId);
      if (session?.status !== 'scheduled' || session.startsAt <= now) return false;
      const facts = await this.facts(trx, booking.sessionId);
      await this.email(
        trx,
        reminderEmail(this.deps.baseUrl, booking.id, this.linkToken(booking), facts, booking.email),
      );
      return true;
    });
  }

  /** A booking as its link's page shows it. */
  async bookingPage(token: string) {
    const booking = await this.bookingByToken(token);
    if (!booking) return undefined;
    const session = await q.findSession(this.db, booking.sessionId);
    if (!session) return undefined;
    const feedback = await this.db
      .selectFrom('trainingFeedback')
      .select('bookingId')
      .where('bookingId', '=', booking.id)
      .executeTakeFirst();
    let position: number | null = null;
    if (booking.status === 'waiting') {
      const ahead = await this.db
        .selectFrom('trainingBooking')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('sessionId', '=', booking.sessionId)
        .where('status', '=', 'waiting')
        .where((eb) =>
          eb.or([
            eb('waitingSince', '<', booking.waitingSince!),
            eb.and([eb('waitingSince', '=', booking.waitingSince!), eb('id', '<', booking.id)]),
          ]),
        )
        .executeTakeFirstOrThrow();
      position = ahead.n + 1;
    }
    return { booking, session, position, feedbackGiven: feedback !== undefined };
  }

  async sessionCalendarFacts(sessionId: number) {
    return (await q.findSession(this.db, sessionId)) ? this.facts(this.db, sessionId) : undefined;
  }

  myBookings(userId: string) {
    return q.bookingsOfUser(this.db, userId);
  }

  settingBookings(settingId: number) {
    return q.bookingsOfSetting(this.db, settingId);
  }

  // ---- the register ------------------------------------------------------------------------

  /** The sessions whose registers a user may mark: a trainer's own (all, for `trainerId` null). */
  registerSessions(trainerId: string | null, now = clock.now()) {
    return q.registerSessions(this.db, trainerId, new Date(now.getTime() - 400 * 86_400_000));
  }

  /** A session's register, if the user may see it: every one for the business unit, a trainer's own otherwise. */
  async register(sessionId: number, trainerId: string | null) {
    if (trainerId && !(await q.isTrainerOf(this.db, sessionId, trainerId))) return undefined;
    const session = await q.findSession(this.db, sessionId);
    if (!session) return undefined;
    const bookings = (await q.bookingsOfSession(this.db, sessionId)).filter((b) => b.status === 'booked');
    return { session, bookings };
  }

  /**
   * Marks the register: attended, did not attend, or cancelled late, for booked places. Not
   * before the session's day. Those marked attended for the first time are sent the
   * feedback survey and their certificate; for mandatory training, renewal reminders are queued.
   */
  async markRegister(
    audit: AuditWriter,
    sessionId: number,
    marks: ReadonlyMap<number, AttendanceMark>,
    markedBy: string,
    now = clock.now(),
  ): Promise<FormResult<{ marked: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const session = await q.findSession(trx, sessionId);
      if (!session) return { ok: false, errors: formError('register', 'This session no longer exists') };
      // Registers are taken as people arrive: from the session's day, not before.
      if (londonDate(now) < londonDate(session.startsAt))
        return {
          ok: false,
          errors: formError(
            'register',
            `The register can be marked from the day of the session, ${longDate(londonDate(session.startsAt))}`,
          ),
        };
      const booked = await trx
        .selectFrom('trainingBooking')
        .selectAll()
        .where('sessionId', '=', sessionId)
        .where('status', '=', 'booked')
        .forUpdate()
        .execute();
      const facts = await this.facts(trx, sessionId);
      let marked = 0;
      for (const booking of booked) {
        const mark = marks.get(booking.id);
        if (!mark || mark === booking.attendance) continue;
        await trx
          .updateTable('trainingBooking')
          .set({ attendance: mark, markedAt: now, markedBy })
          .where('id', '=', booking.id)
          .execute();
        marked++;
        if (mark === 'attended') {
          await this.email(
            trx,
            attendedEmail(this.deps.baseUrl, booking.id, this.linkToken(booking), facts, booking.email),
          );
          if (session.mandatoryFor.length && session.renewalMonths) {
            const completedOn = londonDate(session.startsAt);
            await this.scheduleRenewalReminders(
              trx,
              session.courseId,
              booking.email,
              completedOn,
              session.renewalMonths,
              now,
            );
          }
        }
      }
      await audit(trx, {
        action: 'mark-register',
        recordType: 'training-session',
        recordId: sessionId,
        reason: `${marked} marked`,
      });
      return { ok: true, value: { marked } };
    });
  }

  private async scheduleRenewalReminders(
    trx: Trx,
    courseId: number,
    email: string,
    completedOn: string,
    months: number,
    now: Date,
  ) {
    const { dueOn } = mandatoryStatus(completedOn, months, completedOn);
    for (const { daysBefore, on } of reminderDates(dueOn!)) {
      const at = londonWallClock(on, '09:00');
      if (at > now)
        await this.job(
          trx,
          RENEWAL_QUEUE,
          { courseId, email, dueOn, daysBefore },
          at,
          `training-renewal-${courseId}-${email}-${dueOn}-${daysBefore}`,
        );
    }
  }

  /**
   * The renewal reminder's job: sent only if the person is still a DSL or deputy and has not
   * renewed since (their renewal date is still the one the job was queued for).
   */
  async remindRenewal(
    job: { courseId: number; email: string; dueOn: string; daysBefore: number },
    now = clock.now(),
  ): Promise<boolean> {
    const course = await this.course(job.courseId);
    if (!course?.renewalMonths) return false;
    const today = londonDate(now);
    const adult = (await q.keyAdults(this.db, null)).find((a) => a.email === job.email);
    if (!adult) return false;
    const [last] = await q.lastCompletions(this.db, course.id, [job.email], today);
    const { dueOn } = mandatoryStatus(last?.lastCompletedOn ?? null, course.renewalMonths, today);
    if (dueOn !== job.dueOn) return false;
    await this.db
      .transaction()
      .execute((trx) =>
        this.email(trx, renewalEmail(this.deps.baseUrl, adult, course, job.dueOn, job.daysBefore)),
      );
    return true;
  }

  // ---- feedback and certificates -----------------------------------------------------------

  async submitFeedback(
    token: string,
    input: FeedbackInput,
    now = clock.now(),
  ): Promise<FormResult<{ bookingId: number }> | undefined> {
    const booking = await this.bookingByToken(token);
    if (booking?.attendance !== 'attended') return undefined;
    const inserted = await this.db
      .insertInto('trainingFeedback')
      .values({ bookingId: booking.id, submittedAt: now, ...input, quote: input.quote ?? null })
      .onConflict((oc) => oc.column('bookingId').doNothing())
      .returning('bookingId')
      .executeTakeFirst();
    if (!inserted)
      return {
        ok: false,
        errors: formError('rating', 'You have already given feedback on this session: thank you'),
      };
    return { ok: true, value: inserted };
  }

  async markQuote(audit: AuditWriter, bookingId: number, forReport: boolean): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('trainingFeedback')
        .set({ quoteForReport: forReport })
        .where('bookingId', '=', bookingId)
        .where('quote', 'is not', null)
        .returning('bookingId')
        .executeTakeFirst();
      if (!row) return false;
      await audit(trx, {
        action: forReport ? 'quote-for-report' : 'quote-not-for-report',
        recordType: 'training-feedback',
        recordId: bookingId,
      });
      return true;
    });
  }

  quotes(from: string, to: string, forReport = false) {
    return q.quotes(this.db, from, to, forReport);
  }

  /** The certificate of an attended booking, or undefined when there is none to give. */
  async certificate(token: string): Promise<{ pdf: Uint8Array; filename: string } | undefined> {
    const booking = await this.bookingByToken(token);
    if (booking?.attendance !== 'attended') return undefined;
    const session = await q.findSession(this.db, booking.sessionId);
    if (!session) return undefined;
    const pdf = await certificatePdf({
      name: `${booking.givenName} ${booking.familyName}`,
      organisation: booking.organisationName,
      courseTitle: session.courseTitle,
      date: longDate(londonDate(session.startsAt)),
      learningOutcomes: session.learningOutcomes
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      reference: `${session.courseCode}-${session.id}-${booking.id}`,
    });
    return { pdf, filename: `certificate-${session.courseCode.toLowerCase()}-${booking.id}.pdf` };
  }

  // ---- completions and mandatory training --------------------------------------------------

  mandatoryCourses() {
    return this.db
      .selectFrom('trainingCourse')
      .selectAll()
      .where(sql<boolean>`cardinality(mandatory_for) > 0`)
      .orderBy('title')
      .execute();
  }

  async getSafeCourse() {
    return (
      (await this.db
        .selectFrom('trainingCourse')
        .selectAll()
        .where('code', '=', GET_SAFE_CODE)
        .executeTakeFirst()) ?? (await this.mandatoryCourses()).find((c) => c.mandatoryFor.includes('dsl'))
    );
  }

  async recordCompletion(
    audit: AuditWriter,
    recordedBy: string,
    input: CompletionInput,
    today = londonDate(clock.now()),
  ): Promise<FormResult<{ id: number }>> {
    if (input.completedOn > today)
      return {
        ok: false,
        errors: dateFormError('completedOn', 'Date completed must be today or in the past'),
      };
    return this.db.transaction().execute(async (trx) => {
      const course = await trx
        .selectFrom('trainingCourse')
        .selectAll()
        .where('id', '=', input.courseId)
        .executeTakeFirst();
      if (!course) return { ok: false, errors: formError('courseId', 'Select the course') };
      const row = await trx
        .insertInto('trainingCompletion')
        .values({ ...input, note: input.note ?? null, recordedBy })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (course.mandatoryFor.length && course.renewalMonths)
        await this.scheduleRenewalReminders(
          trx,
          course.id,
          input.email,
          input.completedOn,
          course.renewalMonths,
          clock.now(),
        );
      await audit(trx, { action: 'record-completion', recordType: 'training-completion', recordId: row.id });
      return { ok: true, value: row };
    });
  }

  /**
   * Everyone's statuses being computed right now, by course and day: the mandatory list asks for
   * the same list twice at once (its table, and the share of schools beside it), so the second
   * waits for the first instead of repeating it. Only while it runs: nothing is kept after.
   */
  readonly #everyoneInFlight = new Map<string, Promise<PersonStatus[]>>();

  /** Each DSL and deputy (of the settings given, or all) and their status in a mandatory course on a day. */
  staffStatus(
    courseId: number,
    onDate: string,
    settingIds: readonly number[] | null = null,
  ): Promise<PersonStatus[]> {
    if (settingIds !== null) return this.#staffStatus(courseId, onDate, settingIds);
    const key = `${courseId}|${onDate}`;
    const running = this.#everyoneInFlight.get(key);
    if (running) return running.then((people) => [...people]); // an array of its own to filter or sort
    const computing = this.#staffStatus(courseId, onDate, null).finally(() => {
      this.#everyoneInFlight.delete(key);
    });
    this.#everyoneInFlight.set(key, computing);
    return computing;
  }

  async #staffStatus(
    courseId: number,
    onDate: string,
    settingIds: readonly number[] | null,
  ): Promise<PersonStatus[]> {
    const course = await this.course(courseId);
    if (!course) return [];
    const adults = await q.keyAdults(this.db, settingIds);
    const emails = settingIds === null ? null : [...new Set(adults.map((a) => a.email))];
    const last = new Map(
      (await q.lastCompletions(this.db, courseId, emails, onDate)).map((r) => [r.email, r.lastCompletedOn]),
    );
    return adults.map((a) => {
      const lastCompletedOn = last.get(a.email) ?? null;
      return { ...a, lastCompletedOn, ...mandatoryStatus(lastCompletedOn, course.renewalMonths, onDate) };
    });
  }

  /**
   * For the schools-audit module: each setting's DSL and deputies with their GET SAFE status on
   * `onDate` (in date / due within 60 days / expired / never), and whether both a DSL and a
   * deputy are in date. Every setting asked for is in the answer, with empty lists when the
   * registry names no DSL or deputy for it.
   */
  async getSafeStatusBySetting(
    settingIds: readonly number[],
    onDate: string,
    /** Every setting's (one query each, not a list of ids): for the partnership's figures. */
    all = false,
  ): Promise<Map<number, SettingGetSafe>> {
    const course = await this.getSafeCourse();
    const people = course ? await this.staffStatus(course.id, onDate, all ? null : settingIds) : [];
    const bySetting = new Map<number, PersonStatus[]>();
    for (const p of people) bySetting.set(p.settingId, [...(bySetting.get(p.settingId) ?? []), p]);
    const result = new Map<number, SettingGetSafe>();
    for (const id of settingIds) {
      const mine = bySetting.get(id) ?? [];
      const dsl = mine.filter((p) => p.staffRole === 'dsl');
      const deputies = mine.filter((p) => p.staffRole === 'deputy_dsl');
      const dslInDate = dsl.some((p) => isInDate(p.status));
      const deputyInDate = deputies.some((p) => isInDate(p.status));
      result.set(id, {
        settingId: id,
        dsl,
        deputies,
        dslInDate,
        deputyInDate,
        bothInDate: dslInDate && deputyInDate,
      });
    }
    return result;
  }

  /**
   * The share of schools (every phase but early years) whose DSL and a deputy are both in date
   * with GET SAFE on `onDate`, by phase and by district; early-years settings in their own row.
   */
  async getSafeShare(onDate: string) {
    const settings = await q.settingsWithPlace(this.db);
    const byId = await this.getSafeStatusBySetting(
      settings.map((s) => s.id),
      onDate,
      true,
    );
    const tally = (rows: typeof settings, key: (s: (typeof settings)[number]) => string) => {
      const groups = new Map<string, ShareRow>();
      for (const s of rows) {
        const label = key(s);
        const row = groups.get(label) ?? { label, settings: 0, bothInDate: 0 };
        row.settings++;
        if (byId.get(s.id)?.bothInDate) row.bothInDate++;
        groups.set(label, row);
      }
      return [...groups.values()];
    };
    const schools = settings.filter((s) => s.phase !== 'early_years');
    const [overall] = tally(schools, () => 'All schools');
    return {
      overall: overall ?? { label: 'All schools', settings: 0, bothInDate: 0 },
      byPhase: tally(settings, (s) => s.phase),
      byDistrict: tally(schools, (s) => s.districtName).sort((a, b) => a.label.localeCompare(b.label)),
    };
  }

  /**
   * The reminders due on `onDate` for every DSL and deputy: 60 days before the renewal date, then
   * 14 days before (each sent once: its email's key names the renewal date and the days). For a
   * daily run (`safeguarding training renewal-reminders`), beside the reminders queued when
   * training is completed.
   */
  async sendRenewalReminders(onDate: string): Promise<number> {
    let queued = 0;
    for (const course of await this.mandatoryCourses()) {
      if (!course.renewalMonths) continue;
      const people = (await this.staffStatus(course.id, onDate)).filter((p) =>
        course.mandatoryFor.includes(p.staffRole as never),
      );
      const seen = new Set<string>();
      await this.db.transaction().execute(async (trx) => {
        for (const p of people) {
          if (!p.dueOn || seen.has(p.email)) continue;
          const days = reminderDue(p.dueOn, onDate);
          if (!days) continue;
          seen.add(p.email);
          await this.email(trx, renewalEmail(this.deps.baseUrl, p, course, p.dueOn, days));
          queued++;
        }
      });
    }
    return queued;
  }

  // ---- figures -----------------------------------------------------------------------------

  /** The figures of a period (a reporting year): attendance by course and agency, non-attendance, feedback. */
  async figures(from: string, to: string) {
    const [byCourse, agencies, feedback] = await Promise.all([
      q.attendanceByCourse(this.db, from, to),
      q.attendanceByAgency(this.db, from, to),
      q.feedbackByCourse(this.db, from, to),
    ]);
    const courses = byCourse.rows;
    const sum = (rows: { attended: number; didNotAttend: number; cancelledLate: number }[]) =>
      rows.reduce(
        (t, r) => ({
          attended: t.attended + r.attended,
          didNotAttend: t.didNotAttend + r.didNotAttend,
          cancelledLate: t.cancelledLate + r.cancelledLate,
        }),
        { attended: 0, didNotAttend: 0, cancelledLate: 0 },
      );
    const totals = {
      ...sum(courses),
      sessions: courses.reduce((t, c) => t + c.sessions, 0),
      coreAttended: courses.filter((c) => c.core).reduce((t, c) => t + c.attended, 0),
      coreSessions: courses.filter((c) => c.core).reduce((t, c) => t + c.sessions, 0),
    };
    const byKind = new Map<string, { attended: number; didNotAttend: number; cancelledLate: number }>();
    const byOrganisation = new Map<
      string,
      { organisation: string; agencyKind: string; quarters: { marked: number; missed: number }[] }
    >();
    for (const r of agencies.rows) {
      const k = byKind.get(r.agencyKind) ?? { attended: 0, didNotAttend: 0, cancelledLate: 0 };
      k.attended += r.attended;
      k.didNotAttend += r.didNotAttend;
      k.cancelledLate += r.cancelledLate;
      byKind.set(r.agencyKind, k);
      const key = `${r.agencyKind}|${r.agencyName.toLowerCase()}`;
      const o = byOrganisation.get(key) ?? {
        organisation: r.agencyName,
        agencyKind: r.agencyKind,
        quarters: [0, 1, 2, 3].map(() => ({ marked: 0, missed: 0 })),
      };
      const quarter = o.quarters[quarterOf(r.day) - 1]!;
      quarter.marked += r.attended + r.didNotAttend + r.cancelledLate;
      quarter.missed += r.didNotAttend + r.cancelledLate;
      byOrganisation.set(key, o);
    }
    const missed = totals.didNotAttend + totals.cancelledLate;
    return {
      from,
      to,
      courses,
      totals: { ...totals, marked: totals.attended + missed, missed },
      byAgency: [...byKind.entries()]
        .map(([kind, v]) => ({ kind, label: AGENCY_KINDS[kind as AgencyKind] ?? kind, ...v }))
        .sort((a, b) => b.attended - a.attended || a.label.localeCompare(b.label)),
      nonAttendance: [...byOrganisation.values()]
        .map((o) => ({
          ...o,
          missed: o.quarters.reduce((t, x) => t + x.missed, 0),
          marked: o.quarters.reduce((t, x) => t + x.marked, 0),
        }))
        .filter((o) => o.missed > 0)
        .sort((a, b) => b.missed - a.missed || a.organisation.localeCompare(b.organisation)),
      quarterLabels: QUARTER_LABELS,
      feedback: feedback.rows,
    };
  }
}

function alreadyText(status: BookingStatus): string {
  switch (status) {
    case 'waiting':
      return 'You are already on the waiting list for this session';
    case 'offered':
      return 'You have already been offered a place on this session: see your email';
    case 'pending':
      return 'You have already asked for a place: confirm it with the link we emailed you';
    default:
      return 'You already have a place on this session';
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
