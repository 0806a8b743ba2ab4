/**
 * A question's answers as a bar chart drawn on the server (SVG, no script in the browser), made
 * fit for the page's CSP and for screen readers by the platform's chart helper. Every chart sits
 * beside a table of the same counts.
 */
import type { TopLevelSpec } from 'vega-lite';
import { COLOURS, accessibleSvg, renderSvg } from '../../platform/http/charts.ts';
import type { QuestionResult } from './tally.ts';

export interface QuestionChart {
  svg: string;
  summary: string;
}

/** A horizontal bar chart of a question's counts, or null for free text (listed instead) and unanswered questions. */
export async function questionChart(result: QuestionResult): Promise<QuestionChart | null> {
  if (result.question.kind === 'free_text' || result.answered === 0) return null;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 280,
    height: { step: 30 },
    data: { values: result.rows.map((r) => ({ answer: r.label, count: r.count })) },
    encoding: {
      y: { field: 'answer', type: 'nominal', sort: null, title: null },
      x: { field: 'count', type: 'quantitative', title: 'Returns', axis: { tickMinStep: 1, format: 'd' } },
    },
    layer: [
      { mark: { type: 'bar', color: COLOURS.blue } },
      {
        mark: { type: 'text', align: 'left', dx: 4, baseline: 'middle' },
        encoding: { text: { field: 'count', type: 'quantitative' } },
      },
    ],
    config: {
      font: 'arial, helvetica, sans-serif',
      background: 'white',
      view: { stroke: null },
      axis: {
        labelFontSize: 14,
        titleFontSize: 14,
        labelColor: '#0b0c0c',
        titleColor: '#0b0c0c',
        labelLimit: 220,
      },
      text: { fontSize: 14, color: '#0b0c0c' },
    },
  };
  const most = [...result.rows].sort((a, b) => b.count - a.count)[0];
  const summary = `${result.answered} answered. The most given answer was “${most?.label}” (${most?.count}, ${most?.percent}%).`;
  const svg = accessibleSvg(await renderSvg(spec), {
    id: `chart-q${result.question.id}`,
    label: `Bar chart: answers to question ${result.question.position}`,
    description: summary,
  });
  return { svg, summary };
}
