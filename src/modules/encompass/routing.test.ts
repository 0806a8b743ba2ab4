import { describe, expect, it } from 'vitest';
import {
  londonDate,
  type SettingCalendar,
  shippedBankHolidays,
  WorkingDayCalendar,
} from '../../platform/calendar/index.ts';
import { type RoutingFacts, routeNotice, TEAM_NOTICE_TIME } from './routing.ts';

// England and Wales bank holidays as shipped (gov.uk feed).
const calendar = new WorkingDayCalendar(shippedBankHolidays().map((holiday) => holiday.date));

// Synthetic term dates for 2026/27. Every expectation below was worked out by hand from these,
// the bank holidays and the clock changes (BST ends Sun 2026-10-25, begins Sun 2027-03-28):
//   autumn 1  Wed 2026-09-02 .. Fri 2026-10-23   (half-term 26-30 Oct)
//   autumn 2  Mon 2026-11-02 .. Fri 2026-12-18   (Mon 2 Nov is an INSET day)
//   spring 1  Tue 2027-01-05 .. Fri 2027-02-12   (half-term 15-19 Feb)
//   spring 2  Mon 2027-02-22 .. Fri 2027-03-26   (Mon 22 Feb INSET; Fri 26 Mar is Good Friday)
//   summer 1  Mon 2027-04-12 .. Fri 2027-05-28   (Mon 3 May early May bank holiday)
// and then nothing: the setting has not entered its later term dates yet.
const riversideCalendar: SettingCalendar = {
  schoolDayStartsAt: '08:45',
  terms: [
    { start: '2026-09-02', end: '2026-10-23' },
    { start: '2026-11-02', end: '2026-12-18' },
    { start: '2027-01-05', end: '2027-02-12' },
    { start: '2027-02-22', end: '2027-03-26' },
    { start: '2027-04-12', end: '2027-05-28' },
  ],
  closures: ['2026-11-02', '2027-02-22'],
};

const RIVERSIDE = 'Riverside Primary School';
const RIVERSIDE_ID = 42;
const HEALTH_VISITING_TEAM_ID = 7;
const FRONT_DOOR_TEAM_ID = 9;

const setting = (
  encompassStatus = 'joined',
  cal: SettingCalendar = riversideCalendar,
): RoutingFacts['setting'] => ({
  id: RIVERSIDE_ID,
  name: RIVERSIDE,
  encompassStatus,
  calendar: cal,
});

/** Routes a notice recorded at `recordedAt` (ISO 8601 with offset) for a child on Riverside's roll by default. */
function route(recordedAt: string, overrides: Partial<RoutingFacts> = {}) {
  const at = new Date(recordedAt);
  const facts: RoutingFacts = {
    match: 'exact',
    dateOfBirth: '2017-06-14',
    incidentDate: londonDate(at),
    setting: setting(),
    healthVisitingTeamId: HEALTH_VISITING_TEAM_ID,
    frontDoorTeamId: FRONT_DOOR_TEAM_ID,
    ...overrides,
  };
  return routeNotice(facts, at, calendar);
}

/** When a notice to Riverside's Key Adults, recorded at `recordedAt`, is due (UTC ISO string). */
const settingDue = (recordedAt: string) => route(recordedAt).dueAt.toISOString();

/** When a notice to the Family Front Door (no roll, aged 10), recorded at `recordedAt`, is due. */
const teamDue = (recordedAt: string) => {
  const routing = route(recordedAt, { setting: null, dateOfBirth: '2016-05-01' });
  expect(routing.recipient).toBe('family_front_door');
  return routing.dueAt.toISOString();
};

describe('the calendar these expectations were worked out from', () => {
  it('has the bank holidays and weekdays the hand calculations assume', () => {
    for (const date of [
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
    ]) {
      expect(calendar.isBankHoliday(date)).toBe(true);
    }
    expect(calendar.isBankHoliday('2026-12-29')).toBe(false);
    expect(calendar.isBankHoliday('2027-01-04')).toBe(false);
    expect(TEAM_NOTICE_TIME).toBe('09:00');
  });
});

describe('routeNotice: who receives the notice', () => {
  it('sends to a joined setting’s Key Adults, due at its next school-day start', () => {
    // Friday 27 November 2026, 22:30 GMT: the next school day is Monday 30 November.
    expect(route('2026-11-27T22:30:00Z')).toEqual({
      recipient: 'setting',
      settingId: RIVERSIDE_ID,
      teamId: null,
      reason: `On the roll of ${RIVERSIDE}`,
      dueAt: new Date('2026-11-30T08:45:00.000Z'),
      status: 'sent',
    });
  });

  it('queues for the coordinator when the setting is still in training, naming the setting', () => {
    // Wednesday 25 November 2026 afternoon: the coordinator's deadline is 09:00 Thursday.
    expect(route('2026-11-25T14:00:00Z', { setting: setting('in_training') })).toEqual({
      recipient: 'coordinator',
      settingId: RIVERSIDE_ID,
      teamId: null,
      reason: `${RIVERSIDE} is still completing Operation Encompass training`,
      dueAt: new Date('2026-11-26T09:00:00.000Z'),
      status: 'queued',
    });
  });

  it('queues for the coordinator when the setting has not joined, naming the setting', () => {
    // Friday night: the coordinator's deadline is 09:00 on Monday, not the school's 08:45.
    const routing = route('2026-11-27T22:30:00Z', { setting: setting('not_joined') });
    expect(routing).toEqual({
      recipient: 'coordinator',
      settingId: RIVERSIDE_ID,
      teamId: null,
      reason: `${RIVERSIDE} has not joined Operation Encompass`,
      dueAt: new Date('2026-11-30T09:00:00.000Z'),
      status: 'queued',
    });
  });

  it('treats any status other than joined or in training as not joined', () => {
    for (const status of ['left', '', 'JOINED']) {
      const routing = route('2026-11-25T14:00:00Z', { setting: setting(status) });
      expect(routing.recipient).toBe('coordinator');
      expect(routing.status).toBe('queued');
      expect(routing.settingId).toBe(RIVERSIDE_ID);
      expect(routing.reason).toBe(`${RIVERSIDE} has not joined Operation Encompass`);
    }
  });

  it('queues for the coordinator when no child in the index matches, even if a setting was supplied', () => {
    // Saturday 16 January 2027: the next working day is Monday 18 January.
    expect(route('2027-01-16T10:00:00Z', { match: 'none' })).toEqual({
      recipient: 'coordinator',
      settingId: null,
      teamId: null,
      reason: 'No child in the child index matches these details exactly',
      dueAt: new Date('2027-01-18T09:00:00.000Z'),
      status: 'queued',
    });
  });

  it('queues for the coordinator when the match is ambiguous: never a guess', () => {
    expect(
      route('2027-01-16T10:00:00Z', { match: 'ambiguous', setting: null, dateOfBirth: '2024-01-01' }),
    ).toEqual({
      recipient: 'coordinator',
      settingId: null,
      teamId: null,
      reason: 'More than one child in the child index matches: a person must choose',
      dueAt: new Date('2027-01-18T09:00:00.000Z'),
      status: 'queued',
    });
  });

  it('sends a child under 5 on no roll to the health visiting team, 09:00 the next working day', () => {
    // Aged 3; Wednesday 25 November 2026 afternoon → Thursday 09:00 GMT.
    expect(route('2026-11-25T14:00:00Z', { setting: null, dateOfBirth: '2023-04-10' })).toEqual({
      recipient: 'health_visiting',
      settingId: null,
      teamId: HEALTH_VISITING_TEAM_ID,
      reason: 'Not yet of compulsory school age and on no setting’s roll',
      dueAt: new Date('2026-11-26T09:00:00.000Z'),
      status: 'sent',
    });
  });

  it('sends a school-age child on no roll to the Family Front Door, 09:00 the next working day', () => {
    // Aged 10; Friday 27 November 2026 at 22:30 → Monday 30 November 09:00 GMT.
    expect(route('2026-11-27T22:30:00Z', { setting: null, dateOfBirth: '2016-05-01' })).toEqual({
      recipient: 'family_front_door',
      settingId: null,
      teamId: FRONT_DOOR_TEAM_ID,
      reason: 'Of compulsory school age and on no school’s roll (home educated or missing education)',
      dueAt: new Date('2026-11-30T09:00:00.000Z'),
      status: 'sent',
    });
  });

  it('queues for the coordinator when an under-5 has no health visiting team to go to', () => {
    expect(
      route('2026-11-25T14:00:00Z', { setting: null, dateOfBirth: '2023-04-10', healthVisitingTeamId: null }),
    ).toEqual({
      recipient: 'coordinator',
      settingId: null,
      teamId: null,
      reason: 'Not yet of compulsory school age, on no roll, and the district has no health visiting team',
      dueAt: new Date('2026-11-26T09:00:00.000Z'),
      status: 'queued',
    });
  });

  it('queues for the coordinator when a school-age child has no Family Front Door team to go to', () => {
    expect(
      route('2026-11-25T14:00:00Z', { setting: null, dateOfBirth: '2016-05-01', frontDoorTeamId: null }),
    ).toEqual({
      recipient: 'coordinator',
      settingId: null,
      teamId: null,
      reason: 'Of compulsory school age on no roll, and there is no Family Front Door team',
      dueAt: new Date('2026-11-26T09:00:00.000Z'),
      status: 'queued',
    });
  });

  it('does not need a health visiting team for a school-age child, nor a front door team for an under-5', () => {
    const older = route('2026-11-25T14:00:00Z', {
      setting: null,
      dateOfBirth: '2016-05-01',
      healthVisitingTeamId: null,
    });
    expect(older.recipient).toBe('family_front_door');
    expect(older.teamId).toBe(FRONT_DOOR_TEAM_ID);
    const younger = route('2026-11-25T14:00:00Z', {
      setting: null,
      dateOfBirth: '2023-04-10',
      frontDoorTeamId: null,
    });
    expect(younger.recipient).toBe('health_visiting');
    expect(younger.teamId).toBe(HEALTH_VISITING_TEAM_ID);
  });

  it('goes to a setting on the roll whatever the child’s age, not to health visiting', () => {
    // A 3-year-old on a joined nursery's roll: the setting, not the health visitors.
    const routing = route('2026-11-25T14:00:00Z', { dateOfBirth: '2023-04-10' });
    expect(routing.recipient).toBe('setting');
    expect(routing.teamId).toBeNull();
    expect(routing.dueAt.toISOString()).toBe('2026-11-26T08:45:00.000Z');
  });
});

describe('routeNotice: compulsory school age (the term after the fifth birthday), on the incident date', () => {
  const noRoll = (dateOfBirth: string, incidentDate: string) =>
    route('2026-11-25T14:00:00Z', { setting: null, dateOfBirth, incidentDate });

  it('is health visiting the day before the fifth birthday', () => {
    const routing = noRoll('2021-11-25', '2026-11-24');
    expect(routing.recipient).toBe('health_visiting');
    expect(routing.teamId).toBe(HEALTH_VISITING_TEAM_ID);
  });

  it('is still health visiting on the fifth birthday itself: school age starts on 31 December', () => {
    expect(noRoll('2021-11-25', '2026-11-25').recipient).toBe('health_visiting');
    expect(noRoll('2021-11-25', '2026-12-30').recipient).toBe('health_visiting');
  });

  it('is the Family Front Door from the prescribed day after the fifth birthday', () => {
    const routing = noRoll('2021-11-25', '2026-12-31');
    expect(routing.recipient).toBe('family_front_door');
    expect(routing.teamId).toBe(FRONT_DOOR_TEAM_ID);
  });

  it('uses the incident date, not the day the notice was recorded', () => {
    // Incident the day before the birthday, recorded on the birthday: still under 5 at the incident.
    const routing = route('2026-11-25T14:00:00Z', {
      setting: null,
      dateOfBirth: '2021-11-25',
      incidentDate: '2026-11-24',
    });
    expect(routing.recipient).toBe('health_visiting');
  });

  it('counts a 29 February child as turning 5 on 1 March, of school age from 31 March', () => {
    expect(noRoll('2020-02-29', '2025-03-30').recipient).toBe('health_visiting');
    expect(noRoll('2020-02-29', '2025-03-31').recipient).toBe('family_front_door');
  });

  it('keeps a 17-year-old, the day before the 18th birthday, with the Family Front Door', () => {
    expect(noRoll('2008-11-25', '2026-11-24').recipient).toBe('family_front_door');
  });
});

describe('routeNotice: a setting whose term dates have run out', () => {
  it('queues for the coordinator after the last term ends, naming the setting', () => {
    // Friday 28 May 2027, 18:00 BST: the last term has ended, so no school day can be found. The
    // coordinator's deadline skips the weekend and Monday 31 May (spring bank holiday): Tuesday
    // 1 June, 09:00 BST = 08:00 UTC.
    expect(route('2027-05-28T18:00:00+01:00')).toEqual({
      recipient: 'coordinator',
      settingId: RIVERSIDE_ID,
      teamId: null,
      reason: `${RIVERSIDE} has no school days in the calendar after this notice was recorded`,
      dueAt: new Date('2027-06-01T08:00:00.000Z'),
      status: 'queued',
    });
  });

  it('queues for the coordinator when the setting has no term dates at all', () => {
    const routing = route('2026-11-25T14:00:00Z', {
      setting: setting('joined', { ...riversideCalendar, terms: [] }),
    });
    expect(routing.recipient).toBe('coordinator');
    expect(routing.status).toBe('queued');
    expect(routing.settingId).toBe(RIVERSIDE_ID);
    expect(routing.reason).toBe(
      `${RIVERSIDE} has no school days in the calendar after this notice was recorded`,
    );
    expect(routing.dueAt.toISOString()).toBe('2026-11-26T09:00:00.000Z');
  });

  it('still finds the last school day when recorded before its start', () => {
    // Friday 28 May 2027 at 07:00 BST: that morning's 08:45 BST is still to come.
    expect(settingDue('2027-05-28T07:00:00+01:00')).toBe('2027-05-28T07:45:00.000Z');
  });

  it('rethrows errors other than running out of school days', () => {
    const broken = setting('joined', { ...riversideCalendar, schoolDayStartsAt: '8.45am' });
    expect(() => route('2026-11-25T14:00:00Z', { setting: broken })).toThrow(RangeError);
  });
});

describe('routeNotice: when a setting’s notice is due', () => {
  it('is Monday’s start for an incident recorded on Friday night', () => {
    expect(settingDue('2026-11-27T22:30:00Z')).toBe('2026-11-30T08:45:00.000Z');
  });

  it('is Monday’s start for an incident recorded on Saturday', () => {
    expect(settingDue('2027-01-16T10:00:00Z')).toBe('2027-01-18T08:45:00.000Z');
  });

  it('skips a bank-holiday Monday: Friday evening before the early May bank holiday → Tuesday, in BST', () => {
    // Friday 30 April 2027 18:00 BST; Monday 3 May is a bank holiday; Tuesday 08:45 BST = 07:45 UTC.
    expect(settingDue('2027-04-30T18:00:00+01:00')).toBe('2027-05-04T07:45:00.000Z');
  });

  it('is the first day of next term after the last day of the autumn term', () => {
    // Friday 18 December 2026 16:00 GMT. Monday 4 January is a working day but not a term day.
    expect(settingDue('2026-12-18T16:00:00Z')).toBe('2027-01-05T08:45:00.000Z');
  });

  it('is the first day of term after Christmas Eve and New Year’s Eve', () => {
    expect(settingDue('2026-12-24T19:00:00Z')).toBe('2027-01-05T08:45:00.000Z');
    expect(settingDue('2026-12-31T20:00:00Z')).toBe('2027-01-05T08:45:00.000Z');
  });

  it('skips the INSET day after February half-term', () => {
    // Friday 12 February 2027 16:00; half-term 15-19 Feb; Monday 22 Feb INSET → Tuesday 23 Feb.
    expect(settingDue('2027-02-12T16:00:00Z')).toBe('2027-02-23T08:45:00.000Z');
  });

  it('skips half-term and the INSET day across the autumn clock change', () => {
    // Friday 23 October 2026 16:00 BST (15:00 UTC); clocks go back on the 25th; Monday 2 November is
    // INSET; Tuesday 3 November 08:45 GMT = 08:45 UTC.
    expect(settingDue('2026-10-23T16:00:00+01:00')).toBe('2026-11-03T08:45:00.000Z');
  });

  it('is the next school day when recorded exactly at the start of a school day', () => {
    // Wednesday 25 November 2026 08:45:00 GMT → Thursday 26 November 08:45.
    expect(settingDue('2026-11-25T08:45:00Z')).toBe('2026-11-26T08:45:00.000Z');
  });

  it('is that same morning when recorded one second before the start', () => {
    expect(settingDue('2026-11-25T08:44:59Z')).toBe('2026-11-25T08:45:00.000Z');
  });

  it('is that same morning when recorded early on a school day', () => {
    expect(settingDue('2026-11-25T07:00:00Z')).toBe('2026-11-25T08:45:00.000Z');
  });

  it('handles the start-of-day boundary in BST too', () => {
    // Wednesday 14 April 2027: 08:45 BST = 07:45 UTC.
    expect(settingDue('2027-04-14T07:44:59Z')).toBe('2027-04-14T07:45:00.000Z');
    expect(settingDue('2027-04-14T07:45:00Z')).toBe('2027-04-15T07:45:00.000Z');
  });

  it('skips Good Friday, Easter and the spring-forward weekend: due 08:45 BST on 12 April', () => {
    // Saturday 27 March 2027, 19:00 GMT; clocks go forward on the 28th; the Easter holidays end on
    // Friday 9 April; Monday 12 April 08:45 BST = 07:45 UTC.
    expect(settingDue('2027-03-27T19:00:00Z')).toBe('2027-04-12T07:45:00.000Z');
  });

  it('skips Good Friday when it falls on the last day of a term', () => {
    // Thursday 25 March 2027 after school: Friday 26 March is in term but a bank holiday.
    expect(settingDue('2027-03-25T16:00:00Z')).toBe('2027-04-12T07:45:00.000Z');
  });

  it('uses the London date just after midnight in BST', () => {
    // 23:30 UTC on Monday 12 April 2027 is 00:30 BST on Tuesday 13 April: due 08:45 BST that day.
    expect(settingDue('2027-04-12T23:30:00Z')).toBe('2027-04-13T07:45:00.000Z');
  });

  it('uses the London date just after midnight before the autumn clock change', () => {
    // 23:30 UTC on Thursday 22 October 2026 is 00:30 BST on Friday 23 October, the last day of term.
    expect(settingDue('2026-10-22T23:30:00Z')).toBe('2026-10-23T07:45:00.000Z');
  });

  it('uses the setting’s own start of day', () => {
    const secondary = setting('joined', { ...riversideCalendar, schoolDayStartsAt: '08:30' });
    const routing = route('2026-11-27T22:30:00Z', { setting: secondary });
    expect(routing.dueAt.toISOString()).toBe('2026-11-30T08:30:00.000Z');
  });
});

describe('routeNotice: when a team’s notice is due (09:00 London, the next working day)', () => {
  it('is Tuesday 29 December after Christmas Eve: Christmas Day and the Boxing Day substitute are holidays', () => {
    // Thursday 24 December 2026 evening. Fri 25 Christmas Day, Sat 26, Sun 27, Mon 28 substitute
    // for Boxing Day → Tuesday 29 December, 09:00 GMT.
    expect(teamDue('2026-12-24T19:00:00Z')).toBe('2026-12-29T09:00:00.000Z');
  });

  it('is the following working day even when recorded at 07:00 on a working day', () => {
    expect(teamDue('2026-11-25T07:00:00Z')).toBe('2026-11-26T09:00:00.000Z');
  });

  it('is Monday 4 January after New Year’s Eve, though schools are still closed', () => {
    // Friday 1 January 2027 is a bank holiday.
    expect(teamDue('2026-12-31T20:00:00Z')).toBe('2027-01-04T09:00:00.000Z');
  });

  it('crosses Easter and the spring-forward clock change: 09:00 BST on Tuesday 30 March', () => {
    // Good Friday 26 March 2027 10:00 GMT; Easter Monday 29 March; 09:00 BST = 08:00 UTC.
    expect(teamDue('2027-03-26T10:00:00Z')).toBe('2027-03-30T08:00:00.000Z');
  });

  it('crosses the autumn clock change: Saturday 24 October in BST → Monday 26 October 09:00 GMT', () => {
    expect(teamDue('2026-10-24T20:00:00+01:00')).toBe('2026-10-26T09:00:00.000Z');
  });

  it('uses the London date, not the UTC date, just after midnight in BST', () => {
    // 23:30 UTC Thursday 22 October 2026 is Friday 00:30 in London → Monday 26 October 09:00 GMT.
    expect(teamDue('2026-10-22T23:30:00Z')).toBe('2026-10-26T09:00:00.000Z');
    // 23:30 UTC Monday 12 April 2027 is Tuesday 00:30 in London → Wednesday 14 April 09:00 BST.
    expect(teamDue('2027-04-12T23:30:00Z')).toBe('2027-04-14T08:00:00.000Z');
  });

  it('is Tuesday after a Friday evening before the spring bank holiday', () => {
    expect(teamDue('2027-05-28T18:00:00+01:00')).toBe('2027-06-01T08:00:00.000Z');
  });
});

describe('routeNotice: purity', () => {
  it('does not change its inputs and gives the same answer twice', () => {
    const at = new Date('2026-11-27T22:30:00Z');
    const facts: RoutingFacts = {
      match: 'exact',
      dateOfBirth: '2017-06-14',
      incidentDate: '2026-11-27',
      setting: setting(),
      healthVisitingTeamId: HEALTH_VISITING_TEAM_ID,
      frontDoorTeamId: FRONT_DOOR_TEAM_ID,
    };
    const snapshot = structuredClone(facts);
    const first = routeNotice(facts, at, calendar);
    const second = routeNotice(facts, at, calendar);
    expect(second).toEqual(first);
    expect(facts).toEqual(snapshot);
    expect(at.toISOString()).toBe('2026-11-27T22:30:00.000Z');
    expect(first.dueAt).not.toBe(at);
  });
});
