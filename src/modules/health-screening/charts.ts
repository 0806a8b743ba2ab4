/**
 * The profile's chart: the platform's server-side SVG chart (src/platform/http/charts.ts: one
 * role="img" with a title and a description, fit for the page's CSP), with the same figures in a
 * table beside it. Only the chart's own spec lives here.
 */
import type { TopLevelSpec } from 'vega-lite';
import { COLOURS, accessibleSvg, renderSvg } from '../../platform/http/charts.ts';

/** Flagged and not flagged attendances by month, stacked. */
export async function monthlyChart(
  months: readonly { label: string; flagged: number; notFlagged: number }[],
  description: string,
): Promise<{ svg: string; label: string }> {
  const label = 'Bar chart: A&E attendances of children screened each month, flagged and not flagged';
  const values = months.flatMap((m) => [
    { month: m.label, series: 'Flagged', value: m.flagged, order: 0 },
    { month: m.label, series: 'Not flagged', value: m.notFlagged, order: 1 },
  ]);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: Math.max(200, Math.min(560, months.length * 44)),
    height: 240,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: null, title: 'Month', axis: { labelAngle: -45 } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: 'Attendances',
        stack: 'zero',
        axis: { format: 'd', tickMinStep: 1 },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: ['Flagged', 'Not flagged'], range: [COLOURS.blue, COLOURS.grey] },
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
  const svg = accessibleSvg(await renderSvg(spec), { id: 'wren-monthly', label, description });
  return { svg, label };
}
