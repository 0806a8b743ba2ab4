/**
 * The child index's part of the demo partnership: the county's synthetic children, on the rolls
 * of its settings, and one in a hundred recorded twice so that the duplicates queue has work.
 * Every child is made up.
 */
import type { Db } from '../../platform/db/client.ts';
import { type DemoChild, type DemoPartnership, demoChildren } from '../registry/index.ts';

/**
 * One child in a hundred recorded a second time, as another agency wrote them down: a typo in
 * the family name, a shortened given name, day and month transposed, or an address written
 * differently with no postcode. The data quality officer's queue has something to decide.
 */
export async function seedDemoDuplicates(db: Db) {
  const originals = await db
    .selectFrom('child')
    .select(['givenName', 'familyName', 'dateOfBirth', 'sex', 'address', 'postcode', 'districtId'])
    .orderBy('id')
    .execute();
  const copies = originals
    .filter((_, k) => k % 100 === 7)
    .map((c, k) => {
      const copy = { ...c };
      const [y, m, d] = c.dateOfBirth.split('-');
      if (k % 4 === 0 && c.familyName.length > 3)
        copy.familyName =
          c.familyName.slice(0, 2) + c.familyName[3] + c.familyName[2] + c.familyName.slice(4);
      else if (k % 4 === 1 && c.givenName.length > 4) copy.givenName = c.givenName.slice(0, 3);
      else if (k % 4 === 2 && Number(d) <= 12 && d !== m) copy.dateOfBirth = `${y}-${d}-${m}`;
      else {
        copy.postcode = null;
        copy.address = (c.address ?? '')
          .replace(/\bRoad\b/, 'Rd')
          .replace(/\bStreet\b/, 'St')
          .replace(/,/g, '');
      }
      return copy;
    });
  if (copies.length) await db.insertInto('child').values(copies).execute();
}

/** Children in batches of their own transactions: 120,000 of them must not hold one huge one. */
export async function seedDemoChildren(
  db: Db,
  partnership: DemoPartnership,
  count: number,
  onProgress?: (done: number, total: number) => void,
) {
  const districts = await db.selectFrom('registryDistrict').select(['id', 'code']).execute();
  const districtId = new Map(districts.map((d) => [d.code, d.id]));
  const settings = await db.selectFrom('registrySetting').select(['id', 'urn']).execute();
  const settingId = new Map(settings.map((s) => [s.urn, s.id]));
  let batch: DemoChild[] = [];
  let done = 0;
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    await db.transaction().execute(async (trx) => {
      const ids = await trx
        .insertInto('child')
        .values(
          rows.map((c) => ({
            givenName: c.givenName,
            familyName: c.familyName,
            dateOfBirth: c.dateOfBirth,
            sex: c.sex,
            address: c.address,
            postcode: c.postcode,
            districtId: districtId.get(c.districtCode) ?? null,
            nhsNumber: c.nhsNumber,
            upn: c.upn,
          })),
        )
        .returning('id')
        .execute();
      const enrolments = rows.flatMap((c, i) =>
        c.settingUrn && c.onRollFrom
          ? [{ childId: ids[i]!.id, settingId: settingId.get(c.settingUrn)!, onRollFrom: c.onRollFrom }]
          : [],
      );
      if (enrolments.length) await trx.insertInto('childEnrolment').values(enrolments).execute();
    });
    done += rows.length;
    onProgress?.(done, count);
  };
  for (const child of demoChildren(partnership, count)) {
    batch.push(child);
    if (batch.length >= 1000) await flush();
  }
  await flush();
}
