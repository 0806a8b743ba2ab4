import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar, shippedBankHolidays } from '../../platform/calendar/index.ts';
import { addCalendarMonths } from '../../platform/calendar/months.ts';
import {
  type InstitutionYears,
  type SampleCandidate,
  agencyTypesFor,
  assessmentDueOn,
  conversionStatement,
  decidedInTime,
  decisionDueOn,
  firstReviewDueOn,
  icpcDueOn,
  isQuorate,
  missingForQuorum,
  nextReviewDueOn,
  proposeSample,
} from './rules.ts';

const calendar = new WorkingDayCalendar(shippedBankHolidays().map((h) => h.date));

describe('the clocks', () => {
  it('a decision is due the next working day: Friday → Monday, Christmas Eve → 29 December', () => {
    // Friday 4 December 2026, 16:00 London → Monday 7 December.
    expect(decisionDueOn(calendar, new Date('2026-12-04T16:00:00Z'))).toBe('2026-12-07');
    // Thursday 24 December 2026: Christmas Day (Fri) and Boxing Day's substitute (Mon 28th) are bank holidays.
    expect(decisionDueOn(calendar, new Date('2026-12-24T10:00:00Z'))).toBe('2026-12-29');
    // Late on a summer evening the London date is the next day already (BST): 23:30 UTC on Mon 1 June is Tue 2 June.
    expect(decisionDueOn(calendar, new Date('2026-06-01T23:30:00Z'))).toBe('2026-06-03');
  });

  it('decided in time means on or before the due day, London time', () => {
    expect(decidedInTime('2026-12-07', new Date('2026-12-07T23:30:00Z'))).toBe(true);
    expect(decidedInTime('2026-06-02', new Date('2026-06-02T23:30:00Z'))).toBe(false); // 00:30 BST on the 3rd
  });

  it('an assessment is due 45 working days after the referral, bank holidays inside the window skipped', () => {
    // From Monday 30 November 2026: 45 weekdays would end on Monday 1 February 2027, but Christmas
    // Day, the Boxing Day substitute (28 Dec) and New Year's Day fall inside: Thursday 4 February.
    expect(assessmentDueOn(calendar, '2026-11-30')).toBe('2027-02-04');
  });

  it('an ICPC is due 15 working days after its strategy discussion', () => {
    // From Monday 21 December 2026, skipping 25 and 28 December and 1 January.
    expect(icpcDueOn(calendar, '2026-12-21')).toBe('2027-01-14');
    expect(icpcDueOn(calendar, '2026-11-02')).toBe('2026-11-23');
  });

  it('reviews: the first within 3 months, then within 6 months of the last; short months clamp', () => {
    expect(firstReviewDueOn('2026-11-30')).toBe('2027-02-28');
    expect(nextReviewDueOn('2027-02-28')).toBe('2027-08-28');
    expect(addCalendarMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-10-15', 3)).toBe('2027-01-15');
  });
});

describe('the quorate rule', () => {
  it('needs social care, police and health; others do not count', () => {
    expect(isQuorate(['social_care', 'police', 'health'])).toBe(true);
    expect(isQuorate(['social_care', 'police', 'health', 'education'])).toBe(true);
    expect(isQuorate(['social_care', 'police', 'education'])).toBe(false);
    expect(missingForQuorum(['social_care', 'police', 'education'])).toEqual(['health']);
    expect(missingForQuorum([])).toEqual(['social_care', 'police', 'health']);
  });
});

describe('the monthly sample', () => {
  let n = 0;
  const referral = (
    institution: string,
    metThreshold: boolean,
    extra: Partial<SampleCandidate> = {},
  ): SampleCandidate => ({
    referralId: ++n,
    institutionKey: institution,
    institutionName: institution,
    agencyType: 'school',
    receivedAt: new Date(Date.UTC(2026, 9, 1) + n * 60_000),
    metThreshold,
    audited: false,
    ...extra,
  });

  it('takes non-threshold referrals round-robin from the institutions that referred most', () => {
    n = 0;
    // A: 5 referrals (4 not meeting threshold); B: 4 (1 not); C: 3 (3 not); D: 1 (1 not); police: 9 (not sampled).
    const candidates = [
      ...['A', 'A', 'A', 'A'].map((i) => referral(i, false)),
      referral('A', true),
      referral('B', false),
      ...['B', 'B', 'B'].map((i) => referral(i, true)),
      ...['C', 'C', 'C'].map((i) => referral(i, false)),
      referral('D', false),
      ...Array.from({ length: 9 }, () => referral('Police', false, { agencyType: 'police' })),
    ];
    const { picked, ranking } = proposeSample(candidates, ['school', 'early_years'], 6);
    expect(ranking.map((r) => [r.key, r.referrals])).toEqual([
      ['A', 5],
      ['B', 4],
      ['C', 3],
      ['D', 1],
    ]);
    // Round 1: A1, B1, C1, D1; round 2: A2, C2 (B and D have no more).
    expect(picked.map((p) => p.institutionKey)).toEqual(['A', 'B', 'C', 'D', 'A', 'C']);
    expect(picked[0]!.referralId).toBe(1); // the earliest of A's
    expect(picked.every((p) => !p.metThreshold)).toBe(true);
  });

  it('never samples a referral twice, and stops when none is left', () => {
    n = 0;
    const candidates = [referral('A', false, { audited: true }), referral('A', false), referral('B', true)];
    const { picked } = proposeSample(candidates, ['school'], 10);
    expect(picked.map((p) => p.referralId)).toEqual([2]);
  });

  it('police and health join from their date', () => {
    const settings = {
      sampleSize: 10,
      agencyTypes: ['school', 'early_years'],
      policeHealthFrom: '2023-05-01',
    };
    expect(agencyTypesFor(settings, '2023-04-01').sort()).toEqual(['early_years', 'school']);
    expect(agencyTypesFor(settings, '2023-05-01').sort()).toEqual([
      'early_years',
      'health',
      'police',
      'school',
    ]);
    expect(agencyTypesFor({ ...settings, policeHealthFrom: null }, '2030-01-01').sort()).toEqual([
      'early_years',
      'school',
    ]);
  });
});

describe('the conversion statement', () => {
  it('counts institutions audited three or more times whose conversion rose, on a hand-counted fixture', () => {
    const row = (
      key: string,
      audits: number,
      referrals: number,
      met: number,
      referralsNext: number,
      metNext: number,
    ): InstitutionYears => ({
      key,
      name: key,
      audits,
      referrals,
      metThreshold: met,
      referralsNext,
      metThresholdNext: metNext,
    });
    const rows = [
      row('A', 3, 10, 2, 8, 4), // 20 % → 50 %: improved
      row('B', 4, 10, 5, 10, 5), // 50 % → 50 %: not improved
      row('C', 5, 20, 4, 12, 6), // 20 % → 50 %: improved
      row('D', 2, 30, 1, 10, 9), // audited twice: not compared
      row('E', 3, 4, 1, 0, 0), // no referrals the year after: compared, cannot have improved
    ];
    const s = conversionStatement(rows);
    expect(s.compared).toBe(4);
    expect(s.improved).toBe(2);
    expect(s.percent).toBe(50);
    // Contacts from A, B, C, E: 44 → 30, a fall of 31.8 % → 32 %.
    expect(s.contacts).toBe(44);
    expect(s.contactsNext).toBe(30);
    expect(s.contactChangePercent).toBe(-32);
    expect(s.text).toContain('improved in 2 of 4 (50 %)');
    expect(s.text).toContain('fell by 32 %');
  });

  it('reads like the report: 11 of 13 is 85 %', () => {
    const rows = Array.from({ length: 13 }, (_, i) => ({
      key: `S${i}`,
      name: `School ${String(i).padStart(2, '0')}`,
      audits: 3,
      referrals: 10,
      metThreshold: 3,
      referralsNext: 8,
      metThresholdNext: i < 11 ? 4 : 2,
    }));
    const s = conversionStatement(rows);
    expect(s.text).toContain('improved in 11 of 13 (85 %)');
    expect(s.contactChangePercent).toBe(-20);
  });

  it('says so when no institution was audited three times', () => {
    expect(conversionStatement([]).text).toBe('No institution was audited three or more times in the year.');
  });
});
