/**
 * The stored bank holidays (the platform's table): the shipped England and Wales list until an
 * official feed is imported.
 */
import type { Db } from '../db/client.ts';
import { parseBankHolidayFeed, shippedBankHolidays } from './bank-holidays.ts';
import { WorkingDayCalendar } from './working-days.ts';

export async function loadWorkingDayCalendar(db: Db): Promise<WorkingDayCalendar> {
  const stored = await db.selectFrom('bankHoliday').select('date').execute();
  const dates = stored.length ? stored.map((h) => h.date) : shippedBankHolidays().map((h) => h.date);
  return new WorkingDayCalendar(dates);
}

/** Replaces the stored bank holidays with those of a gov.uk feed file, in one transaction. */
export async function importBankHolidays(db: Db, feed: unknown): Promise<number> {
  const holidays = parseBankHolidayFeed(feed);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('bankHoliday').execute();
    await trx.insertInto('bankHoliday').values(holidays).execute();
  });
  return holidays.length;
}

/** The shipped bank holidays, stored (a new partnership's database, the demo). */
export async function storeShippedBankHolidays(db: Db): Promise<void> {
  await db
    .insertInto('bankHoliday')
    .values(shippedBankHolidays())
    .onConflict((oc) => oc.column('date').doNothing())
    .execute();
}
