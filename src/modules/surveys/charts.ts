/**
 * A question's answers as a bar chart drawn on the server (SVG, no script in the browser), made
 * fit for the page's CSP and for screen readers the same way as the Encompass dashboard's: vega's
 * styles and ARIA markup removed, one role="img" with a name and a description. Every chart sits
 * beside a table of the same counts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { QuestionResult } from './tally.ts';

let engine: Promise<{ vega: typeof import('vega'); vegaLite: typeof import('vega-lite') }> | undefined;
const loadEngine = () => {
  engine ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({
    vega,
    vegaLite,
  }));
  return engine;
};

const escapeXml = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function accessibleSvg(svg: string, id: string, label: string, description: string): string {
  const cleaned = svg
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<title[\s\S]*?<\/title>/gi, '')
    .replace(/<desc[\s\S]*?<\/desc>/gi, '')
    .replace(/\s(?:style|role|aria-[a-z]+|on[a-z]+|tabindex|focusable)="[^"]*"/gi, '')
    .replace(/\sclass="marks"/, '');
  const open = /<svg\b[^>]*>/.exec(cleaned);
  if (!open) throw new Error('The chart did not render to SVG');
  const root = open[0].replace(
    /^<svg/,
    `<svg role="img" focusable="false" aria-label="${escapeXml(label)}" aria-describedby="${id}-desc" id="${id}"`,
  );
  const head = `<title>${escapeXml(label)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>`;
  return cleaned.slice(0, open.index) + root + head + cleaned.slice(open.index + open[0].length);
}

export interface QuestionChart {
  svg: string;
  summary: string;
}

/** A horizontal bar chart of a question's counts, or null for free text (listed instead) and unanswered questions. */
export async function questionChart(result: QuestionResult): Promise<QuestionChart | null> {
  if (result.question.kind === 'free_text' || result.answered === 0) return null;
  const { vega, vegaLite } = await loadEngine();
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
      { mark: { type: 'bar', color: '#1d70b8' } },
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
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {
    renderer: 'none',
    logLevel: vega.Error,
  });
  try {
    const most = [...result.rows].sort((a, b) => b.count - a.count)[0];
    const summary = `${result.answered} answered. The most given answer was “${most?.label}” (${most?.count}, ${most?.percent}%).`;
    const svg = accessibleSvg(
      await view.toSVG(),
      `chart-q${result.question.id}`,
      `Bar chart: answers to question ${result.question.position}`,
      summary,
    );
    return { svg, summary };
  } finally {
    view.finalize();
  }
}
