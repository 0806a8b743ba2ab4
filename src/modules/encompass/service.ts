/**
 * Operation Encompass: an incident becomes one notice per child, routed and timed by the rules in
 * routing.ts, with the emails and the escalation job enqueued in the same transaction, so an
 * accepted incident always has all its notices and exactly one email job each.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import { type AuditActor, type AuditEvent, type AuditWriter, auditAppendCall, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { type WorkingDayCalendar, londonDate, nextSchoolDayStart, nextWorkingDayAt } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { EncompassChildTable, EncompassNoticeTable } from './tables.ts';
import { emailJob, enqueueEmailInTrx } from '../../platform/email/outbox.ts';
import { ConflictError } from '../../platform/http/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { routingLookupOf } from '../children/index.ts';
import type { RegistryService } from '../registry/index.ts';
import * as q from './queries.ts';
import { TEAM_NOTICE_TIME, routeNotice } from './routing.ts';
import { type AcknowledgementInput, type AmendmentInput, type IncidentInput, type ManualRoutingInput, type WithdrawalInput, ageOn } from './schema.ts';

export const ESCALATION_QUEUE = 'encompass-escalation';

/** How a notice the coordinator sent on by hand gives its reason. */
const ROUTED_BY_HAND = 'Sent on by the coordinator';

export type NoticeRecord = NonNullable<Awaited<ReturnType<typeof q.findNotice>>>;

export interface IncidentProblem {
  path: string;
  message: string;
}

export type RecordResult =
  | { ok: true; incidentId: string; notices: { id: string; recipient: string; status: string; dueAt: Date }[] }
  | { ok: false; problems: IncidentProblem[] };

export class EncompassService {
  constructor(
    private readonly db: Db,
    private readonly registry: RegistryService,
    private readonly calendar: () => WorkingDayCalendar,
    private readonly jobs: () => JobQueue | null,
    private readonly baseUrl: string,
  ) {}

  /** Records an incident and its notices in one transaction; nothing is saved if anything is wrong. */
  async recordIncident(
    actor: AuditActor,
    recorder: { organisationId: number; userId: string | null },
    input: IncidentInput,
    recordedAt = new Date(),
  ): Promise<RecordResult> {
    return this.db.transaction().execute(async (trx) => {
      const incidentDate = londonDate(input.occurredAt);
      const context = await q.routingContext(trx, input, incidentDate);
      const problems: IncidentProblem[] = [];
      if (context.referenceTaken) {
        problems.push({ path: 'policeReference', message: `An incident with police reference ${input.policeReference} has already been recorded` });
      }
      const district = context.district;
      if (!district) problems.push({ path: 'districtCode', message: `There is no district called ${input.districtCode}` });
      if (problems.length || !district) return { ok: false, problems };

      // Ids are made here so that the incident, its children and notices go in one statement.
      const incident = {
        id: randomUUID(),
        policeReference: input.policeReference,
        occurredAt: input.occurredAt,
        place: input.place,
        districtId: district.id,
        circumstances: input.circumstances,
        riskLevel: input.riskLevel,
        officerName: input.officerName,
        organisationId: recorder.organisationId,
        recordedBy: recorder.userId,
        recordedAt,
      };
      // Audit entries are written last, in the statement just before the commit: an entry takes
      // its lane's lock until the transaction ends, so the lock should not be held across the work.
      const auditEvents: AuditEvent[] = [{ action: 'create', recordType: 'encompass-incident', recordId: incident.id }];

      const teams = context.teams;
      const jobs = this.jobs();
      const jobInserts: Parameters<JobQueue['insertInTrx']>[1] = [];
      const childRows: Insertable<EncompassChildTable>[] = [];
      const noticeRows: Insertable<EncompassNoticeTable>[] = [];
      const notices: { id: string; recipient: string; status: string; dueAt: Date }[] = [];
      for (const [index, child] of input.children.entries()) {
        const { lookup, setting, routing } = this.routeChild(context, child, index, incidentDate, recordedAt);
        const childId = lookup.status === 'found' ? lookup.childId : null;
        const encompassChildId = randomUUID();
        const noticeId = randomUUID();
        childRows.push({
          id: encompassChildId,
          incidentId: incident.id,
          givenName: child.givenName,
          familyName: child.familyName,
          dateOfBirth: child.dateOfBirth,
          address: child.address,
          postcode: child.postcode ?? null,
          nhsNumber: child.nhsNumber ?? null,
          presence: child.presence,
          spokenTo: child.spokenTo,
          childVoice: child.childVoice ?? null,
          demeanour: child.demeanour ?? null,
          injuries: child.injuries ?? null,
          childId,
          match: lookup.status === 'found' ? 'exact' : lookup.status,
        });
        noticeRows.push({
          id: noticeId,
          encompassChildId,
          incidentId: incident.id,
          recipient: routing.recipient,
          settingId: routing.settingId,
          teamId: routing.teamId,
          routingReason: routing.reason,
          dueAt: routing.dueAt,
          sendBy: routing.dueAt,
          status: routing.status,
          sentAt: routing.status === 'sent' ? recordedAt : null,
        });
        // One entry per child: the notice names the child it was made for, read from the index.
        auditEvents.push({
          action: 'create',
          recordType: 'encompass-notice',
          recordId: noticeId,
          childId,
          reason: childId ? 'child matched in the child index by exact identifiers' : `not matched (${lookup.status})`,
        });
        if (jobs && routing.status === 'sent') {
          const team = teams.find((t) => t.id === routing.teamId);
          const recipients =
            routing.recipient === 'setting' && setting
              ? { to: [...new Set([setting.safeguardingEmail, ...setting.keyAdultEmails])], name: setting.name }
              : { to: team ? [team.email] : [], name: team?.name ?? '' };
          jobInserts.push(...this.noticeJobs(noticeId, routing, recipients));
        }
        notices.push({ id: noticeId, recipient: routing.recipient, status: routing.status, dueAt: routing.dueAt });
      }
      // The jobs first (they name notices but do not refer to them), then the incident, its
      // children, its notices and their audit entries in one statement: its foreign keys are
      // checked at its end, when all of it is done. Two round trips, whatever the incident's size.
      if (jobs) await jobs.insertInTrx(trx, jobInserts);
      await trx
        .with('incident', (db) => db.insertInto('encompassIncident').values(incident))
        .with('child', (db) => db.insertInto('encompassChild').values(childRows))
        .with('notice', (db) => db.insertInto('encompassNotice').values(noticeRows))
        .selectNoFrom(auditAppendCall(actor, auditEvents).as('audited'))
        .execute();
      return { ok: true, incidentId: incident.id, notices };
    });
  }

  /** Why an incident cannot move to another date, or null when every notice would stand. */
  private async dateChangeProblem(
    trx: Transaction<Database>,
    incident: { id: string; policeReference: string; districtCode: string; recordedAt: Date },
    newDate: string,
  ): Promise<string | null> {
    const children = await trx
      .selectFrom('encompassChild as c')
      .innerJoin('encompassNotice as n', 'n.encompassChildId', 'c.id')
      .select(['c.givenName', 'c.familyName', 'c.dateOfBirth', 'c.nhsNumber', 'n.recipient', 'n.settingId', 'n.teamId', 'n.status', 'n.routingReason'])
      .where('c.incidentId', '=', incident.id)
      .orderBy('c.id')
      .execute();
    for (const child of children) {
      const name = `${child.givenName} ${child.familyName}`;
      if (child.dateOfBirth > newDate) return `${name} was not born on that date`;
      if (ageOn(child.dateOfBirth, newDate) >= 18) return `${name} was 18 or over on that date: Operation Encompass is for children`;
    }
    const identities = children.map((c) => ({ givenName: c.givenName, familyName: c.familyName, dateOfBirth: c.dateOfBirth, nhsNumber: c.nhsNumber ?? undefined }));
    const context = await q.routingContext(trx, { policeReference: incident.policeReference, districtCode: incident.districtCode, children: identities }, newDate);
    for (const [index, child] of children.entries()) {
      // A withdrawn notice has gone; one the coordinator sent on by hand was routed by a person.
      if (child.status === 'withdrawn' || child.routingReason.startsWith(ROUTED_BY_HAND)) continue;
      const { routing } = this.routeChild(context, identities[index]!, index, newDate, incident.recordedAt);
      if (routing.recipient !== child.recipient || routing.settingId !== child.settingId || routing.teamId !== child.teamId) {
        return `On that date ${child.givenName} ${child.familyName}’s notice would go elsewhere: withdraw it and record the incident again`;
      }
    }
    return null;
  }

  /** One child's match in the index and where its notice goes, by the rules in routing.ts. */
  private routeChild(
    context: q.RoutingContext,
    child: { nhsNumber?: string | undefined; dateOfBirth: string },
    index: number,
    incidentDate: string,
    recordedAt: Date,
  ) {
    const { lookup, setting } = routingLookupOf(child, context.children[index] ?? []);
    const routing = routeNotice(
      {
        match: lookup.status === 'found' ? 'exact' : lookup.status,
        dateOfBirth: child.dateOfBirth,
        incidentDate,
        setting: setting
          ? {
              id: setting.id,
              name: setting.name,
              encompassStatus: setting.encompassStatus,
              calendar: { schoolDayStartsAt: setting.schoolDayStartsAt.slice(0, 5), terms: context.terms, closures: setting.closures },
            }
          : null,
        healthVisitingTeamId: context.teams.find((t) => t.kind === 'health_visiting')?.id ?? null,
        frontDoorTeamId: context.teams.find((t) => t.kind === 'family_front_door')?.id ?? null,
      },
      recordedAt,
      this.calendar(),
    );
    return { lookup, setting, routing };
  }

  /** The arrival email (no child details: only that a notice is waiting) and the escalation check. */
  private noticeJobs(
    noticeId: string,
    routing: { recipient: string; dueAt: Date },
    recipients: { to: string[]; name: string },
  ): Parameters<JobQueue['insertInTrx']>[1] {
    const jobs: Parameters<JobQueue['insertInTrx']>[1] = [];
    if (recipients.to.length) {
      jobs.push(
        emailJob({
          idempotencyKey: `encompass-notice-${noticeId}`,
          to: recipients.to,
          subject: `Operation Encompass: a new notice for ${recipients.name}`,
          text: [
            `A new Operation Encompass notice has arrived for ${recipients.name}.`,
            '',
            'Sign in to Safeguarding Hub to read it before the start of the next school day:',
            `${this.baseUrl}/encompass/notices/${noticeId}`,
            '',
            'This email does not contain any details of the child, by design.',
          ].join('\n'),
        }),
      );
    }
    if (routing.recipient === 'setting') {
      jobs.push({ name: ESCALATION_QUEUE, data: { noticeId }, startAfter: routing.dueAt, singletonKey: `escalate-${noticeId}` });
    }
    return jobs;
  }

  private async enqueueNoticeEmails(
    trx: Transaction<Database>,
    noticeId: string,
    routing: { recipient: string; settingId: number | null; teamId: number | null; dueAt: Date },
  ) {
    const jobs = this.jobs();
    if (!jobs) return;
    await jobs.insertInTrx(trx, this.noticeJobs(noticeId, routing, await this.recipientAddresses(trx, routing)));
  }

  /**
   * Escalates notices still unacknowledged when their school day started: an email to the
   * deputies and the head, and the notice joins the coordinator's overdue list. Idempotent.
   */
  async escalateOverdue(now = new Date(), noticeId?: string): Promise<number> {
    const actor = auditWriterFor({ userId: null, userEmail: 'system', role: 'system', organisationId: null, ip: null, requestId: null });
    return this.db.transaction().execute(async (trx) => {
      let query = trx
        .updateTable('encompassNotice')
        .set({ escalatedAt: now })
        .where('status', '=', 'sent')
        .where('recipient', '=', 'setting')
        .where('escalatedAt', 'is', null)
        .where('dueAt', '<=', now)
        .returning(['id', 'settingId']);
      if (noticeId) query = query.where('id', '=', noticeId);
      const escalated = await query.execute();
      const jobs = this.jobs();
      for (const notice of escalated) {
        await actor(trx, { action: 'escalate', recordType: 'encompass-notice', recordId: notice.id });
        if (!jobs || !notice.settingId) continue;
        const setting = await trx.selectFrom('setting').select('name').where('id', '=', notice.settingId).executeTakeFirstOrThrow();
        const to = (await q.keyAdultEmails(trx, notice.settingId, ['deputy_dsl', 'head'])).map((k) => k.email);
        if (to.length) {
          await enqueueEmailInTrx(trx, jobs, {
            idempotencyKey: `encompass-escalation-${notice.id}`,
            to: [...new Set(to)],
            subject: `Operation Encompass: a notice for ${setting.name} has not been acknowledged`,
            text: [
              `An Operation Encompass notice for ${setting.name} was not acknowledged before the start of the school day.`,
              '',
              `Sign in to Safeguarding Hub to read it now: ${this.baseUrl}/encompass/notices/${notice.id}`,
              '',
              'This email does not contain any details of the child, by design.',
            ].join('\n'),
          });
        }
      }
      return escalated.length;
    });
  }

  /** The escalation job: a job woken a moment early fails, so the queue retries it after the deadline. */
  async escalateWhenDue(noticeId: string, now = new Date()): Promise<void> {
    if ((await this.escalateOverdue(now, noticeId)) > 0) return;
    const notice = await this.db.selectFrom('encompassNotice').select(['status', 'dueAt', 'escalatedAt']).where('id', '=', noticeId).executeTakeFirst();
    if (notice?.status === 'sent' && !notice.escalatedAt && notice.dueAt > now) {
      throw new Error(`Notice ${noticeId} is not due until ${notice.dueAt.toISOString()}`);
    }
  }

  /**
   * The police correct an incident: what changed is recorded and every recipient still holding
   * a notice is emailed that it changed (never what it says). A new date is refused when a child
   * would then be too old, not yet born, or routed elsewhere (on another setting's roll, or past
   * their fifth birthday): such a notice must be withdrawn and the incident recorded again.
   */
  async amendIncident(
    audit: AuditWriter,
    id: string,
    userId: string | null,
    input: AmendmentInput,
    now = new Date(),
  ): Promise<{ ok: true; changed: string[] } | { ok: false; changed: []; field?: string; message?: string }> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('encompassIncident as i')
        .innerJoin('district as d', 'd.id', 'i.districtId')
        .selectAll('i')
        .select('d.code as districtCode')
        .where('i.id', '=', id)
        .forUpdate('i')
        .executeTakeFirst();
      if (!before) return { ok: false as const, changed: [] as [] };
      const changed = [
        before.occurredAt.getTime() !== input.occurredAt.getTime() ? 'when it happened' : null,
        before.place !== input.place ? 'where it happened' : null,
        before.circumstances !== input.circumstances ? 'the circumstances' : null,
        before.riskLevel !== input.riskLevel ? 'the risk level' : null,
      ].filter((c): c is string => c !== null);
      if (!changed.length) return { ok: true as const, changed };
      const newDate = londonDate(input.occurredAt);
      if (newDate !== londonDate(before.occurredAt)) {
        const problem = await this.dateChangeProblem(trx, before, newDate);
        if (problem) return { ok: false as const, changed: [] as [], field: 'occurredDate', message: problem };
      }
      await trx
        .updateTable('encompassIncident')
        .set({ occurredAt: input.occurredAt, place: input.place, circumstances: input.circumstances, riskLevel: input.riskLevel, amendedAt: now })
        .where('id', '=', id)
        .execute();
      await trx.insertInto('encompassAmendment').values({ incidentId: id, amendedAt: now, amendedBy: userId, changed, reason: input.reason }).execute();
      await audit(trx, { action: 'amend', recordType: 'encompass-incident', recordId: id, reason: input.reason });
      const jobs = this.jobs();
      const open = await trx
        .selectFrom('encompassNotice')
        .select(['id', 'recipient', 'settingId', 'teamId', 'dueAt'])
        .where('incidentId', '=', id)
        .where('status', 'in', ['sent', 'acknowledged'])
        .execute();
      for (const notice of open) {
        if (!jobs) break;
        const { to } = await this.recipientAddresses(trx, notice);
        if (!to.length) continue;
        await enqueueEmailInTrx(trx, jobs, {
          idempotencyKey: `encompass-amended-${notice.id}-${now.getTime()}`,
          to,
          subject: 'Operation Encompass: the police amended a notice',
          text: [
            `The police amended an Operation Encompass notice you received: ${changed.join(', ')} changed.`,
            '',
            `Sign in to Safeguarding Hub to read it: ${this.baseUrl}/encompass/notices/${notice.id}`,
            '',
            'This email does not contain any details of the child, by design.',
          ].join('\n'),
        });
      }
      return { ok: true as const, changed };
    });
  }

  /** The police withdraw a notice sent to the wrong place: its recipient loses access at once. */
  async withdrawNotice(audit: AuditWriter, id: string, input: WithdrawalInput, now = new Date()) {
    return this.db.transaction().execute(async (trx) => {
      const withdrawn = await trx
        .updateTable('encompassNotice')
        .set({ status: 'withdrawn', withdrawnAt: now, withdrawnReason: input.reason })
        .where('id', '=', id)
        .where('status', '!=', 'withdrawn')
        .returning(['id', 'encompassChildId'])
        .executeTakeFirst();
      if (!withdrawn) throw new ConflictError('This notice has already been withdrawn');
      const child = await trx.selectFrom('encompassChild').select('childId').where('id', '=', withdrawn.encompassChildId).executeTakeFirstOrThrow();
      await audit(trx, { action: 'withdraw', recordType: 'encompass-notice', recordId: id, childId: child.childId, reason: input.reason });
    });
  }

  /**
   * The coordinator sends a queued notice on, having worked out where the child belongs. It is
   * due by the same rule as if it had been routed at once, counted from now; whether it was sent
   * in time is counted from when the incident was recorded.
   */
  async routeByHand(audit: AuditWriter, id: string, input: ManualRoutingInput, now = new Date()): Promise<{ ok: true } | { ok: false; field: string; message: string }> {
    return this.db.transaction().execute(async (trx) => {
      const notice = await trx
        .selectFrom('encompassNotice as n')
        .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
        .select(['n.status', 'n.encompassChildId', 'i.recordedAt'])
        .where('n.id', '=', id)
        .forUpdate('n')
        .executeTakeFirst();
      if (!notice) return { ok: false, field: 'recipient', message: 'The notice no longer exists' };
      if (notice.status !== 'queued') throw new ConflictError('Only a notice in the coordinator’s queue can be sent on by hand');
      let routing: { recipient: 'setting' | 'health_visiting' | 'family_front_door'; settingId: number | null; teamId: number | null; dueAt: Date; sendBy: Date };
      if (input.recipient === 'setting') {
        const setting = await trx.selectFrom('setting').select(['id', 'name', 'encompassStatus', 'schoolDayStartsAt']).where('urn', '=', input.settingUrn ?? '').executeTakeFirst();
        if (!setting) return { ok: false, field: 'settingUrn', message: `There is no setting with URN ${input.settingUrn}` };
        if (setting.encompassStatus !== 'joined') return { ok: false, field: 'settingUrn', message: `${setting.name} has not joined Operation Encompass yet` };
        const closures = await trx.selectFrom('settingClosure').select('date').where('settingId', '=', setting.id).execute();
        const calendar = { schoolDayStartsAt: setting.schoolDayStartsAt.slice(0, 5), terms: await this.registry.termsInTrx(trx), closures: closures.map((c) => c.date) };
        routing = {
          recipient: 'setting',
          settingId: setting.id,
          teamId: null,
          dueAt: nextSchoolDayStart(calendar, this.calendar(), now),
          sendBy: nextSchoolDayStart(calendar, this.calendar(), notice.recordedAt),
        };
      } else {
        const team = await trx.selectFrom('team').select(['id', 'kind']).where('code', '=', input.teamCode ?? '').executeTakeFirst();
        if (!team || team.kind !== input.recipient) return { ok: false, field: 'teamCode', message: 'Select a team of that kind' };
        routing = {
          recipient: input.recipient,
          settingId: null,
          teamId: team.id,
          dueAt: nextWorkingDayAt(this.calendar(), now, TEAM_NOTICE_TIME),
          sendBy: nextWorkingDayAt(this.calendar(), notice.recordedAt, TEAM_NOTICE_TIME),
        };
      }
      await trx
        .updateTable('encompassNotice')
        .set({ ...routing, status: 'sent', sentAt: now, routingReason: `${ROUTED_BY_HAND}: ${input.reason}` })
        .where('id', '=', id)
        .execute();
      const child = await trx.selectFrom('encompassChild').select('childId').where('id', '=', notice.encompassChildId).executeTakeFirstOrThrow();
      await audit(trx, { action: 'route', recordType: 'encompass-notice', recordId: id, childId: child.childId, reason: input.reason });
      await this.enqueueNoticeEmails(trx, id, routing);
      return { ok: true };
    });
  }

  /** Teams a coordinator can send a notice to. */
  routingTeams() {
    return this.db.selectFrom('team').select(['code', 'name', 'kind']).where('kind', 'in', ['health_visiting', 'family_front_door']).orderBy('name').execute();
  }

  amendments(incidentId: string) {
    return this.db.selectFrom('encompassAmendment').selectAll().where('incidentId', '=', incidentId).orderBy('amendedAt').execute();
  }

  /** Who a notice's emails go to: the setting's safeguarding address and Key Adults, or the team's. */
  private async recipientAddresses(
    trx: Transaction<Database>,
    notice: { recipient: string; settingId: number | null; teamId: number | null },
  ): Promise<{ to: string[]; name: string }> {
    if (notice.recipient === 'setting' && notice.settingId) {
      const setting = await q.settingWithKeyAdults(trx, notice.settingId, ['dsl', 'deputy_dsl']);
      return { to: [...new Set([setting.safeguardingEmail, ...(setting.keyAdults ?? [])])], name: setting.name };
    }
    if (notice.teamId) {
      const team = await trx.selectFrom('team').select(['name', 'email']).where('id', '=', notice.teamId).executeTakeFirstOrThrow();
      return { to: [team.email], name: team.name };
    }
    return { to: [], name: '' };
  }

  incidentsForForce(organisationId: number | null) {
    return q.incidentsForForce(this.db, organisationId);
  }

  async incident(id: string) {
    const incident = await q.findIncident(this.db, id);
    if (!incident) return undefined;
    return { incident, notices: await q.noticesOfIncident(this.db, id) };
  }

  notices(filter: q.NoticeFilter) {
    return q.listNotices(this.db, filter);
  }

  noticeSummary(id: string) {
    return q.findNotice(this.db, id);
  }

  /** Opens a notice for its recipient: the view is audited and the first view is timed. */
  noticeChildIdentity(id: string) {
    return q.noticeChildIdentity(this.db, id);
  }

  /**
   * A notice read, audited. "First viewed", which the police see, is when its recipient first
   * opened it: `byRecipient` says whether this reader is one (the coordinator is not).
   */
  async viewNotice(audit: AuditWriter, id: string, byRecipient: (notice: NoticeRecord) => boolean, now = new Date()) {
    return this.db.transaction().execute(async (trx) => {
      const notice = await q.findNotice(trx, id);
      if (!notice) return undefined;
      if (!notice.firstViewedAt && byRecipient(notice)) {
        await trx.updateTable('encompassNotice').set({ firstViewedAt: now }).where('id', '=', id).where('firstViewedAt', 'is', null).execute();
      }
      await audit(trx, { action: 'view', recordType: 'encompass-notice', recordId: id, childId: notice.childId });
      return notice;
    });
  }

  /** Acknowledges a notice with what was done; only a sent notice can be acknowledged. */
  async acknowledge(audit: AuditWriter, id: string, userId: string, input: AcknowledgementInput, now = new Date()) {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('encompassNotice')
        .set({
          status: 'acknowledged',
          acknowledgedAt: now,
          acknowledgedBy: userId,
          action: input.action,
          actionNote: input.actionNote ?? null,
          feedback: input.feedback ?? null,
          feedbackNote: input.feedbackNote ?? null,
        })
        .where('id', '=', id)
        .where('status', '=', 'sent')
        .returning(['id', 'encompassChildId'])
        .executeTakeFirst();
      if (!updated) throw new ConflictError('This notice cannot be acknowledged: it has already been acknowledged or withdrawn');
      const child = await trx.selectFrom('encompassChild').select('childId').where('id', '=', updated.encompassChildId).executeTakeFirstOrThrow();
      await audit(trx, { action: 'acknowledge', recordType: 'encompass-notice', recordId: id, childId: child.childId });
    });
  }
}

