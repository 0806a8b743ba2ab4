import { describe, expect, it } from 'vitest';
import { dayOf, isWeekend } from './dates.ts';
import { DEMO_BANK_HOLIDAYS, DEMO_TODAY, demoPartnership, schoolDaysOf } from './index.ts';
import type { DemoSetting, Phase } from './types.ts';

const p = demoPartnership();
const schools = p.settings.filter((s) => s.phase !== 'early_years');
const earlyYears = p.settings.filter((s) => s.phase === 'early_years');
const countBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

describe('demoPartnership: the partnership', () => {
  it('has the six districts', () => {
    expect(p.districts).toEqual([
      { code: 'BROM', name: 'Bromsgrove' },
      { code: 'MALV', name: 'Malvern Hills' },
      { code: 'REDD', name: 'Redditch' },
      { code: 'WORC', name: 'Worcester' },
      { code: 'WYCH', name: 'Wychavon' },
      { code: 'WYRE', name: 'Wyre Forest' },
    ]);
  });

  it('has exactly three safeguarding partners: the local authority, the ICB and the police', () => {
    const partners = p.organisations.filter((o) => o.safeguardingPartner);
    expect(partners.map((o) => o.kind).sort()).toEqual(['icb', 'local_authority', 'police']);
  });

  it('has the relevant agencies', () => {
    const kinds = countBy(p.organisations, (o) => o.kind);
    expect(kinds['hospital_trust']).toBe(2);
    expect(kinds['community_health_trust']).toBe(1);
    expect(kinds['probation']).toBe(1);
    expect(kinds['youth_justice']).toBe(1);
    expect(kinds['voluntary']).toBe(2);
    expect(new Set(p.organisations.map((o) => o.code)).size).toBe(p.organisations.length);
  });

  it('has the teams, each in a known organisation and district', () => {
    const organisations = new Set(p.organisations.map((o) => o.code));
    const districts = new Set(p.districts.map((d) => d.code));
    for (const team of p.teams) {
      expect(organisations.has(team.organisationCode), team.code).toBe(true);
      expect(team.districtCode === null || districts.has(team.districtCode), team.code).toBe(true);
      expect(team.email).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.example\.org$/);
    }
    expect(new Set(p.teams.map((t) => t.code)).size).toBe(p.teams.length);
    const healthVisiting = p.teams.filter((t) => t.kind === 'health_visiting');
    expect(healthVisiting.map((t) => t.districtCode).sort()).toEqual([...districts].sort());
    const communityTrust = p.organisations.find((o) => o.kind === 'community_health_trust');
    for (const team of healthVisiting) expect(team.organisationCode).toBe(communityTrust?.code);
    for (const kind of [
      'family_front_door',
      'get_safe',
      'education_safeguarding',
      'harm_assessment_unit',
      'hospital_safeguarding',
      'business_unit',
    ] as const) {
      expect(
        p.teams.filter((t) => t.kind === kind),
        kind,
      ).toHaveLength(1);
    }
    const police = p.organisations.find((o) => o.kind === 'police');
    expect(p.teams.find((t) => t.kind === 'harm_assessment_unit')?.organisationCode).toBe(police?.code);
  });
});

describe('demoPartnership: settings', () => {
  it('has 271 schools and 455 early-years settings', () => {
    expect(schools).toHaveLength(271);
    expect(earlyYears).toHaveLength(455);
  });

  it('has every school phase, with first and middle schools only in three-tier districts', () => {
    const phases = countBy(schools, (s) => s.phase);
    expect(phases).toEqual({
      first: 60,
      primary: 118,
      middle: 20,
      secondary: 32,
      special: 13,
      independent: 17,
      further_education: 6,
      alternative_provision: 5,
    });
    const threeTier = new Set(schools.filter((s) => s.phase === 'middle').map((s) => s.districtCode));
    expect([...threeTier].sort()).toEqual(['BROM', 'REDD', 'WYCH']);
    for (const s of schools.filter((s) => s.phase === 'first'))
      expect(threeTier.has(s.districtCode)).toBe(true);
  });

  it('has unique six-digit URNs, names and e-mail domains', () => {
    const urns = p.settings.map((s) => s.urn);
    for (const urn of urns) expect(urn).toMatch(/^9\d{5}$/);
    expect(new Set(urns).size).toBe(urns.length);
    expect(new Set(p.settings.map((s) => s.name)).size).toBe(p.settings.length);
    expect(new Set(p.settings.map((s) => s.safeguardingEmail)).size).toBe(p.settings.length);
  });

  it('puts every setting in a district and every e-mail on example.org', () => {
    const districts = new Set(p.districts.map((d) => d.code));
    for (const s of p.settings) {
      expect(districts.has(s.districtCode)).toBe(true);
      expect(s.safeguardingEmail).toMatch(/^safeguarding@[a-z0-9-]{1,63}\.example\.org$/);
      for (const person of s.staff) {
        expect(person.email.endsWith(s.safeguardingEmail.slice('safeguarding'.length))).toBe(true);
        expect(person.email).toMatch(/^[a-z0-9.]+@/);
      }
    }
  });

  it('gives every setting a DSL, one or two deputies and a head', () => {
    for (const s of p.settings) {
      const roles = s.staff.map((person) => person.role);
      expect(roles[0]).toBe('dsl');
      expect(roles.at(-1)).toBe('head');
      expect(roles.filter((r) => r === 'dsl')).toHaveLength(1);
      expect(roles.filter((r) => r === 'head')).toHaveLength(1);
      expect([1, 2]).toContain(roles.filter((r) => r === 'deputy_dsl').length);
      expect(new Set(s.staff.map((person) => person.email)).size).toBe(s.staff.length);
    }
  });

  it('starts the school day at a plausible time', () => {
    for (const s of p.settings) {
      expect(s.schoolDayStartsAt).toMatch(/^(0[789]):[0-5]\d$/);
      if (s.phase !== 'early_years') {
        expect(s.schoolDayStartsAt >= '08:30' && s.schoolDayStartsAt <= '09:00', s.name).toBe(true);
      }
    }
    expect(earlyYears.filter((s) => s.schoolDayStartsAt === '08:00').length).toBeGreaterThan(100);
  });
});

describe('demoPartnership: Operation Encompass', () => {
  const status = (settings: DemoSetting[]) => countBy(settings, (s) => s.encompass.status);

  it('has 277 early-years settings joined and 30 in training of 455', () => {
    expect(status(earlyYears)).toEqual({ joined: 277, in_training: 30, not_joined: 148 });
  });

  it('has every state school joined, and a few others not yet', () => {
    const state: Phase[] = ['first', 'primary', 'middle', 'secondary', 'special'];
    for (const s of schools.filter((s) => state.includes(s.phase))) expect(s.encompass.status).toBe('joined');
    const others = schools.filter((s) => !state.includes(s.phase));
    const notYet = others.filter((s) => s.encompass.status !== 'joined');
    expect(notYet.length).toBeGreaterThan(0);
    expect(notYet.length).toBeLessThan(others.length / 2);
  });

  it('dates joining and training consistently', () => {
    for (const s of p.settings) {
      const { status, joinedOn, trainingStartedOn } = s.encompass;
      if (status === 'joined') {
        expect(joinedOn).not.toBeNull();
        expect(trainingStartedOn).not.toBeNull();
        expect(trainingStartedOn! < joinedOn!).toBe(true);
        expect(joinedOn! <= DEMO_TODAY).toBe(true);
        expect(isWeekend(dayOf(joinedOn!))).toBe(false);
      } else if (status === 'in_training') {
        expect(joinedOn).toBeNull();
        expect(trainingStartedOn! <= DEMO_TODAY).toBe(true);
      } else {
        expect(joinedOn).toBeNull();
        expect(trainingStartedOn).toBeNull();
      }
    }
  });

  it('has early years joining between February 2023 and October 2026, and schools before them', () => {
    for (const s of earlyYears.filter((s) => s.encompass.status === 'joined')) {
      expect(s.encompass.joinedOn! >= '2023-02-01' && s.encompass.joinedOn! <= '2026-10-31').toBe(true);
    }
    const latestSchool = schools
      .filter((s) => ['first', 'primary', 'middle', 'secondary', 'special'].includes(s.phase))
      .map((s) => s.encompass.joinedOn!)
      .sort()
      .at(-1);
    expect(latestSchool! < '2023-02-01').toBe(true);
  });
});

describe('demoPartnership: terms and closures', () => {
  it('has six terms in each of 2026-27 and 2027-28, in order and not overlapping', () => {
    expect(countBy(p.terms, (t) => t.schoolYear)).toEqual({ '2026-27': 6, '2027-28': 6 });
    const names = ['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2'];
    expect(p.terms.map((t) => t.name)).toEqual([...names, ...names]);
    for (const [i, term] of p.terms.entries()) {
      expect(term.start < term.end).toBe(true);
      expect(isWeekend(dayOf(term.start)) || isWeekend(dayOf(term.end))).toBe(false);
      const previous = p.terms[i - 1];
      if (previous !== undefined) expect(previous.end < term.start).toBe(true);
    }
  });

  it('has realistic breaks: half-terms of a week, two weeks at Christmas and Easter, summer from late July', () => {
    const gapDays = p.terms.slice(1).map((t, i) => dayOf(t.start) - dayOf(p.terms[i]?.end ?? ''));
    // autumn half-term, Christmas, February half-term, Easter, May half-term, summer, then 2027-28
    expect(gapDays).toEqual([10, 17, 10, 18, 10, 42, 10, 18, 10, 17, 10]);
    for (const term of p.terms.filter((t) => t.name === 'Autumn 1'))
      expect(term.start.slice(5, 7)).toBe('09');
    for (const term of p.terms.filter((t) => t.name === 'Summer 2')) {
      expect(term.end.slice(5) >= '07-20' && term.end.slice(5) <= '07-23').toBe(true);
    }
  });

  it('keeps Good Friday and Easter Monday in the Easter holidays', () => {
    for (const [goodFriday, easterMonday] of [
      ['2027-03-26', '2027-03-29'],
      ['2028-04-14', '2028-04-17'],
    ] as const) {
      for (const term of p.terms) {
        expect(goodFriday >= term.start && goodFriday <= term.end).toBe(false);
        expect(easterMonday >= term.start && easterMonday <= term.end).toBe(false);
      }
    }
  });

  it('has about 195 school days a year (190 with pupils and 5 INSET)', () => {
    for (const year of ['2026-27', '2027-28']) {
      const days = p.terms.filter((t) => t.schoolYear === year).flatMap(schoolDaysOf).length;
      expect(days, year).toBeGreaterThanOrEqual(190);
      expect(days, year).toBeLessThanOrEqual(197);
    }
  });

  it('puts every closure on a school day: a weekday inside a term, not a bank holiday', () => {
    const bankHolidays = new Set(DEMO_BANK_HOLIDAYS);
    for (const s of p.settings) {
      for (const { date } of s.closures) {
        expect(isWeekend(dayOf(date)), `${s.name} ${date}`).toBe(false);
        expect(bankHolidays.has(date), `${s.name} ${date}`).toBe(false);
        expect(
          p.terms.some((t) => date >= t.start && date <= t.end),
          `${s.name} ${date}`,
        ).toBe(true);
      }
      const dates = s.closures.map((c) => c.date);
      expect(dates).toEqual([...dates].sort());
      expect(new Set(dates).size).toBe(dates.length);
    }
  });

  it('gives each school exactly five INSET days a year, and early-years settings fewer', () => {
    const yearOf = (date: string) => p.terms.find((t) => date >= t.start && date <= t.end)?.schoolYear;
    for (const s of schools) {
      const inset = countBy(
        s.closures.filter((c) => c.reason === 'inset'),
        (c) => yearOf(c.date) ?? '',
      );
      expect(inset, s.name).toEqual({ '2026-27': 5, '2027-28': 5 });
    }
    for (const s of earlyYears) expect(s.closures.length).toBeLessThanOrEqual(4);
    expect(earlyYears.filter((s) => s.closures.length === 0).length).toBeGreaterThan(50);
  });
});

describe('demoPartnership: determinism', () => {
  it('gives the same partnership for the same seed', () => {
    expect(demoPartnership()).toEqual(p);
    expect(demoPartnership(2024)).toEqual(demoPartnership(2024));
  });

  it('gives other settings for another seed, with the same counts', () => {
    const other = demoPartnership(2);
    expect(other.settings.map((s) => s.urn)).not.toEqual(p.settings.map((s) => s.urn));
    expect(
      other.settings.filter((s) => s.encompass.status === 'joined' && s.phase === 'early_years'),
    ).toHaveLength(277);
    expect(other.organisations).toEqual(p.organisations);
    expect(other.terms).toEqual(p.terms);
  });

  it('returns fresh objects each time, so that a caller may change them', () => {
    const a = demoPartnership();
    a.terms[0]!.name = 'changed';
    a.settings[0]!.closures.length = 0;
    expect(demoPartnership()).toEqual(p);
  });
});
