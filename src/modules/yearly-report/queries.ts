/** The yearly report's SQL (Kysely): its own tables only. */
import type { Db } from '../../platform/db/client.ts';
import type { Partner, WaiverKind } from './tables.ts';

type Trx = Db;

export const reports = (db: Db) =>
  db.selectFrom('yearlyReport').selectAll().orderBy('periodTo', 'desc').orderBy('id', 'desc').execute();

export const report = (db: Db, id: number) =>
  db.selectFrom('yearlyReport').selectAll().where('id', '=', id).executeTakeFirst();

export const insertReport = (
  db: Trx,
  values: {
    title: string;
    periodFrom: string;
    periodTo: string;
    narrative: string;
    createdBy: string | null;
  },
) => db.insertInto('yearlyReport').values(values).returning('id').executeTakeFirstOrThrow();

export const updateReport = (
  db: Trx,
  id: number,
  values: { title: string; periodFrom: string; periodTo: string; narrative: string },
) =>
  db
    .updateTable('yearlyReport')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();

export const waivers = (db: Db, reportId: number) =>
  db
    .selectFrom('yearlyReportWaiver')
    .selectAll()
    .where('reportId', '=', reportId)
    .orderBy('waivedAt')
    .execute();

export const upsertWaiver = (
  db: Trx,
  values: { reportId: number; kind: WaiverKind; key: string; reason: string; waivedBy: string | null },
) =>
  db
    .insertInto('yearlyReportWaiver')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['reportId', 'kind', 'key'])
        .doUpdateSet({ reason: values.reason, waivedBy: values.waivedBy, waivedAt: new Date() }),
    )
    .execute();

export const approvals = (db: Db, reportId: number) =>
  db
    .selectFrom('yearlyReportApproval')
    .leftJoin('authAccount', 'authAccount.id', 'yearlyReportApproval.userId')
    .select([
      'yearlyReportApproval.partner',
      'yearlyReportApproval.userId',
      'yearlyReportApproval.approvedAt',
      'authAccount.givenName',
      'authAccount.familyName',
    ])
    .where('reportId', '=', reportId)
    .orderBy('approvedAt')
    .execute();

export const insertApproval = (db: Trx, values: { reportId: number; partner: Partner; userId: string }) =>
  db
    .insertInto('yearlyReportApproval')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();

export const clearApprovals = (db: Trx, reportId: number) =>
  db.deleteFrom('yearlyReportApproval').where('reportId', '=', reportId).execute();

export const versionsOf = (db: Db, reportId: number) =>
  db
    .selectFrom('yearlyReportVersion')
    .select(['id', 'version', 'publishedAt', 'checksum'])
    .where('reportId', '=', reportId)
    .orderBy('version', 'desc')
    .execute();

export const publishedVersions = (db: Db) =>
  db
    .selectFrom('yearlyReportVersion as v')
    .select(['v.id', 'v.reportId', 'v.version', 'v.title', 'v.periodFrom', 'v.periodTo', 'v.publishedAt'])
    // Only each report's latest publication is listed; earlier versions stay at their address.
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('yearlyReportVersion as w')
          .select((w) => w.fn.max('w.version').as('m'))
          .whereRef('w.reportId', '=', 'v.reportId'),
      ),
    )
    .orderBy('v.periodTo', 'desc')
    .execute();

/** When each report was first published (a later version does not move its publication). */
export const firstPublications = async (db: Db): Promise<Map<number, Date>> => {
  const rows = await db
    .selectFrom('yearlyReportVersion')
    .select((eb) => ['reportId', eb.fn.min('publishedAt').as('first')])
    .groupBy('reportId')
    .execute();
  return new Map(rows.map((r) => [r.reportId, new Date(r.first as unknown as string)]));
};

export const version = (db: Db, id: number) =>
  db.selectFrom('yearlyReportVersion').selectAll().where('id', '=', id).executeTakeFirst();

export const lastVersion = async (db: Trx, reportId: number) =>
  (
    await db
      .selectFrom('yearlyReportVersion')
      .select((s) => s.fn.max('version').as('v'))
      .where('reportId', '=', reportId)
      .executeTakeFirst()
  )?.v ?? 0;

export const insertVersion = (
  db: Trx,
  values: {
    reportId: number;
    version: number;
    title: string;
    periodFrom: string;
    periodTo: string;
    sections: unknown;
    narrative: string;
    approvals: unknown;
    checksum: string;
    publishedBy: string | null;
  },
) =>
  db
    .insertInto('yearlyReportVersion')
    .values({
      ...values,
      sections: JSON.stringify(values.sections),
      approvals: JSON.stringify(values.approvals),
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
