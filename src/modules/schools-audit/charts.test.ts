import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { progressChart } from './charts.ts';

describe('the schools audit charts', () => {
  it('are drawn by the platform helper, in the page’s typeface', async () => {
    const chart = await progressChart({
      id: 'c',
      label: 'Progress',
      summary: 'Schools by progress',
      data: [{ category: 'Primary', series: 'Submitted', value: 3 }],
    });
    expect(chart.svg).toContain('font-family="arial, helvetica, sans-serif"');
    // Only the audit's own charts here: no second copy of the platform's drawing.
    const source = readFileSync(new URL('./charts.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/function (renderSvg|accessibleSvg)|const CONFIG/);
    expect(source).toContain("from '../../platform/http/charts.ts'");
  });
});
