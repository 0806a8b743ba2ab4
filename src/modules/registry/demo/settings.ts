import { dayOf, isoOf, isWeekend } from './dates.ts';
import { DISTRICT_PROFILES, type DistrictProfile } from './districts.ts';
import {
  EARLY_YEARS_ADJECTIVES,
  EARLY_YEARS_NOUNS,
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  MALE_GIVEN_NAMES,
  SAINTS,
  TREES,
} from '../../../synthetic/names.ts';
import type { Random } from '../../../synthetic/random.ts';
import { DEMO_TERMS, demoSchoolYears, schoolDaysOf } from './terms.ts';
import { slugify } from './text.ts';
import type { DemoClosure, DemoEncompass, DemoSetting, DemoStaff, EncompassStatus, Phase } from './types.ts';

export type SchoolPhase = Exclude<Phase, 'early_years'>;

export const SCHOOL_PHASES: readonly SchoolPhase[] = [
  'first',
  'primary',
  'middle',
  'secondary',
  'special',
  'independent',
  'further_education',
  'alternative_provision',
];

/**
 * Operation Encompass enrolment that is not "joined", by phase; whatever the seed, the rest of
 * the phase has joined. Early years: 277 joined and 30 in training of 455 (the report's
 * figures). Every state school joined long ago; a few independent schools, one FE college and
 * one alternative provider (an independent one) have not finished joining.
 */
const NOT_YET_JOINED: Partial<Record<Phase, { inTraining: number; notJoined: number }>> = {
  early_years: { inTraining: 30, notJoined: 455 - 277 - 30 },
  independent: { inTraining: 2, notJoined: 4 },
  further_education: { inTraining: 1, notJoined: 0 },
  alternative_provision: { inTraining: 0, notJoined: 1 },
};

/** When settings of a phase joined Operation Encompass: [from, to], weekdays. */
function joinedWindow(rng: Random, phase: Phase): readonly [string, string] {
  switch (phase) {
    case 'early_years':
      // The early-years extension went live in February 2023: a launch wave, then a steady trickle.
      return rng.chance(0.4) ? ['2023-02-01', '2023-07-21'] : ['2023-07-24', '2026-10-30'];
    case 'independent':
    case 'further_education':
      return ['2017-09-01', '2025-07-18'];
    default:
      return ['2016-01-04', '2022-07-15'];
  }
}

const IN_TRAINING_WINDOW = ['2026-06-01', '2026-11-20'] as const;

/** A weekday between two ISO dates, both included (a weekend date only if the range has no weekday). */
export function randomWeekday(rng: Random, from: string, to: string): string {
  const first = dayOf(from);
  const last = dayOf(to);
  let day = rng.int(first, last);
  while (isWeekend(day) && day > first) day--;
  while (isWeekend(day) && day < last) day++;
  return isoOf(day);
}

function encompassFor(rng: Random, phase: Phase, status: EncompassStatus): DemoEncompass {
  if (status === 'not_joined') return { status, joinedOn: null, trainingStartedOn: null };
  if (status === 'in_training') {
    return {
      status,
      joinedOn: null,
      trainingStartedOn: randomWeekday(rng, IN_TRAINING_WINDOW[0], IN_TRAINING_WINDOW[1]),
    };
  }
  const [from, to] = joinedWindow(rng, phase);
  const joinedOn = randomWeekday(rng, from, to);
  return { status, joinedOn, trainingStartedOn: isoOf(dayOf(joinedOn) - rng.int(2, 9) * 7) };
}

/** Names are unique by their slug, which is also the e-mail domain. */
class NameRegister {
  readonly #taken = new Set<string>();

  claim(candidates: () => string): string {
    for (let attempt = 0; attempt < 200; attempt++) {
      const name = candidates();
      const slug = slugify(name);
      if (slug.length <= 63 && !this.#taken.has(slug)) {
        this.#taken.add(slug);
        return name;
      }
    }
    throw new Error('demo: ran out of setting names');
  }
}

function schoolNameCandidates(rng: Random, phase: SchoolPhase, district: DistrictProfile): () => string {
  return () => {
    const place = rng.pick(district.places);
    const saint = `St ${rng.pick(SAINTS)}'s`;
    const tree = rng.pick(TREES);
    const patterns: Record<SchoolPhase, string[]> = {
      first: [
        `${place} First School`,
        `${place} First School`,
        `${place} CofE First School`,
        `${saint} CofE First School`,
        `${saint} Catholic First School`,
      ],
      primary: [
        `${place} Primary School`,
        `${place} Primary School`,
        `${place} CofE Primary School`,
        `${place} Primary Academy`,
        `${place} Community Primary School`,
        `${saint} Catholic Primary School`,
        `${saint} CofE Primary School`,
      ],
      middle: [`${place} Middle School`, `${place} Middle School`, `${saint} CofE Middle School`],
      secondary: [
        `${place} High School`,
        `${place} Academy`,
        `The ${place} School`,
        `${saint} Catholic High School`,
        `${place} Church of England Academy`,
      ],
      special: [`${place} School`, `${tree} Bank School`, `${place} Special School`, `${tree}field Academy`],
      independent: [
        `${place} College`,
        `${place} Preparatory School`,
        `${place} House School`,
        `${saint} School`,
      ],
      further_education: [
        `${place} College`,
        `${place} Sixth Form College`,
        `${place} College of Technology`,
      ],
      alternative_provision: [
        `${place} Pupil Referral Unit`,
        `${place} Learning Centre`,
        `The ${tree} Centre`,
      ],
    };
    return rng.pick(patterns[phase]);
  };
}

function earlyYearsNameCandidates(rng: Random, district: DistrictProfile): () => string {
  return () => {
    const place = rng.pick(district.places);
    const adjective = rng.pick(EARLY_YEARS_ADJECTIVES);
    const noun = rng.pick(EARLY_YEARS_NOUNS);
    return rng.pick([
      `${place} Pre-school`,
      `${place} Playgroup`,
      `${place} Day Nursery`,
      `${place} Nursery School`,
      `${adjective} ${noun} Day Nursery`,
      `${adjective} ${noun} Pre-school`,
      `${adjective} ${noun} Nursery`,
      `${adjective} ${noun} at ${place}`,
      `${rng.pick(TREES)} Tree Day Nursery, ${place}`,
    ]);
  };
}

function startTime(rng: Random, phase: Phase, name: string): string {
  switch (phase) {
    case 'early_years':
      if (name.includes('Day Nursery')) return rng.chance(0.3) ? '07:30' : '08:00';
      if (/Pre-school|Playgroup/.test(name)) return rng.pick(['08:30', '08:45', '09:00']);
      return rng.pick(['08:00', '08:00', '08:30']);
    case 'first':
    case 'primary':
      return rng.pick(['08:40', '08:45', '08:45', '08:50', '08:50', '08:55']);
    case 'middle':
      return rng.pick(['08:35', '08:40', '08:45', '08:50']);
    case 'secondary':
      return rng.pick(['08:30', '08:35', '08:40', '08:45']);
    case 'special':
      return rng.pick(['08:45', '08:50', '09:00']);
    case 'independent':
      return rng.pick(['08:30', '08:30', '08:40', '08:45']);
    case 'further_education':
      return rng.pick(['08:45', '09:00']);
    case 'alternative_provision':
      return rng.pick(['08:45', '09:00']);
  }
}

const FEMALE_SHARE_OF_STAFF: Record<Phase, number> = {
  early_years: 0.95,
  first: 0.85,
  primary: 0.8,
  middle: 0.7,
  secondary: 0.55,
  special: 0.75,
  independent: 0.6,
  further_education: 0.6,
  alternative_provision: 0.6,
};

function staffFor(rng: Random, phase: Phase, domain: string): DemoStaff[] {
  const roles: DemoStaff['role'][] = [
    'dsl',
    'deputy_dsl',
    ...(rng.chance(0.5) ? ['deputy_dsl' as const] : []),
    'head',
  ];
  const mailboxes = new Set<string>();
  return roles.map((role) => {
    const givenName = rng.pick(
      rng.chance(FEMALE_SHARE_OF_STAFF[phase]) ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES,
    );
    const familyName = rng.pick(FAMILY_NAMES);
    const base = `${slugify(givenName, '.')}.${slugify(familyName, '.')}`;
    let mailbox = base;
    for (let n = 2; mailboxes.has(mailbox); n++) mailbox = `${base}${n}`;
    mailboxes.add(mailbox);
    return { givenName, familyName, email: `${mailbox}@${domain}`, role };
  });
}

/** Drawn without replacement, each as likely as its weight. */
function drawDistinct(rng: Random, weights: Map<string, number>, count: number): string[] {
  const left = new Map(weights);
  const chosen: string[] = [];
  while (chosen.length < count && left.size > 0) {
    const date = rng.weighted([...left]);
    chosen.push(date);
    left.delete(date);
  }
  return chosen;
}

/** The school days of each term, by school year. */
const SCHOOL_DAYS_BY_YEAR = demoSchoolYears().map((year) => {
  const termDays = DEMO_TERMS.filter((t) => t.schoolYear === year).map(schoolDaysOf);
  return { termDays, allDays: termDays.flat() };
});

/**
 * Five INSET days per school year for a school: mostly the first days of the autumn term and
 * the first or last day of the other terms, now and then a day mid-term; and, rarely, a
 * closure (a polling station, a boiler). Early-years settings close less: often not at all.
 */
function closuresFor(rng: Random, phase: Phase): DemoClosure[] {
  const closures: DemoClosure[] = [];
  for (const { termDays, allDays } of SCHOOL_DAYS_BY_YEAR) {
    const used = new Set<string>();
    if (phase === 'early_years') {
      const r = rng.next();
      const count = r < 0.5 ? 0 : r < 0.85 ? 1 : 2;
      for (let i = 0; i < count; i++) {
        let date = rng.pick(allDays);
        while (used.has(date)) date = rng.pick(allDays);
        used.add(date);
        closures.push({ date, reason: i === 0 ? 'inset' : 'closure' });
      }
      continue;
    }
    const weights = new Map<string, number>();
    const add = (date: string | undefined, weight: number) => {
      if (date !== undefined) weights.set(date, (weights.get(date) ?? 0) + weight);
    };
    termDays.forEach((days, i) => {
      if (i === 0) {
        add(days[0], 12);
        add(days[1], 8);
        add(days[2], 2);
      } else {
        add(days[0], 5);
      }
      add(days[days.length - 1], 3);
      add(rng.pick(days), 1);
    });
    for (const date of drawDistinct(rng, weights, 5)) {
      used.add(date);
      closures.push({ date, reason: 'inset' });
    }
    if (rng.chance(0.08)) {
      let date = rng.pick(allDays);
      while (used.has(date)) date = rng.pick(allDays);
      closures.push({ date, reason: 'closure' });
    }
  }
  return closures.sort((a, b) => a.date.localeCompare(b.date));
}

function uniqueUrn(rng: Random, taken: Set<string>, from: number, to: number): string {
  for (;;) {
    const urn = String(rng.int(from, to));
    if (!taken.has(urn)) {
      taken.add(urn);
      return urn;
    }
  }
}

/** The 271 schools and 455 early-years settings, in district order, schools first. */
export function demoSettings(rng: Random): DemoSetting[] {
  const nameRng = rng.fork('names');
  const urnRng = rng.fork('urns');
  const detailRng = rng.fork('details');
  const encompassRng = rng.fork('encompass');
  const names = new NameRegister();
  const urns = new Set<string>();

  const make = (phase: Phase, district: DistrictProfile) => {
    const name = names.claim(
      phase === 'early_years'
        ? earlyYearsNameCandidates(nameRng, district)
        : schoolNameCandidates(nameRng, phase, district),
    );
    const domain = `${slugify(name)}.example.org`;
    // 9xxxxx stands apart from the 1xxxxx URNs of real schools: schools 91xxxx-93xxxx, early years 95xxxx-98xxxx
    const urn =
      phase === 'early_years'
        ? uniqueUrn(urnRng, urns, 950_000, 989_999)
        : uniqueUrn(urnRng, urns, 910_000, 939_999);
    const setting: DemoSetting = {
      urn,
      name,
      phase,
      districtCode: district.code,
      schoolDayStartsAt: startTime(detailRng, phase, name),
      safeguardingEmail: `safeguarding@${domain}`,
      encompass: { status: 'not_joined', joinedOn: null, trainingStartedOn: null },
      closures: closuresFor(detailRng, phase),
      staff: staffFor(detailRng, phase, domain),
    };
    return setting;
  };

  const settings: DemoSetting[] = [];
  for (const district of DISTRICT_PROFILES) {
    for (const phase of SCHOOL_PHASES) {
      for (let i = 0; i < (district.schools[phase] ?? 0); i++) settings.push(make(phase, district));
    }
  }
  for (const district of DISTRICT_PROFILES) {
    for (let i = 0; i < district.earlyYears; i++) settings.push(make('early_years', district));
  }

  for (const phase of ['early_years', ...SCHOOL_PHASES] as const) {
    const ofPhase = encompassRng.shuffle(settings.filter((s) => s.phase === phase));
    const { inTraining = 0, notJoined = 0 } = NOT_YET_JOINED[phase] ?? {};
    ofPhase.forEach((setting, i) => {
      const status: EncompassStatus =
        i < inTraining ? 'in_training' : i < inTraining + notJoined ? 'not_joined' : 'joined';
      setting.encompass = encompassFor(encompassRng, phase, status);
    });
  }
  return settings;
}
