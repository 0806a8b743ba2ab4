/**
 * Where a child's notice goes, and when it is due: the rules of Operation Encompass as this
 * partnership runs them. Pure: the service gathers the facts, this decides.
 *
 * - on a setting's roll on the incident date, and the setting has joined → its Key Adults, due
 *   before the start of its next school day after the police attended (or were told);
 * - on the roll of a setting that is in training or has not joined → the coordinator's queue;
 * - on no roll and not yet of compulsory school age (before the term after the fifth birthday) →
 *   the district's health visiting team, 09:00 the next working day;
 * - on no roll and of compulsory school age → the Family Front Door, 09:00 the next working day;
 * - a deadline the calendar cannot compute → the coordinator's queue with the reason, never an error;
 * - not found in the child index, or matched ambiguously → the coordinator's queue: never a guess.
 */
import {
  CalendarCoverageError,
  compulsorySchoolAgeFrom,
  NoSchoolDayError,
  type SettingCalendar,
  type WorkingDayCalendar,
  nextSchoolDayStart,
  nextWorkingDayAt,
} from '../../platform/calendar/index.ts';
import type { NoticeRecipient } from './tables.ts';

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

/**
 * `attendedAt` is when the police attended or were told of the incident: a notice is due before
 * the next school day after the police learned of it, however late it was recorded here.
 */
export function routeNotice(facts: RoutingFacts, attendedAt: Date, calendar: WorkingDayCalendar): Routing {
  // Only worked out when needed: a setting's deadline must not depend on the team calendar.
  const nextWorkingMorning = () => nextWorkingDayAt(calendar, attendedAt, TEAM_NOTICE_TIME);
  const toCoordinator = (reason: string, settingId: number | null = null): Routing => {
    let dueAt: Date;
    try {
      dueAt = nextWorkingMorning();
    } catch (error) {
      if (!(error instanceof CalendarCoverageError)) throw error;
      // The coordinator still gets the notice, with a day to act, rather than the officer an error.
      dueAt = new Date(attendedAt.getTime() + 24 * 3600 * 1000);
    }
    return { recipient: 'coordinator', settingId, teamId: null, reason, dueAt, status: 'queued' };
  };
  const team = (
    recipient: 'health_visiting' | 'family_front_door',
    teamId: number,
    reason: string,
  ): Routing => {
    try {
      return { recipient, settingId: null, teamId, reason, dueAt: nextWorkingMorning(), status: 'sent' };
    } catch (error) {
      if (error instanceof CalendarCoverageError)
        return toCoordinator(`The next working day cannot be computed: ${error.message}`);
      throw error;
    }
  };

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
        dueAt: nextSchoolDayStart(setting.calendar, calendar, attendedAt),
        status: 'sent',
      };
    } catch (error) {
      if (error instanceof NoSchoolDayError) {
        return toCoordinator(
          `${setting.name} has no school days in the calendar after this notice was recorded`,
          setting.id,
        );
      }
      if (error instanceof CalendarCoverageError) {
        return toCoordinator(
          `${setting.name}'s next school day cannot be computed: ${error.message}`,
          setting.id,
        );
      }
      throw error;
    }
  }

  const schoolAgeFrom = compulsorySchoolAgeFrom(facts.dateOfBirth);
  if (facts.incidentDate < schoolAgeFrom) {
    if (facts.healthVisitingTeamId === null)
      return toCoordinator(
        'Not yet of compulsory school age, on no roll, and the district has no health visiting team',
      );
    return team(
      'health_visiting',
      facts.healthVisitingTeamId,
      'Not yet of compulsory school age and on no setting’s roll',
    );
  }
  if (facts.frontDoorTeamId === null)
    return toCoordinator('Of compulsory school age on no roll, and there is no Family Front Door team');
  return team(
    'family_front_door',
    facts.frontDoorTeamId,
    'Of compulsory school age and on no school’s roll (home educated or missing education)',
  );
}
