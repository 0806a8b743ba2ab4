/**
 * The training module's part of the demo partnership, deterministic (seeded generator) and
 * synthetic: the report's four core courses and GET SAFE; the last complete reporting year's
 * sessions with exactly the report's attendance (109 + 51 + 131 + 86 = 377 attended, at 3, 5, 5 and
 * 1 sessions), non-attendance and feedback; GET SAFE sessions and earlier completions for the
 * settings' DSLs and deputies (about 93 % of schools with both in date); the current year so far;
 * and sessions to come, one of them nearly full with a waiting list. All delivered by the demo
 * trainer.
 */
import * as clock from '../../platform/clock.ts';
import { sql } from 'kysely';
import { londonDate, londonWallClock } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '../../synthetic/names.ts';
import { Random } from '../../synthetic/random.ts';
import { addDays, reportingYearOf } from './rules.ts';
import type { AgencyKind } from './schema.ts';
import type { Attendance, BookingStatus } from './tables.ts';

export const DEMO_COURSES = [
  {
    code: 'LON',
    title: 'Multi Agency Levels of Need and Threshold Guidance Workshop',
    description:
      'How the partnership’s Levels of Need guidance is applied, from early help to child protection, with case studies for reflection.',
    audience: 'Practitioners of every agency who refer to the Family Front Door or early help',
    learningOutcomes:
      'Apply the four Levels of Need to a family’s circumstances\nDecide when and how to refer to the Family Front Door\nRecord the reasons for a threshold decision',
    core: true,
    mandatoryFor: [] as ('dsl' | 'deputy_dsl')[],
    renewalMonths: null as number | null,
    year: { sessions: 3, attended: 109 },
  },
  {
    code: 'MOA',
    title: 'Management of Allegations (MOA)',
    description:
      'What to do when an allegation is made against someone who works with children, and the role of the LADO.',
    audience: 'Managers, designated safeguarding leads and HR staff of every agency',
    learningOutcomes:
      'Recognise when the harm test is met\nRefer an allegation to the LADO\nTake part in a position of trust meeting',
    core: true,
    mandatoryFor: [],
    renewalMonths: null,
    year: { sessions: 5, attended: 51 },
  },
  {
    code: 'SOS',
    title: 'Signs of Safety Partnership Training',
    description: 'The partnership’s practice framework: mapping danger, safety and goals with families.',
    audience: 'Practitioners of every agency who work with families',
    learningOutcomes:
      'Map a family’s situation with the three questions\nWrite danger statements and safety goals\nUse scaling questions with children and parents',
    core: true,
    mandatoryFor: [],
    renewalMonths: null,
    year: { sessions: 5, attended: 131 },
  },
  {
    code: 'LADO',
    title: 'LADO Partnership Conference',
    description:
      'The Local Authority Designated Officer service’s yearly conference for partners, fostering agencies and residential settings.',
    audience: 'Safeguarding partners, independent fostering agencies and residential settings',
    learningOutcomes:
      'Understand the LADO process from referral to outcome\nLearn from this year’s themes in allegations',
    core: true,
    mandatoryFor: [],
    renewalMonths: null,
    year: { sessions: 1, attended: 86 },
  },
  {
    code: 'GET-SAFE',
    title: 'GET SAFE: child exploitation, CSE and child sexual abuse',
    description:
      'The partnership’s training on child exploitation (criminal and sexual), county lines and child sexual abuse, mandatory for every designated safeguarding lead and deputy every three years.',
    audience: 'Designated safeguarding leads and deputies of schools and early-years settings',
    learningOutcomes:
      'Recognise the signs of exploitation and child sexual abuse\nShare a concern through the GET SAFE pathway\nConsider a National Referral Mechanism referral',
    core: false,
    mandatoryFor: ['dsl', 'deputy_dsl'] as ('dsl' | 'deputy_dsl')[],
    renewalMonths: 36,
    year: { sessions: 6, attended: 0 },
  },
] as const;

const QUOTES: [string, string][] = [
  ['MOA', 'It was very good and enhanced my knowledge within this area'],
  [
    'LON',
    'Training was a really useful refresher today, especially having time to have an overview of case studies for reflection',
  ],
  [
    'SOS',
    'The pace and discussions were great for me, but also how it was explained - made it seem simple and not so daunting',
  ],
  ['SOS', 'Mapping a real family with colleagues from other agencies was the most useful part'],
  ['LON', 'I now feel confident explaining the levels to parents'],
  ['LADO', 'Good to hear the themes from this year’s referrals'],
  ['GET-SAFE', 'Clear about what to do when we suspect county lines involvement'],
  ['MOA', 'The scenarios made the harm test much clearer'],
];

const AGENCIES: [AgencyKind, string[], number][] = [
  ['education', [], 30],
  [
    'local_authority',
    ['Children First (social care)', 'Early Help Partnership', 'Children First (fostering service)'],
    22,
  ],
  ['health', ['Integrated Care Board', 'Acute Hospitals NHS Trust', 'Health and Care NHS Trust'], 18],
  ['police', ['West Mercia Police'], 8],
  ['fostering', ['Horizon Fostering', 'Brightpath Foster Care', 'Orchard Family Placements'], 8],
  ['residential', ['Willowbrook Children’s Homes', 'Maple House'], 6],
  ['voluntary', ['Youth Link', 'Family Support Trust', 'Kidsafe Community Group'], 8],
];

interface BookingRow {
  sessionId: number;
  status: BookingStatus;
  attendance: Attendance | null;
  givenName: string;
  familyName: string;
  email: string;
  organisationName: string;
  agencyKind: string;
  settingId: number | null;
  linkSalt: string;
  requestedAt: Date;
  confirmedAt: Date | null;
  waitingSince: Date | null;
  markedAt: Date | null;
  markedBy: string | null;
}

/** A weekday on or after `date`. */
function weekday(date: string): string {
  let d = date;
  while ([0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) d = addDays(d, 1);
  return d;
}

export async function seedDemoTraining(services: { db: Db }, now = clock.now()) {
  const { db } = services;
  const random = new Random(20240331).fork('training');
  const today = londonDate(now);
  const lastYear = reportingYearOf(today).startYear - 1;
  const trainer = await db
    .selectFrom('authAccount')
    .select('id')
    .where('role', '=', 'trainer')
    .orderBy('email')
    .executeTakeFirst();
  const settings = await db
    .selectFrom('registrySetting')
    .select(['id', 'name', 'phase'])
    .orderBy('id')
    .execute();
  if (!settings.length) return;
  const staff = await db
    .selectFrom('registrySettingStaff')
    .select(['settingId', 'staffRole', 'givenName', 'familyName', sql<string>`lower(email)`.as('email')])
    .where('staffRole', 'in', ['dsl', 'deputy_dsl'])
    .orderBy('id')
    .execute();
  const dslUser = await db
    .selectFrom('authAccount')
    .select(['settingId'])
    .where('role', '=', 'dsl')
    .orderBy('email')
    .executeTakeFirst();

  const courseIds = new Map<string, number>();
  for (const c of DEMO_COURSES) {
    const row = await db
      .insertInto('trainingCourse')
      .values({
        code: c.code,
        title: c.title,
        description: c.description,
        audience: c.audience,
        learningOutcomes: c.learningOutcomes,
        mandatoryFor: [...c.mandatoryFor],
        renewalMonths: c.renewalMonths,
        core: c.core,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    courseIds.set(c.code, row.id);
  }

  const salt = () =>
    Array.from({ length: 22 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[random.int(0, 35)]).join('');
  const person = (r: Random) => {
    const givenName = r.chance(0.75) ? r.pick(FEMALE_GIVEN_NAMES) : r.pick(MALE_GIVEN_NAMES);
    const familyName = r.pick(FAMILY_NAMES);
    const [kind, names] = r.weighted(AGENCIES.map(([k, n, w]) => [[k, n] as const, w] as const));
    const setting = kind === 'education' ? r.pick(settings) : null;
    const organisationName = setting ? setting.name : r.pick(names);
    const domain = organisationName
      .toLowerCase()
      .replace(/[^a-z]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30);
    return {
      givenName,
      familyName,
      email: `${givenName}.${familyName}.${r.int(1, 9999)}@${domain}.example`
        .toLowerCase()
        .replace(/[^a-z0-9.@-]/g, ''),
      organisationName,
      agencyKind: kind,
      settingId: setting?.id ?? null,
    };
  };

  const sessions: { id: number; code: string; startsAt: Date; past: boolean }[] = [];
  const addSession = async (
    code: string,
    date: string,
    start: string,
    end: string,
    capacity: number,
    venue: string | null,
    online: string | null,
  ) => {
    const startsAt = londonWallClock(date, start);
    const row = await db
      .insertInto('trainingSession')
      .values({
        courseId: courseIds.get(code)!,
        startsAt,
        endsAt: londonWallClock(date, end),
        venue,
        onlineLink: online,
        capacity,
        bookingDeadline: londonWallClock(addDays(date, -3), '17:00'),
        cancelDeadline: londonWallClock(addDays(date, -2), '17:00'),
        createdAt: new Date(startsAt.getTime() - 60 * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (trainer)
      await db
        .insertInto('trainingSessionTrainer')
        .values({ sessionId: row.id, userId: trainer.id })
        .execute();
    sessions.push({ id: row.id, code, startsAt, past: startsAt < now });
    return row.id;
  };

  const bookings: BookingRow[] = [];
  const book = (
    sessionId: number,
    startsAt: Date,
    p: ReturnType<typeof person>,
    status: BookingStatus,
    attendance: Attendance | null,
    r: Random,
  ) => {
    const requestedAt = new Date(startsAt.getTime() - r.int(5, 50) * 86_400_000 - r.int(0, 86_000) * 1000);
    bookings.push({
      sessionId,
      status,
      attendance,
      ...p,
      linkSalt: salt(),
      requestedAt,
      confirmedAt: status === 'pending' ? null : requestedAt,
      waitingSince: status === 'waiting' ? requestedAt : null,
      markedAt: attendance ? new Date(startsAt.getTime() + 4 * 3_600_000) : null,
      markedBy: attendance ? (trainer?.id ?? null) : null,
    });
  };

  const VENUES = [
    'County Hall, Worcester',
    'The Hive, Worcester',
    'Kidderminster Town Hall',
    'Redditch Town Hall',
  ];
  const ONLINE = 'https://meet.example.org/partnership-training';

  // The last complete reporting year: the report's table, session by session.
  const yearStart = `${lastYear}-04-01`;
  for (const c of DEMO_COURSES) {
    const r = random.fork(`year-${c.code}`);
    const { sessions: count, attended } = c.year;
    for (let i = 0; i < count; i++) {
      // Spread through the year; the LADO conference in March, as in the report.
      const date =
        c.code === 'LADO'
          ? weekday(`${lastYear + 1}-03-13`)
          : weekday(addDays(yearStart, Math.floor(((i + 0.5) * 350) / count) + r.int(0, 10)));
      const conference = c.code === 'LADO';
      const here = c.code === 'GET-SAFE' ? 0 : Math.floor(attended / count) + (i < attended % count ? 1 : 0);
      const capacity = conference
        ? 100
        : c.code === 'SOS'
          ? 32
          : c.code === 'LON'
            ? 45
            : c.code === 'GET-SAFE'
              ? 30
              : 14;
      const online = !conference && r.chance(0.4);
      const id = await addSession(
        c.code,
        date,
        conference ? '09:00' : '09:30',
        conference ? '16:00' : '12:30',
        capacity,
        online ? null : r.pick(VENUES),
        online ? ONLINE : null,
      );
      const startsAt = sessions[sessions.length - 1]!.startsAt;
      if (c.code === 'GET-SAFE') {
        // DSLs and deputies renewing: their completions come from these registers.
        const due = r.shuffle(staff).slice(0, r.int(16, 24));
        for (const s of due) {
          const setting = settings.find((x) => x.id === s.settingId)!;
          book(
            id,
            startsAt,
            {
              givenName: s.givenName,
              familyName: s.familyName,
              email: s.email,
              organisationName: setting.name,
              agencyKind: 'education',
              settingId: setting.id,
            },
            'booked',
            r.chance(0.93) ? 'attended' : 'did_not_attend',
            r,
          );
        }
        continue;
      }
      for (let k = 0; k < here; k++) book(id, startsAt, person(r), 'booked', 'attended', r);
      const missed = Math.min(capacity - here, r.int(0, Math.max(1, Math.round(here * 0.1))));
      for (let k = 0; k < missed; k++)
        book(id, startsAt, person(r), 'booked', r.chance(0.75) ? 'did_not_attend' : 'cancelled_late', r);
      for (let k = 0; k < r.int(0, 3); k++) {
        const p = person(r);
        book(id, startsAt, p, 'cancelled', null, r);
      }
    }
  }

  // The current year so far: a session of each core course a month, registers marked; the last
  // one before today left for the demo trainer to mark.
  const thisYearStart = `${lastYear + 1}-04-01`;
  const codes = ['LON', 'MOA', 'SOS', 'GET-SAFE'];
  for (
    let month = 0, d = weekday(addDays(thisYearStart, 14));
    d < today;
    month++, d = weekday(addDays(thisYearStart, 14 + month * 30))
  ) {
    const r = random.fork(`now-${month}`);
    const code = codes[month % codes.length]!;
    const id = await addSession(code, d, '09:30', '12:30', 30, r.pick(VENUES), null);
    const startsAt = sessions[sessions.length - 1]!.startsAt;
    const unmarked = addDays(d, 30) >= today;
    const people =
      code === 'GET-SAFE'
        ? r
            .shuffle(staff)
            .slice(0, 14)
            .map((s) => ({
              givenName: s.givenName,
              familyName: s.familyName,
              email: s.email,
              organisationName: settings.find((x) => x.id === s.settingId)!.name,
              agencyKind: 'education' as AgencyKind,
              settingId: s.settingId,
            }))
        : Array.from({ length: r.int(18, 28) }, () => person(r));
    for (const p of people)
      book(id, startsAt, p, 'booked', unmarked ? null : r.chance(0.9) ? 'attended' : 'did_not_attend', r);
  }

  // Sessions to come: each course, and one nearly full with a waiting list.
  const ahead = [
    ['SOS', 10, 32],
    ['LON', 17, 45],
    ['GET-SAFE', 24, 20],
    ['MOA', 31, 14],
    ['SOS', 45, 32],
    ['GET-SAFE', 52, 30],
    ['LON', 66, 45],
    ['LADO', 95, 100],
  ] as const;
  for (const [i, [code, days, capacity]] of ahead.entries()) {
    const r = random.fork(`ahead-${i}`);
    const date = weekday(addDays(today, days));
    const online = code !== 'LADO' && i % 3 === 1;
    const id = await addSession(
      code,
      date,
      code === 'LADO' ? '09:00' : '09:30',
      code === 'LADO' ? '16:00' : '12:30',
      capacity,
      online ? null : r.pick(VENUES),
      online ? ONLINE : null,
    );
    const startsAt = sessions[sessions.length - 1]!.startsAt;
    const full = i === 3;
    const count = full ? capacity : r.int(Math.floor(capacity * 0.2), Math.floor(capacity * 0.7));
    for (let k = 0; k < count; k++) book(id, startsAt, person(r), 'booked', null, r);
    if (full) for (let k = 0; k < 3; k++) book(id, startsAt, person(r), 'waiting', null, r);
    // The demo DSL's school's staff have booked GET SAFE.
    if (code === 'GET-SAFE' && i === 2 && dslUser?.settingId) {
      for (const s of staff.filter((x) => x.settingId === dslUser.settingId).slice(0, 2))
        book(
          id,
          startsAt,
          {
            givenName: s.givenName,
            familyName: s.familyName,
            email: s.email,
            organisationName: settings.find((x) => x.id === s.settingId)!.name,
            agencyKind: 'education',
            settingId: s.settingId,
          },
          'booked',
          null,
          r,
        );
    }
  }

  // One live booking per person per session (the unique index): drop a repeated person.
  const seen = new Set<string>();
  const unique = bookings.filter((b) => {
    const key = `${b.sessionId}|${b.email}`;
    if (b.status === 'cancelled') return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const ids: { id: number; sessionId: number; attendance: string | null }[] = [];
  for (let i = 0; i < unique.length; i += 500)
    ids.push(
      ...(await db
        .insertInto('trainingBooking')
        .values(unique.slice(i, i + 500))
        .returning(['id', 'sessionId', 'attendance'])
        .execute()),
    );

  // Feedback from about six in ten of those who attended; the report's quotes chosen for it.
  const codeOf = new Map(sessions.map((s) => [s.id, s.code]));
  const startOf = new Map(sessions.map((s) => [s.id, s.startsAt]));
  const fr = random.fork('feedback');
  const quoted = new Set<string>();
  const feedback = ids
    .filter((b) => b.attendance === 'attended' && fr.chance(0.6))
    .map((b) => {
      const code = codeOf.get(b.sessionId)!;
      const quote = fr.chance(0.25)
        ? (QUOTES.find(([c, q]) => c === code && !quoted.has(q)) ??
            fr.pick(QUOTES.filter(([c]) => c === code).concat([[code, 'Useful and well run']])))[1]
        : null;
      const forReport =
        quote !== null && !quoted.has(quote) && QUOTES.slice(0, 3).some(([, q]) => q === quote);
      if (quote) quoted.add(quote);
      const before = fr.int(1, 4);
      return {
        bookingId: b.id,
        submittedAt: new Date(startOf.get(b.sessionId)!.getTime() + fr.int(1, 72) * 3_600_000),
        rating: fr.weighted([
          [5, 5],
          [4, 4],
          [3, 1],
        ] as const),
        outcomesMet: fr.weighted([
          [5, 4],
          [4, 5],
          [3, 1],
        ] as const),
        confidenceBefore: before,
        confidenceAfter: Math.min(5, before + fr.int(1, 2)),
        quote,
        quoteForReport: forReport,
      };
    });
  for (let i = 0; i < feedback.length; i += 500)
    await db
      .insertInto('trainingFeedback')
      .values(feedback.slice(i, i + 500))
      .execute();

  // GET SAFE before Safeguarding Hub: each DSL's and deputy's last completion, recorded. Most in
  // the last three years (a few falling due soon), some expired, a few never trained; those who
  // came to a GET SAFE session above are done already.
  const getSafe = courseIds.get('GET-SAFE')!;
  const attendedGetSafe = new Set(
    unique
      .filter((b) => codeOf.get(b.sessionId) === 'GET-SAFE' && b.attendance === 'attended')
      .map((b) => b.email),
  );
  const cr = random.fork('completions');
  const note = 'Recorded from the education safeguarding team’s records';
  /** The time before the last: renewed up to two months before it fell due, so earlier figures hold too. */
  const renewedFrom = (completedOn: string) => addDays(completedOn, -(1095 - cr.int(0, 60)));
  const completions = staff
    .filter((s) => !attendedGetSafe.has(s.email))
    .flatMap((s) => {
      const roll = cr.next();
      if (roll < 0.025) return []; // never
      const daysAgo = roll < 0.055 ? cr.int(1100, 1400) : roll < 0.1 ? cr.int(1030, 1090) : cr.int(30, 1000);
      const completedOn = addDays(today, -daysAgo);
      const who = {
        courseId: getSafe,
        email: s.email,
        givenName: s.givenName,
        familyName: s.familyName,
        note,
      };
      return [
        { ...who, completedOn: renewedFrom(completedOn) },
        { ...who, completedOn },
      ];
    });
  // Those who renewed at a GET SAFE session this year had done it three years before.
  for (const b of unique)
    if (codeOf.get(b.sessionId) === 'GET-SAFE' && b.attendance === 'attended')
      completions.push({
        courseId: getSafe,
        email: b.email,
        givenName: b.givenName,
        familyName: b.familyName,
        note,
        completedOn: renewedFrom(londonDate(startOf.get(b.sessionId)!)),
      });
  for (let i = 0; i < completions.length; i += 500)
    await db
      .insertInto('trainingCompletion')
      .values(completions.slice(i, i + 500))
      .execute();
}
