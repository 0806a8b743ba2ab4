/**
 * The journey's service: other modules (the front door) record their events through it in their
 * own transaction; the imports add events the same way; the KPIs read only events.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import type { WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { Breakdown } from './kpi-definitions.ts';
import { type KpiFigure, type KpiMember, type Period, computeKpis, recordsBehind } from './kpis.ts';
import { ImportRuns } from './import-runs.ts';
import * as q from './queries.ts';
import type { Comparator } from './tables.ts';
import {
  JOURNEY_EVENT_KINDS,
  type JourneyEvent,
  type JourneyEventInput,
  type RecordSummary,
} from './types.ts';

const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS: ReadonlySet<string> = new Set(JOURNEY_EVENT_KINDS);
/** KPI results kept per calendar: periods × with or without breakdowns that people look at. */
const KPIS_KEPT = 50;

export interface JourneyDeps {
  db: Db;
  /** Working days (bank holidays as stored), read when needed: they can be reloaded. */
  calendar: () => WorkingDayCalendar;
}

export class JourneyService {
  /** Imports started from the web page, followed by their pages. */
  readonly imports: ImportRuns;

  constructor(private readonly deps: JourneyDeps) {
    this.imports = new ImportRuns(deps.db);
  }

  /**
   * Records events in the caller's transaction: an event already recorded under the same
   * (source, kind, sourceRef) is updated, never duplicated; one recorded exactly so is left alone.
   */
  async recordEventsInTrx(
    trx: Kysely<Database>,
    events: readonly JourneyEventInput[],
  ): Promise<RecordSummary> {
    for (const e of events) {
      if (!KINDS.has(e.kind)) throw new Error(`Unknown journey event kind: ${e.kind}`);
      if (!CIVIL_DATE.test(e.occurredOn))
        throw new Error(`A journey event's date must be YYYY-MM-DD: ${e.occurredOn}`);
      if (!e.source || !e.sourceRef) throw new Error('A journey event needs its source and sourceRef');
    }
    return q.upsertEvents(trx, events);
  }

  /** A child's events, oldest first. Read with the caller's executor to audit in the same transaction. */
  eventsOfChild(childId: string, executor: Kysely<Database> = this.deps.db): Promise<JourneyEvent[]> {
    return q.eventsOfChild(executor, childId);
  }

  /**
   * Every KPI for a period, with its breakdowns. Kept once computed (a KPI page costs some 150 ms
   * of the database's CPU, two periods of one heavy statement each), under the number of
   * statements that have written the journey's data (migration 0470) and the working-day calendar
   * it was computed with: a new event, a changed population or new bank holidays make the next
   * read compute afresh. The number is read before the figures, so what is kept is never older
   * than the number it is kept under.
   */
  async kpis(period: Period, options: { breakdowns?: boolean } = {}): Promise<KpiFigure[]> {
    const calendar = this.deps.calendar();
    const changes = await sql<{ n: string }>`SELECT count(*) AS n FROM journey_data_change`.execute(
      this.deps.db,
    );
    const key = `${changes.rows[0]?.n ?? 'none'} ${period.from} ${period.to} ${options.breakdowns !== false}`;
    let kept = this.#kpis.get(calendar);
    if (!kept) {
      kept = new Map();
      this.#kpis.set(calendar, kept);
    }
    let figures = kept.get(key);
    if (figures) {
      kept.delete(key); // most recently used goes last
    } else {
      figures = computeKpis(this.deps.db, calendar, period, options);
      figures.catch(() => kept.delete(key));
    }
    kept.set(key, figures);
    if (kept.size > KPIS_KEPT) kept.delete(kept.keys().next().value!);
    // Each caller gets its own copy: pages add to the figures they show.
    return structuredClone(await figures);
  }

  readonly #kpis = new WeakMap<WorkingDayCalendar, Map<string, Promise<KpiFigure[]>>>();

  /** The records behind one figure; the view is audited (one entry per child) in the same transaction. */
  async recordsBehind(
    audit: AuditWriter,
    period: Period,
    id: string,
    breakdown?: { by: Breakdown; group: string | null },
  ): Promise<KpiMember[]> {
    return this.deps.db.transaction().execute(async (trx) => {
      const members = await recordsBehind(trx, this.deps.calendar(), period, id, breakdown);
      const children = [...new Set(members.map((m) => m.childId))];
      await audit(
        trx,
        children.length > 0
          ? children.map((childId) => ({
              action: 'view',
              recordType: 'journey-kpi-records',
              recordId: id,
              childId,
            }))
          : [{ action: 'view', recordType: 'journey-kpi-records', recordId: id }],
      );
      return members;
    });
  }

  /** The child population per district for a year (as entered). */
  population(year: number) {
    return this.deps.db
      .selectFrom('journeyPopulation')
      .select(['districtId', 'year', 'children'])
      .where('year', '=', year)
      .execute();
  }

  async setPopulation(
    audit: AuditWriter,
    userId: string | null,
    rows: { districtId: number; year: number; children: number }[],
  ) {
    await this.deps.db.transaction().execute(async (trx) => {
      for (const r of rows)
        await trx
          .insertInto('journeyPopulation')
          .values({ ...r, updatedBy: userId })
          .onConflict((oc) =>
            oc
              .columns(['districtId', 'year'])
              .doUpdateSet({ children: r.children, updatedBy: userId, updatedAt: sql`now()` }),
          )
          .execute();
      await audit(trx, {
        action: 'update',
        recordType: 'journey-population',
        recordId: String(rows[0]?.year ?? ''),
      });
    });
  }

  /** Comparator values for the year a period ends in: kpi → comparator → value. */
  async comparators(year: number): Promise<Map<string, Partial<Record<Comparator, number>>>> {
    const rows = await this.deps.db
      .selectFrom('journeyComparator')
      .select(['kpi', 'comparator', 'value'])
      .where('year', '=', year)
      .execute();
    const out = new Map<string, Partial<Record<Comparator, number>>>();
    for (const r of rows) out.set(r.kpi, { ...out.get(r.kpi), [r.comparator]: Number(r.value) });
    return out;
  }

  async setComparators(
    audit: AuditWriter,
    userId: string,
    year: number,
    values: { kpi: string; comparator: Comparator; value: number | null }[],
  ) {
    await this.deps.db.transaction().execute(async (trx) => {
      for (const v of values) {
        if (v.value === null) {
          await trx
            .deleteFrom('journeyComparator')
            .where('kpi', '=', v.kpi)
            .where('comparator', '=', v.comparator)
            .where('year', '=', year)
            .execute();
          continue;
        }
        await trx
          .insertInto('journeyComparator')
          .values({ kpi: v.kpi, comparator: v.comparator, year, value: v.value, updatedBy: userId })
          .onConflict((oc) =>
            oc
              .columns(['kpi', 'comparator', 'year'])
              .doUpdateSet({ value: v.value!, updatedBy: userId, updatedAt: sql`now()` }),
          )
          .execute();
      }
      await audit(trx, { action: 'update', recordType: 'journey-comparators', recordId: String(year) });
    });
  }

  /** The QA lead's notes for a period, by KPI. */
  async notes(period: Period) {
    const rows = await this.deps.db
      .selectFrom('journeyKpiNote')
      .select(['kpi', 'strengths', 'areasOfFocus', 'writtenAt'])
      .where('periodFrom', '=', period.from)
      .where('periodTo', '=', period.to)
      .execute();
    return new Map(rows.map((r) => [r.kpi, r]));
  }

  /** Every note written, for the yearly report. */
  notesWithin(period: Period) {
    return this.deps.db
      .selectFrom('journeyKpiNote')
      .select(['kpi', 'periodFrom', 'periodTo', 'strengths', 'areasOfFocus'])
      .where('periodFrom', '>=', period.from)
      .where('periodTo', '<=', period.to)
      .orderBy('periodFrom')
      .orderBy('kpi')
      .execute();
  }

  async writeNote(
    audit: AuditWriter,
    userId: string,
    period: Period,
    kpi: string,
    note: { strengths: string | null; areasOfFocus: string | null },
  ) {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('journeyKpiNote')
        .values({ kpi, periodFrom: period.from, periodTo: period.to, ...note, writtenBy: userId })
        .onConflict((oc) =>
          oc
            .columns(['kpi', 'periodFrom', 'periodTo'])
            .doUpdateSet({ ...note, writtenBy: userId, writtenAt: sql`now()` }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'update', recordType: 'journey-kpi-note', recordId: row.id });
    });
  }
}
