import { nhsCheckDigit, UPN_LETTERS, upnCheckLetter } from '../../../platform/identifiers/index.ts';
import { ageOn, dayOf, isoOf, weekdayOf } from './dates.ts';
import { DISTRICT_PROFILES, type DistrictProfile } from './districts.ts';
import {
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  MALE_GIVEN_NAMES,
  STREET_STEMS,
  STREET_SUFFIXES,
  UNISEX_GIVEN_NAMES,
} from '../../../synthetic/names.ts';
import { mix32, Random } from '../../../synthetic/random.ts';
import { randomWeekday, type SchoolPhase } from './settings.ts';
import { DEMO_TERMS, DEMO_TODAY } from './terms.ts';
import type { DemoChild, DemoPartnership, DemoSetting, Phase } from './types.ts';

/**
 * The LA code in demo UPNs. 999 is not a local authority's code, so a demo UPN cannot be
 * mistaken for a real pupil's (as demo NHS numbers start 999, the NHS's test range).
 */
export const DEMO_LA_CODE = '999';

const TODAY = dayOf(DEMO_TODAY);
/** Year groups are fixed by age on 31 August at the start of the school year. */
const YEAR_GROUP_AGE_DAY = dayOf('2026-08-31');
const EARLIEST_BIRTH = dayOf('2008-11-29'); // 17 on DEMO_TODAY
const CURRENT_AUTUMN_START = dayOf(DEMO_TERMS[0]?.start ?? '2026-09-01');

/**
 * Establishment numbers for UPNs, by phase, following the DfE's numbering habits loosely
 * (1xxx PRUs, 2xxx–3xxx primary, 4xxx secondary, 6xxx independent, 7xxx special).
 */
const ESTABLISHMENT_BASE: Record<SchoolPhase, number> = {
  alternative_provision: 1100,
  first: 2000,
  primary: 3000,
  middle: 4000,
  secondary: 4500,
  independent: 6000,
  special: 7000,
  further_education: 8000,
};

const STATE_FUNDED: ReadonlySet<Phase> = new Set([
  'first',
  'primary',
  'middle',
  'secondary',
  'special',
  'alternative_provision',
]);

/** The letters a postcode's inward code may use (not C, I, K, M, O or V). */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A weighted pool of settings to put a child on the roll of. */
class Pool {
  readonly settings: DemoSetting[] = [];
  readonly #cumulative: number[] = [];
  #total = 0;

  add(setting: DemoSetting, weight: number): void {
    this.settings.push(setting);
    this.#total += weight;
    this.#cumulative.push(this.#total);
  }

  pick(rng: Random): DemoSetting {
    const r = rng.next() * this.#total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.settings[lo] as DemoSetting;
  }
}

class Pools {
  readonly #pools = new Map<string, Pool>();

  add(districtCode: string, phase: Phase, setting: DemoSetting, weight: number): void {
    for (const key of [`${districtCode}|${phase}`, `*|${phase}`]) {
      let pool = this.#pools.get(key);
      if (pool === undefined) {
        pool = new Pool();
        this.#pools.set(key, pool);
      }
      pool.add(setting, weight);
    }
  }

  /** A setting of the phase in the district, else anywhere in the county, else none. */
  pick(rng: Random, districtCode: string, phase: Phase): DemoSetting | null {
    const pool = this.#pools.get(`${districtCode}|${phase}`) ?? this.#pools.get(`*|${phase}`);
    return pool === undefined ? null : pool.pick(rng);
  }
}

/**
 * NHS numbers 999 xxx xxxx, the NHS's test range. The six middle digits are the child's
 * position run through a seeded permutation of 000000–999999 (a four-round Feistel network on
 * its two halves of three digits), so they look random but never repeat: about 909,000
 * children get distinct numbers (stems without a valid check digit are skipped).
 */
class NhsNumbers {
  readonly #keys: number[];
  #i = 0;

  constructor(rng: Random) {
    this.#keys = [
      rng.int(0, 0xffff_ffff),
      rng.int(0, 0xffff_ffff),
      rng.int(0, 0xffff_ffff),
      rng.int(0, 0xffff_ffff),
    ];
  }

  #permute(n: number): number {
    let left = Math.floor(n / 1000);
    let right = n % 1000;
    for (const key of this.#keys) {
      const next = (left + (mix32(right ^ key) % 1000)) % 1000;
      left = right;
      right = next;
    }
    return left * 1000 + right;
  }

  next(): string {
    for (;;) {
      const stem = `999${String(this.#permute(this.#i % 1_000_000)).padStart(6, '0')}`;
      this.#i++;
      const check = nhsCheckDigit(stem);
      if (check !== null) return `${stem}${check}`;
    }
  }
}

/**
 * UPNs: LA code, establishment, two-digit year, serial. Serials are counted per establishment
 * and year so that no two children share a UPN: 000–999 for permanent UPNs, 00A–99Z for
 * temporary ones; should a block fill up, the next establishment number is used.
 */
class Upns {
  readonly #used = new Map<string, number>();

  next(establishment: number, year: number, temporary: boolean): string {
    const yy = String(year % 100).padStart(2, '0');
    const capacity = temporary ? 100 * UPN_LETTERS.length : 1000;
    for (let e = establishment; ; e = (e + 1) % 10_000) {
      const block = `${DEMO_LA_CODE}${String(e).padStart(4, '0')}${yy}`;
      const key = temporary ? `${block}T` : block;
      const serial = this.#used.get(key) ?? 0;
      if (serial >= capacity) continue;
      this.#used.set(key, serial + 1);
      const twelve = temporary
        ? `${block}${String(Math.floor(serial / UPN_LETTERS.length)).padStart(2, '0')}${UPN_LETTERS.charAt(serial % UPN_LETTERS.length)}`
        : `${block}${String(serial).padStart(3, '0')}`;
      return `${upnCheckLetter(twelve)}${twelve}`;
    }
  }
}

interface Household {
  familyName: string;
  address: string;
  postcode: string;
  district: DistrictProfile;
}

function newHousehold(rng: Random): Household {
  const district = rng.weighted(DISTRICT_PROFILES.map((d) => [d, d.childShare] as const));
  const [outward, postTown] = rng.pick(district.outwards);
  const letter = () => INWARD_LETTERS.charAt(rng.int(0, INWARD_LETTERS.length - 1));
  const inward = `${rng.int(1, 9)}${letter()}${letter()}`;
  const street = `${rng.pick(STREET_STEMS)} ${rng.pick(STREET_SUFFIXES)}`;
  const house = rng.chance(0.1) ? `Flat ${rng.int(1, 12)}, ${rng.int(1, 60)}` : String(rng.int(1, 180));
  const locality = rng.chance(0.4) ? `, ${rng.pick(district.places)}` : '';
  return {
    familyName: rng.pick(FAMILY_NAMES),
    address: `${house} ${street}${locality}, ${postTown}`,
    postcode: `${outward} ${inward}`,
    district,
  };
}

/** The first school day of September in a year (the current year's from the term dates). */
function autumnStart(year: number): number {
  if (year === 2026) return CURRENT_AUTUMN_START;
  const day = dayOf(`${year}-09-01`);
  const weekday = weekdayOf(day);
  return weekday === 6 ? day + 2 : weekday === 0 ? day + 1 : day;
}

/**
 * The phase of school a child in a year group attends, or null (home educated, or past 16 and
 * in neither school nor college). `threeTier`: the family lives in a first/middle/high area.
 */
function schoolPhaseFor(rng: Random, yearGroup: number, threeTier: boolean): SchoolPhase | null {
  const r = rng.next();
  if (yearGroup >= 12) {
    if (r < 0.06) return null;
    if (r < 0.075) return 'special';
    if (r < 0.12) return 'independent';
    return r < 0.57 ? 'further_education' : 'secondary';
  }
  if (r < 0.015) return null;
  if (r < 0.033) return 'special';
  if (r < 0.093) return 'independent';
  const alternativeProvisionShare = yearGroup >= 9 ? 0.01 : yearGroup >= 5 ? 0.002 : 0;
  if (r < 0.093 + alternativeProvisionShare) return 'alternative_provision';
  if (threeTier) return yearGroup >= 9 ? 'secondary' : yearGroup >= 5 ? 'middle' : 'first';
  return yearGroup >= 7 ? 'secondary' : 'primary';
}

/** The year group in which children usually join a setting of the phase. */
function entryYearGroup(rng: Random, phase: SchoolPhase, yearGroup: number, threeTier: boolean): number {
  switch (phase) {
    case 'middle':
      return 5;
    case 'secondary':
      return Math.min(yearGroup, threeTier ? 9 : 7);
    case 'further_education':
      return 12;
    case 'special':
      return rng.int(0, yearGroup);
    case 'independent':
      return yearGroup >= 7 ? 7 : 0;
    default:
      return 0;
  }
}

/** The chance that a child below school age is on an early-years setting's roll. */
function earlyYearsShare(born: number): number {
  const age = ageOn(born, TODAY);
  if (age === 0) return TODAY - born < 183 ? 0.15 : 0.55;
  if (age === 1) return 0.7;
  if (age === 2) return 0.75;
  return 0.9;
}

/**
 * Children aged 0–17 on DEMO_TODAY, one at a time, so that a large count needs no memory.
 * The same partnership, count and seed always give the same children.
 *
 * - About 95% have an NHS number (999 range); the rest arrived recently or have none recorded.
 * - School-age children are on the roll of a setting of the right phase for their year group,
 *   in their district (first, middle and high schools where the family is in a three-tier
 *   area); some attend special, independent or alternative provision, and 4% a school in
 *   another district; about 1.5% are home educated and so on no roll. Every child on a school
 *   roll has a UPN (a temporary one for some who arrived this year, about 2%); so do most
 *   home-educated children, from an earlier school.
 * - Under-fives below Reception age are on an early-years setting's roll or on none (about 30%).
 * - About a third of children are brothers or sisters of the child before them: same address,
 *   usually the same family name.
 */
export function demoChildren(p: DemoPartnership, count: number, seed = 1): Generator<DemoChild> {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`demoChildren: count must be a whole number, got ${count}`);
  }
  return generateChildren(p, count, seed);
}

function* generateChildren(p: DemoPartnership, count: number, seed: number): Generator<DemoChild> {
  const root = new Random(seed).fork('children');
  const setup = root.fork('setup');
  const rng = root.fork('each');
  const nhsNumbers = new NhsNumbers(root.fork('nhs'));
  const upns = new Upns();

  const pools = new Pools();
  const establishment = new Map<string, number>();
  const perPhase = new Map<Phase, number>();
  const firstAndPrimary = new Map<string, { first: number; primary: number }>();
  for (const setting of p.settings) {
    pools.add(setting.districtCode, setting.phase, setting, 0.5 + 1.5 * setup.next());
    if (setting.phase !== 'early_years') {
      const n = perPhase.get(setting.phase) ?? 0;
      perPhase.set(setting.phase, n + 1);
      establishment.set(setting.urn, ESTABLISHMENT_BASE[setting.phase] + n);
    }
    if (setting.phase === 'first' || setting.phase === 'primary') {
      const counts = firstAndPrimary.get(setting.districtCode) ?? { first: 0, primary: 0 };
      counts[setting.phase]++;
      firstAndPrimary.set(setting.districtCode, counts);
    }
  }
  /** The share of a district's families in a three-tier area: its first schools / (first + primary). */
  const threeTierShare = (districtCode: string): number => {
    const counts = firstAndPrimary.get(districtCode);
    return counts === undefined ? 0 : counts.first / (counts.first + counts.primary);
  };

  let household = newHousehold(rng);
  for (let i = 0; i < count; i++) {
    const sibling = i > 0 && rng.chance(0.35);
    if (!sibling) household = newHousehold(rng);
    const district = household.district;

    const sexRoll = rng.next();
    const sex = sexRoll < 0.487 ? 'female' : sexRoll < 0.987 ? 'male' : 'unknown';
    const givenName = rng.pick(
      sex === 'female' ? FEMALE_GIVEN_NAMES : sex === 'male' ? MALE_GIVEN_NAMES : UNISEX_GIVEN_NAMES,
    );
    const familyName = sibling && rng.chance(0.15) ? rng.pick(FAMILY_NAMES) : household.familyName;
    const born = rng.int(EARLIEST_BIRTH, TODAY);
    const yearGroup = ageOn(born, YEAR_GROUP_AGE_DAY) - 4; // 0 = Reception, 13 = Year 13; < 0 before school
    const nhsNumber = rng.chance(0.95) ? nhsNumbers.next() : null;

    let setting: DemoSetting | null = null;
    let onRollFrom: string | null = null;
    let upn: string | null = null;

    if (yearGroup < 0) {
      const earliest = Math.max(born + 91, TODAY - 3 * 365);
      if (rng.chance(earlyYearsShare(born)) && earliest < TODAY) {
        setting = pools.pick(rng, district.code, 'early_years');
        onRollFrom = randomWeekday(rng, isoOf(earliest), isoOf(TODAY - 1));
      }
    } else {
      const threeTier = rng.chance(threeTierShare(district.code));
      const phase = schoolPhaseFor(rng, yearGroup, threeTier);
      const attendsIn = rng.chance(0.04) ? rng.pick(DISTRICT_PROFILES).code : district.code;
      setting = phase === null ? null : pools.pick(rng, attendsIn, phase);

      let movedIn = false; // joined other than at the usual start of the phase
      if (setting !== null && phase !== null) {
        const entry = autumnStart(2026 - (yearGroup - entryYearGroup(rng, phase, yearGroup, threeTier)));
        if (phase === 'alternative_provision') {
          onRollFrom = randomWeekday(rng, isoOf(TODAY - 540), isoOf(TODAY - 1)); // placed in the last 18 months
          movedIn = true;
        } else if (rng.chance(0.1) && entry < TODAY - 7) {
          onRollFrom = randomWeekday(rng, isoOf(entry + 3), isoOf(TODAY - 1));
          movedIn = true;
        } else {
          onRollFrom = isoOf(entry);
        }
      }
      if (setting !== null || rng.chance(0.6)) {
        // A temporary UPN stands in while a newcomer's permanent one is traced, so only for recent arrivals.
        const temporary = movedIn && onRollFrom !== null && onRollFrom >= '2026-01-01' && rng.chance(0.4);
        // A UPN is allocated by a state-funded school: this one, or the first school the child attended.
        const allocatedBy =
          setting !== null && STATE_FUNDED.has(setting.phase)
            ? setting
            : pools.pick(rng, district.code, threeTier ? 'first' : 'primary');
        const est = establishment.get(allocatedBy?.urn ?? '') ?? ESTABLISHMENT_BASE.primary;
        const year = temporary && onRollFrom !== null ? Number(onRollFrom.slice(0, 4)) : 2026 - yearGroup;
        upn = upns.next(est, year, temporary);
      }
    }

    yield {
      givenName,
      familyName,
      dateOfBirth: isoOf(born),
      sex,
      address: household.address,
      postcode: household.postcode,
      districtCode: district.code,
      nhsNumber,
      upn,
      settingUrn: setting?.urn ?? null,
      onRollFrom,
    };
  }
}
