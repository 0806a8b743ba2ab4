/**
 * Batch reads of the child index for matching another system's records in bulk (WREN's A&E
 * attendances): the children with any of a set of NHS numbers, and the children who could be
 * any of a batch of people (sharing a date of birth or a postcode), as PersonRecords for the
 * linkage engine, with the model of the index's last duplicate scan. Read-only: nothing here
 * creates or changes a child.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import { DEFAULT_MODEL, type LinkageModel, type PersonRecord } from '../linkage/index.ts';
import type { IndexedChild } from './queries.ts';
import { personOf } from './service.ts';

const COLUMNS = [
  'id',
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'address',
  'postcode',
  'nhsNumber',
  'upn',
] as const;

export type { IndexedChild };

/** A child of the index as the linkage engine reads it, with the child's id beside it. */
export interface LinkableChild {
  id: string;
  person: PersonRecord;
}

/**
 * The children with one of these NHS numbers, each answering as the record in use (a merged
 * record answers as the one it was merged into), keyed by NHS number.
 */
export async function childrenByNhsNumbers(
  db: Db,
  nhsNumbers: readonly string[],
): Promise<Map<string, { id: string; dateOfBirth: string; familyName: string }>> {
  const found = new Map<string, { id: string; dateOfBirth: string; familyName: string }>();
  const unique = [...new Set(nhsNumbers)];
  for (let k = 0; k < unique.length; k += 5000) {
    const rows = await db
      .selectFrom('child')
      .select([sql<string>`coalesce(merged_into, id)`.as('id'), 'nhsNumber', 'dateOfBirth', 'familyName'])
      .where('nhsNumber', '=', sql<string>`any(${unique.slice(k, k + 5000)}::text[])`)
      .execute();
    for (const r of rows)
      found.set(r.nhsNumber!, { id: r.id, dateOfBirth: r.dateOfBirth, familyName: r.familyName });
  }
  return found;
}

/**
 * The children in use born on one of these dates, or living at one of these postcodes (with a
 * family name of the same initial as one of the people's there, when their names are given).
 */
export async function linkableChildren(
  db: Db,
  near: { datesOfBirth: readonly string[]; postcodes: readonly string[]; familyNames?: readonly string[] },
): Promise<LinkableChild[]> {
  const dates = [...new Set(near.datesOfBirth)];
  const postcodes = [...new Set(near.postcodes.filter(Boolean))];
  if (!dates.length && !postcodes.length) return [];
  // Postcode and initial, pair by pair: a street's other families are not candidates.
  const homes =
    near.familyNames && near.familyNames.length === near.postcodes.length
      ? [
          ...new Set(
            near.postcodes.flatMap((p, k) =>
              p ? [`${p}|${(near.familyNames![k] ?? '').slice(0, 1).toLowerCase()}`] : [],
            ),
          ),
        ]
      : null;
  const rows: IndexedChild[] = await db
    .selectFrom('child')
    .select(COLUMNS)
    .where('mergedInto', 'is', null)
    .where((eb) =>
      eb.or([
        eb('dateOfBirth', '=', sql<string>`any(${dates}::date[])`),
        homes
          ? eb(
              sql<string>`postcode || '|' || lower(left(family_name, 1))`,
              '=',
              sql<string>`any(${homes}::text[])`,
            )
          : eb('postcode', '=', sql<string>`any(${postcodes}::text[])`),
      ]),
    )
    .execute();
  return rows.map((child) => ({ id: child.id, person: personOf(child) }));
}

/** The model the child index last estimated (its duplicate scan), or the default one. */
export async function indexLinkageModel(db: Db): Promise<LinkageModel> {
  const scan = await db
    .selectFrom('linkageScan')
    .select('model')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (scan?.model as LinkageModel | undefined) ?? DEFAULT_MODEL;
}

/** A few children's identifying details, for a page that shows who a record was matched to. */
export function childSummaries(db: Db, ids: readonly string[]): Promise<IndexedChild[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('child').select(COLUMNS).where('id', 'in', ids).execute();
}
