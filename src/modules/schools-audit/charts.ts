/**
 * The audit's own charts (two years side by side; schools' progress stacked). The drawing (fonts,
 * colours, the SVG made fit for the CSP and screen readers) is the platform's
 * (platform/http/charts.ts). The same figures draw the same SVG, so a drawn chart is kept (a few
 * dozen at most) and not drawn again.
 */
import type { TopLevelSpec } from 'vega-lite';
import { COLOURS, type Chart, accessibleSvg, renderSvg } from '../../platform/http/charts.ts';

/** The charts drawn lately, by their spec: the same figures are not drawn twice. */
const drawn = new Map<string, string>();
const DRAWN_KEPT = 50;

async function renderOnce(spec: TopLevelSpec): Promise<string> {
  const key = JSON.stringify(spec);
  const kept = drawn.get(key);
  if (kept !== undefined) return kept;
  const svg = await renderSvg(spec);
  if (drawn.size >= DRAWN_KEPT) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, svg);
  return svg;
}

/** Percentages (0–100) of two years side by side for each category, each bar labelled. */
export async function yearOnYearChart(options: {
  id: string;
  label: string;
  summary: string;
  axisTitle: string;
  data: { category: string; year: string; value: number }[];
  years: string[];
}): Promise<Chart> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 320,
    height: { step: 16 },
    data: {
      values: options.data.map((d) => ({ ...d, text: `${Math.round(d.value)}%` })),
    },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'year', type: 'nominal', sort: options.years },
      x: {
        field: 'value',
        type: 'quantitative',
        title: options.axisTitle,
        scale: { domain: [0, 100] },
        axis: { values: [0, 25, 50, 75, 100], labelExpr: "datum.value + '%'" },
      },
      color: {
        field: 'year',
        type: 'nominal',
        title: null,
        scale: { domain: options.years, range: [COLOURS.blue, COLOURS.grey] },
      },
    },
    layer: [
      { mark: { type: 'bar' } },
      {
        mark: { type: 'text', align: 'left', dx: 4, baseline: 'middle' },
        encoding: { text: { field: 'text', type: 'nominal' }, color: { value: COLOURS.text } },
      },
    ],
  };
  const svg = await renderOnce(spec);
  return {
    svg: accessibleSvg(svg, { id: options.id, label: options.label, description: options.summary }),
    label: options.label,
    summary: options.summary,
  };
}

/** Schools not started / in progress / submitted, stacked, for each category (phase or district). */
export async function progressChart(options: {
  id: string;
  label: string;
  summary: string;
  data: { category: string; series: string; value: number }[];
}): Promise<Chart> {
  const series = ['Submitted', 'In progress', 'Not started'];
  const colours = [COLOURS.green, COLOURS.blue, COLOURS.grey];
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 320,
    height: { step: 34 },
    data: { values: options.data.map((d) => ({ ...d, order: series.indexOf(d.series) })) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: null },
      x: {
        field: 'value',
        type: 'quantitative',
        title: 'Schools',
        stack: 'zero',
        axis: { tickMinStep: 1, format: 'd' },
      },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: colours } },
      order: { field: 'order', type: 'quantitative' },
    },
  };
  const svg = await renderOnce(spec);
  return {
    svg: accessibleSvg(svg, { id: options.id, label: options.label, description: options.summary }),
    label: options.label,
    summary: options.summary,
  };
}
