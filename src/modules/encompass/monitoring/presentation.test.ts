import { describe, expect, it } from 'vitest';
import { accessibleSvg, percentageBarChart } from '../../../platform/http/charts.ts';
import { NOT_SHOWN, SUPPRESSED, countCell, duration, percent } from './presentation.ts';
import { enrolmentMoveInput, parsePeriod } from './schema.ts';

describe('the dashboard’s numbers in words', () => {
  it('suppresses counts from 1 to 4, and percentages that would reveal one, only when asked', () => {
    expect([0, 1, 4, 5, 12].map((n) => countCell(n, true))).toEqual([0, SUPPRESSED, SUPPRESSED, 5, 12]);
    expect([1, 4].map((n) => countCell(n, false))).toEqual([1, 4]);
    expect(percent(3, 4, { suppress: true })).toBe(NOT_SHOWN);
    expect(percent(5, 6, { suppress: true })).toBe(NOT_SHOWN); // 1 late, by subtraction
    expect(percent(5, 10, { suppress: true })).toBe('50%');
    expect(percent(0, 10, { suppress: true })).toBe('0%');
    expect(percent(10, 10, { suppress: true })).toBe('100%');
    expect(percent(3, 4)).toBe('75%');
    expect(percent(0, 0)).toBe('none yet');
  });

  it('says durations as people do', () => {
    expect(duration(null)).toBe('none acknowledged');
    expect(duration(45 * 60)).toBe('45 minutes');
    expect(duration(60 * 60)).toBe('1 hour');
    expect(duration(11.5 * 3600)).toBe('11 hours 30 minutes');
    expect(duration(26 * 3600)).toBe('1 day 2 hours');
    expect(duration(48 * 3600 + 59)).toBe('2 days');
  });
});

describe('charts', () => {
  it('makes an SVG one image with a name and a description, with nothing the CSP would block', () => {
    const svg = accessibleSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>rect{fill:red}</style><g role="graphics-object" aria-roledescription="group"><rect style="cursor:pointer" onclick="x()" aria-label="a: 1" role="graphics-symbol"/></g></svg>',
      { id: 'chart-test', label: 'Bar chart: <things> & "stuff"', description: 'All of it' },
    );
    expect(svg).toBe(
      '<svg role="img" focusable="false" aria-label="Bar chart: &lt;things&gt; &amp; &quot;stuff&quot;" aria-describedby="chart-test-desc" id="chart-test" xmlns="http://www.w3.org/2000/svg" width="10" height="10">' +
        '<title>Bar chart: &lt;things&gt; &amp; &quot;stuff&quot;</title><desc id="chart-test-desc">All of it</desc><g><rect/></g></svg>',
    );
  });

  it('renders a vega-lite chart to SVG on the server, without a canvas', async () => {
    const chart = await percentageBarChart({
      id: 'chart-x',
      label: 'Bar chart: on time by phase',
      summary: 'Primary 75%; Early years 50%.',
      axisTitle: 'Acknowledged on time',
      categoryTitle: '',
      data: [
        { label: 'Primary', value: 75 },
        { label: 'Early years', value: 50 },
      ],
    });
    expect(chart.svg).toMatch(/^<svg role="img" focusable="false" aria-label="Bar chart: on time by phase"/);
    expect(chart.svg).toContain('<desc id="chart-x-desc">Primary 75%; Early years 50%.</desc>');
    expect(chart.svg).toContain('>Early years</text>');
    expect(chart.svg).toContain('>75%</text>');
    expect(chart.svg).not.toMatch(/style|<script|\son[a-z]+=/i);
    expect(chart.svg.match(/role=/g)).toHaveLength(1);
  });
});

describe('inputs', () => {
  it('reads the period, the last 30 days by default', () => {
    const now = new Date('2026-11-28T14:00:00Z');
    const fallback = parsePeriod({}, now);
    expect(fallback.ok && [fallback.period.from, fallback.period.to]).toEqual(['2026-10-30', '2026-11-28']);
    const summer = parsePeriod({ from: '2026-06-01', to: '2026-06-30' }, now);
    // London days: midnight BST is 23:00 UTC the day before.
    expect(summer.ok && [summer.period.start.toISOString(), summer.period.end.toISOString()]).toEqual([
      '2026-05-31T23:00:00.000Z',
      '2026-06-30T23:00:00.000Z',
    ]);
    const onlyTo = parsePeriod({ to: '2026-03-31' }, now);
    expect(onlyTo.ok && onlyTo.period.from).toBe('2026-03-02');
    expect(parsePeriod({ from: '2020-01-01', to: '2026-01-01' }, now).ok).toBe(false);
    expect(parsePeriod({ from: 'yesterday' }, now).ok).toBe(false);
  });

  it('takes a move’s date as three fields: required, real, not in the future', () => {
    const schema = enrolmentMoveInput('2026-11-28');
    expect(
      schema.parse({ expected: 'in_training', 'date-day': '3', 'date-month': '11', 'date-year': '2026' }),
    ).toEqual({ expected: 'in_training', date: '2026-11-03' });
    expect(
      schema.parse({ expected: 'not_joined', 'date-day': '28', 'date-month': '11', 'date-year': '2026' })
        .date,
    ).toBe('2026-11-28');
    const message = (body: Record<string, string>) => schema.safeParse(body).error?.issues[0]?.message;
    expect(message({ expected: 'in_training' })).toBe('Enter the date it joined');
    expect(
      message({ expected: 'not_joined', 'date-day': '29', 'date-month': '11', 'date-year': '2026' }),
    ).toBe('The date must be today or in the past');
    expect(
      message({ expected: 'not_joined', 'date-day': '29', 'date-month': '2', 'date-year': '2026' }),
    ).toBe('The date must be a real date, like 14 11 2026');
    expect(message({ expected: 'not_joined', 'date-day': 'x', 'date-month': '2', 'date-year': '2026' })).toBe(
      'The date must be a real date, like 14 11 2026',
    );
    expect(message({ expected: 'joined', 'date-day': '1', 'date-month': '2', 'date-year': '2026' })).toBe(
      'This setting cannot be moved on from here',
    );
  });
});
