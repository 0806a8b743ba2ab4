/**
 * Children named in the local authority's returns (Annex A, the CIN census): found in the child
 * index by exact identifiers first (the authority's own child id, then UPN, then NHS number), and
 * otherwise added as imported records. An import never merges two records: the likely-duplicates
 * queue (the linkage engine's scan) proposes that, and a person decides.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export interface ImportedChild {
  /** The local authority's children's social care id (Annex A Child Unique ID, CIN LAchildID). */
  laChildId: string;
  dateOfBirth: string | null;
  sex: 'female' | 'male' | 'unknown';
  upn?: string | null;
  nhsNumber?: string | null;
}

export interface ImportedChildMatch {
  childId: string;
  districtId: number | null;
  /** How the record was found, or that it was added. */
  matchedBy: 'la_child_id' | 'upn' | 'nhs_number' | 'added';
}

export interface ImportedChildrenResult {
  /** By the authority's child id. */
  matches: Map<string, ImportedChildMatch>;
  /** Children that could not be found or added, with why (by the authority's child id). */
  refused: Map<string, string>;
  added: number;
}

const UPN = /^[A-Z]\d{11}[0-9A-Z]$/;
const NHS = /^\d{10}$/;

/**
 * Finds each child, or adds it, in the caller's transaction. A child found by UPN or NHS number
 * learns its authority id, so the next return finds it at once.
 */
export async function findOrAddImportedChildren(
  trx: Kysely<Database>,
  source: string,
  children: readonly ImportedChild[],
): Promise<ImportedChildrenResult> {
  const byId = new Map<string, ImportedChild>();
  for (const c of children) if (!byId.has(c.laChildId)) byId.set(c.laChildId, c);
  const matches = new Map<string, ImportedChildMatch>();
  const refused = new Map<string, string>();
  if (byId.size === 0) return { matches, refused, added: 0 };

  // 1. The authority's own id (a merged record answers as the one kept).
  const known = await sql<{ laChildId: string; id: string; districtId: number | null }>`
    SELECT c.la_child_id, coalesce(k.id, c.id)::text AS id, coalesce(k.district_id, c.district_id) AS district_id
    FROM child c LEFT JOIN child k ON k.id = c.merged_into
    WHERE c.la_child_id = ANY(${[...byId.keys()]}::text[])`.execute(trx);
  for (const r of known.rows)
    matches.set(r.laChildId, { childId: r.id, districtId: r.districtId, matchedBy: 'la_child_id' });

  // 2. UPN, then NHS number: exact identifiers the child index holds.
  const rest = [...byId.values()].filter((c) => !matches.has(c.laChildId));
  for (const key of ['upn', 'nhsNumber'] as const) {
    const wanted = rest.filter((c) => !matches.has(c.laChildId) && c[key]);
    const values = wanted.map((c) => c[key]!).filter((v) => (key === 'upn' ? UPN : NHS).test(v));
    if (values.length === 0) continue;
    const column = key === 'upn' ? sql.ref('c.upn') : sql.ref('c.nhs_number');
    const found = await sql<{
      value: string;
      id: string;
      districtId: number | null;
      laChildId: string | null;
    }>`
      SELECT ${column} AS value, coalesce(k.id, c.id)::text AS id,
             coalesce(k.district_id, c.district_id) AS district_id, coalesce(k.la_child_id, c.la_child_id) AS la_child_id
      FROM child c LEFT JOIN child k ON k.id = c.merged_into
      WHERE ${column} = ANY(${values}::text[])`.execute(trx);
    const byValue = new Map(found.rows.map((r) => [r.value, r]));
    const learn: { id: string; la: string }[] = [];
    for (const c of wanted) {
      const r = byValue.get(c[key]!);
      if (!r) continue;
      matches.set(c.laChildId, {
        childId: r.id,
        districtId: r.districtId,
        matchedBy: key === 'upn' ? 'upn' : 'nhs_number',
      });
      if (r.laChildId === null) learn.push({ id: r.id, la: c.laChildId });
    }
    if (learn.length > 0) {
      await sql`UPDATE child SET la_child_id = l.la, updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(learn)}::jsonb) AS l(id uuid, la text)
        WHERE child.id = l.id AND child.la_child_id IS NULL`.execute(trx);
    }
  }

  // 3. Added as imported records: no name is known yet; a date of birth is needed.
  const toAdd: ImportedChild[] = [];
  for (const c of byId.values()) {
    if (matches.has(c.laChildId)) continue;
    if (!c.dateOfBirth)
      refused.set(c.laChildId, 'not in the child index, and no date of birth to add the child with');
    else toAdd.push(c);
  }
  // An identifier two children of the return share is kept by neither: a person sorts that out.
  const seen = new Map<string, number>();
  for (const c of toAdd) for (const v of [c.upn, c.nhsNumber]) if (v) seen.set(v, (seen.get(v) ?? 0) + 1);
  const once = (v: string | null | undefined, pattern: RegExp) =>
    v && pattern.test(v) && seen.get(v) === 1 ? v : null;
  for (let i = 0; i < toAdd.length; i += 5000) {
    const batch = toAdd.slice(i, i + 5000).map((c) => ({
      la: c.laChildId,
      dob: c.dateOfBirth,
      sex: c.sex,
      upn: once(c.upn, UPN),
      nhs: once(c.nhsNumber, NHS),
    }));
    const added = await sql<{ laChildId: string; id: string }>`
      INSERT INTO child (given_name, family_name, date_of_birth, sex, upn, nhs_number, la_child_id, imported_from)
      SELECT '', '', a.dob, a.sex, a.upn, a.nhs, a.la, ${source}
      FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS a(la text, dob date, sex text, upn text, nhs text)
      RETURNING la_child_id, id::text AS id`.execute(trx);
    for (const r of added.rows)
      matches.set(r.laChildId, { childId: r.id, districtId: null, matchedBy: 'added' });
  }
  return { matches, refused, added: toAdd.length };
}
