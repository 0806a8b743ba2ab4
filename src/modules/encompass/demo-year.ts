/**
 * A lived-in year of Operation Encompass for the demo: on first start the dashboard, the lists and
 * the queue show a year of incidents at about the reference report's volume (over 500 notices to
 * early-years settings in the year, several times that to schools), some sent late by the police,
 * some acknowledged late or escalated, most with feedback. Only synthetic people: the children are
 * the demo partnership's own (demoChildren, the same every time) and the officers are made up.
 *
 * Deterministic (one seeded generator) and fast: each notice is routed and timed by the real
 * rules (routing.ts, platform/calendar) in memory from the demo partnership's facts, and written
 * with multi-row inserts. History is written as it would have ended up, so no notice past its
 * deadline is left unacknowledged and unescalated (the escalation command has nothing to do).
 * These rows are not audited: they are history made up for the demo, not anyone reading or
 * writing a child's record.
 */
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { WorkingDayCalendar } from '../../platform/calendar/index.ts';
import { londonDate, londonWallClock } from '../../platform/calendar/index.ts';
import * as clock from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { Random, deriveSeed } from '../../synthetic/random.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '../../synthetic/names.ts';
import {
  type DemoChild,
  type DemoPartnership,
  type RegistryService,
  demoChildren,
} from '../registry/index.ts';
import * as q from './queries.ts';
import { routeNotice } from './routing.ts';
import { type ACTIONS, type FEEDBACK, ageOn } from './schema.ts';
import type { EncompassChildTable, EncompassIncidentTable, EncompassNoticeTable } from './tables.ts';

/** Incidents a year for every 1,000 children in the demo (the reference county's rate, near enough). */
export const INCIDENTS_PER_THOUSAND_CHILDREN = 400;

const PLACES = [
  'The family home',
  'The family home',
  'The family home',
  'A relative’s home',
  'In the street outside the home',
];
const CIRCUMSTANCES = [
  'Officers attended a report of a verbal argument between two adults. No arrests.',
  'A neighbour reported shouting and banging. One adult was arrested for common assault.',
  'A report of an ex-partner attending the home in breach of a non-molestation order. The ex-partner had left before officers arrived.',
  'An argument between the parents escalated; a door and a phone were damaged. Words of advice given.',
  'A parent reported threats by text from a former partner. Safeguarding advice given; a DASH assessment completed.',
  'Officers attended after a call from the child’s older sibling. One adult arrested and later released on bail with conditions.',
];
const VOICES = [
  'I heard them shouting and went to my room.',
  'Mum was crying. I looked after my little brother.',
  'I was scared because they were loud.',
  'It happens a lot when he has been drinking.',
  'I just want it to stop.',
];
const DEMEANOURS = [
  'Quiet, but settled once officers explained why they were there.',
  'Upset and tearful; calmed with a parent.',
  'Asleep throughout.',
  'Seemed used to officers attending.',
  'Chatty and wanted to show officers their toys.',
];
const NOTES: Record<keyof typeof ACTIONS, string[]> = {
  support_in_school: ['Key Adult checked in at breakfast club.', 'Time with the ELSA this week.'],
  monitoring: ['Class teacher asked to keep a quiet eye on them.', 'Added to the setting’s watch list.'],
  spoke_with_child: ['Key Adult had a short chat at drop-off; child said things were fine.'],
  referral_to_front_door: ['Referred: a pattern of incidents this term.'],
  no_action: ['Child has left the setting; new setting told.', 'Already known and supported under a plan.'],
};

/** A version 4 UUID from the generator, so the demo's ids are the same every time. */
function uuidFrom(rng: Random): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = ((rng.int(0, 15) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const HOUR = 3_600_000;

export interface DemoYear {
  incidents: number;
  notices: number;
  byRecipient: Record<string, number>;
}

/** Writes the year before `now`; returns what was written. Nothing when the demo has no children. */
export async function seedDemoYear(
  services: { db: Db; registry: RegistryService; calendar: WorkingDayCalendar },
  partnership: DemoPartnership,
  childrenCount: number,
  now = clock.now(),
): Promise<DemoYear> {
  const result: DemoYear = { incidents: 0, notices: 0, byRecipient: {} };
  const police = (await services.registry.organisations()).find((o) => o.kind === 'police');
  const children = [...demoChildren(partnership, childrenCount)].filter((c) => c.nhsNumber);
  if (!police || !children.length) return result;
  const { db } = services;
  const rng = new Random(deriveSeed(15, 'encompass-demo-year'));

  const settingIds = await q.settingIdsByUrn(db);
  const districts = new Map((await services.registry.districts()).map((d) => [d.code, d.id]));
  const teamIds = new Map((await services.registry.teams()).map((t) => [t.code, t.id]));
  const settings = new Map(partnership.settings.map((s) => [s.urn, s]));
  const terms = partnership.terms.map((t) => ({ start: t.start, end: t.end }));
  const teamOf = (kind: string, districtCode: string) => {
    const team =
      partnership.teams.find((t) => t.kind === kind && t.districtCode === districtCode) ??
      partnership.teams.find((t) => t.kind === kind && t.districtCode === null);
    return team ? (teamIds.get(team.code) ?? null) : null;
  };

  // The children as the index holds them, found by NHS number through the index's published match.
  const nhs = children.map((c) => c.nhsNumber!);
  const { rows: matched } = await sql<{ nhs: string; id: string }>`
    SELECT n.nhs, m.id FROM unnest(${nhs}::text[]) AS n(nhs)
    CROSS JOIN LATERAL child_exact_matches(NULL, NULL, NULL, n.nhs, NULL) AS m`.execute(db);
  const childIds = new Map<string, string[]>();
  for (const row of matched) childIds.set(row.nhs, [...(childIds.get(row.nhs) ?? []), row.id]);

  // Households: children at one address are siblings; an incident names the ones under 18.
  const households = new Map<string, DemoChild[]>();
  for (const c of children) {
    const key = `${c.address}|${c.postcode}`;
    households.set(key, [...(households.get(key) ?? []), c]);
  }
  const homes = [...households.values()];
  // Younger children are more often in the police's reports of domestic abuse (and early years is
  // where the reference report counts over 500 notices a year): homes with a child under 5 weigh more.
  const weighted = homes.map((home) => {
    const youngest = home
      .map((c) => c.dateOfBirth)
      .sort()
      .at(-1)!;
    const age = ageOn(youngest, londonDate(now));
    const earlyYears = home.some((c) => c.settingUrn && settings.get(c.settingUrn)?.phase === 'early_years');
    return [home, earlyYears ? 9 : age < 5 ? 3 : age < 11 ? 2 : 1] as const;
  });

  const incidentCount = Math.round((children.length * INCIDENTS_PER_THOUSAND_CHILDREN) / 1000);
  const incidents: Insertable<EncompassIncidentTable>[] = [];
  const childRows: Insertable<EncompassChildTable>[] = [];
  const noticeRows: Insertable<EncompassNoticeTable>[] = [];
  const yearStart = now.getTime() - 365 * 24 * HOUR;
  const officerNames = Array.from(
    { length: 24 },
    () => `PC ${rng.pick(rng.chance(0.5) ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES)} ${rng.pick(FAMILY_NAMES)}`,
  );

  for (let i = 0; i < incidentCount; i++) {
    // Spread over the year, most in the evening and at night.
    const day = yearStart + Math.floor(rng.next() * 363) * 24 * HOUR;
    const hour = rng.weighted([
      [rng.int(17, 23), 6],
      [rng.int(0, 5), 3],
      [rng.int(6, 16), 2],
    ] as const);
    const dayDate = londonDate(new Date(day));
    const time = `${String(hour).padStart(2, '0')}:${String(rng.int(0, 11) * 5).padStart(2, '0')}`;
    let occurredAt: Date;
    try {
      occurredAt = londonWallClock(dayDate, time);
    } catch {
      continue; // a time the clocks skip in spring
    }
    // Usually attended at once; sometimes reported the next day.
    const attendedAt = new Date(
      occurredAt.getTime() + (rng.chance(0.85) ? rng.int(5, 60) * 60_000 : rng.int(8, 30) * HOUR),
    );
    // The police's own delay: most recorded within hours, some (late) days after.
    const recordedAt = new Date(
      attendedAt.getTime() + (rng.chance(0.9) ? rng.int(20, 8 * 60) * 60_000 : rng.int(30, 96) * HOUR),
    );
    if (recordedAt.getTime() > now.getTime() - HOUR) continue;
    const incidentDate = londonDate(occurredAt);
    const home = rng.weighted(weighted);
    const named = home.filter(
      (c) => c.dateOfBirth <= incidentDate && ageOn(c.dateOfBirth, incidentDate) < 18,
    );
    if (!named.length) continue;
    const first = named[0]!;
    const districtId = districts.get(first.districtCode);
    if (!districtId) continue;
    const incidentId = uuidFrom(rng);
    incidents.push({
      id: incidentId,
      policeReference: `WMP/${incidentDate.slice(2, 4)}/${String(40000 + i).padStart(6, '0')}`,
      occurredAt,
      attendedAt,
      place: rng.pick(PLACES),
      districtId,
      circumstances: rng.pick(CIRCUMSTANCES),
      riskLevel: rng.weighted([
        ['standard', 55],
        ['medium', 35],
        ['high', 10],
      ] as const),
      officerName: rng.pick(officerNames),
      organisationId: police.id,
      recordedBy: null,
      recordedAt,
    });
    const before = childRows.length;
    for (const child of named.slice(0, 4)) {
      const ids = childIds.get(child.nhsNumber!) ?? [];
      const onRoll = child.settingUrn && child.onRollFrom && child.onRollFrom <= incidentDate;
      const setting = onRoll ? settings.get(child.settingUrn!) : undefined;
      const settingId = setting ? (settingIds.get(setting.urn) ?? null) : null;
      const status =
        setting?.encompass.joinedOn && setting.encompass.joinedOn <= incidentDate
          ? 'joined'
          : setting?.encompass.trainingStartedOn && setting.encompass.trainingStartedOn <= incidentDate
            ? 'in_training'
            : 'not_joined';
      const routing = routeNotice(
        {
          match: ids.length === 1 ? 'exact' : ids.length ? 'ambiguous' : 'none',
          dateOfBirth: child.dateOfBirth,
          incidentDate,
          setting:
            setting && settingId
              ? {
                  id: settingId,
                  name: setting.name,
                  encompassStatus: status,
                  calendar: {
                    schoolDayStartsAt: setting.schoolDayStartsAt,
                    terms,
                    closures: setting.closures.map((c) => c.date),
                  },
                }
              : null,
          healthVisitingTeamId: teamOf('health_visiting', child.districtCode),
          frontDoorTeamId: teamOf('family_front_door', child.districtCode),
        },
        attendedAt,
        services.calendar,
      );
      const life = lifeOf(rng, routing, settingId, recordedAt, now);
      if (!life) continue;
      const encompassChildId = uuidFrom(rng);
      const spokenTo = rng.chance(0.4) && ageOn(child.dateOfBirth, incidentDate) >= 4;
      childRows.push({
        id: encompassChildId,
        incidentId,
        givenName: child.givenName,
        familyName: child.familyName,
        dateOfBirth: child.dateOfBirth,
        address: child.address,
        postcode: child.postcode,
        nhsNumber: child.nhsNumber,
        presence: rng.pick(['in_room', 'elsewhere_in_home', 'elsewhere_in_home', 'not_present'] as const),
        spokenTo,
        childVoice: spokenTo ? rng.pick(VOICES) : null,
        demeanour: rng.chance(0.7) ? rng.pick(DEMEANOURS) : null,
        injuries: null,
        childId: ids.length === 1 ? ids[0]! : null,
        match: ids.length === 1 ? 'exact' : ids.length ? 'ambiguous' : 'none',
      });
      noticeRows.push({
        id: uuidFrom(rng),
        encompassChildId,
        incidentId,
        ...life,
      });
      result.notices += 1;
      const key = noticeRows.at(-1)!.recipient;
      result.byRecipient[key] = (result.byRecipient[key] ?? 0) + 1;
    }
    if (childRows.length === before) incidents.pop();
    else result.incidents += 1;
  }

  for (let i = 0; i < incidents.length; i += 500)
    await db
      .insertInto('encompassIncident')
      .values(incidents.slice(i, i + 500))
      .execute();
  for (let i = 0; i < childRows.length; i += 500)
    await db
      .insertInto('encompassChild')
      .values(childRows.slice(i, i + 500))
      .execute();
  for (let i = 0; i < noticeRows.length; i += 500)
    await db
      .insertInto('encompassNotice')
      .values(noticeRows.slice(i, i + 500))
      .execute();
  return result;
}

/**
 * What became of a notice by `now`: sent when recorded; read and acknowledged, mostly before its
 * deadline, some late and some only after an escalation; held ones sent on by the coordinator
 * within hours, except the last fortnight's, still in the queue.
 */
function lifeOf(
  rng: Random,
  routing: ReturnType<typeof routeNotice>,
  settingId: number | null,
  recordedAt: Date,
  now: Date,
): Omit<Insertable<EncompassNoticeTable>, 'id' | 'encompassChildId' | 'incidentId'> | null {
  const base = {
    recipient: routing.recipient,
    settingId: routing.settingId,
    teamId: routing.teamId,
    routingReason: routing.reason,
    dueAt: routing.dueAt,
    sendBy: routing.dueAt,
    createdAt: recordedAt,
  };
  let sentAt: Date | null = routing.status === 'sent' ? recordedAt : null;
  let recipient = routing.recipient;
  let routedByHandAt: Date | null = null;
  if (!sentAt) {
    // Held for the coordinator: the last fortnight's wait in the queue; older ones went on by hand.
    if (recordedAt.getTime() > now.getTime() - 14 * 24 * HOUR)
      return { ...base, status: 'queued', sentAt: null };
    // (A child the index could not match, long ago: left out rather than queued for a year.)
    if (!settingId) return null;
    routedByHandAt = new Date(recordedAt.getTime() + rng.int(1, 6) * HOUR);
    sentAt = routedByHandAt;
    recipient = 'setting';
  }
  const due = routing.dueAt.getTime();
  const afterSend = (min: number, max: number) => new Date(sentAt!.getTime() + rng.int(min, max) * 60_000);
  const handled = {
    ...base,
    recipient,
    settingId: recipient === 'setting' ? (routing.settingId ?? settingId) : routing.settingId,
    routingReason: routedByHandAt ? `Sent on by the coordinator: ${routing.reason}` : routing.reason,
    routedByHandAt,
    sentAt,
  };
  const onTime = rng.chance(0.86);
  let acknowledgedAt: Date | null = onTime
    ? new Date(Math.min(due - rng.int(5, 120) * 60_000, afterSend(10, 14 * 60).getTime()))
    : new Date(due + rng.int(30, 3 * 24 * 60) * 60_000);
  if (acknowledgedAt.getTime() < sentAt.getTime()) acknowledgedAt = afterSend(5, 30);
  // Not yet due, or acknowledged in the future: still waiting (the recipient may have read it).
  const escalatedAt = !onTime && due < now.getTime() ? new Date(due + rng.int(1, 20) * 60_000) : null;
  if (acknowledgedAt.getTime() > now.getTime()) {
    if (escalatedAt && escalatedAt.getTime() <= now.getTime())
      return { ...handled, status: 'sent', escalatedAt, firstViewedAt: null };
    return {
      ...handled,
      status: 'sent',
      firstViewedAt: rng.chance(0.3) ? new Date(Math.min(now.getTime(), afterSend(5, 60).getTime())) : null,
    };
  }
  const action = rng.weighted([
    ['support_in_school', 40],
    ['monitoring', 30],
    ['spoke_with_child', 15],
    ['referral_to_front_door', 5],
    ['no_action', 10],
  ] as const);
  const feedback = rng.chance(0.6)
    ? rng.weighted([
        ['good', 70],
        ['not_enough_about_child', 12],
        ['missing_details', 8],
        ['late', onTime ? 2 : 30],
        ['other', 3],
      ] as const satisfies readonly (readonly [keyof typeof FEEDBACK, number])[])
    : null;
  return {
    ...handled,
    status: 'acknowledged',
    firstViewedAt: new Date(Math.max(sentAt.getTime(), acknowledgedAt.getTime() - rng.int(1, 30) * 60_000)),
    acknowledgedAt,
    acknowledgedBy: null,
    action,
    actionNote: action === 'no_action' || rng.chance(0.5) ? rng.pick(NOTES[action]) : null,
    feedback,
    feedbackNote:
      feedback && feedback !== 'good' && rng.chance(0.5) ? 'Synthetic feedback for the demo.' : null,
    escalatedAt,
  };
}
