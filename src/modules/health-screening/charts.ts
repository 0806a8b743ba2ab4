/**
 * The profile's chart, drawn on the server as an SVG (vega-lite, no script in the browser),
 * made fit for the page's CSP and for screen readers as Operation Encompass's dashboard does:
 * one role="img" with a title and a description, the same figures in a table beside it.
 */
import type { TopLevelSpec } from 'vega-lite';

let engine: Promise<{ vega: typeof import('vega'); vegaLite: typeof import('vega-lite') }> | undefined;
const loadEngine = () => {
  engine ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({
    vega,
    vegaLite,
  }));
  return engine;
};

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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
        scale: { domain: ['Flagged', 'Not flagged'], range: ['#1d70b8', '#b1b4b6'] },
      },
      order: { field: 'order', type: 'quantitative' },
    },
    config: {
      font: 'arial, sans-serif',
      background: 'white',
      view: { stroke: null },
      axis: { labelFontSize: 14, titleFontSize: 16, labelColor: '#0b0c0c', titleColor: '#0b0c0c' },
      legend: { labelFontSize: 16, orient: 'bottom', labelColor: '#0b0c0c' },
    },
  };
  const { vega, vegaLite } = await loadEngine();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {
    renderer: 'none',
    logLevel: vega.Error,
  });
  try {
    return { svg: accessibleSvg(await view.toSVG(), 'wren-monthly', label, description), label };
  } finally {
    view.finalize();
  }
}
