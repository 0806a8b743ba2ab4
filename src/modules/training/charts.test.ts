import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { percentageBarChart as platformPercentageBarChart } from '../../platform/http/charts.ts';
import { labelledCountChart, percentageBarChart } from './charts.ts';

describe('training’s charts', () => {
  it('are drawn by the platform helper, keeping only training’s own labelled count chart', async () => {
    expect(percentageBarChart).toBe(platformPercentageBarChart);
    const chart = await labelledCountChart({
      id: 'c',
      label: 'Places',
      summary: 'Places by course',
      axisTitle: 'Places',
      categoryTitle: '',
      data: [{ label: 'Level 3', value: 12 }],
    });
    expect(chart.svg).toContain('font-family="arial, helvetica, sans-serif"');
    expect(chart.svg).toContain('>12<');
    const source = readFileSync(new URL('./charts.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/function (renderSvg|accessibleSvg)|const CONFIG/);
  });
});
