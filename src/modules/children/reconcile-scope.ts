/**
 * The scope of another agency's extract, and the children held only here, as counts. An extract
 * covers an area and an age band (a police force's county lines list for two districts, ages 10
 * to 17): the children of ours it matched say which. The children of ours it did not match are
 * counted by district; their names are given (to data quality, with a reason) only inside that
 * scope, never the whole index.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

/** Where a child lives (their district) and when they were born: enough to place them in a scope. */
export interface ChildPlace {
  id: string;
  districtId: number | null;
  districtName: string | null;
  dateOfBirth: string;
}

/** The districts and the span of dates of birth of the children an extract matched. */
export interface ExtractScope {
  districtIds: number[];
  districtNames: string[];
  bornFrom: string | null;
  bornTo: string | null;
}

export interface OnlyOursCounts {
  total: number;
  inScope: number;
  byDistrict: { district: string; count: number; inScope: number }[];
}

/** Every child in use (or these), with their district: merged records are their survivor. */
export function childPlaces(db: Kysely<Database>, ids?: readonly string[]): Promise<ChildPlace[]> {
  if (ids && ids.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom('child as c')
    .leftJoin('registryDistrict as d', 'd.id', 'c.districtId')
    .select(['c.id', 'c.districtId', 'd.name as districtName', 'c.dateOfBirth'])
    .where('c.mergedInto', 'is', null);
  if (ids) query = query.where('c.id', 'in', ids);
  return query.orderBy('c.id').execute();
}

/** The extract's own scope: the districts of the children it matched, born within their span. */
export function extractScope(matched: readonly ChildPlace[]): ExtractScope {
  const districts = new Map<number, string>();
  let bornFrom: string | null = null;
  let bornTo: string | null = null;
  for (const c of matched) {
    if (c.districtId === null) continue;
    districts.set(c.districtId, c.districtName ?? String(c.districtId));
    if (bornFrom === null || c.dateOfBirth < bornFrom) bornFrom = c.dateOfBirth;
    if (bornTo === null || c.dateOfBirth > bornTo) bornTo = c.dateOfBirth;
  }
  const ids = [...districts.keys()].sort((a, b) => a - b);
  return { districtIds: ids, districtNames: ids.map((id) => districts.get(id)!), bornFrom, bornTo };
}

/** Inside the scope: in one of its districts and born within its span (a child of no district never is). */
export function inExtractScope(scope: ExtractScope, c: ChildPlace): boolean {
  return (
    c.districtId !== null &&
    scope.districtIds.includes(c.districtId) &&
    scope.bornFrom !== null &&
    scope.bornTo !== null &&
    c.dateOfBirth >= scope.bornFrom &&
    c.dateOfBirth <= scope.bornTo
  );
}

/** The children held only here, counted by district, with how many of each fall in the scope. */
export function onlyOursCounts(onlyOurs: readonly ChildPlace[], scope: ExtractScope): OnlyOursCounts {
  const byDistrict = new Map<string, { count: number; inScope: number }>();
  let inScope = 0;
  for (const c of onlyOurs) {
    const key = c.districtName ?? 'No district recorded';
    const entry = byDistrict.get(key) ?? { count: 0, inScope: 0 };
    entry.count++;
    if (inExtractScope(scope, c)) {
      entry.inScope++;
      inScope++;
    }
    byDistrict.set(key, entry);
  }
  return {
    total: onlyOurs.length,
    inScope,
    byDistrict: [...byDistrict.entries()]
      .map(([district, e]) => ({ district, ...e }))
      .sort((a, b) => a.district.localeCompare(b.district)),
  };
}
