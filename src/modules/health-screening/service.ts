/**
 * WREN: A&E attendances of children imported, screened for key words, matched to the child
 * index, and triaged by the hospital safeguarding nurse; the key word list versioned; the
 * monthly profile. Every write is one transaction with its audit entry.
 */
import { sql } from 'kysely';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { now } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { ConflictError } from '../../platform/http/errors.ts';
import {
  type AttendanceRow,
  AttendanceFileError,
  type ColumnMap,
  type FileProblem,
  type FileRows,
  readAttendances,
  readHeader,
  yieldToEventLoop,
} from './attendance-file.ts';
import { type ChildFactsSource, FACT_LABELS, gatherFacts } from './crossref.ts';
import { entryIndex, readFhirBundle } from './fhir.ts';
import { type ChildMatch, matchAttendances } from './matching.ts';
import * as q from './queries.ts';
import { Screener, compareResults, normaliseTerms } from './screening.ts';
import type { KnownFact, ScreeningMatch, TriageOutcome } from './tables.ts';

export { AttendanceFileError };

/** What a FHIR import's record shows where a CSV's shows its header. */
export const FHIR_HEADER = 'FHIR R4 Bundle';

/** Rows per statement when inserting (one JSON parameter each). */
const INSERT_ROWS = 5000;
/** Rows screened between turns of the event loop. */
const SCREEN_SLICE = 2000;

export interface Importer {
  /** Null for the command line and the demo seed. */
  userId: string | null;
  teamId: number | null;
}

export interface ImportSummary {
  importId: number;
  read: number;
  kept: number;
  alreadyImported: number;
  adultsDropped: number;
  rejected: number;
  flagged: number;
  matched: number;
  problems: FileProblem[];
  listVersion: number;
}

export const OUTCOMES: Record<TriageOutcome, string> = {
  no_further_action: 'No further action',
  inform_social_worker: 'Inform the allocated social worker',
  refer_front_door: 'Refer to the Family Front Door',
  raise_get_safe_concern: 'Raise a GET SAFE concern',
};

/** The age bands of the profile (the report's snapshot counts "the 10–18 age group"). */
export const AGE_BANDS = [
  { label: '0 to 4', from: 0, to: 4 },
  { label: '5 to 9', from: 5, to: 9 },
  { label: '10 to 17', from: 10, to: 17 },
] as const;

const ownerKeyOf = (importer: Importer) =>
  importer.teamId != null ? `team:${importer.teamId}` : `user:${importer.userId}`;

const UK_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long' });
const ukDate = (d: Date) => UK_DATE.format(d);

export class HealthScreeningService {
  readonly #screeners = new Map<number, Screener>();

  constructor(
    readonly db: Db,
    readonly sources: readonly ChildFactsSource[] = [],
  ) {}

  // ── The key word list ────────────────────────────────────────────────────────────────

  async currentList() {
    const list = await q.latestList(this.db);
    if (!list) throw new Error('No WREN key word list: the migrations add the first one');
    return list;
  }

  lists() {
    return q.allLists(this.db);
  }

  async screener(version?: number): Promise<Screener> {
    const list = version ? await q.listByVersion(this.db, version) : await this.currentList();
    if (!list) throw new Error(`No key word list version ${version}`);
    let screener = this.#screeners.get(list.version);
    if (!screener) {
      screener = new Screener(list.version, list.terms);
      this.#screeners.set(list.version, screener);
    }
    return screener;
  }

  /** A new version of the list; nothing is re-screened until someone asks. */
  async saveList(audit: AuditWriter, userId: string | null, terms: readonly string[], note: string | null) {
    const list = normaliseTerms(terms);
    return this.db.transaction().execute(async (trx) => {
      const saved = await q.insertList(trx, list, note, userId);
      await audit(trx, { action: 'create', recordType: 'wren-keyword-list', recordId: saved.version });
      return { version: saved.version, terms: list };
    });
  }

  // ── Imports ──────────────────────────────────────────────────────────────────────────

  /** Keeps the file until its columns are mapped; refused at once if it has no header. */
  async upload(audit: AuditWriter, importer: Importer, filename: string, bytes: Buffer): Promise<number> {
    const { header, rowCount } = await readHeader(bytes);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('wrenImport')
        .values({
          teamId: importer.teamId,
          filename: filename.slice(0, 200),
          file: bytes,
          header: JSON.stringify(header),
          rowCount,
          status: 'uploaded',
          uploadedBy: importer.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'upload', recordType: 'wren-import', recordId: row.id });
      return row.id;
    });
  }

  findImport(id: number) {
    return q.findImport(this.db, id);
  }

  recentImports(filter: q.TeamFilter) {
    return q.recentImports(this.db, filter);
  }

  async savedMapping(importer: Importer): Promise<ColumnMap | null> {
    return (await q.savedMapping(this.db, ownerKeyOf(importer))) as ColumnMap | null;
  }

  /** Imports an uploaded file with a mapping (saved for the team's next file). */
  async importUploaded(audit: AuditWriter, importer: Importer, importId: number, mapping: ColumnMap) {
    const upload = await q.findImport(this.db, importId);
    if (!upload?.file || upload.status !== 'uploaded')
      throw new ConflictError('This file has been imported already');
    return this.importFile(audit, importer, upload.filename, upload.file, mapping, importId);
  }

  /**
   * Reads, screens and matches a file's attendances of children, then imports the good ones in
   * one transaction. A missing column refuses the whole file (AttendanceFileError); unreadable
   * rows are reported in the summary and the rest go in; an attendance id imported before is
   * left as it was.
   */
  async importFile(
    audit: AuditWriter,
    importer: Importer,
    filename: string,
    bytes: Uint8Array,
    mapping: ColumnMap,
    uploadId?: number,
    /** Told how long each stage took (read, screen, match, facts, insert), for the benchmark. */
    onStage?: (stage: string, seconds: number) => void,
  ): Promise<ImportSummary> {
    const started = performance.now();
    const rows = await readAttendances(bytes, mapping);
    onStage?.('read', (performance.now() - started) / 1000);
    return this.#importRows(audit, importer, filename, rows, {
      mapping,
      header: Object.values(mapping),
      uploadId,
      onStage,
      place: (row) => ({ row, column: mapping.attendance_id ?? null, text: `row ${row}` }),
    });
  }

  /**
   * The same import from a FHIR R4 Bundle of Encounters and Patients (fhir.ts): no columns to
   * map; a file that is not a Bundle is refused whole, and each entry that cannot be read is
   * reported by its index while the others go in.
   */
  async importFhir(
    audit: AuditWriter,
    importer: Importer,
    filename: string,
    bytes: Uint8Array,
    onStage?: (stage: string, seconds: number) => void,
  ): Promise<ImportSummary> {
    const started = performance.now();
    const rows = readFhirBundle(bytes);
    onStage?.('read', (performance.now() - started) / 1000);
    return this.#importRows(audit, importer, filename, rows, {
      mapping: null,
      header: [FHIR_HEADER],
      onStage,
      place: (entry) => ({ row: null, column: `Bundle.entry[${entry}]`, text: `Bundle.entry[${entry}]` }),
    });
  }

  async #importRows(
    audit: AuditWriter,
    importer: Importer,
    filename: string,
    rows: FileRows,
    how: {
      /** The CSV's column mapping, saved for the team's next file; null for FHIR. */
      mapping: ColumnMap | null;
      header: string[];
      uploadId?: number | undefined;
      onStage?: ((stage: string, seconds: number) => void) | undefined;
      /** Where a row is, for a problem found after reading (an attendance id twice). */
      place: (row: number) => { row: number | null; column: string | null; text: string };
    },
  ): Promise<ImportSummary> {
    const { uploadId, onStage } = how;
    let lapStart = performance.now();
    const lap = (stage: string) => {
      const at = performance.now();
      onStage?.(stage, (at - lapStart) / 1000);
      lapStart = at;
    };
    // An attendance id twice in one file: the first is kept, the second reported.
    const firstRow = new Map<string, number>();
    const unique: AttendanceRow[] = [];
    for (const r of rows.children) {
      const first = firstRow.get(r.attendanceRef);
      if (first !== undefined) {
        const { row, column } = how.place(r.row);
        rows.problems.push({
          row,
          column,
          message: `The attendance id ${r.attendanceRef} is also on ${how.place(first).text}`,
        });
      } else {
        firstRow.set(r.attendanceRef, r.row);
        unique.push(r);
      }
    }
    rows.problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || entryIndex(a) - entryIndex(b));
    const existing = await q.existingRefs(
      this.db,
      unique.map((r) => r.attendanceRef),
    );
    const fresh = unique.filter((r) => !existing.has(r.attendanceRef));

    lap('existing');
    const screener = await this.screener();
    const results: ScreeningMatch[][] = [];
    for (let k = 0; k < fresh.length; k += SCREEN_SLICE) {
      results.push(...screener.screenMany(fresh.slice(k, k + SCREEN_SLICE)));
      await yieldToEventLoop();
    }
    lap('screen');
    const matches = await matchAttendances(this.db, fresh);
    lap('match');
    const facts = await this.#factsAtFlagging(fresh, results, matches);
    lap('facts');

    const summary = await this.db.transaction().execute(async (trx) => {
      const importId =
        uploadId ??
        (
          await trx
            .insertInto('wrenImport')
            .values({
              teamId: importer.teamId,
              filename: filename.slice(0, 200),
              header: JSON.stringify(how.header),
              rowCount: rows.children.length + rows.adults + rows.problems.length,
              status: 'uploaded',
              uploadedBy: importer.userId,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      let flagged = 0;
      for (let k = 0; k < fresh.length; k += INSERT_ROWS) {
        const slice = fresh.slice(k, k + INSERT_ROWS);
        const inserted = await q.insertAttendances(
          trx,
          slice.map((r, i) => {
            const m = matches[k + i]!;
            return {
              attendance_ref: r.attendanceRef,
              team_id: importer.teamId,
              import_id: importId,
              arrived_at: r.arrivedAt.toISOString(),
              department: r.department,
              given_name: r.givenName,
              family_name: r.familyName,
              date_of_birth: r.dateOfBirth,
              age_years: r.ageYears,
              nhs_number: r.nhsNumber,
              postcode: r.postcode,
              ethnicity: r.ethnicity,
              presenting_complaint: r.presentingComplaint,
              notes: r.notes,
              child_id: m.childId,
              match_method: m.method,
              match_probability: m.probability,
              match_decision: m.decision,
              known_facts: facts[k + i] ?? [],
            };
          }),
        );
        const idOf = new Map(inserted.map((r) => [r.attendanceRef, r.id]));
        const screenings = slice.flatMap((r, i) => {
          const id = idOf.get(r.attendanceRef);
          if (id === undefined) return [];
          const found = results[k + i]!;
          if (found.length) flagged++;
          return [
            { attendance_id: id, list_version: screener.version, flagged: found.length > 0, matches: found },
          ];
        });
        await q.insertScreenings(trx, screenings);
        await yieldToEventLoop();
      }
      if (how.mapping)
        await q.saveMapping(
          trx,
          ownerKeyOf(importer),
          how.mapping as Record<string, string>,
          importer.userId,
        );
      await trx
        .updateTable('wrenImport')
        .set({
          status: 'imported',
          file: null,
          importedAt: now(),
          kept: fresh.length,
          alreadyImported: unique.length - fresh.length,
          adultsDropped: rows.adults,
          rejected: rows.problems.length,
          flagged,
          problems: JSON.stringify(rows.problems.slice(0, 1000)),
        })
        .where('id', '=', importId)
        .execute();
      await audit(trx, { action: 'import', recordType: 'wren-import', recordId: importId });
      return { importId, flagged };
    });
    lap('insert');
    return {
      importId: summary.importId,
      read: rows.children.length + rows.adults + rows.problems.length,
      kept: fresh.length,
      alreadyImported: unique.length - fresh.length,
      adultsDropped: rows.adults,
      rejected: rows.problems.length,
      flagged: summary.flagged,
      matched: matches.filter((m) => m.decision === 'link').length,
      problems: rows.problems,
      listVersion: screener.version,
    };
  }

  /**
   * What was known about each flagged, matched child when the attendance was flagged: the
   * partner sources' facts of the day, and the child's earlier flagged attendances (those
   * imported before, and earlier ones in the same file).
   */
  async #factsAtFlagging(
    rows: readonly AttendanceRow[],
    results: readonly ScreeningMatch[][],
    matches: readonly ChildMatch[],
  ): Promise<KnownFact[][]> {
    const flaggedChildren = new Set<string>();
    rows.forEach((_, k) => {
      const m = matches[k]!;
      if (results[k]!.length && m.childId && m.decision === 'link') flaggedChildren.add(m.childId);
    });
    const out: KnownFact[][] = rows.map(() => []);
    if (!flaggedChildren.size) return out;
    const ids = [...flaggedChildren];
    const { facts } = await gatherFacts(this.sources, ids, now());
    const earlier = new Map<string, { arrivedAt: Date; terms: string[] }[]>();
    for (const e of await q.flaggedAttendancesOf(this.db, ids))
      earlier.set(e.childId, [...(earlier.get(e.childId) ?? []), e]);
    rows.forEach((r, k) => {
      const m = matches[k]!;
      if (results[k]!.length && m.childId && m.decision === 'link')
        earlier.set(m.childId, [
          ...(earlier.get(m.childId) ?? []),
          { arrivedAt: r.arrivedAt, terms: [...new Set(results[k]!.map((x) => x.term))] },
        ]);
    });
    rows.forEach((r, k) => {
      const m = matches[k]!;
      if (!results[k]!.length || !m.childId || m.decision !== 'link') return;
      const before = (earlier.get(m.childId) ?? [])
        .filter((e) => e.arrivedAt < r.arrivedAt)
        .map((e) => ({
          kind: 'earlier_flagged_attendance' as const,
          text: `Flagged A&E attendance on ${ukDate(e.arrivedAt)} (${e.terms.join(', ')})`,
          since: e.arrivedAt.toISOString(),
        }));
      out[k] = [...(facts.get(m.childId) ?? []), ...before];
    });
    return out;
  }

  // ── Triage ───────────────────────────────────────────────────────────────────────────

  triageQueue(filter: q.TeamFilter, page: number, pageSize = 25) {
    return q.triageQueue(this.db, filter, page, pageSize);
  }

  attendance(id: number) {
    return q.attendance(this.db, id);
  }

  /**
   * What the index holds now about the attendance's child: the partner sources' facts and the
   * child's other flagged attendances. Facts only, never case notes.
   */
  async currentFacts(childId: string, attendanceId: number) {
    const { facts, unavailable } = await gatherFacts(this.sources, [childId], now());
    const others = (await q.flaggedAttendancesOf(this.db, [childId])).filter((e) => e.id !== attendanceId);
    return {
      facts: [
        ...(facts.get(childId) ?? []),
        ...others.map((e) => ({
          kind: 'earlier_flagged_attendance' as const,
          text: `Flagged A&E attendance on ${ukDate(e.arrivedAt)} (${e.terms.join(', ')})`,
          since: e.arrivedAt.toISOString(),
        })),
      ],
      consulted: [...this.sources.map((s) => s.label), FACT_LABELS.earlier_flagged_attendance],
      unavailable,
    };
  }

  /** The nurse's outcome; a decided attendance keeps its first outcome. */
  async decide(
    audit: AuditWriter,
    userId: string,
    attendance: { id: number; childId: string | null },
    outcome: TriageOutcome,
    rationale: string,
  ) {
    await this.db.transaction().execute(async (trx) => {
      const saved = await q.insertTriage(trx, {
        attendanceId: attendance.id,
        outcome,
        rationale,
        decidedBy: userId,
      });
      if (!saved) throw new ConflictError('An outcome has been recorded for this attendance already');
      await audit(trx, {
        action: 'triage',
        recordType: 'wren-attendance',
        recordId: attendance.id,
        childId: attendance.childId,
        reason: outcome,
      });
    });
  }

  // ── Re-screening ─────────────────────────────────────────────────────────────────────

  /** Screens every attendance not yet screened with a version (the current one by default). */
  async rescreen(
    audit: AuditWriter,
    version?: number,
  ): Promise<{ version: number; screened: number; flagged: number }> {
    const screener = await this.screener(version);
    let screened = 0;
    let flagged = 0;
    const needFacts: { id: number; childId: string; arrivedAt: Date }[] = [];
    await this.db.transaction().execute(async (trx) => {
      let after = 0;
      for (;;) {
        const page = await q.unscreenedWith(trx, screener.version, after, SCREEN_SLICE);
        if (!page.length) break;
        after = page.at(-1)!.id;
        const found = screener.screenMany(page);
        page.forEach((a, i) => {
          if (
            found[i]!.length &&
            a.childId &&
            a.matchDecision === 'link' &&
            !(a.knownFacts as KnownFact[]).length
          )
            needFacts.push({ id: a.id, childId: a.childId, arrivedAt: a.arrivedAt });
        });
        await q.insertScreenings(
          trx,
          page.map((a, i) => {
            const matches = found[i]!;
            if (matches.length) flagged++;
            return {
              attendance_id: a.id,
              list_version: screener.version,
              flagged: matches.length > 0,
              matches,
            };
          }),
        );
        screened += page.length;
        await yieldToEventLoop();
      }
      await audit(trx, { action: 'rescreen', recordType: 'wren-keyword-list', recordId: screener.version });
    });
    // Attendances this version flags with nothing recorded of what was known: what is known now
    // (the partner sources, read outside the transaction: they use their own connections) and
    // the child's flagged attendances before this one.
    const ids = [...new Set(needFacts.map((n) => n.childId))];
    if (ids.length) {
      const { facts } = await gatherFacts(this.sources, ids, now());
      const flaggedBefore = await q.flaggedAttendancesOf(this.db, ids);
      await this.db.transaction().execute(async (trx) => {
        for (const n of needFacts) {
          const known = [
            ...(facts.get(n.childId) ?? []),
            ...flaggedBefore
              .filter((e) => e.childId === n.childId && e.arrivedAt < n.arrivedAt)
              .map((e) => ({
                kind: 'earlier_flagged_attendance' as const,
                text: `Flagged A&E attendance on ${ukDate(e.arrivedAt)} (${e.terms.join(', ')})`,
                since: e.arrivedAt.toISOString(),
              })),
          ];
          if (known.length) await q.setKnownFacts(trx, n.id, known);
        }
      });
    }
    return { version: screener.version, screened, flagged };
  }

  /** Each attendance whose result with a version differs from its result before it. */
  async changes(version: number, filter: q.TeamFilter) {
    const rows = await q.resultsWithPrevious(this.db, version, filter);
    return rows.flatMap((r) => {
      const change = compareResults(
        r.previousVersion == null
          ? null
          : { flagged: r.previousFlagged!, matches: r.previousMatches as ScreeningMatch[] },
        { flagged: r.flagged, matches: r.matches as ScreeningMatch[] },
      );
      return change && r.previousVersion != null ? [{ ...r, change }] : [];
    });
  }

  // ── The monthly profile ──────────────────────────────────────────────────────────────

  async profile(period: { from: string; to: string }, filter: q.TeamFilter = { kind: 'all' }) {
    const [screened, flagged] = await Promise.all([
      q.screenedByMonth(this.db, period, filter),
      q.flaggedInPeriod(this.db, period, filter),
    ]);
    const months = monthsOf(period);
    const blank = () => ({
      screened: 0,
      flagged: 0,
      ages: AGE_BANDS.map(() => 0),
      noPriorAlert: 0,
      socialWorker: 0,
      getSafe: 0,
      cpPlan: 0,
      matched: 0,
    });
    const byMonth = new Map(months.map((m) => [m, blank()]));
    const total = blank();
    for (const s of screened) {
      byMonth.get(s.month)!.screened += Number(s.n);
      total.screened += Number(s.n);
    }
    const ethnicity = new Map<string, number>();
    for (const f of flagged) {
      const facts = f.knownFacts as KnownFact[];
      const has = (kind: KnownFact['kind']) => facts.some((x) => x.kind === kind);
      for (const row of [byMonth.get(f.month)!, total]) {
        row.flagged++;
        row.ages[AGE_BANDS.findIndex((b) => f.ageYears >= b.from && f.ageYears <= b.to)]!++;
        if (!facts.length) row.noPriorAlert++;
        if (has('allocated_social_worker')) row.socialWorker++;
        if (has('get_safe_flag')) row.getSafe++;
        if (has('cp_plan')) row.cpPlan++;
        if (f.childId) row.matched++;
      }
      const e = f.ethnicity?.trim() || 'Not recorded';
      ethnicity.set(e, (ethnicity.get(e) ?? 0) + 1);
    }
    return {
      period,
      months: months.map((m) => ({ month: m, ...byMonth.get(m)! })),
      total,
      ethnicity: [...ethnicity]
        .map(([name, count]) => ({ name, count }))
        .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)),
    };
  }

  /** How many attendances there are at all (for the demo seed's "load once"). */
  async attendanceCount(): Promise<number> {
    const r = await this.db
      .selectFrom('wrenAttendance')
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

/** The months (YYYY-MM) a period touches, in order. */
export function monthsOf(period: { from: string; to: string }): string[] {
  const out: string[] = [];
  let [y, m] = period.from.split('-').map(Number) as [number, number];
  const [ty, tm] = period.to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export type { ScreeningMatch, TriageOutcome };
