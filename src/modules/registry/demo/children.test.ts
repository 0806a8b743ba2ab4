import { describe, expect, it } from 'vitest';
import {
  isTemporaryUpn,
  isValidNhsNumber,
  isValidUpn,
  parsePostcode,
} from '../../../platform/identifiers/index.ts';
import { dayOf, isWeekend } from './dates.ts';
import { DEMO_TODAY, type DemoChild, demoChildren, demoPartnership, type Phase } from './index.ts';

const p = demoPartnership();
const settings = new Map(p.settings.map((s) => [s.urn, s]));

/** Whole years from `dob` to `on`, both ISO dates. */
function age(dob: string, on: string): number {
  return Number(on.slice(0, 4)) - Number(dob.slice(0, 4)) - (on.slice(5) < dob.slice(5) ? 1 : 0);
}

/** 0 = Reception … 13 = Year 13; negative before school. */
const yearGroupOf = (child: DemoChild) => age(child.dateOfBirth, '2026-08-31') - 4;

/** The year groups each phase teaches. */
const YEAR_GROUPS: Record<Exclude<Phase, 'early_years'>, [number, number]> = {
  first: [0, 4],
  primary: [0, 6],
  middle: [5, 8],
  secondary: [7, 13],
  special: [0, 13],
  independent: [0, 13],
  further_education: [12, 13],
  alternative_provision: [5, 11],
};

/** Where the districts' postcodes are. */
const OUTWARDS: Record<string, string[]> = {
  BROM: ['B60', 'B61'],
  MALV: ['WR13', 'WR14', 'WR15', 'WR6', 'WR8'],
  REDD: ['B97', 'B98'],
  WORC: ['WR1', 'WR2', 'WR3', 'WR4', 'WR5'],
  WYCH: ['WR7', 'WR9', 'WR10', 'WR11', 'WR12'],
  WYRE: ['DY10', 'DY11', 'DY12', 'DY13', 'DY14'],
};

describe('demoChildren: 120,000 children', () => {
  it('are all well formed, with valid and unique NHS numbers and UPNs', () => {
    const nhsNumbers = new Set<string>();
    const upns = new Set<string>();
    const tally = {
      children: 0,
      withNhsNumber: 0,
      preSchool: 0,
      preSchoolOnNoRoll: 0,
      schoolAge: 0,
      compulsoryAgeOnNoRoll: 0,
      compulsoryAge: 0,
      onSchoolRoll: 0,
      inOwnDistrict: 0,
      temporaryUpns: 0,
      sameAddressAsPrevious: 0,
    };
    let previous: DemoChild | undefined;
    const problems: string[] = [];
    const problem = (child: DemoChild, what: string) => {
      if (problems.length < 20) problems.push(`${what}: ${JSON.stringify(child)}`);
    };

    for (const child of demoChildren(p, 120_000)) {
      tally.children++;
      const years = age(child.dateOfBirth, DEMO_TODAY);
      if (years < 0 || years > 17 || child.dateOfBirth > DEMO_TODAY) problem(child, 'age');
      if (child.givenName === '' || child.familyName === '') problem(child, 'name');

      if (child.nhsNumber !== null) {
        tally.withNhsNumber++;
        if (!isValidNhsNumber(child.nhsNumber) || !/^999\d{7}$/.test(child.nhsNumber))
          problem(child, 'NHS number');
        if (nhsNumbers.has(child.nhsNumber)) problem(child, 'NHS number repeated');
        nhsNumbers.add(child.nhsNumber);
      }
      if (child.upn !== null) {
        if (!isValidUpn(child.upn) || child.upn.slice(1, 4) !== '999') problem(child, 'UPN');
        if (upns.has(child.upn)) problem(child, 'UPN repeated');
        upns.add(child.upn);
        if (isTemporaryUpn(child.upn)) tally.temporaryUpns++;
      }

      const postcode = parsePostcode(child.postcode);
      if (postcode === null || postcode.postcode !== child.postcode) problem(child, 'postcode');
      else if (!OUTWARDS[child.districtCode]?.includes(postcode.outward)) problem(child, 'postcode district');
      if (!child.address.includes(' ')) problem(child, 'address');
      if (previous?.address === child.address && previous.postcode === child.postcode)
        tally.sameAddressAsPrevious++;

      const setting = child.settingUrn === null ? undefined : settings.get(child.settingUrn);
      if (child.settingUrn !== null && setting === undefined) problem(child, 'unknown setting');
      if ((setting === undefined) !== (child.onRollFrom === null)) problem(child, 'roll date without a roll');
      if (child.onRollFrom !== null) {
        if (child.onRollFrom <= child.dateOfBirth || child.onRollFrom > DEMO_TODAY)
          problem(child, 'roll date');
        if (isWeekend(dayOf(child.onRollFrom))) problem(child, 'roll date on a weekend');
      }

      const yearGroup = yearGroupOf(child);
      if (yearGroup < 0) {
        tally.preSchool++;
        if (setting === undefined) tally.preSchoolOnNoRoll++;
        else if (setting.phase !== 'early_years') problem(child, 'under-five at school');
        if (child.upn !== null) problem(child, 'UPN before school');
      } else {
        tally.schoolAge++;
        if (yearGroup <= 11) {
          tally.compulsoryAge++;
          if (setting === undefined) tally.compulsoryAgeOnNoRoll++;
        }
        if (setting !== undefined) {
          tally.onSchoolRoll++;
          if (setting.districtCode === child.districtCode) tally.inOwnDistrict++;
          if (setting.phase === 'early_years') problem(child, 'school-age child in early years');
          else {
            const [from, to] = YEAR_GROUPS[setting.phase];
            if (yearGroup < from || yearGroup > to)
              problem(child, `year ${yearGroup} at a ${setting.phase} setting`);
          }
          if (child.upn === null) problem(child, 'pupil without a UPN');
        }
      }
      previous = child;
    }

    expect(problems).toEqual([]);
    expect(tally.children).toBe(120_000);
    const share = (n: number, of: number) => n / of;
    expect(share(tally.withNhsNumber, tally.children)).toBeGreaterThan(0.94);
    expect(share(tally.withNhsNumber, tally.children)).toBeLessThan(0.96);
    expect(share(tally.preSchoolOnNoRoll, tally.preSchool)).toBeGreaterThan(0.25);
    expect(share(tally.preSchoolOnNoRoll, tally.preSchool)).toBeLessThan(0.35);
    // home educated: a small share
    expect(share(tally.compulsoryAgeOnNoRoll, tally.compulsoryAge)).toBeGreaterThan(0.005);
    expect(share(tally.compulsoryAgeOnNoRoll, tally.compulsoryAge)).toBeLessThan(0.03);
    expect(share(tally.inOwnDistrict, tally.onSchoolRoll)).toBeGreaterThan(0.9);
    expect(share(tally.temporaryUpns, upns.size)).toBeGreaterThan(0.005);
    expect(share(tally.temporaryUpns, upns.size)).toBeLessThan(0.04);
    expect(share(tally.sameAddressAsPrevious, tally.children)).toBeGreaterThan(0.25);
  });
});

describe('demoChildren: the mix', () => {
  const children = [...demoChildren(p, 20_000)];

  it('covers every age from 0 to 17, both sexes and some unknown', () => {
    const ages = new Set(children.map((c) => age(c.dateOfBirth, DEMO_TODAY)));
    expect([...ages].sort((a, b) => a - b)).toEqual(Array.from({ length: 18 }, (_, i) => i));
    const sexes = new Set(children.map((c) => c.sex));
    expect([...sexes].sort()).toEqual(['female', 'male', 'unknown']);
  });

  it('lives in every district and attends every phase of setting', () => {
    expect(new Set(children.map((c) => c.districtCode)).size).toBe(6);
    const phases = new Set(
      children.map((c) => (c.settingUrn === null ? null : settings.get(c.settingUrn)?.phase)),
    );
    for (const phase of [
      'early_years',
      'first',
      'primary',
      'middle',
      'secondary',
      'special',
      'independent',
      'further_education',
      'alternative_provision',
    ] as const) {
      expect(phases.has(phase), phase).toBe(true);
    }
  });

  it('has varied names', () => {
    expect(new Set(children.map((c) => c.givenName)).size).toBeGreaterThan(200);
    expect(new Set(children.map((c) => c.familyName)).size).toBeGreaterThan(200);
  });

  it('sends children to first and middle schools where the system is three-tier', () => {
    const phaseOf = (c: DemoChild) => (c.settingUrn === null ? undefined : settings.get(c.settingUrn)?.phase);
    const mainstream = (c: DemoChild) =>
      ['first', 'primary', 'middle', 'secondary'].includes(phaseOf(c) ?? '');
    // two-tier districts: only the few who cross into a neighbouring district
    const twoTier = children.filter(
      (c) => ['MALV', 'WORC', 'WYRE'].includes(c.districtCode) && mainstream(c),
    );
    const atFirstOrMiddle = twoTier.filter((c) => phaseOf(c) === 'first' || phaseOf(c) === 'middle');
    expect(atFirstOrMiddle.length / twoTier.length).toBeLessThan(0.03);
    // Redditch, all but two of whose schools for 4-9s are first schools
    const redditchYoung = children.filter(
      (c) => c.districtCode === 'REDD' && mainstream(c) && yearGroupOf(c) >= 0 && yearGroupOf(c) <= 4,
    );
    const atFirst = redditchYoung.filter((c) => phaseOf(c) === 'first');
    expect(atFirst.length / redditchYoung.length).toBeGreaterThan(0.8);
  });
});

describe('demoChildren: determinism', () => {
  it('gives the same children for the same seed', () => {
    expect([...demoChildren(p, 2000, 7)]).toEqual([...demoChildren(demoPartnership(), 2000, 7)]);
  });

  it('gives other children for another seed', () => {
    const a = [...demoChildren(p, 100, 1)];
    const b = [...demoChildren(p, 100, 2)];
    expect(a.map((c) => c.nhsNumber)).not.toEqual(b.map((c) => c.nhsNumber));
    expect(a.map((c) => c.dateOfBirth)).not.toEqual(b.map((c) => c.dateOfBirth));
  });

  it('streams: the first n of a longer run are the n of a shorter one', () => {
    const long = demoChildren(p, 1000);
    const first = Array.from({ length: 50 }, () => long.next().value);
    expect(first).toEqual([...demoChildren(p, 50)]);
  });

  it('refuses a count that is not a whole number, at once', () => {
    expect(() => demoChildren(p, -1)).toThrow(RangeError);
    expect(() => demoChildren(p, 1.5)).toThrow(RangeError);
    expect([...demoChildren(p, 0)]).toEqual([]);
  });
});
