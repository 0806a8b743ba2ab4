/**
 * Multi-agency audits: the programme, the audits and their cases, each agency's self-audit, the
 * panel's grade and the family's feedback, findings and their actions (through the action
 * tracker), learning briefings, and the figures. Every write is one transaction with its audit
 * entry; every read of a child is audited by the route in the same step.
 */
import { sql } from 'kysely';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { now as clockNow } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { type FormResult, formError } from '../../platform/http/forms.ts';
import { type ActionSummary, type ActionsService, checkNewAction } from '../actions/index.ts';
import type { ChildrenService } from '../children/index.ts';
import { type JourneyService, caseFinding } from '../journey/index.ts';
import { ageInYears } from '../../platform/calendar/school-age.ts';
import { addCalendarMonths } from '../../platform/calendar/months.ts';
import { deriveSeed, mulberry32 } from '../../synthetic/random.ts';
import * as q from './queries.ts';
import {
  GRADE_NAMES,
  NEXT_STATUS,
  THEME_JOURNEY_RULE,
  gradeFigures,
  isRunning,
  meetsSelectionRule,
  panelNeedsReasons,
} from './rules.ts';
import type { AuditStatus, AuditTheme, Grade } from './tables.ts';

export interface QualityDeps {
  db: Db;
  children: ChildrenService;
  journey: JourneyService;
  actions: ActionsService;
  now?: () => Date;
}

export interface AuditDetails {
  title: string;
  theme: AuditTheme;
  selectionRule: string;
  casesWanted: number;
  startsOn: string;
  panelOn: string;
  agencies: number[];
  questions: string[];
  auditors: string[];
}

/** A child the journey finds for an audit: a reference and age only, never a name. */
export interface JourneyCandidate {
  /** J-1, J-2 …: the candidate's place in the list for this period (the same period, the same list). */
  reference: string;
  childId: string;
  /** Age in whole years on the last day of the period (null when the index has no such child). */
  age: number | null;
  events: caseFinding.FoundCase['events'];
  inAudit: boolean;
  /** Drawn in the random sample. */
  sampled: boolean;
}

export interface JourneyFinding {
  rule: caseFinding.CaseFindingRule | null;
  held: 'yes' | 'partly' | 'no';
  definition: string;
  period: { from: string; to: string };
  candidates: JourneyCandidate[];
}

/** The reference prefix of an audit's cases, from its theme: what lists show instead of a name. */
const PREFIX: Record<AuditTheme, string> = {
  strategy_no_s47: 'SD',
  repeat_strategy: 'RS',
  cp_plan_domestic_abuse: 'DA',
  early_help_domestic_abuse: 'EH',
  cp_medical: 'CPM',
  other: 'MA',
};

export class QualityService {
  private readonly db: Db;
  private readonly now: () => Date;

  constructor(private readonly deps: QualityDeps) {
    this.db = deps.db;
    this.now = deps.now ?? clockNow;
  }

  today() {
    return londonDate(this.now());
  }

  // ---- programme and audits ---------------------------------------------------------------

  programmes() {
    return q.programmes(this.db);
  }

  programme(id: number) {
    return q.programme(this.db, id);
  }

  async createProgramme(
    audit: AuditWriter,
    input: { year: string; title: string },
  ): Promise<FormResult<number>> {
    if (await q.programmeByYear(this.db, input.year))
      return { ok: false, errors: formError('year', `There is already a programme for ${input.year}`) };
    const id = await this.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('qaProgramme').values(input).returning('id').executeTakeFirstOrThrow();
      await audit(trx, { action: 'create', recordType: 'qa-programme', recordId: row.id });
      return row.id;
    });
    return { ok: true, value: id };
  }

  audits(filter: { programmeId?: number; auditorId?: string; ids?: number[] }) {
    return q.audits(this.db, filter);
  }

  async audit(id: number) {
    const audit = await q.auditById(this.db, id);
    if (!audit) return undefined;
    const [agencies, questions, auditors] = await Promise.all([
      q.agenciesOf(this.db, id),
      q.questionsOf(this.db, id),
      q.auditorsOf(this.db, id),
    ]);
    return { ...audit, agencies, questions, auditors };
  }

  isNamedAuditor(auditId: number, userId: string) {
    return q.isNamedAuditor(this.db, auditId, userId);
  }

  possibleAuditors() {
    return q.possibleAuditors(this.db);
  }

  organisations() {
    return q.organisations(this.db);
  }

  /** A new audit of a programme; whoever creates it (the QA lead) is named on it. */
  async createAudit(
    audit: AuditWriter,
    programmeId: number,
    details: AuditDetails,
    leadUserId: string | null,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('qaAudit')
        .values({
          programmeId,
          title: details.title,
          theme: details.theme,
          selectionRule: details.selectionRule,
          casesWanted: details.casesWanted,
          startsOn: details.startsOn,
          panelOn: details.panelOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('qaAuditAgency')
        .values([...new Set(details.agencies)].map((organisationId) => ({ auditId: row.id, organisationId })))
        .execute();
      if (details.questions.length)
        await trx
          .insertInto('qaAuditQuestion')
          .values(details.questions.map((question, i) => ({ auditId: row.id, position: i + 1, question })))
          .execute();
      const auditors = [...new Set([...details.auditors, ...(leadUserId ? [leadUserId] : [])])];
      if (auditors.length)
        await trx
          .insertInto('qaAuditor')
          .values(auditors.map((userId) => ({ auditId: row.id, userId })))
          .execute();
      await audit(trx, { action: 'create', recordType: 'qa-audit', recordId: row.id });
      return row.id;
    });
  }

  /** Moves an audit on: cases chosen → agencies self-audit → panel → complete. */
  async advance(audit: AuditWriter, auditId: number, from: AuditStatus): Promise<FormResult<AuditStatus>> {
    const to = NEXT_STATUS[from];
    if (!to) return { ok: false, errors: formError('status', 'This audit is complete') };
    if (from === 'planned') {
      const cases = await q.casesOf(this.db, auditId);
      if (!cases.length)
        return {
          ok: false,
          errors: formError('status', 'Select at least one child before agencies start their self-audits'),
        };
    }
    const moved = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('qaAudit')
        .set({ status: to, ...(to === 'complete' ? { completedOn: this.today() } : {}) })
        .where('id', '=', auditId)
        .where('status', '=', from)
        .returning('id')
        .executeTakeFirst();
      if (row) await audit(trx, { action: `status-${to}`, recordType: 'qa-audit', recordId: auditId });
      return row !== undefined;
    });
    return moved
      ? { ok: true, value: to }
      : { ok: false, errors: formError('status', 'Someone has already moved this audit on') };
  }

  // ---- cases --------------------------------------------------------------------------------

  cases(auditId: number) {
    return q.casesOf(this.db, auditId);
  }

  caseById(id: number) {
    return q.caseById(this.db, id);
  }

  selfAudits(caseIds: number[]) {
    return q.selfAuditsOf(this.db, caseIds);
  }

  child(childId: string) {
    return this.deps.children.child(childId);
  }

  /** Children in the index who might be the one named, with their probability (find before selecting). */
  candidates(person: { givenName: string; familyName: string; dateOfBirth: string }) {
    return this.deps.children.candidatesFor(person);
  }

  /** Whether the child's journey meets the audit theme's rule, in the 12 months up to the audit's start. */
  async selectionCheck(audit: { theme: AuditTheme; startsOn: string }, childId: string) {
    const events = await this.deps.journey.eventsOfChild(childId);
    return meetsSelectionRule(audit.theme, events, QualityService.defaultJourneyPeriod(audit));
  }

  /** The period the journey is searched by default: the 12 months up to the audit's start. */
  static defaultJourneyPeriod(audit: { startsOn: string }) {
    return { from: addCalendarMonths(audit.startsOn, -12), to: audit.startsOn };
  }

  /**
   * The children whose journey meets the audit theme's rule in the period, with a random sample of
   * `sampleSize` of those not yet in the audit (seeded by the audit and the period, so the same
   * search draws the same sample). Only references and ages leave here; the caller audits the read.
   */
  async findFromJourney(
    audit: { id: number; theme: AuditTheme },
    period: { from: string; to: string },
    options: { sampleSize: number; category?: caseFinding.FoundCase['events'][number]['category'] },
  ): Promise<JourneyFinding> {
    const rule = THEME_JOURNEY_RULE[audit.theme];
    if (!rule)
      return {
        rule: null,
        held: 'no',
        definition: 'This theme has no rule the journey can compute: its cases are entered by hand.',
        period,
        candidates: [],
      };
    const found = await caseFinding.findCasesInJourney(
      this.db,
      rule,
      period,
      options.category ? { category: options.category } : {},
    );
    const [taken, children] = await Promise.all([
      q.casesOf(this.db, audit.id),
      this.deps.children.childrenByIds(found.cases.map((c) => c.childId)),
    ]);
    const inAudit = new Set(taken.map((c) => c.childId));
    const born = new Map(children.map((c) => [c.id, c.dateOfBirth]));
    const open = found.cases.filter((c) => !inAudit.has(c.childId) && born.has(c.childId));
    // A seeded shuffle (Fisher–Yates) of those not yet in the audit; the first n are the sample.
    const random = mulberry32(
      deriveSeed(audit.id, `${rule} ${period.from} ${period.to} ${options.category ?? ''}`),
    );
    const order = open.map((c) => c.childId);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const sample = new Set(order.slice(0, Math.max(0, options.sampleSize)));
    return {
      rule,
      held: found.held,
      definition: found.definition,
      period,
      candidates: found.cases.map((c, i) => {
        const dateOfBirth = born.get(c.childId);
        return {
          reference: `J-${i + 1}`,
          childId: c.childId,
          age: dateOfBirth ? ageInYears(dateOfBirth, period.to) : null,
          events: c.events,
          inAudit: inAudit.has(c.childId),
          sampled: sample.has(c.childId),
        };
      }),
    };
  }

  /**
   * Adds children found from the journey, in one transaction: each must still be a candidate for
   * the period (the journey is searched again) and not yet in the audit; otherwise nothing is added.
   */
  async addCasesFromJourney(
    audit: AuditWriter,
    auditId: number,
    period: { from: string; to: string },
    childIds: string[],
    userId: string | null,
    category?: caseFinding.FoundCase['events'][number]['category'],
  ): Promise<FormResult<{ added: number }>> {
    const details = await q.auditById(this.db, auditId);
    if (!details || !(details.status === 'planned' || details.status === 'auditing'))
      return {
        ok: false,
        errors: formError('childIds', 'Children can be added only before the panel meets'),
      };
    const found = await this.findFromJourney(details, period, {
      sampleSize: 0,
      ...(category ? { category } : {}),
    });
    const open = new Set(found.candidates.filter((c) => !c.inAudit && c.age !== null).map((c) => c.childId));
    const chosen = [...new Set(childIds)];
    if (!chosen.length)
      return { ok: false, errors: formError('childIds', 'Select at least one child to add') };
    if (chosen.some((id) => !open.has(id)))
      return {
        ok: false,
        errors: formError(
          'childIds',
          'Select only children the journey finds for this period who are not yet in the audit',
        ),
      };
    return this.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('qaCase')
        .select('childId')
        .where('auditId', '=', auditId)
        .forUpdate()
        .execute();
      if (chosen.some((id) => taken.some((t) => t.childId === id)))
        return {
          ok: false as const,
          errors: formError('childIds', 'A child chosen is already in the audit'),
        };
      const today = this.today();
      const rows = await trx
        .insertInto('qaCase')
        .values(
          chosen.map((childId, i) => ({
            auditId,
            reference: `${PREFIX[details.theme]}-${String(details.id).padStart(2, '0')}-${String(taken.length + i + 1).padStart(2, '0')}`,
            childId,
            selectedHow: 'journey' as const,
            selectedOn: today,
            selectedBy: userId,
          })),
        )
        .returning(['id', 'childId'])
        .execute();
      await audit(
        trx,
        rows.map((r) => ({
          action: 'select-case',
          recordType: 'qa-case',
          recordId: r.id,
          childId: r.childId,
          reason: `from the journey, ${period.from} to ${period.to}`,
        })),
      );
      return { ok: true as const, value: { added: rows.length } };
    });
  }

  /** Adds a child to an audit that is still choosing cases (or auditing); its reference is the next of the theme's. */
  async addCase(
    audit: AuditWriter,
    auditId: number,
    childId: string,
    how: 'journey' | 'hand',
    userId: string | null,
    selectedOn = this.today(),
  ): Promise<FormResult<{ id: number; reference: string }>> {
    const details = await q.auditById(this.db, auditId);
    if (!details || !(details.status === 'planned' || details.status === 'auditing'))
      return { ok: false, errors: formError('childId', 'Children can be added only before the panel meets') };
    if (!(await this.deps.children.child(childId)))
      return { ok: false, errors: formError('childId', 'Select the child') };
    return this.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('qaCase')
        .select('childId')
        .where('auditId', '=', auditId)
        .forUpdate()
        .execute();
      if (taken.some((c) => c.childId === childId))
        return { ok: false, errors: formError('childId', 'This child is already in the audit') };
      const reference = `${PREFIX[details.theme]}-${String(details.id).padStart(2, '0')}-${String(taken.length + 1).padStart(2, '0')}`;
      const row = await trx
        .insertInto('qaCase')
        .values({ auditId, reference, childId, selectedHow: how, selectedOn, selectedBy: userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'select-case', recordType: 'qa-case', recordId: row.id, childId });
      return { ok: true as const, value: { id: row.id, reference } };
    });
  }

  /** An agency's self-audit of its part in a case, while agencies self-audit; completed again, it is replaced. */
  async saveSelfAudit(
    audit: AuditWriter,
    caseId: number,
    organisationId: number,
    input: { answers: string[]; grade: Grade; strengths: string; learning: string },
    userId: string | null,
  ): Promise<FormResult<number>> {
    const found = await q.caseById(this.db, caseId);
    const details = found ? await q.auditById(this.db, found.auditId) : undefined;
    if (!found || details?.status !== 'auditing')
      return {
        ok: false,
        errors: formError('grade', 'Self-audits are completed while the audit is with the agencies'),
      };
    return this.db.transaction().execute(async (trx) => {
      const values = {
        answers: JSON.stringify(input.answers),
        grade: input.grade,
        strengths: input.strengths,
        learning: input.learning,
        completedBy: userId,
        completedOn: this.today(),
      };
      const row = await trx
        .insertInto('qaSelfAudit')
        .values({ caseId, organisationId, ...values })
        .onConflict((oc) => oc.columns(['caseId', 'organisationId']).doUpdateSet(values))
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, {
        action: 'self-audit',
        recordType: 'qa-case',
        recordId: caseId,
        childId: found.childId,
      });
      return { ok: true as const, value: row.id };
    });
  }

  /** The panel's grade of a case: with reasons whenever it differs from an agency's own grade. */
  async recordPanelGrade(
    audit: AuditWriter,
    caseId: number,
    input: { panelGrade: Grade; panelReasons?: string | undefined; panelOn: string },
  ): Promise<FormResult<number>> {
    const found = await q.caseById(this.db, caseId);
    const details = found ? await q.auditById(this.db, found.auditId) : undefined;
    if (!found || details?.status !== 'panel')
      return {
        ok: false,
        errors: formError('panelGrade', 'The panel grades cases once the audit is with the panel'),
      };
    if (input.panelOn > this.today())
      return { ok: false, errors: formError('panelOn', 'The panel date must be today or in the past') };
    const selfGrades = (await q.selfAuditsOf(this.db, [caseId])).map((s) => s.grade);
    if (panelNeedsReasons(input.panelGrade, selfGrades) && !input.panelReasons)
      return {
        ok: false,
        errors: formError(
          'panelReasons',
          'Enter why the panel’s grade differs from the agencies’ own grades',
        ),
      };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('qaCase')
        .set({
          panelGrade: input.panelGrade,
          panelReasons: input.panelReasons ?? null,
          panelOn: input.panelOn,
        })
        .where('id', '=', caseId)
        .execute();
      await audit(trx, {
        action: 'panel-grade',
        recordType: 'qa-case',
        recordId: caseId,
        childId: found.childId,
      });
    });
    return { ok: true, value: caseId };
  }

  /** Whether the family was approached and responded, and what they said. */
  async recordFamilyFeedback(
    audit: AuditWriter,
    caseId: number,
    input: {
      familyApproached: 'yes' | 'no';
      familyResponded?: 'yes' | 'no' | undefined;
      familyFeedback?: string | undefined;
    },
  ): Promise<FormResult<number>> {
    const found = await q.caseById(this.db, caseId);
    const details = found ? await q.auditById(this.db, found.auditId) : undefined;
    if (!found || !details || !isRunning(details.status))
      return { ok: false, errors: formError('familyApproached', 'This audit is complete') };
    const approached = input.familyApproached === 'yes';
    const responded = approached && input.familyResponded === 'yes';
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('qaCase')
        .set({
          familyApproached: approached,
          familyResponded: approached ? responded : null,
          familyFeedback: responded ? (input.familyFeedback ?? null) : null,
        })
        .where('id', '=', caseId)
        .execute();
      await audit(trx, {
        action: 'family-feedback',
        recordType: 'qa-case',
        recordId: caseId,
        childId: found.childId,
      });
    });
    return { ok: true, value: caseId };
  }

  // ---- findings and actions ----------------------------------------------------------------

  findings(auditIds: number[]) {
    return q.findingsOf(this.db, auditIds);
  }

  async addFinding(
    audit: AuditWriter,
    auditId: number,
    input: { kind: 'strength' | 'learning'; text: string },
  ) {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('qaFinding')
        .values({ auditId, ...input })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'finding', recordType: 'qa-audit', recordId: auditId });
      return row.id;
    });
  }

  /** The source the action tracker records an audit's actions against. */
  static actionSource(audit: { id: number; title: string }, scope: 'single' | 'multi') {
    return {
      module: 'quality',
      type: 'audit',
      id: String(audit.id),
      label: `Multi-agency audit: ${audit.title} (${scope === 'single' ? 'single-agency' : 'multi-agency'} action)`,
      href: `/quality/audits/${audit.id}`,
    };
  }

  /** A single- or multi-agency action from the audit's findings, through the action tracker. */
  async addAction(
    audit: AuditWriter,
    details: { id: number; title: string },
    userId: string | null,
    input: {
      scope: 'single' | 'multi';
      description: string;
      owningOrganisationId: number;
      ownerName?: string | undefined;
      dueOn?: string | undefined;
      measurableOutcome?: string | undefined;
    },
  ): Promise<FormResult<number>> {
    const errors = checkNewAction(
      {
        description: input.description,
        owningOrganisationId: input.owningOrganisationId,
        dueOn: input.dueOn ?? null,
      },
      this.deps.actions.today(),
      { requireOwningAgency: true },
    );
    if (errors.summary.length) return { ok: false, errors };
    const [created] = await this.db.transaction().execute((trx) =>
      this.deps.actions.createActionsInTrx(trx, audit, userId, [
        {
          description: input.description,
          owningOrganisationId: input.owningOrganisationId,
          ownerName: input.ownerName ?? null,
          dueOn: input.dueOn ?? null,
          measurableOutcome: input.measurableOutcome ?? null,
          source: QualityService.actionSource(details, input.scope),
        },
      ]),
    );
    return { ok: true, value: created!.id };
  }

  actionsOf(auditId: number): Promise<ActionSummary[]> {
    return this.deps.actions.actionsForSource('quality', 'audit', String(auditId));
  }

  // ---- briefings ----------------------------------------------------------------------------

  briefings(publishedOnly: boolean) {
    return q.briefings(this.db, publishedOnly);
  }

  briefingVersions(id: number) {
    return q.briefingVersions(this.db, id);
  }

  /** A new briefing (version 1), or a new version of one: a published version is never changed. */
  async writeBriefing(
    audit: AuditWriter,
    briefingId: number | null,
    input: { title: string; summary: string; keyMessages: string[]; auditIds: number[] },
    userId: string | null,
  ): Promise<FormResult<{ briefingId: number; version: number }>> {
    const known = await q.audits(this.db, { ids: input.auditIds });
    if (known.length !== new Set(input.auditIds).size)
      return { ok: false, errors: formError('auditIds', 'Select the audits it draws on') };
    const result = await this.db.transaction().execute(async (trx) => {
      const id =
        briefingId ??
        (await trx.insertInto('qaBriefing').defaultValues().returning('id').executeTakeFirstOrThrow()).id;
      const last = await trx
        .selectFrom('qaBriefingVersion')
        .select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
        .where('briefingId', '=', id)
        .executeTakeFirstOrThrow();
      const version = Number(last.v) + 1;
      await trx
        .insertInto('qaBriefingVersion')
        .values({
          briefingId: id,
          version,
          title: input.title,
          summary: input.summary,
          keyMessages: JSON.stringify(input.keyMessages),
          auditIds: [...new Set(input.auditIds)],
          writtenBy: userId,
        })
        .execute();
      await audit(trx, {
        action: 'write',
        recordType: 'qa-briefing',
        recordId: id,
        reason: `version ${version}`,
      });
      return { briefingId: id, version };
    });
    return { ok: true, value: result };
  }

  async publishBriefing(audit: AuditWriter, briefingId: number, version: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('qaBriefingVersion')
        .set({ publishedOn: this.today() })
        .where('briefingId', '=', briefingId)
        .where('version', '=', version)
        .where('publishedOn', 'is', null)
        .returning('version')
        .executeTakeFirst();
      if (row)
        await audit(trx, {
          action: 'publish',
          recordType: 'qa-briefing',
          recordId: briefingId,
          reason: `version ${version}`,
        });
      return row !== undefined;
    });
  }

  // ---- figures ------------------------------------------------------------------------------

  /**
   * The figures of a set of audits (one audit, or a year's): audits, children covered, self-grades
   * by agency, agreement with the panel, panel grades, families approached and responding, and
   * the actions from them open, overdue, done and dropped.
   */
  async figures(auditIds: number[]) {
    const [graded, perAudit, children, actions] = await Promise.all([
      q.gradedSelfAudits(this.db, auditIds),
      q.caseFigures(this.db, auditIds),
      q.childrenCovered(this.db, auditIds),
      Promise.all(auditIds.map((id) => this.actionsOf(id))).then((lists) => lists.flat()),
    ]);
    const grades = gradeFigures(graded);
    const panel: Record<Grade, number> = { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 };
    // Panel grades count cases, not self-audits.
    const panelRows = await this.db
      .selectFrom('qaCase')
      .select(['id', 'panelGrade'])
      .where('auditId', 'in', auditIds.length ? auditIds : [-1])
      .where('panelGrade', 'is not', null)
      .execute();
    for (const c of panelRows) panel[c.panelGrade!] += 1;
    const sum = (k: 'cases' | 'familiesApproached' | 'familiesResponded' | 'panelGraded') =>
      perAudit.reduce((n, r) => n + Number(r[k]), 0);
    const count = (status: string) => actions.filter((a) => a.status === status).length;
    return {
      audits: auditIds.length,
      cases: sum('cases'),
      children,
      panelGraded: sum('panelGraded'),
      panel,
      grades,
      familiesApproached: sum('familiesApproached'),
      familiesResponded: sum('familiesResponded'),
      actions: {
        total: actions.length,
        open: count('open') + count('overdue'),
        overdue: count('overdue'),
        done: count('done'),
        dropped: count('dropped'),
      },
    };
  }
}

export { GRADE_NAMES };
