/** The child index's duplicates: Kysely only. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Executor = Kysely<Database>;

export interface IndexedChild {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'unknown';
  address: string | null;
  postcode: string | null;
  nhsNumber: string | null;
  upn: string | null;
  /** The local authority's id of a child known from its returns (shown when no name is known). */
  laChildId?: string | null;
}

const CHILD_COLUMNS = [
  'id',
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'address',
  'postcode',
  'nhsNumber',
  'upn',
  'laChildId',
] as const;

/** Every record in use: merged records are represented by the one they were merged into. */
export function childrenInUse(db: Executor): Promise<IndexedChild[]> {
  return db.selectFrom('child').select(CHILD_COLUMNS).where('mergedInto', 'is', null).orderBy('id').execute();
}

export function decidedPairs(db: Executor) {
  return db
    .selectFrom('childDuplicate')
    .select(['childA', 'childB', 'status'])
    .where('status', '!=', 'open')
    .execute();
}

export async function openPairKeys(db: Executor): Promise<Set<string>> {
  const rows = await db
    .selectFrom('childDuplicate')
    .select(['childA', 'childB'])
    .where('status', '=', 'open')
    .execute();
  return new Set(rows.map((r) => `${r.childA}:${r.childB}`));
}

/** Open pairs become exactly `found`: new ones added, found ones updated, the rest removed. */
export async function refreshOpenPairs(
  db: Executor,
  found: { childA: string; childB: string; probability: number; matchWeight: number; explanation: string }[],
): Promise<void> {
  const keep = new Set(found.map((f) => `${f.childA}:${f.childB}`));
  const open = await db
    .selectFrom('childDuplicate')
    .select(['id', 'childA', 'childB'])
    .where('status', '=', 'open')
    .execute();
  const stale = open.filter((o) => !keep.has(`${o.childA}:${o.childB}`)).map((o) => o.id);
  for (let k = 0; k < stale.length; k += 1000) {
    await db
      .deleteFrom('childDuplicate')
      .where('id', 'in', stale.slice(k, k + 1000))
      .execute();
  }
  for (let k = 0; k < found.length; k += 500) {
    await db
      .insertInto('childDuplicate')
      .values(found.slice(k, k + 500))
      .onConflict((oc) =>
        oc.columns(['childA', 'childB']).doUpdateSet((eb) => ({
          probability: eb.ref('excluded.probability'),
          matchWeight: eb.ref('excluded.matchWeight'),
          explanation: eb.ref('excluded.explanation'),
          foundAt: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

export async function latestScan(db: Executor) {
  return db.selectFrom('linkageScan').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function openDuplicates(db: Executor, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom('childDuplicate as d')
      .innerJoin('child as a', 'a.id', 'd.childA')
      .innerJoin('child as b', 'b.id', 'd.childB')
      .select([
        'd.id',
        'd.childA',
        'd.childB',
        'd.probability',
        'd.matchWeight',
        'd.foundAt',
        'a.givenName as aGivenName',
        'a.familyName as aFamilyName',
        'a.dateOfBirth as aDateOfBirth',
        'b.givenName as bGivenName',
        'b.familyName as bFamilyName',
        'b.dateOfBirth as bDateOfBirth',
      ])
      .where('d.status', '=', 'open')
      .orderBy('d.matchWeight', 'desc')
      .orderBy('d.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('childDuplicate')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function findDuplicate(db: Executor, id: number) {
  return db.selectFrom('childDuplicate').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDuplicateForUpdate(db: Executor, id: number) {
  return db.selectFrom('childDuplicate').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A record with the records merged into it: every identifier the child has is among them. */
export async function childWithMerged(db: Executor, id: string) {
  const child = await db
    .selectFrom('child as c')
    .leftJoin('registryDistrict as d', 'd.id', 'c.districtId')
    .select([
      ...CHILD_COLUMNS.map((c) => `c.${c}` as const),
      'c.mergedInto',
      'c.mergedAt',
      'c.createdAt',
      'd.name as districtName',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!child) return null;
  const [merged, enrolments] = await Promise.all([
    db
      .selectFrom('child')
      .select([...CHILD_COLUMNS, 'mergedAt'])
      .where('mergedInto', '=', id)
      .orderBy('mergedAt')
      .execute(),
    db
      .selectFrom('childEnrolment as e')
      .innerJoin('registrySetting as s', 's.id', 'e.settingId')
      .select(['e.childId', 's.name as settingName', 'e.onRollFrom', 'e.onRollTo'])
      .where('e.childId', '=', id)
      .orderBy('e.onRollFrom')
      .execute(),
  ]);
  return { ...child, merged, enrolments };
}

export function liveChildren(db: Executor, ids: string[]) {
  return db
    .selectFrom('child')
    .select('id')
    .where('id', 'in', ids)
    .where('mergedInto', 'is', null)
    .forUpdate()
    .execute();
}

/** The absorbed record points at the survivor, and so does anything merged into it before. */
export async function mergeChild(db: Executor, absorbed: string, survivor: string): Promise<void> {
  await db
    .updateTable('child')
    .set({ mergedInto: survivor, mergedAt: sql<Date>`now()`, updatedAt: sql<Date>`now()` })
    .where('mergedInto', '=', absorbed)
    .execute();
  await db
    .updateTable('child')
    .set({ mergedInto: survivor, mergedAt: sql<Date>`now()`, updatedAt: sql<Date>`now()` })
    .where('id', '=', absorbed)
    .execute();
}

export async function unmergeChild(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('child')
    .set({ mergedInto: null, mergedAt: null, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Which of the two was merged into the other, if either was. */
export function absorbedOf(db: Executor, a: string, b: string) {
  return db
    .selectFrom('child')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('id', '=', a), eb('mergedInto', '=', b)]),
        eb.and([eb('id', '=', b), eb('mergedInto', '=', a)]),
      ]),
    )
    .executeTakeFirst();
}

export async function decide(
  db: Executor,
  id: number,
  status: 'merged' | 'not_same',
  userId: string,
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('childDuplicate')
    .set({ status, decidedAt: sql<Date>`now()`, decidedBy: userId, reason })
    .where('id', '=', id)
    .execute();
}

/**
 * The children who could be the one described: anyone sharing an NHS number, a date of birth,
 * or a postcode, or with a family name starting alike and born in the same year. The linkage
 * engine then weighs each of them.
 */
export function candidatePool(
  db: Executor,
  person: {
    familyName?: string | null | undefined;
    dateOfBirth: string;
    postcode?: string | null | undefined;
    nhsNumber?: string | null | undefined;
  },
): Promise<IndexedChild[]> {
  const year = Number(person.dateOfBirth.slice(0, 4));
  const prefix = (person.familyName ?? '').trim().slice(0, 2);
  return db
    .selectFrom('child')
    .select(CHILD_COLUMNS)
    .where('mergedInto', 'is', null)
    .where((eb) =>
      eb.or([
        eb('dateOfBirth', '=', person.dateOfBirth),
        ...(person.nhsNumber ? [eb('nhsNumber', '=', person.nhsNumber)] : []),
        ...(person.postcode ? [eb('postcode', '=', person.postcode)] : []),
        ...(prefix.length === 2
          ? [
              eb.and([
                eb(sql`lower(family_name)`, 'like', `${prefix.toLowerCase().replace(/[%_\\]/g, '')}%`),
                eb('dateOfBirth', '>=', `${year}-01-01`),
                eb('dateOfBirth', '<=', `${year}-12-31`),
              ]),
            ]
          : []),
      ]),
    )
    .limit(500)
    .execute();
}

export function childrenByIds(db: Executor, ids: readonly string[]): Promise<IndexedChild[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('child').select(CHILD_COLUMNS).where('id', 'in', ids).execute();
}

export async function childrenPerDistrict(db: Executor): Promise<Map<number | null, number>> {
  const rows = await db
    .selectFrom('child')
    .select(['districtId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('mergedInto', 'is', null)
    .groupBy('districtId')
    .execute();
  return new Map(rows.map((r) => [r.districtId, Number(r.n)]));
}

/** Only its owner ever finds a reconciliation: for anyone else it does not exist. */
export function findReconciliation(db: Executor, id: string, userId: string) {
  return db
    .selectFrom('reconciliation')
    .selectAll()
    .where('id', '=', id)
    .where('createdBy', '=', userId)
    .executeTakeFirst();
}

export function reconciliationsOf(db: Executor, userId: string) {
  return db
    .selectFrom('reconciliation')
    .select(['id', 'name', 'filename', 'rowCount', 'createdAt', 'reconciledAt'])
    .where('createdBy', '=', userId)
    .orderBy('createdAt', 'desc')
    .limit(50)
    .execute();
}

export async function saveReconciliation(
  db: Executor,
  id: string,
  mapping: string,
  result: string,
): Promise<void> {
  await db
    .updateTable('reconciliation')
    .set({ mapping, result, reconciledAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** A search still running (an unfinished one older than an hour was interrupted, e.g. by a restart). */
export function runningScan(db: Executor) {
  return db
    .selectFrom('linkageScanRun')
    .select('id')
    .where('finishedAt', 'is', null)
    .where('requestedAt', '>', sql<Date>`now() - interval '1 hour'`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function recentScanRun(db: Executor) {
  return db.selectFrom('linkageScanRun').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function updateScanRun(
  db: Executor,
  id: number,
  progress: { stage: string; done: number; total: number },
): Promise<void> {
  await db
    .updateTable('linkageScanRun')
    .set(progress)
    .where('id', '=', id)
    .where('finishedAt', 'is', null)
    .execute();
}

export async function finishScanRun(db: Executor, id: number, failure: string | null): Promise<void> {
  await db
    .updateTable('linkageScanRun')
    .set({ stage: failure ? 'failed' : 'done', finishedAt: sql<Date>`now()`, failure })
    .where('id', '=', id)
    .execute();
}

export async function deleteReconciliation(db: Executor, id: string, userId: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('reconciliation')
    .where('id', '=', id)
    .where('createdBy', '=', userId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

// The child index's records: one child, its settings, the records merged into it, exact matches.

export function findChild(db: Executor, id: string) {
  return db
    .selectFrom('child as c')
    .leftJoin('registryDistrict as d', 'd.id', 'c.districtId')
    .selectAll('c')
    .select('d.name as districtName')
    .where('c.id', '=', id)
    .executeTakeFirst();
}

/** The records merged into this one: the same child, as other agencies recorded them. */
export function childrenMergedInto(db: Executor, childId: string) {
  return db
    .selectFrom('child')
    .select(['id', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'upn', 'mergedAt'])
    .where('mergedInto', '=', childId)
    .orderBy('mergedAt')
    .execute();
}

export function childEnrolments(db: Executor, childId: string) {
  return db
    .selectFrom('childEnrolment as e')
    .innerJoin('registrySetting as s', 's.id', 'e.settingId')
    .select(['e.settingId', 'e.onRollFrom', 'e.onRollTo', 's.name as settingName', 's.urn'])
    .where('e.childId', '=', childId)
    .orderBy('e.onRollFrom', 'desc')
    .execute();
}

/** The settings a child attended as the index knows them: on this record and on those merged into it. */
export function settingsAttended(db: Executor, childId: string) {
  return db
    .selectFrom('childEnrolment as e')
    .innerJoin('child as c', 'c.id', 'e.childId')
    .innerJoin('registrySetting as s', 's.id', 'e.settingId')
    .select(['e.childId', 's.name as settingName', 's.urn', 'e.onRollFrom', 'e.onRollTo'])
    .where((eb) => eb.or([eb('c.id', '=', childId), eb('c.mergedInto', '=', childId)]))
    .orderBy('e.onRollFrom', 'desc')
    .execute();
}

export interface ExactIdentifiers {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber?: string | undefined;
  upn?: string | undefined;
}

/**
 * Children whose identifiers are exactly these, by the index's one rule (the published SQL
 * function child_exact_matches): a record merged into another answers as the one kept.
 */
export async function findChildrenByExactIdentifiers(db: Executor, ids: ExactIdentifiers) {
  const result = await sql<{ id: string; nhsNumber: string | null; districtId: number | null }>`
    SELECT c.id, c.nhs_number, c.district_id
    FROM child_exact_matches(${ids.givenName}, ${ids.familyName}, ${ids.dateOfBirth}::date, ${ids.nhsNumber ?? null}, ${ids.upn ?? null}) found
    JOIN child c ON c.id = found.id`.execute(db);
  return result.rows;
}

/**
 * The children matching exact identifiers, each with the setting on whose roll they were on a
 * date (its closures and the emails of its DSL and deputies): one round trip per child routed.
 * A function (child_on_roll), so that PostgreSQL plans the query once per connection, not once
 * per child.
 */
export async function findChildrenWithSettingOnRoll(db: Executor, ids: ExactIdentifiers, date: string) {
  const result =
    await sql<RoutingCandidate>`SELECT * FROM child_on_roll(${ids.givenName}, ${ids.familyName}, ${ids.dateOfBirth}::date, ${ids.nhsNumber ?? null}, ${ids.upn ?? null}, ${date}::date)`.execute(
      db,
    );
  return result.rows;
}

export async function insertChild(
  db: Executor,
  child: ExactIdentifiers & {
    sex: 'female' | 'male' | 'unknown';
    address: string | null;
    postcode: string | null;
    districtId: number | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('child')
    .values({
      givenName: child.givenName,
      familyName: child.familyName,
      dateOfBirth: child.dateOfBirth,
      sex: child.sex,
      address: child.address,
      postcode: child.postcode,
      nhsNumber: child.nhsNumber ?? null,
      upn: child.upn ?? null,
      districtId: child.districtId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A child with exactly the identifiers looked up, and the setting on whose roll they were. */
export interface RoutingCandidate {
  id: string;
  nhsNumber: string | null;
  districtId: number | null;
  settingId: number | null;
  settingName: string | null;
  schoolDayStartsAt: string | null;
  safeguardingEmail: string | null;
  closures: string[] | null;
  keyAdultEmails: string[] | null;
  ownTerms: { start: string; end: string }[] | null;
}

/** The child index's figures for a reporting year (dates in Europe/London, both ends included). */
export async function indexFigures(db: Executor, period: { from: string; to: string }) {
  const decided = sql<boolean>`(decided_at AT TIME ZONE 'Europe/London')::date BETWEEN ${period.from}::date AND ${period.to}::date`;
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('child')
        .select(eb.fn.countAll<string>().as('n'))
        .where('mergedInto', 'is', null)
        .as('children'),
      eb
        .selectFrom('childDuplicate')
        .select(eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'merged')
        .where(decided)
        .as('merged'),
      eb
        .selectFrom('childDuplicate')
        .select(eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'not_same')
        .where(decided)
        .as('notSame'),
      eb
        .selectFrom('childDuplicate')
        .select(eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'open')
        .as('open'),
    ])
    .executeTakeFirstOrThrow();
  return {
    children: Number(row.children),
    merged: Number(row.merged),
    notSame: Number(row.notSame),
    open: Number(row.open),
  };
}
