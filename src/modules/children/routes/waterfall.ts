/**
 * Why the engine weighs a pair as it does, as a chart: the pair page and the find page draw it
 * with the same macro (views/waterfall.njk). The chart is drawn by the platform's chart helper
 * (platform/http/charts.ts), so its labels are in the page's typeface, in a column wide enough
 * for the longest (the prior's), and never under a bar.
 */
import type { TopLevelSpec } from 'vega-lite';
import { accessibleSvg, renderSvg } from '../../../platform/http/charts.ts';
import type { StoredExplanation } from '../service.ts';

/** Green for weight towards one child, red against (GOV.UK colours). */
const FOR = '#00703c';
const AGAINST = '#d4351c';

/**
 * A label in lines of about `width` characters, joined by '|' for the axis to split: the chart has
 * no canvas to measure text, so vega estimates widths generously and would cut a long label short.
 */
export function wrapLabel(label: string, width = 26): string {
  const lines: string[] = [];
  for (const word of label.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('|');
}

/** The waterfall drawn as an SVG, with its rows for the table beside it. */
export async function waterfallChart(explanation: StoredExplanation, id: string) {
  const chart = waterfall(explanation);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 320,
    height: { step: 46 },
    data: {
      values: chart.steps.map((s, i) => ({
        order: i,
        label: wrapLabel(s.label),
        from: s.from,
        to: s.to,
        direction: s.direction,
      })),
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: {
            field: 'label',
            type: 'nominal',
            sort: { field: 'order' },
            title: null,
            axis: { labelExpr: "split(datum.value, '|')", labelLimit: 0, labelPadding: 8 },
          },
          x: { field: 'from', type: 'quantitative', title: 'Match weight' },
          x2: { field: 'to' },
          color: {
            field: 'direction',
            type: 'nominal',
            scale: { domain: ['for', 'against'], range: [FOR, AGAINST] },
            legend: null,
          },
        },
      },
      { mark: { type: 'rule', color: '#505a5f' }, encoding: { x: { datum: 0 } } },
    ],
  };
  const svg = accessibleSvg(await renderSvg(spec), {
    id: `${id}-chart`,
    label: 'Waterfall chart: how the match weight adds up',
    description: `From the prior to the total match weight of ${chart.total.toFixed(1)}: green bars add weight for one child, red bars weigh against.`,
  });
  return { ...chart, svg };
}

/** The waterfall as rows: where each comparison takes the weight, from the prior to the total. */
export function waterfall(explanation: StoredExplanation) {
  let running = explanation.priorWeight;
  const steps = [
    {
      label: 'Prior: how likely any two records are one child',
      level: '',
      weight: explanation.priorWeight,
      from: 0,
      to: running,
    },
  ];
  for (const c of explanation.contributions) {
    const from = running;
    running += c.weight;
    steps.push({ label: c.label, level: c.levelLabel, weight: c.weight, from, to: running });
  }
  const values = steps.flatMap((s) => [s.from, s.to]);
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values);
  const span = max - min || 1;
  // Bars as percentages of the track, for a chart drawn with CSS (it needs no script).
  return {
    total: explanation.weight,
    probability: explanation.probability,
    steps: steps.map((s) => ({
      ...s,
      left: ((Math.min(s.from, s.to) - min) / span) * 100,
      width: Math.max((Math.abs(s.to - s.from) / span) * 100, 0.5),
      direction: s.weight >= 0 ? 'for' : 'against',
    })),
    zero: ((0 - min) / span) * 100,
  };
}
