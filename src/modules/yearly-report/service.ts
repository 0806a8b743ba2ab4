/**
 * The yearly report: drafts for a period built live from every module's section, the checks
 * before publication, the three partners' sign-off, and publication as a frozen version (figures,
 * narrative and the SHA-256 of the data) that the public page and the PDF show ever after.
 */
import { londonDate } from '../../platform/calendar/index.ts';
import * as clock from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { type FormResult, formError } from '../../platform/http/forms.ts';
import type { ModuleReportSection, ReportPeriod } from '../../platform/modules/define-module.ts';
import { type ContentsItem, type Problem, runChecks } from './checks.ts';
import { type Section, checksumOf, figureIndex, keyedSections } from './figures.ts';
import * as q from './queries.ts';
import { PARTNERS } from './schema.ts';
import type { Partner, WaiverKind, YearlyReport } from './tables.ts';

export interface Built {
  report: YearlyReport;
  sections: Section[];
  /** Each section's own query time, and their sum, in milliseconds. */
  timings: { module: string; ms: number }[];
  sectionMs: number;
  problems: Problem[];
  checklist: ContentsItem[];
  blocking: number;
  approvals: Awaited<ReturnType<typeof q.approvals>>;
  waivers: Awaited<ReturnType<typeof q.waivers>>;
  versions: Awaited<ReturnType<typeof q.versionsOf>>;
  checksum: string;
}

export interface FrozenVersion {
  id: number;
  reportId: number;
  version: number;
  title: string;
  periodFrom: string;
  periodTo: string;
  sections: Section[];
  narrative: string;
  approvals: { partner: Partner; name: string; approvedAt: string }[];
  checksum: string;
  publishedAt: Date;
}

/** The reporting year to 31 March most recently ended on `today` (the usual period). */
export function lastReportingYear(today: string): ReportPeriod {
  const year = Number(today.slice(0, 4));
  const endYear = today > `${year}-03-31` ? year : year - 1;
  return { from: `${endYear - 1}-04-01`, to: `${endYear}-03-31` };
}

/**
 * When a report for a period must be published: the yearly report covers the year to 31 March and
 * is published by the end of September (Working Together 2023), so the first 30 September on or
 * after the period's end.
 */
export function publicationDueOn(periodTo: string): string {
  const year = Number(periodTo.slice(0, 4));
  return periodTo <= `${year}-09-30` ? `${year}-09-30` : `${year + 1}-09-30`;
}

/** Where a report stands against its deadline: published on time or late (first publication, London date), or not yet. */
export function publicationStanding(
  periodTo: string,
  firstPublishedAt: Date | null,
  today: string,
): { dueOn: string; publishedOn: string | null; onTime: boolean | null; overdue: boolean } {
  const dueOn = publicationDueOn(periodTo);
  const publishedOn = firstPublishedAt ? londonDate(firstPublishedAt) : null;
  return {
    dueOn,
    publishedOn,
    onTime: publishedOn === null ? null : publishedOn <= dueOn,
    overdue: publishedOn === null && today > dueOn,
  };
}

export class YearlyReportService {
  constructor(
    private readonly deps: { db: Db; reportSections(period: ReportPeriod): Promise<ModuleReportSection[]> },
  ) {}

  private get db() {
    return this.deps.db;
  }

  /** Rows of reports or their versions, each with where its report stands against the deadline. */
  private async withPublication<T extends { periodTo: string }>(rows: T[], reportId: (row: T) => number) {
    const today = londonDate(clock.now());
    const first = await q.firstPublications(this.db);
    return rows.map((row) => ({
      ...row,
      publication: publicationStanding(row.periodTo, first.get(reportId(row)) ?? null, today),
    }));
  }

  /** The reports, each with where it stands against its publication deadline. */
  async list() {
    return this.withPublication(await q.reports(this.db), (r) => r.id);
  }

  get(id: number) {
    return q.report(this.db, id);
  }

  async create(
    userId: string | null,
    input: { title: string; from: string; to: string; narrative: string },
  ): Promise<FormResult<{ id: number }>> {
    if (input.to < input.from)
      return {
        ok: false,
        errors: formError('to', 'The end of the period must be the same as or after its start'),
      };
    const row = await q.insertReport(this.db, {
      title: input.title,
      periodFrom: input.from,
      periodTo: input.to,
      narrative: input.narrative,
      createdBy: userId,
    });
    return { ok: true, value: row };
  }

  /** A change to the draft clears its approvals: the partners signed off what was there before. */
  async update(
    id: number,
    input: { title: string; from: string; to: string; narrative: string },
  ): Promise<FormResult<{ id: number }>> {
    if (input.to < input.from)
      return {
        ok: false,
        errors: formError('to', 'The end of the period must be the same as or after its start'),
      };
    await this.db.transaction().execute(async (trx) => {
      const before = await q.report(trx, id);
      await q.updateReport(trx, id, {
        title: input.title,
        periodFrom: input.from,
        periodTo: input.to,
        narrative: input.narrative,
      });
      if (
        before &&
        (before.narrative !== input.narrative ||
          before.periodFrom !== input.from ||
          before.periodTo !== input.to)
      )
        await q.clearApprovals(trx, id);
    });
    return { ok: true, value: { id } };
  }

  /** The draft built now: every module's section for its period, keyed, and checked. */
  async build(report: YearlyReport, today = londonDate(clock.now())): Promise<Built> {
    const raw = await this.deps.reportSections({ from: report.periodFrom, to: report.periodTo });
    const sections = keyedSections(raw);
    const [approvals, waivers, versions] = await Promise.all([
      q.approvals(this.db, report.id),
      q.waivers(this.db, report.id),
      q.versionsOf(this.db, report.id),
    ]);
    const checked = runChecks({
      period: { from: report.periodFrom, to: report.periodTo },
      today,
      sections,
      narrative: report.narrative,
      waivers,
    });
    const timings = raw.map((s) => ({ module: s.module, ms: s.ms }));
    return {
      report,
      sections,
      timings,
      sectionMs: timings.reduce((t, s) => t + s.ms, 0),
      ...checked,
      approvals,
      waivers,
      versions,
      checksum: checksumOf({
        from: report.periodFrom,
        to: report.periodTo,
        sections,
        narrative: report.narrative,
      }),
    };
  }

  async waive(
    id: number,
    userId: string | null,
    input: { kind: WaiverKind; key: string; reason: string },
  ): Promise<FormResult<null>> {
    await q.upsertWaiver(this.db, { reportId: id, ...input, waivedBy: userId });
    return { ok: true, value: null };
  }

  /** One executive signs off for one partner; a partner signs once, and a person for one partner only. */
  async approve(id: number, userId: string, partner: Partner): Promise<FormResult<null>> {
    const existing = await q.approvals(this.db, id);
    if (existing.some((a) => a.partner === partner))
      return {
        ok: false,
        errors: formError('partner', `${PARTNERS[partner]} has already signed off this draft`),
      };
    if (existing.some((a) => a.userId === userId))
      return {
        ok: false,
        errors: formError('partner', 'You have already signed off this draft for another partner'),
      };
    await q.insertApproval(this.db, { reportId: id, partner, userId });
    return { ok: true, value: null };
  }

  /**
   * Publishes the draft as it is built now, once every check is met or waived and all three
   * partners have signed off: a frozen version with its figures, narrative and checksum.
   */
  async publish(id: number, userId: string | null, today?: string): Promise<FormResult<{ id: number }>> {
    const report = await this.get(id);
    if (!report) return { ok: false, errors: formError('publish', 'There is no such report') };
    const built = await this.build(report, today);
    if (built.blocking > 0)
      return {
        ok: false,
        errors: formError(
          'publish',
          `${built.blocking} check${built.blocking === 1 ? '' : 's'} must be put right or waived first`,
        ),
      };
    const missing = (Object.keys(PARTNERS) as Partner[]).filter(
      (p) => !built.approvals.some((a) => a.partner === p),
    );
    if (missing.length)
      return {
        ok: false,
        errors: formError('publish', `Still to sign off: ${missing.map((p) => PARTNERS[p]).join(', ')}`),
      };
    const row = await this.db.transaction().execute(async (trx) =>
      q.insertVersion(trx, {
        reportId: id,
        version: (await q.lastVersion(trx, id)) + 1,
        title: report.title,
        periodFrom: report.periodFrom,
        periodTo: report.periodTo,
        sections: built.sections,
        narrative: report.narrative,
        approvals: built.approvals.map((a) => ({
          partner: a.partner,
          name: [a.givenName, a.familyName].filter(Boolean).join(' '),
          approvedAt: new Date(a.approvedAt).toISOString(),
        })),
        checksum: built.checksum,
        publishedBy: userId,
      }),
    );
    return { ok: true, value: row };
  }

  /** Each report's latest published version, with whether its first publication met the deadline. */
  async published() {
    return this.withPublication(await q.publishedVersions(this.db), (v) => v.reportId);
  }

  async version(id: number): Promise<FrozenVersion | undefined> {
    const row = await q.version(this.db, id);
    if (!row) return undefined;
    const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
    return { ...row, sections: parse<Section[]>(row.sections), approvals: parse(row.approvals) };
  }

  /** Whether a frozen version's figures still give its checksum (nothing altered since). */
  static intact(v: FrozenVersion) {
    return (
      checksumOf({ from: v.periodFrom, to: v.periodTo, sections: v.sections, narrative: v.narrative }) ===
      v.checksum
    );
  }

  static figures = figureIndex;
}
