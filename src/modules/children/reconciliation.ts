/**
 * Reconciliation: another agency's extract (e.g. the police list of children flagged at risk of
 * county lines, report section 8) against the child index, in four lists: matched and agreeing,
 * matched but disagreeing (a date of birth, an NHS number, a flag in their system only), only
 * ours, only theirs. The extract is kept for its owner alone; every child of ours a list shows
 * is audited by the route that shows it.
 */
import {
  CsvInputError,
  type PersonField,
  type PersonRecord,
  link,
  normaliseName,
  peopleFromCsv,
  readCsvTable,
} from '../linkage/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { ConflictError } from '../../platform/http/errors.ts';
import { normaliseNhsNumber, normalisePostcode } from '../../platform/identifiers/index.ts';
import * as q from './queries.ts';
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
  matched: { row: number; childId: string; probability: number; disagreements: string[] }[];
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

const FLAG_SET = (value: string | undefined) =>
  Boolean(value && !/^(|n|no|false|0|none)$/i.test(value.trim()));

function disagreements(theirs: PersonRecord, ours: PersonRecord, flagged: boolean): string[] {
  const out: string[] = [];
  const differ = (a: string | null | undefined, b: string | null | undefined) => Boolean(a && b && a !== b);
  if (differ(normaliseName(theirs.familyName), normaliseName(ours.familyName)))
    out.push('Family name written differently');
  const dob = theirs.dateOfBirth?.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
  if (differ(dob, ours.dateOfBirth)) out.push('Date of birth differs');
  if (
    differ(
      theirs.nhsNumber ? (normaliseNhsNumber(theirs.nhsNumber) ?? theirs.nhsNumber) : null,
      ours.nhsNumber,
    )
  )
    out.push('NHS number differs');
  if (differ(theirs.postcode ? (normalisePostcode(theirs.postcode) ?? theirs.postcode) : null, ours.postcode))
    out.push('Postcode differs');
  // The child index holds no flags yet (GET SAFE comes later): a flag of theirs is theirs only.
  if (flagged) out.push('Flagged in their system only');
  return out;
}

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
    const table = readCsvTable(bytes);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('reconciliation')
        .values({
          createdBy: userId,
          name,
          filename: filename.slice(0, 200),
          content: new TextDecoder().decode(bytes),
          header: JSON.stringify(table.header),
          rowCount: table.rows.length,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, {
        action: 'upload',
        recordType: 'reconciliation',
        recordId: row.id,
        reason: `${table.rows.length} rows`,
      });
      return row.id;
    });
  }

  /** The owner's reconciliation, or nothing (for anyone else it does not exist). */
  find(id: string, userId: string) {
    return q.findReconciliation(this.db, id, userId);
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
    const upload = await q.findReconciliation(this.db, id, userId);
    if (!upload) throw new ConflictError('This reconciliation is not yours or no longer exists');
    const map: Record<string, string> = {};
    for (const [field, column] of Object.entries(mapping.columns)) if (column) map[column] = field;
    const theirs = peopleFromCsv(upload.content, { map });
    const table = readCsvTable(upload.content);
    const flagIndex = mapping.flag ? table.header.indexOf(mapping.flag) : -1;
    const children = await q.childrenInUse(this.db);
    const result = link(theirs.records, children.map(personOf));
    const usedRows = new Set<number>();
    const usedChildren = new Set<number>();
    const matched: ReconciliationResult['matched'] = [];
    for (const pair of result.pairs) {
      if (pair.decision !== 'link' || usedRows.has(pair.left) || usedChildren.has(pair.right)) continue;
      usedRows.add(pair.left);
      usedChildren.add(pair.right);
      const flagged = flagIndex >= 0 && FLAG_SET(table.rows[pair.left]?.[flagIndex]);
      matched.push({
        row: pair.left,
        childId: children[pair.right]!.id,
        probability: pair.probability,
        disagreements: disagreements(theirs.records[pair.left]!, personOf(children[pair.right]!), flagged),
      });
    }
    const theirsOnly = theirs.records.map((_, k) => k).filter((k) => !usedRows.has(k));
    const reconciled: ReconciliationResult = { matched, theirsOnly, oursInIndex: children.length };
    await this.db.transaction().execute(async (trx) => {
      await q.saveReconciliation(trx, id, JSON.stringify(mapping), JSON.stringify(reconciled));
      await audit(trx, {
        action: 'reconcile',
        recordType: 'reconciliation',
        recordId: id,
        reason: `${matched.length} matched, ${theirsOnly.length} theirs only, of ${theirs.records.length} rows`,
      });
    });
    return reconciled;
  }

  /** One list's rows: their cells and our child beside them. */
  async listRows(upload: NonNullable<Awaited<ReturnType<typeof q.findReconciliation>>>, list: ListName) {
    const result = upload.result as ReconciliationResult;
    const { header, rows } = readCsvTable(upload.content);
    const theirCells = (row: number) => Object.fromEntries(header.map((h, k) => [h, rows[row]?.[k] ?? '']));
    if (list === 'theirs')
      return {
        header,
        rows: result.theirsOnly.map((row) => ({
          row: row + 2,
          theirs: theirCells(row),
          child: null,
          probability: null,
          disagreements: [] as string[],
        })),
      };
    if (list === 'ours') {
      const matchedIds = new Set(result.matched.map((m) => m.childId));
      const children = (await q.childrenInUse(this.db)).filter((c) => !matchedIds.has(c.id));
      return {
        header,
        rows: children.map((child) => ({
          row: null,
          theirs: null,
          child,
          probability: null,
          disagreements: [] as string[],
        })),
      };
    }
    const chosen = result.matched.filter((m) =>
      list === 'agreeing' ? m.disagreements.length === 0 : m.disagreements.length > 0,
    );
    const children = new Map(
      (
        await q.childrenByIds(
          this.db,
          chosen.map((m) => m.childId),
        )
      ).map((c) => [c.id, c]),
    );
    return {
      header,
      rows: chosen.map((m) => ({
        row: m.row + 2,
        theirs: theirCells(m.row),
        child: children.get(m.childId) ?? null,
        probability: m.probability,
        disagreements: m.disagreements,
      })),
    };
  }
}

export { CsvInputError };
