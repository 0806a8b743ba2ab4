import { describe, expect, it } from 'vitest';
import { reportingYearOf } from './routes.ts';
import { agrees, gradeFigures, meetsSelectionRule, panelNeedsReasons } from './rules.ts';

describe('grade agreement', () => {
  it('agrees only when the self-grade equals the panel’s, and is unknown before the panel grades', () => {
    expect(agrees('good', 'good')).toBe(true);
    expect(agrees('good', 'requires_improvement')).toBe(false);
    expect(agrees('good', null)).toBeNull();
  });

  it('needs reasons when the panel differs from any agency', () => {
    expect(panelNeedsReasons('good', ['good', 'good'])).toBe(false);
    expect(panelNeedsReasons('good', ['good', 'outstanding'])).toBe(true);
    expect(panelNeedsReasons('inadequate', [])).toBe(false);
  });

  it('counts grades by agency and agreement as a hand count does', () => {
    // Hand count: police 3 self-audits (good/good/RI), panel graded two cases: case A good, case B good.
    // Police: A good (agrees), B RI (differs), C good (case C not graded) → compared 2, agreed 1.
    // Health: A good (agrees), B outstanding (differs) → compared 2, agreed 1.
    // Overall: 5 self-audits, compared 4, agreed 2 → 50%.
    const f = gradeFigures([
      { organisationId: 1, agency: 'Police', grade: 'good', panelGrade: 'good' },
      { organisationId: 1, agency: 'Police', grade: 'requires_improvement', panelGrade: 'good' },
      { organisationId: 1, agency: 'Police', grade: 'good', panelGrade: null },
      { organisationId: 2, agency: 'Health', grade: 'good', panelGrade: 'good' },
      { organisationId: 2, agency: 'Health', grade: 'outstanding', panelGrade: 'good' },
    ]);
    expect(f.selfAudits).toBe(5);
    expect([f.compared, f.agreed, f.agreementPercent]).toEqual([4, 2, 50]);
    expect(f.overall).toEqual({ outstanding: 1, good: 3, requires_improvement: 1, inadequate: 0 });
    const police = f.byAgency.find((a) => a.agency === 'Police')!;
    expect(police.grades).toEqual({ outstanding: 0, good: 2, requires_improvement: 1, inadequate: 0 });
    expect([police.compared, police.agreed]).toEqual([2, 1]);
    expect(f.byAgency.map((a) => a.agency)).toEqual(['Health', 'Police']);
    expect(gradeFigures([]).agreementPercent).toBeNull();
  });
});

describe('case selection from the journey', () => {
  const window = { from: '2026-04-01', to: '2026-06-30' };
  let n = 0;
  const e = (kind: string, occurredOn: string, episodeRef: string | null = null) =>
    ({ childId: 'c1', kind, occurredOn, episodeRef, sourceRef: `ref-${++n}` }) as Parameters<
      typeof meetsSelectionRule
    >[1][number];

  it('finds a strategy discussion in the window that did not lead to a section 47 enquiry', () => {
    expect(
      meetsSelectionRule('strategy_no_s47', [e('strategy_discussion', '2026-05-01', 'S1')], window).meets,
    ).toBe(true);
    expect(
      meetsSelectionRule(
        'strategy_no_s47',
        [e('strategy_discussion', '2026-05-01', 'S1'), e('section47', '2026-05-02', 'S1')],
        window,
      ).meets,
    ).toBe(false);
    expect(
      meetsSelectionRule('strategy_no_s47', [e('strategy_discussion', '2026-03-01', 'S1')], window).meets,
    ).toBe(false);
  });

  it('a repeat is a discussion in the window with another within the 12 months before it (the same rule as case finding)', () => {
    expect(
      meetsSelectionRule(
        'repeat_strategy',
        [e('strategy_discussion', '2025-04-01'), e('strategy_discussion', '2026-04-01')],
        window,
      ).meets,
    ).toBe(true);
    expect(
      meetsSelectionRule(
        'repeat_strategy',
        [e('strategy_discussion', '2025-03-31'), e('strategy_discussion', '2026-04-01')],
        window,
      ).meets,
    ).toBe(false);
  });

  it('needs two strategy discussions for a repeat, and leaves other themes to be checked by hand', () => {
    expect(
      meetsSelectionRule('repeat_strategy', [e('strategy_discussion', '2026-04-02')], window).meets,
    ).toBe(false);
    expect(
      meetsSelectionRule(
        'repeat_strategy',
        [e('strategy_discussion', '2026-04-02'), e('strategy_discussion', '2026-06-30')],
        window,
      ).meets,
    ).toBe(true);
    expect(meetsSelectionRule('cp_medical', [], window).meets).toBeNull();
    expect(
      meetsSelectionRule('cp_plan_domestic_abuse', [e('cp_plan_start', '2026-05-05')], window).meets,
    ).toBeNull();
    expect(meetsSelectionRule('cp_plan_domestic_abuse', [], window).meets).toBe(false);
  });

  it('names the reporting year a date falls in (1 April to 31 March)', () => {
    expect(reportingYearOf('2026-04-01')).toBe('2026-27');
    expect(reportingYearOf('2027-03-31')).toBe('2026-27');
    expect(reportingYearOf('2026-12-07')).toBe('2026-27');
    expect(reportingYearOf('2099-01-01')).toBe('2098-99');
  });
});
