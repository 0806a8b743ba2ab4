/**
 * The action tracker: other modules create actions through this service in their own
 * transaction (createActionsInTrx); every page reads them through it. Overdue is computed from
 * the due date on each read.
 */
import { type Kysely, sql } from 'kysely';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { now as clockNow } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import { enqueueEmailInTrx } from '../../platform/email/outbox.ts';
import { type FormErrors, type FormResult, dateFormError, formError } from '../../platform/http/forms.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { reminderEmail } from './emails.ts';
import {
  type ActionRow,
  type AgencyFilter,
  actionById,
  actionsOfSource,
  agencyLeads,
  figuresByAgency,
  impactsOf,
  insertActions,
  openActionsOfAgency,
  openCountsOfAgency,
  organisations,
  overdueActions,
  overdueCount,
  reminderRecipients,
  remindersDue,
  updateFile,
  updatesOf,
} from './queries.ts';
import { type ActionStatus, checkNewAction, isSmart, missingForSmart, statusOf } from './rules.ts';
import type { ImpactJudgement } from './tables.ts';

/** The daily sweep that sends reminders a week before due dates and when actions become overdue. */
export const REMINDER_QUEUE = 'actions-reminders';

/** Evidence files kept with an update: up to 5 MB. */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

/** Who is acting, as pages show them. */
export interface Actor {
  userId: string | null;
  name: string;
}

export interface EvidenceFile {
  content: Buffer;
  title?: string | undefined;
}

/** Where an action came from: a record of another module. Never a child's name in the label. */
export interface ActionSource {
  /** 'front-door' | 'exploitation' | 'quality' | 'reviews' | 'schools-audit' | 'governance' | … */
  module: string;
  /** 'strategy-discussion' | 'mace-meeting' | 'audit' | 'recommendation' | 'follow-up' | 'decision' | … */
  type: string;
  /** The source record's id. */
  id: string;
  /** What a reader sees, e.g. "MACE meeting, Wyre Forest, 3 March 2026". */
  label: string;
  /** Where the source lives. */
  href?: string;
}

export interface NewAction {
  /** What is to be done. */
  description: string;
  /** The owning agency (registry organisation id); null = missing (not SMART). */
  owningOrganisationId: number | null;
  /** A named owner (free text) … */
  ownerName: string | null;
  /** … or an account. */
  ownerUserId?: string | null;
  /** Civil date YYYY-MM-DD. */
  dueOn: string | null;
  measurableOutcome: string | null;
  source: ActionSource;
}

/** An action as lists and other modules see it. */
export interface ActionSummary {
  id: number;
  description: string;
  status: ActionStatus;
  smart: boolean;
  /** What it lacks to be SMART (empty when SMART). */
  missing: string[];
  dueOn: string | null;
  ownerName: string | null;
  ownerUserId: string | null;
  measurableOutcome: string | null;
  owningOrganisationId: number | null;
  owningOrganisationName: string | null;
  source: ActionSource;
  createdOn: string;
  doneOn: string | null;
  droppedOn: string | null;
  droppedReason: string | null;
  /** The action's page. */
  href: string;
  /** The owning agency's teams (read with one action, for the policy's facts). */
  owningTeamIds?: number[];
}

/** An action as it stands, for imports and demo data. */
export interface HistoricalAction extends NewAction {
  createdOn: string;
  status: 'open' | 'done' | 'dropped';
  /** When it was done or dropped. */
  closedOn?: string;
  droppedReason?: string;
  updates?: { on: string; by: string; note: string; link?: string; statusChange?: 'done' | 'dropped' }[];
  impact?: { judgement: ImpactJudgement; evidence: string; judgedOn: string; by: string };
}

/** A new action that cannot be saved: the errors by field, and which of the actions given it was. */
export class ActionInputError extends Error {
  constructor(
    readonly index: number,
    readonly errors: FormErrors,
  ) {
    super(`Action ${index + 1}: ${errors.summary.map((e) => e.text).join('; ')}`);
    this.name = 'ActionInputError';
  }
}

export interface ActionsDeps {
  db: Db;
  /** The clock: what "today" is for overdue and for the date an action is agreed. */
  now?: () => Date;
  /** The job queue, or null where jobs are off (then no reminder email is enqueued). */
  jobs?: () => JobQueue | null;
  /** The service's address, for the links in emails. */
  baseUrl?: string;
}

/** The list pages' size. */
export const PAGE_SIZE = 50;

export class ActionsService {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly jobs: () => JobQueue | null;
  private readonly baseUrl: string;

  constructor(deps: ActionsDeps) {
    this.db = deps.db;
    this.now = deps.now ?? clockNow;
    this.jobs = deps.jobs ?? (() => null);
    this.baseUrl = deps.baseUrl ?? '';
  }

  /** Today in Europe/London. */
  today(): string {
    return londonDate(this.now());
  }

  isSmart(action: Parameters<typeof isSmart>[0]): boolean {
    return isSmart(action);
  }

  /**
   * Records actions inside the caller's transaction, with an audit entry for each. Throws
   * ActionInputError (nothing written) when one has no description or is due before today; a
   * missing owner, agency, due date or outcome is allowed and shows as not SMART.
   */
  async createActionsInTrx(
    trx: Kysely<Database>,
    audit: AuditWriter,
    userId: string | null,
    actions: readonly NewAction[],
    options: { createdOn?: string } = {},
  ): Promise<{ id: number }[]> {
    const createdOn = options.createdOn ?? this.today();
    actions.forEach((action, index) => {
      const errors = checkNewAction(action, createdOn);
      if (errors.summary.length) throw new ActionInputError(index, errors);
    });
    const ids = await insertActions(
      trx,
      actions.map((a) => ({
        description: a.description.trim(),
        owningOrganisationId: a.owningOrganisationId,
        ownerName: a.ownerName?.trim() || null,
        ownerUserId: a.ownerUserId ?? null,
        dueOn: a.dueOn,
        measurableOutcome: a.measurableOutcome?.trim() || null,
        sourceModule: a.source.module,
        sourceType: a.source.type,
        sourceId: a.source.id,
        sourceLabel: a.source.label,
        sourceHref: a.source.href ?? null,
        createdOn,
        createdBy: userId,
      })),
    );
    if (ids.length)
      await audit(
        trx,
        ids.map((r) => ({
          action: 'create',
          recordType: 'action',
          recordId: r.id,
          reason: `from ${actions[0]!.source.module} ${actions[0]!.source.type} ${actions[0]!.source.id}`,
        })),
      );
    return ids;
  }

  /**
   * Actions with their history, for demo data and imports of an existing tracker: each as it
   * stands (agreed on a past date, perhaps done or dropped, with its updates and impact).
   * Multi-row inserts; no emails.
   */
  async importActionsInTrx(trx: Kysely<Database>, audit: AuditWriter, actions: readonly HistoricalAction[]) {
    const ids = await insertActions(
      trx,
      actions.map((a) => ({
        description: a.description,
        owningOrganisationId: a.owningOrganisationId,
        ownerName: a.ownerName,
        ownerUserId: a.ownerUserId ?? null,
        dueOn: a.dueOn,
        measurableOutcome: a.measurableOutcome,
        sourceModule: a.source.module,
        sourceType: a.source.type,
        sourceId: a.source.id,
        sourceLabel: a.source.label,
        sourceHref: a.source.href ?? null,
        status: a.status,
        doneOn: a.status === 'done' ? a.closedOn! : null,
        droppedOn: a.status === 'dropped' ? a.closedOn! : null,
        droppedReason: a.status === 'dropped' ? (a.droppedReason ?? 'No longer needed') : null,
        createdOn: a.createdOn,
        createdBy: null,
      })),
    );
    const updates = actions.flatMap((a, i) =>
      (a.updates ?? []).map((u) => ({
        actionItemId: ids[i]!.id,
        recordedAt: `${u.on}T12:00:00Z`,
        recordedByName: u.by,
        note: u.note,
        link: u.link ?? null,
        statusChange: u.statusChange ?? null,
      })),
    );
    for (let i = 0; i < updates.length; i += 1000)
      await trx
        .insertInto('actionUpdate')
        .values(updates.slice(i, i + 1000))
        .execute();
    const impacts = actions.flatMap((a, i) =>
      a.impact ? [{ actionItemId: ids[i]!.id, ...a.impact, judgedByName: a.impact.by, by: undefined }] : [],
    );
    if (impacts.length)
      await trx
        .insertInto('actionImpact')
        .values(impacts.map(({ by: _by, ...row }) => row))
        .execute();
    if (ids.length)
      await audit(trx, { action: 'import', recordType: 'action', reason: `${ids.length} actions imported` });
    return ids;
  }

  /** The actions a source record led to, with their status and whether each is SMART. */
  async actionsForSource(module: string, type: string, id: string): Promise<ActionSummary[]> {
    const rows = await actionsOfSource(this.db, module, type, id);
    const today = this.today();
    return rows.map((r) => this.summary(r, today));
  }

  /** One action, or undefined. */
  async action(id: number): Promise<ActionSummary | undefined> {
    const row = await actionById(this.db, id);
    return row ? { ...this.summary(row, this.today()), owningTeamIds: row.owningTeamIds ?? [] } : undefined;
  }

  /** An agency's open actions, overdue first, a page at a time, with its counts. */
  async openActionsOfAgency(organisationId: number, page = 1) {
    const today = this.today();
    const rows = await openActionsOfAgency(this.db, organisationId, today, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    // A page past the end has no row to carry the counts: ask for them on their own.
    const counts = rows[0]
      ? { open: Number(rows[0].listOpen), overdue: Number(rows[0].listOverdue) }
      : await openCountsOfAgency(this.db, organisationId, today);
    return {
      actions: rows.map((r) => this.summary(r, today)),
      ...counts,
      pages: Math.max(1, Math.ceil(counts.open / PAGE_SIZE)),
    };
  }

  /** Overdue actions (one agency's, or every agency's), longest overdue first. */
  async overdueActions(filter: AgencyFilter, page = 1) {
    const today = this.today();
    const rows = await overdueActions(this.db, filter, today, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const count = rows[0] ? Number(rows[0].listOverdue) : await overdueCount(this.db, filter, today);
    return {
      actions: rows.map((r) => this.summary(r, today)),
      count,
      pages: Math.max(1, Math.ceil(count / PAGE_SIZE)),
    };
  }

  organisations() {
    return organisations(this.db);
  }

  agencyLeads() {
    return agencyLeads(this.db);
  }

  async setAgencyLead(audit: AuditWriter, lead: { organisationId: number; name: string; email: string }) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('actionAgencyLead')
        .values(lead)
        .onConflict((oc) =>
          oc
            .column('organisationId')
            .doUpdateSet({ name: lead.name, email: lead.email, updatedAt: sql`now()` }),
        )
        .execute();
      await audit(trx, { action: 'set-lead', recordType: 'organisation', recordId: lead.organisationId });
    });
  }

  /** An action's updates (without file contents) and impact judgements, latest judgement first. */
  async history(actionId: number) {
    const [updates, impacts] = await Promise.all([
      updatesOf(this.db, actionId),
      impactsOf(this.db, actionId),
    ]);
    return { updates, impacts };
  }

  evidenceFile(actionId: number, updateId: number) {
    return updateFile(this.db, actionId, updateId);
  }

  /** Progress with its evidence: a note, and a link or a file. */
  async addUpdate(
    audit: AuditWriter,
    actionId: number,
    actor: Actor,
    update: { note: string; link?: string | undefined; file?: EvidenceFile | null },
  ): Promise<FormResult<number>> {
    const file = update.file ? describeFile(update.file) : null;
    if (file && 'error' in file) return { ok: false, errors: formError('file', file.error) };
    return this.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('actionItem')
        .select('status')
        .where('id', '=', actionId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) return { ok: false, errors: formError('note', 'This action no longer exists') };
      if (current.status !== 'open')
        return {
          ok: false,
          errors: formError('note', 'This action is closed: reopen it by recording a new action'),
        };
      const row = await trx
        .insertInto('actionUpdate')
        .values({
          actionItemId: actionId,
          recordedBy: actor.userId,
          recordedByName: actor.name,
          note: update.note,
          link: update.link ?? null,
          fileName: file?.name ?? null,
          fileType: file?.type ?? null,
          fileContent: file?.content ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('actionItem').set({ updatedAt: sql`now()` }).where('id', '=', actionId).execute();
      await audit(trx, { action: 'update', recordType: 'action', recordId: actionId });
      return { ok: true as const, value: row.id };
    });
  }

  /** Marks an open (or overdue) action done, with what was done as its last update. */
  async markDone(
    audit: AuditWriter,
    actionId: number,
    actor: Actor,
    done: { note: string; link?: string | undefined },
  ) {
    return this.close(audit, actionId, actor, 'done', done.note, done.link);
  }

  /** Drops an open action; the reason is required and shown with it. */
  async drop(audit: AuditWriter, actionId: number, actor: Actor, reason: string) {
    return this.close(audit, actionId, actor, 'dropped', reason);
  }

  private async close(
    audit: AuditWriter,
    actionId: number,
    actor: Actor,
    to: 'done' | 'dropped',
    note: string,
    link?: string,
  ): Promise<FormResult<number>> {
    const today = this.today();
    const field = to === 'done' ? 'doneNote' : 'reason';
    return this.db.transaction().execute(async (trx) => {
      const closed = await trx
        .updateTable('actionItem')
        .set(
          to === 'done'
            ? { status: 'done', doneOn: today, updatedAt: sql`now()` }
            : { status: 'dropped', droppedOn: today, droppedReason: note, updatedAt: sql`now()` },
        )
        .where('id', '=', actionId)
        .where('status', '=', 'open')
        .returning('id')
        .executeTakeFirst();
      if (!closed) return { ok: false, errors: formError(field, 'This action is already closed') };
      await trx
        .insertInto('actionUpdate')
        .values({
          actionItemId: actionId,
          recordedBy: actor.userId,
          recordedByName: actor.name,
          note,
          link: link ?? null,
          statusChange: to,
        })
        .execute();
      await audit(trx, { action: to === 'done' ? 'done' : 'drop', recordType: 'action', recordId: actionId });
      return { ok: true as const, value: actionId };
    });
  }

  /**
   * Evidence of impact, judged by the group that owns the source: only on a done action, on a
   * date not after today (and not before it was done).
   */
  async judgeImpact(
    audit: AuditWriter,
    actionId: number,
    actor: Actor,
    judgement: { judgement: ImpactJudgement; evidence: string; judgedOn: string },
  ): Promise<FormResult<number>> {
    const today = this.today();
    return this.db.transaction().execute(async (trx) => {
      const action = await trx
        .selectFrom('actionItem')
        .select(['status', 'doneOn'])
        .where('id', '=', actionId)
        .executeTakeFirst();
      if (action?.status !== 'done')
        return { ok: false, errors: formError('judgement', 'Only a done action’s impact can be judged') };
      if (judgement.judgedOn > today)
        return {
          ok: false,
          errors: dateFormError('judgedOn', 'The date judged must be today or in the past'),
        };
      if (action.doneOn && judgement.judgedOn < action.doneOn)
        return {
          ok: false,
          errors: dateFormError(
            'judgedOn',
            `The date judged must be on or after the day it was done (${action.doneOn})`,
          ),
        };
      const row = await trx
        .insertInto('actionImpact')
        .values({ actionItemId: actionId, ...judgement, judgedBy: actor.userId, judgedByName: actor.name })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, {
        action: 'judge-impact',
        recordType: 'action',
        recordId: actionId,
        reason: judgement.judgement,
      });
      return { ok: true as const, value: row.id };
    });
  }

  /** The figures by agency (status as it stands today), for actions agreed in the period if given. */
  async figures(filter: { from?: string; to?: string; sourceModule?: string } = {}) {
    const rows = await figuresByAgency(this.db, this.today(), filter);
    const totals = rows.reduce(
      (t, r) => {
        for (const k of [
          'total',
          'open',
          'overdue',
          'done',
          'dropped',
          'notSmart',
          'embedded',
          'partly',
          'notEvidenced',
        ] as const)
          t[k] += Number(r[k]);
        return t;
      },
      {
        total: 0,
        open: 0,
        overdue: 0,
        done: 0,
        dropped: 0,
        notSmart: 0,
        embedded: 0,
        partly: 0,
        notEvidenced: 0,
      },
    );
    return { byAgency: rows, totals };
  }

  /**
   * The daily sweep: a reminder to the agency's lead and the owner a week before an action is
   * due, and on the day it becomes overdue. The email names the action's number and agency and
   * links to it; never its description or anything of a child.
   */
  async sendDueReminders(today = this.today()): Promise<number> {
    const due = await remindersDue(this.db, today);
    let sent = 0;
    for (const reminder of due) {
      await this.db.transaction().execute(async (trx) => {
        const recipients = await reminderRecipients(trx, reminder.id);
        if (recipients?.status !== 'open' || recipients.dueOn !== reminder.dueOn) return;
        const to = [
          ...new Set([recipients.leadEmail, recipients.ownerEmail].filter((e): e is string => !!e)),
        ];
        const recorded = await trx
          .insertInto('actionReminder')
          .values({
            actionItemId: reminder.id,
            kind: reminder.kind,
            dueOn: reminder.dueOn,
            recipients: to.length,
          })
          .onConflict((oc) => oc.doNothing())
          .returning('actionItemId')
          .executeTakeFirst();
        const jobs = this.jobs();
        if (!recorded || !to.length) return;
        if (jobs)
          await enqueueEmailInTrx(
            trx,
            jobs,
            reminderEmail(
              this.baseUrl,
              { id: reminder.id, dueOn: reminder.dueOn, agency: recipients.agency },
              reminder.kind,
              to,
            ),
          );
        sent += 1;
      });
    }
    return sent;
  }

  summary(row: ActionRow, today: string): ActionSummary {
    const missing = missingForSmart(row);
    return {
      id: row.id,
      description: row.description,
      status: statusOf(row.status, row.dueOn, today),
      smart: missing.length === 0,
      missing,
      dueOn: row.dueOn,
      ownerName: row.ownerName,
      ownerUserId: row.ownerUserId,
      measurableOutcome: row.measurableOutcome,
      owningOrganisationId: row.owningOrganisationId,
      owningOrganisationName: row.owningOrganisationName,
      source: {
        module: row.sourceModule,
        type: row.sourceType,
        id: row.sourceId,
        label: row.sourceLabel,
        ...(row.sourceHref ? { href: row.sourceHref } : {}),
      },
      createdOn: row.createdOn,
      doneOn: row.doneOn,
      droppedOn: row.droppedOn,
      droppedReason: row.droppedReason,
      href: `/actions/${row.id}`,
    };
  }
}

/** What an evidence file is, from its first bytes (the upload's own name is not kept by the parser). */
export function describeFile(
  file: EvidenceFile,
): { name: string; type: string; content: Buffer } | { error: string } {
  if (file.content.length > MAX_EVIDENCE_BYTES) return { error: 'The file must be smaller than 5 MB' };
  const head = file.content.subarray(0, 8);
  const kinds: [string, string, (b: Buffer) => boolean][] = [
    ['pdf', 'application/pdf', (b) => b.subarray(0, 5).toString('latin1') === '%PDF-'],
    ['png', 'image/png', (b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))],
    ['jpg', 'image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8],
    [
      'docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      (b) => b.subarray(0, 2).toString('latin1') === 'PK',
    ],
  ];
  const kind = kinds.find(([, , test]) => test(head));
  const isText = !kind && !file.content.subarray(0, 4096).includes(0);
  if (!kind && !isText)
    return { error: 'The file must be a PDF, a Word document, an image (PNG or JPEG) or plain text' };
  const [ext, type] = kind ? [kind[0], kind[1]] : ['txt', 'text/plain; charset=utf-8'];
  const base =
    (file.title ?? 'evidence')
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .replace(/[^A-Za-z0-9 _-]/g, '')
      .trim() || 'evidence';
  return { name: `${base}.${ext}`, type, content: file.content };
}
