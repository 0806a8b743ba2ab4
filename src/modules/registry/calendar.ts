/**
 * The registry's side of the calendar: bank holidays as stored (shipped ones until an import),
 * and each setting's calendar (the local authority's terms plus its own closures).
 */
import {
  type SettingCalendar,
  WorkingDayCalendar,
  parseBankHolidayFeed,
  shippedBankHolidays,
} from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { findSettingByUrn, settingCalendar } from './queries.ts';

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

export async function settingCalendarByUrn(db: Db, urn: string): Promise<SettingCalendar | undefined> {
  const setting = await findSettingByUrn(db, urn);
  if (!setting) return undefined;
  return settingCalendar(db, setting.id, setting.schoolDayStartsAt);
}
