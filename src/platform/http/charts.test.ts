import { describe, expect, it } from 'vitest';
import { drawSvg, percentageBarChart, renderSvg } from './charts.ts';

const spec = (values: { category: string; value: number }[]) =>
  ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 200,
    height: { step: 20 },
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null },
      x: { field: 'value', type: 'quantitative' },
    },
  }) as const;

describe('renderSvg keeps what it has drawn', () => {
  it('draws a spec once: the same spec over the same figures gets the very same drawing', async () => {
    const figures = [
      { category: 'Primary', value: 12 },
      { category: 'Secondary', value: 30 },
    ];
    const first = renderSvg(spec(figures));
    const again = renderSvg(spec(structuredClone(figures))); // equal, not the same object
    expect(again).toBe(first);
    expect(await again).toBe(await first);
  });

  it('is byte for byte what drawing afresh gives', async () => {
    const figures = [
      { category: 'Early help', value: 7 },
      { category: 'Section 47', value: 3 },
    ];
    const kept = await renderSvg(spec(figures));
    expect(await renderSvg(spec(figures))).toBe(kept);
    expect(await drawSvg(spec(figures))).toBe(kept);
  });

  it('draws again when a figure changes', async () => {
    const before = await renderSvg(spec([{ category: 'Police', value: 4 }]));
    const after = await renderSvg(spec([{ category: 'Police', value: 5 }]));
    expect(after).not.toBe(before);
    expect(after).toBe(await drawSvg(spec([{ category: 'Police', value: 5 }])));
  });

  it('keeps values JSON would blur apart (NaN and null, a Date and its ISO string)', () => {
    const withNaN = renderSvg(spec([{ category: 'A', value: Number.NaN }]));
    const withNull = renderSvg(spec([{ category: 'A', value: null as unknown as number }]));
    expect(withNaN).not.toBe(withNull);
    const at = new Date('2026-12-07T00:00:00Z');
    const asDate = renderSvg(spec([{ category: at as unknown as string, value: 1 }]));
    const asText = renderSvg(spec([{ category: at.toISOString(), value: 1 }]));
    expect(asDate).not.toBe(asText);
    return Promise.all([withNaN, withNull, asDate, asText]);
  });

  it('gives a finished chart the same accessible SVG on every view', async () => {
    const options = {
      id: 'on-time',
      label: 'Bar chart: notices acknowledged on time',
      summary: 'Most notices were acknowledged on time.',
      axisTitle: 'Percentage',
      categoryTitle: 'Phase',
      data: [
        { label: 'Primary', value: 92 },
        { label: 'Secondary', value: 81 },
      ],
    };
    const first = await percentageBarChart(options);
    const second = await percentageBarChart(structuredClone(options));
    expect(second).toEqual(first);
    expect(first.svg).toContain('role="img"');
  });
});
