/** Each check before publication, on small texts and sections whose answers are worked by hand. */
import { describe, expect, it } from 'vitest';
import {
  WORKING_TOGETHER_CONTENTS,
  checkFigures,
  checkNarrative,
  checkPeriod,
  checkText,
  contentsChecklist,
  isRealDate,
  runChecks,
} from './checks.ts';
import {
  type Section,
  canonicalJson,
  checksumOf,
  figureIndex,
  keyedSections,
  narrativeHtml,
  resolveText,
} from './figures.ts';

const fig = (key: string, value: number | string, extra: Partial<Section['figures'][number]> = {}) => ({
  key,
  label: key,
  value,
  source: 'the register',
  definition: 'd',
  count: typeof value === 'number' ? value : null,
  ...extra,
});
const where = { where: 'here' };

describe('percentages and 1 in N', () => {
  it('accepts a percentage that is its count rounded, and names one that is not', () => {
    expect(checkText('12 of 40 (30%)', where)).toEqual([]);
    expect(checkText('1 of 3 (33%)', where)).toEqual([]);
    expect(checkText('1 of 3 (33.3%)', where)).toEqual([]);
    const wrong = checkText('12 of 40 (35%)', { figure: 'encompass.x', where: 'encompass.x' });
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatchObject({ check: 'percentage', figure: 'encompass.x' });
    expect(wrong[0]!.message).toContain('35% does not agree with 12 of 40');
    expect(checkText('45% (9 of 20)', where)).toEqual([]);
    expect(checkText('50% (9 of 20)', where)[0]?.check).toBe('percentage');
    expect(checkText('5 out of 0 (10%)', where)[0]?.check).toBe('percentage');
  });
  it('checks "1 in N" both ways round', () => {
    expect(checkText('1 in 3 (12 of 40)', where)).toEqual([]);
    expect(checkText('12 of 40 (1 in 3)', where)).toEqual([]);
    expect(checkText('1 in 5 (12 of 40)', where)[0]?.check).toBe('one-in-n');
    expect(checkText('10 of 40 (1 in 2)', where)[0]?.check).toBe('one-in-n');
  });
});

describe('stated totals', () => {
  it('re-adds a total stated with its parts', () => {
    expect(checkText('a total of 57 (20 in the north, 30 in the south and 7 elsewhere)', where)).toEqual([]);
    const wrong = checkText('a total of 57 (20 in the north, 30 in the south and 6 elsewhere)', where);
    expect(wrong[0]).toMatchObject({ check: 'total' });
    expect(wrong[0]!.message).toContain('20 + 30 + 6 = 56');
    expect(checkText('1,200 in total: 700 referrals and 500 notices', where)).toEqual([]);
    expect(checkText('20 + 30 = 50', where)).toEqual([]);
    expect(checkText('20 + 30 = 51', where)[0]?.check).toBe('total');
  });
});

describe('dates', () => {
  it('refuses the reference report’s 31/11/2023 and other dates that do not exist', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2023, 2, 29)).toBe(false);
    expect(checkText('reviewed on 31/11/2023', where)[0]).toMatchObject({ check: 'date' });
    expect(checkText('reviewed on 30/11/2023', where)).toEqual([]);
    expect(checkText('on 31st November 2023', where)[0]?.check).toBe('date');
    expect(checkText('on 29 February 2024', where)).toEqual([]);
    expect(checkText('on 2023-02-29', where)[0]?.check).toBe('date');
  });
});

describe('the narrative’s live references', () => {
  const sections: Section[] = [
    {
      module: 'encompass',
      title: 'Encompass',
      figures: [fig('encompass.sent', 40), fig('encompass.schools', 12)],
    },
  ];
  const figures = figureIndex(sections);
  it('resolves each reference to its figure and links it', () => {
    expect(resolveText('We sent {{figure:encompass.sent}} notices.', figures)).toBe('We sent 40 notices.');
    const html = narrativeHtml(
      '## Head\n\nWe sent {{figure:encompass.sent}} <b>notices</b>.',
      figures,
      (k) => `/f/${k}`,
    );
    expect(html).toContain('<h3 class="govuk-heading-m">Head</h3>');
    expect(html).toContain('<a class="govuk-link" href="/f/encompass.sent" title="encompass.sent">40</a>');
    expect(html).toContain('&lt;b&gt;');
  });
  it('names an unknown reference, and a percentage that disagrees with the figures beside it', () => {
    const problems = checkNarrative(
      'Of {{figure:encompass.sent}} notices, {{figure:encompass.schools}} of {{figure:encompass.sent}} (25%) went to schools. We had {{figure:encompass.gone}}.',
      figures,
    );
    expect(problems.map((p) => [p.check, p.figure])).toEqual([
      ['unknown-figure', 'encompass.gone'],
      ['percentage', 'encompass.sent, encompass.schools'],
    ]);
    // 12 of 40 is 30%: right once written so.
    expect(
      checkNarrative(
        'Then {{figure:encompass.schools}} of {{figure:encompass.sent}} (30%) went to schools.',
        figures,
      ),
    ).toEqual([]);
  });
});

describe('figures', () => {
  it('names a figure with no source, and one from fewer than 5 records unless waived', () => {
    const sections: Section[] = [
      {
        module: 'reviews',
        title: 'Reviews',
        figures: [
          fig('reviews.rapid', 3),
          fig('reviews.none', 0),
          fig('reviews.lots', 25, { source: ' ' }),
          fig('reviews.rate', '12%', { count: 2 }),
        ],
      },
    ];
    const problems = checkFigures(sections, new Map([['reviews.rate', 'a rate over the county']]));
    expect(problems.map((p) => [p.check, p.figure, Boolean(p.waived)])).toEqual([
      ['small-count', 'reviews.rapid', false],
      ['no-source', 'reviews.lots', false],
      ['small-count', 'reviews.rate', true],
    ]);
  });
  it('holds back small counts of children only: schools, practitioners and meetings are not held back', () => {
    const sections: Section[] = [
      {
        module: 'mixed',
        title: 'Mixed',
        figures: [
          fig('mixed.children', 2, { countOf: 'children' }),
          fig('mixed.unsaid', 3),
          fig('mixed.schools', 4, { countOf: 'settings' }),
          fig('mixed.trainers', 1, { countOf: 'adults' }),
          fig('mixed.meetings', 2, { countOf: 'other' }),
        ],
      },
    ];
    expect(checkFigures(sections, new Map()).map((p) => p.figure)).toEqual([
      'mixed.children',
      'mixed.unsaid',
    ]);
  });
  it('keys figures stably by module and label, the second of a label with -2', () => {
    const keyed = keyedSections([
      {
        module: 'training',
        ms: 1,
        section: {
          title: 'Training',
          figures: [
            { label: 'Mean rating (1 to 5)', value: 4, source: 's' },
            { label: 'Mean rating (1 to 5)', value: 3, source: 's' },
          ],
        },
      },
    ]);
    expect(keyed[0]!.figures.map((f) => f.key)).toEqual([
      'training.mean-rating-1-to-5',
      'training.mean-rating-1-to-5-2',
    ]);
  });
});

describe('the Working Together checklist', () => {
  it('lists ten items; each met by a section with figures, the narrative, or waived', () => {
    expect(WORKING_TOGETHER_CONTENTS).toHaveLength(10);
    const sections: Section[] = [
      { module: 'surveys', title: 'Surveys', figures: [fig('surveys.n', 30)] },
      { module: 'reviews', title: 'Reviews', figures: [] },
    ];
    const list = contentsChecklist(
      sections,
      'Budget text {{contents:5}}',
      new Map([['8', 'scrutiny reported separately']]),
    );
    expect(list.find((i) => i.n === 4)).toMatchObject({
      met: true,
      sections: [{ module: 'surveys', title: 'Surveys' }],
    });
    expect(list.find((i) => i.n === 3)?.met).toBe(false); // a section with no figures does not meet it
    expect(list.find((i) => i.n === 5)).toMatchObject({ met: true, inNarrative: true });
    expect(list.find((i) => i.n === 8)).toMatchObject({ met: false, waived: 'scrutiny reported separately' });
    const all = runChecks({
      period: { from: '2024-04-01', to: '2025-03-31' },
      today: '2026-01-01',
      sections,
      narrative: '{{contents:5}}',
      waivers: [{ kind: 'contents', key: '8', reason: 'r' }],
    });
    const contents = all.problems.filter((p) => p.check === 'contents');
    expect(contents).toHaveLength(8); // ten less item 4 (surveys) and item 5 (narrative)
    expect(all.blocking).toBe(7); // item 8 waived
  });
});

describe('the period', () => {
  it('is incomplete until it has ended', () => {
    expect(checkPeriod({ from: '2025-04-01', to: '2026-03-31' }, '2026-03-31')).toHaveLength(1);
    expect(checkPeriod({ from: '2025-04-01', to: '2026-03-31' }, '2026-04-01')).toEqual([]);
  });
});

describe('the checksum', () => {
  it('is the same for the same data whatever the key order, and changes with a figure', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
    const sections: Section[] = [{ module: 'm', title: 'M', figures: [fig('m.a', 1)] }];
    const one = checksumOf({ from: 'a', to: 'b', sections, narrative: '' });
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(
      checksumOf({
        from: 'a',
        to: 'b',
        sections: [{ ...sections[0]!, figures: [fig('m.a', 2)] }],
        narrative: '',
      }),
    ).not.toBe(one);
  });
});
