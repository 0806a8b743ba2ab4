/**
 * Reconciliation: another agency's extract (e.g. the police list of children flagged at risk of
 * county lines, report section 8) against the child index, in four lists: matched and agreeing,
 * matched but disagreeing (a date of birth, an NHS number, a flag in their system only), only
 * ours, only theirs. The extract is kept for its owner alone; every child of ours a list shows
 * is audited by the route that shows it.
 */
import { CsvInputError, type PersonField } from '../linkage/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { ConflictError } from '../../platform/http/errors.ts';
import * as q from './queries.ts';
import { type MatchedRow, runReconcileTask } from './reconcile-work.ts';
import { personOf } from './service.ts';

export const MAPPABLE_FIELDS: readonly { field: PersonField; label: string; synonyms: readonly string[] }[] =
  [
    {
      field: 'given_name',
      label: 'Given name',
      synonyms: ['given_name', 'forename', 'first_name', 'firstname', 'given name', 'first name'],
    },
    {
      field: 'family_name',
      label: 'Family name',
      synonyms: ['family_name', 'surname', 'last_name', 'lastname', 'family name', 'last name'],
    },
    {
      field: 'date_of_birth',
      label: 'Date of birth',
      synonyms: ['date_of_birth', 'dob', 'birth_date', 'date of birth', 'birthdate'],
    },
    { field: 'sex', label: 'Sex', synonyms: ['sex', 'gender'] },
    { field: 'postcode', label: 'Postcode', synonyms: ['postcode', 'post_code', 'postal_code', 'post code'] },
    { field: 'address', label: 'Address', synonyms: ['address', 'address_1', 'address1', 'street'] },
    {
      field: 'nhs_number',
      label: 'NHS number',
      synonyms: ['nhs_number', 'nhs', 'nhs_no', 'nhsnumber', 'nhs number'],
    },
  ];

export const LISTS = {
  agreeing: 'Matched and agreeing',
  disagreeing: 'Matched but disagreeing',
  ours: 'Only in the child index',
  theirs: 'Only in their extract',
} as const;
export type ListName = keyof typeof LISTS;

export interface ReconciliationMapping {
  columns: Partial<Record<PersonField, string>>;
  /** Their column that marks the flag they hold (e.g. at risk of county lines), if any. */
  flag: string | null;
}

export interface ReconciliationResult {
  /** Their data row (0-based) matched to our child, one to one, strongest first. */
  matched: MatchedRow[];
  theirsOnly: number[];
  oursInIndex: number;
}

/** Their column for each field, guessed from its name (the person mapping the columns can change it). */
export function guessMapping(header: readonly string[]): ReconciliationMapping {
  const columns: Partial<Record<PersonField, string>> = {};
  for (const { field, synonyms } of MAPPABLE_FIELDS) {
    const found = header.find((h) => synonyms.includes(h.trim().toLowerCase()));
    if (found) columns[field] = found;
  }
  const flag = header.find((h) => /flag|risk|county.?lines/i.test(h)) ?? null;
  return { columns, flag };
}

/** A reconciliation as its pages see it: everything but their file. */
export type Reconciliation = NonNullable<Awaited<ReturnType<ReconciliationService['find']>>>;

export class ReconciliationService {
  constructor(private readonly db: Db) {}

  /** Keeps the extract after checking it is a readable CSV; problems name their row and column. */
  async upload(
    audit: AuditWriter,
    userId: string,
    name: string,
    filename: string,
    bytes: Uint8Array,
  ): Promise<string> {
    // Read on a worker thread when large: the service keeps answering meanwhile.
    const table = await runReconcileTask({ kind: 'read', content: bytes });
    if (table.rowCount === 0)
      throw new CsvInputError([{ row: 2, column: null, message: 'This file has no rows' }]);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('reconciliation')
        .values({
          createdBy: userId,
          name,
          filename: filename.slice(0, 200),
          content: new TextDecoder().decode(bytes),
          header: JSON.stringify(table.header),
          rowCount: table.rowCount,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, {
        action: 'upload',
        recordType: 'reconciliation',
        recordId: row.id,
        reason: `${table.rowCount} rows`,
      });
      return row.id;
    });
  }

  /**
   * The owner's reconciliation, or nothing (for anyone else it does not exist). Without their file:
   * a large one is megabytes, and only the steps that read it (on a worker thread) fetch it.
   */
  find(id: string, userId: string) {
    return this.db
      .selectFrom('reconciliation')
      .select([
        'id',
        'createdBy',
        'createdAt',
        'name',
        'filename',
        'header',
        'rowCount',
        'mapping',
        'result',
        'reconciledAt',
      ])
      .where('id', '=', id)
      .where('createdBy', '=', userId)
      .executeTakeFirst();
  }

  async #content(id: string): Promise<string> {
    const row = await this.db
      .selectFrom('reconciliation')
      .select('content')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.content;
  }

  /** Deletes the extract and its lists: another agency's data is kept no longer than needed. */
  async delete(audit: AuditWriter, id: string, userId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const deleted = await q.deleteReconciliation(trx, id, userId);
      if (deleted) await audit(trx, { action: 'delete', recordType: 'reconciliation', recordId: id });
      return deleted;
    });
  }

  list(userId: string) {
    return q.reconciliationsOf(this.db, userId);
  }

  /**
   * Links their rows with the child index (one to one, strongest first) and keeps the lists.
   * A file whose mapped columns do not read (a malformed date) throws CsvInputError: nothing is saved.
   */
  async reconcile(
    audit: AuditWriter,
    id: string,
    userId: string,
    mapping: ReconciliationMapping,
  ): Promise<ReconciliationResult> {
    const upload = await this.find(id, userId);
    if (!upload) throw new ConflictError('This reconciliation is not yours or no longer exists');
    const children = await q.childrenInUse(this.db);
    // Reading their file and linking it run on a worker thread when the file is large.
    const { matched, theirsOnly, rowCount } = await runReconcileTask({
      kind: 'match',
      content: await this.#content(upload.id),
      columns: mapping.columns,
      flag: mapping.flag,
      children: children.map((c) => ({ id: c.id, person: personOf(c) })),
    });
    const reconciled: ReconciliationResult = { matched, theirsOnly, oursInIndex: children.length };
    await this.db.transaction().execute(async (trx) => {
      await q.saveReconciliation(trx, id, JSON.stringify(mapping), JSON.stringify(reconciled));
      await audit(trx, {
        action: 'reconcile',
        recordType: 'reconciliation',
        recordId: id,
        reason: `${matched.length} matched, ${theirsOnly.length} theirs only, of ${rowCount} rows`,
      });
    });
    return reconciled;
  }

  /**
   * Lists' rows (the first `limit` of each, or all): their cells and our child beside them. Their
   * file is read once for all of them (on a worker thread when it is large). Only ours is not
   * here: it is counted by district (reconcile-scope.ts), never listed whole.
   */
  async listsRows<L extends Exclude<ListName, 'ours'>>(
    upload: Reconciliation,
    lists: readonly L[],
    limit = Number.POSITIVE_INFINITY,
  ) {
    const result = upload.result as ReconciliationResult;
    const take = <T>(items: readonly T[]) => (Number.isFinite(limit) ? items.slice(0, limit) : items);
    const chosen = lists.map((list) => {
      if (list === 'theirs')
        return {
          list,
          count: result.theirsOnly.length,
          shown: take(result.theirsOnly).map((row) => ({
            row,
            childId: null as string | null,
            probability: null as number | null,
            disagreements: [] as string[],
          })),
        };
      const matched = result.matched.filter((m) =>
        list === 'agreeing' ? m.disagreements.length === 0 : m.disagreements.length > 0,
      );
      return { list, count: matched.length, shown: take(matched) as MatchedRow[] };
    });
    const { header, cells } = await runReconcileTask({
      kind: 'cells',
      content: await this.#content(upload.id),
      rows: chosen.flatMap((c) => c.shown.map((m) => m.row)),
    });
    const theirCells = (row: number) => Object.fromEntries(header.map((h, k) => [h, cells[row]?.[k] ?? '']));
    const children = new Map(
      (
        await q.childrenByIds(
          this.db,
          chosen.flatMap((c) => c.shown.flatMap((m) => (m.childId ? [m.childId] : []))),
        )
      ).map((c) => [c.id, c]),
    );
    return chosen.map(({ list, count, shown }) => ({
      list,
      header,
      count,
      rows: shown.map((m) => ({
        row: m.row + 2,
        theirs: theirCells(m.row),
        child: m.childId ? (children.get(m.childId) ?? null) : null,
        probability: m.probability,
        disagreements: m.disagreements,
      })),
    }));
  }

  /** One list's rows, all of them (for its CSV file). */
  async listRows(upload: Reconciliation, list: Exclude<ListName, 'ours'>) {
    const [one] = await this.listsRows(upload, [list]);
    return one!;
  }
}

export { CsvInputError };
