/**
 * Where a child's notice goes, and when it is due: the rules of Operation Encompass as this
 * partnership runs them. Pure: the service gathers the facts, this decides.
 *
 * - on a setting's roll on the incident date, and the setting has joined → its Key Adults, due
 *   before the start of its next school day after the incident was recorded;
 * - on the roll of a setting that is in training or has not joined → the coordinator's queue;
 * - on no roll and under 5 → the district's health visiting team, 09:00 the next working day;
 * - on no roll and of school age → the Family Front Door, 09:00 the next working day;
 * - not found in the child index, or matched ambiguously → the coordinator's queue: never a guess.
 */
import {
  NoSchoolDayError,
  type SettingCalendar,
  type WorkingDayCalendar,
  nextSchoolDayStart,
  nextWorkingDayAt,
} from '../../platform/calendar/index.ts';
import type { NoticeRecipient } from './tables.ts';
import { ageOn } from './schema.ts';

export const TEAM_NOTICE_TIME = '09:00';

export interface RoutingFacts {
  match: 'exact' | 'none' | 'ambiguous';
  dateOfBirth: string;
  /** The incident's date in Europe/London. */
  incidentDate: string;
  /** The setting whose roll the child was on that day. */
  setting: { id: number; name: string; encompassStatus: string; calendar: SettingCalendar } | null;
  healthVisitingTeamId: number | null;
  frontDoorTeamId: number | null;
}

export interface Routing {
  recipient: NoticeRecipient;
  settingId: number | null;
  teamId: number | null;
  reason: string;
  dueAt: Date;
  status: 'sent' | 'queued';
}

export function routeNotice(facts: RoutingFacts, recordedAt: Date, calendar: WorkingDayCalendar): Routing {
  // Only worked out when needed: a setting's deadline must not depend on the team calendar.
  const nextWorkingMorning = () => nextWorkingDayAt(calendar, recordedAt, TEAM_NOTICE_TIME);
  const toCoordinator = (reason: string, settingId: number | null = null): Routing => ({
    recipient: 'coordinator',
    settingId,
    teamId: null,
    reason,
    dueAt: nextWorkingMorning(),
    status: 'queued',
  });

  if (facts.match === 'none')
    return toCoordinator('No child in the child index matches these details exactly');
  if (facts.match === 'ambiguous')
    return toCoordinator('More than one child in the child index matches: a person must choose');

  if (facts.setting) {
    const { setting } = facts;
    if (setting.encompassStatus === 'in_training') {
      return toCoordinator(`${setting.name} is still completing Operation Encompass training`, setting.id);
    }
    if (setting.encompassStatus !== 'joined') {
      return toCoordinator(`${setting.name} has not joined Operation Encompass`, setting.id);
    }
    try {
      return {
        recipient: 'setting',
        settingId: setting.id,
        teamId: null,
        reason: `On the roll of ${setting.name}`,
        dueAt: nextSchoolDayStart(setting.calendar, calendar, recordedAt),
        status: 'sent',
      };
    } catch (error) {
      if (error instanceof NoSchoolDayError) {
        return toCoordinator(
          `${setting.name} has no school days in the calendar after this notice was recorded`,
          setting.id,
        );
      }
      throw error;
    }
  }

  if (ageOn(facts.dateOfBirth, facts.incidentDate) < 5) {
    if (facts.healthVisitingTeamId === null)
      return toCoordinator('Aged under 5 on no roll, and the district has no health visiting team');
    return {
      recipient: 'health_visiting',
      settingId: null,
      teamId: facts.healthVisitingTeamId,
      reason: 'Aged under 5 and on no setting’s roll',
      dueAt: nextWorkingMorning(),
      status: 'sent',
    };
  }
  if (facts.frontDoorTeamId === null)
    return toCoordinator('Of school age on no roll, and there is no Family Front Door team');
  return {
    recipient: 'family_front_door',
    settingId: null,
    teamId: facts.frontDoorTeamId,
    reason: 'Of school age and on no school’s roll (home educated or missing education)',
    dueAt: nextWorkingMorning(),
    status: 'sent',
  };
}
