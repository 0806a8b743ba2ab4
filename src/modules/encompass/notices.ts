/**
 * A notice's life after it is made: read by its recipient (audited, the first view timed),
 * acknowledged with what was done, escalated when the school day starts without that, or sent on
 * by hand by the coordinator from the queue. Every change of state is asked of workflow.ts first.
 */
import { type AuditWriter, SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { nextSchoolDayStart, nextWorkingDayAt } from '../../platform/calendar/index.ts';
import { enqueueEmailInTrx } from '../../platform/email/outbox.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noticeJobs, recipientAddresses } from './delivery.ts';
import type { EncompassDeps } from './deps.ts';
import { escalationEmail } from './emails.ts';
import * as q from './queries.ts';
import { TEAM_NOTICE_TIME } from './routing.ts';
import type { AcknowledgementInput, ManualRoutingInput } from './schema.ts';
import { allows, nextState, statesAllowing } from './workflow.ts';
import * as clock from '../../platform/clock.ts';

/** How a notice the coordinator sent on by hand gives its reason (words for people; the fact is routed_by_hand_at). */
const ROUTED_BY_HAND = 'Sent on by the coordinator';

export type NoticeRecord = NonNullable<Awaited<ReturnType<typeof q.findNotice>>>;

export type RouteByHandResult = { ok: true } | { ok: false; field: string; message: string };

export class NoticeLifecycle {
  constructor(private readonly deps: EncompassDeps) {}

  /**
   * A notice read, audited. "First viewed", which the police see, is when its recipient first
   * opened it: `byRecipient` says whether this reader is one (the coordinator is not).
   */
  async viewNotice(
    audit: AuditWriter,
    id: string,
    byRecipient: (notice: NoticeRecord) => boolean,
    now = clock.now(),
  ) {
    return this.deps.db.transaction().execute(async (trx) => {
      const notice = await q.findNotice(trx, id);
      if (!notice) return undefined;
      nextState(notice.status, 'view');
      if (!notice.firstViewedAt && byRecipient(notice)) await q.markFirstViewed(trx, id, now);
      // Opened again by its recipient after the police changed it: read again, until the next change.
      if (notice.readAgainSince && byRecipient(notice)) await q.markReadAgain(trx, id);
      await audit(trx, {
        action: 'view',
        recordType: 'encompass-notice',
        recordId: id,
        childId: notice.childId,
      });
      return notice;
    });
  }

  /** Acknowledges a notice with what was done; the transition table says which notices can be. */
  async acknowledge(
    audit: AuditWriter,
    id: string,
    userId: string,
    input: AcknowledgementInput,
    now = clock.now(),
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const notice = await q.noticeForUpdate(trx, id);
      if (!notice) throw new NotFoundError();
      await q.updateNotice(trx, id, {
        status: nextState(notice.status, 'acknowledge'),
        acknowledgedAt: now,
        acknowledgedBy: userId,
        action: input.action.join(','),
        actionNote: input.actionNote ?? null,
        feedback: input.feedback ?? null,
        feedbackNote: input.feedbackNote ?? null,
      });
      await audit(trx, {
        action: 'acknowledge',
        recordType: 'encompass-notice',
        recordId: id,
        childId: notice.childId,
      });
    });
  }

  /**
   * Escalates notices still unacknowledged when their school day started: an email to the
   * deputies and the head, and the notice joins the coordinator's overdue list. Idempotent.
   */
  async escalateOverdue(now = clock.now(), noticeId?: string): Promise<number> {
    const actor = auditWriterFor(SYSTEM_ACTOR);
    return this.deps.db.transaction().execute(async (trx) => {
      const escalated = await q.escalateDue(trx, now, statesAllowing('escalate'), noticeId);
      const jobs = this.deps.jobs();
      for (const notice of escalated) {
        await actor(trx, { action: 'escalate', recordType: 'encompass-notice', recordId: notice.id });
        if (!jobs || !notice.settingId) continue;
        const setting = await q.settingName(trx, notice.settingId);
        const to = (await q.keyAdultEmails(trx, notice.settingId, ['deputy_dsl', 'head'])).map(
          (k) => k.email,
        );
        if (to.length)
          await enqueueEmailInTrx(
            trx,
            jobs,
            escalationEmail(this.deps.baseUrl, notice.id, setting.name, [...new Set(to)]),
          );
      }
      return escalated.length;
    });
  }

  /** The notices escalateOverdue(now) would escalate (no child's details: the setting and the reference). */
  dueForEscalation(now = clock.now()) {
    return q.dueForEscalation(this.deps.db, now, statesAllowing('escalate'));
  }

  /** The escalation job: a job woken a moment early fails, so the queue retries it after the deadline. */
  async escalateWhenDue(noticeId: string, now = clock.now()): Promise<void> {
    if ((await this.escalateOverdue(now, noticeId)) > 0) return;
    const notice = await q.noticeDeadline(this.deps.db, noticeId);
    if (notice && allows(notice.status, 'escalate') && !notice.escalatedAt && notice.dueAt > now) {
      throw new Error(`Notice ${noticeId} is not due until ${notice.dueAt.toISOString()}`);
    }
  }

  /**
   * The coordinator sends a queued notice on, having worked out where the child belongs. It is
   * due by the same rule as if it had been routed at once, counted from now; whether it was sent
   * in time is counted from when the police attended (or were told).
   */
  async routeByHand(
    audit: AuditWriter,
    id: string,
    input: ManualRoutingInput,
    now = clock.now(),
  ): Promise<RouteByHandResult> {
    const calendar = this.deps.calendar();
    return this.deps.db.transaction().execute(async (trx) => {
      const notice = await q.noticeForUpdate(trx, id);
      if (!notice) return { ok: false, field: 'recipient', message: 'The notice no longer exists' };
      const status = nextState(notice.status, 'sendOnByHand');
      let routing: {
        recipient: 'setting' | 'health_visiting' | 'family_front_door';
        settingId: number | null;
        teamId: number | null;
        dueAt: Date;
        sendBy: Date;
      };
      if (input.recipient === 'setting') {
        const setting = await q.settingForRouting(trx, input.settingUrn ?? '');
        if (!setting)
          return {
            ok: false,
            field: 'settingUrn',
            message: `There is no setting with URN ${input.settingUrn}`,
          };
        if (setting.encompassStatus !== 'joined')
          return {
            ok: false,
            field: 'settingUrn',
            message: `${setting.name} has not joined Operation Encompass yet`,
          };
        const settingCalendar = {
          schoolDayStartsAt: setting.schoolDayStartsAt.slice(0, 5),
          terms: setting.ownTerms?.length ? setting.ownTerms : await q.terms(trx),
          closures: setting.closures,
        };
        routing = {
          recipient: 'setting',
          settingId: setting.id,
          teamId: null,
          dueAt: nextSchoolDayStart(settingCalendar, calendar, now),
          sendBy: nextSchoolDayStart(settingCalendar, calendar, notice.attendedAt),
        };
      } else {
        const team = await q.teamByCode(trx, input.teamCode ?? '');
        if (!team || team.kind !== input.recipient)
          return { ok: false, field: 'teamCode', message: 'Select a team of that kind' };
        routing = {
          recipient: input.recipient,
          settingId: null,
          teamId: team.id,
          dueAt: nextWorkingDayAt(calendar, now, TEAM_NOTICE_TIME),
          sendBy: nextWorkingDayAt(calendar, notice.attendedAt, TEAM_NOTICE_TIME),
        };
      }
      await q.updateNotice(trx, id, {
        ...routing,
        status,
        sentAt: now,
        routedByHandAt: now,
        routingReason: `${ROUTED_BY_HAND}: ${input.reason}`,
      });
      await audit(trx, {
        action: 'route',
        recordType: 'encompass-notice',
        recordId: id,
        childId: notice.childId,
        reason: input.reason,
      });
      const jobs = this.deps.jobs();
      if (jobs)
        await jobs.insertInTrx(
          trx,
          noticeJobs(this.deps.baseUrl, id, routing, await recipientAddresses(trx, routing)),
        );
      return { ok: true };
    });
  }

  // Reads --------------------------------------------------------------------------------------

  notices(filter: q.NoticeFilter) {
    return q.listNotices(this.deps.db, filter);
  }

  noticeSummary(id: string) {
    return q.findNotice(this.deps.db, id);
  }

  /** What the police recorded to identify a notice's child, for the coordinator to find them in the index. */
  noticeChildIdentity(id: string) {
    return q.noticeChildIdentity(this.deps.db, id);
  }

  /** Every setting by name, for the coordinator sending a notice on. */
  settingsByName() {
    return q.settingsByName(this.deps.db);
  }

  /** Teams a coordinator can send a notice to. */
  routingTeams() {
    return q.routingTeams(this.deps.db);
  }
}
