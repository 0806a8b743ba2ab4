import { describe, expect, it } from 'vitest';
import { kpiChart } from './charts.ts';

describe('a KPI chart', () => {
  it('is one image named by its title, described by its figures, one bar each, escaped', () => {
    const svg = kpiChart('referrals_nfa', 'Referrals <NFA> & more', [
      { label: 'This period', value: 0.5, text: '50%' },
      { label: 'Previous period', value: 0.25, text: '25%' },
      { label: 'England', value: null, text: '–' },
    ]);
    expect(svg).toMatch(
      /^<svg role="img" focusable="false" aria-label="Bar chart: Referrals &lt;NFA&gt; &amp; more"/,
    );
    expect(svg).toContain('id="chart-referrals_nfa"');
    expect(svg).toContain(
      '<desc id="chart-referrals_nfa-desc">This period: 50%; Previous period: 25%; England: –</desc>',
    );
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"[^>]*fill="([^"]+)"/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    // Scaled to the largest; a missing value draws no bar; this period blue, the previous grey.
    expect(widths).toEqual([
      [240, '#1d70b8'],
      [120, '#b1b4b6'],
      [0, '#00703c'],
    ]);
    expect(svg).not.toMatch(/style=/);
  });
});
