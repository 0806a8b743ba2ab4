/** A setting's calendar: the local authority's terms plus its own closures. */
import type { SettingCalendar } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { findSettingByUrn, settingCalendar } from './queries.ts';

export async function settingCalendarByUrn(db: Db, urn: string): Promise<SettingCalendar | undefined> {
  const setting = await findSettingByUrn(db, urn);
  if (!setting) return undefined;
  return settingCalendar(db, setting.id, setting.schoolDayStartsAt);
}
