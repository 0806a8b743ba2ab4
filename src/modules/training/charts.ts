/**
 * Training's own chart: counts as horizontal bars, each labelled with its value. The drawing
 * (fonts, colours, the SVG made fit for the CSP and screen readers) and the percentage chart are
 * the platform's (platform/http/charts.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import { type BarDatum, COLOURS, type Chart, accessibleSvg, renderSvg } from '../../platform/http/charts.ts';

export { percentageBarChart } from '../../platform/http/charts.ts';

/** A horizontal bar chart of counts, each bar labelled with its value. */
export async function labelledCountChart(options: {
  id: string;
  label: string;
  summary: string;
  axisTitle: string;
  categoryTitle: string;
  data: BarDatum[];
}): Promise<Chart> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 320,
    height: { step: 34 },
    data: { values: options.data.map((d) => ({ category: d.label, value: d.value, text: String(d.value) })) },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: options.categoryTitle || null },
      x: {
        field: 'value',
        type: 'quantitative',
        title: options.axisTitle,
        axis: { tickMinStep: 1, format: 'd' },
      },
    },
    layer: [
      { mark: { type: 'bar', color: COLOURS.blue } },
      {
        mark: { type: 'text', align: 'left', dx: 4, baseline: 'middle' },
        encoding: { text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
  const svg = await renderSvg(spec);
  return {
    svg: accessibleSvg(svg, { id: options.id, label: options.label, description: options.summary }),
    label: options.label,
    summary: options.summary,
  };
}
