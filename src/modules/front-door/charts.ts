/**
 * The dashboard's charts, drawn on the server: a vega-lite spec rendered to an SVG string (no
 * script in the browser), made fit for the page's CSP and for screen readers (no style
 * attributes, one `role="img"` with a name and a description). Each sits beside a table of the
 * same figures. The same approach as Operation Encompass's dashboard.
 */
import type { TopLevelSpec } from 'vega-lite';

const BLUE = '#1d70b8';
const TEXT = '#0b0c0c';

export interface Chart {
  svg: string;
  label: string;
  summary: string;
}

const CONFIG = {
  font: 'arial, helvetica, sans-serif',
  background: 'white',
  view: { stroke: null },
  axis: {
    labelFontSize: 16,
    titleFontSize: 16,
    labelColor: TEXT,
    titleColor: TEXT,
    domainColor: TEXT,
    tickColor: TEXT,
    gridColor: '#e5e6e7',
    labelLimit: 400,
  },
  text: { fontSize: 16, color: TEXT },
} as const;

// vega and vega-lite are large: loaded with the first chart, not when the service starts.
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

async function render(spec: TopLevelSpec, id: string, label: string, summary: string): Promise<Chart> {
  const { vega, vegaLite } = await loadEngine();
  const compiled = vegaLite.compile({ ...spec, config: CONFIG } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return { svg: accessibleSvg(await view.toSVG(), id, label, summary), label, summary };
  } finally {
    view.finalize();
  }
}

/** Horizontal bars of percentages (0–100), each labelled with its value. */
export function percentageBars(options: {
  id: string;
  label: string;
  summary: string;
  axisTitle: string;
  data: { label: string; value: number }[];
}) {
  return render(
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 320,
      height: { step: 34 },
      data: {
        values: options.data.map((d) => ({
          category: d.label,
          value: d.value,
          text: `${Math.round(d.value)}%`,
        })),
      },
      encoding: {
        y: { field: 'category', type: 'nominal', sort: null, title: null },
        x: {
          field: 'value',
          type: 'quantitative',
          title: options.axisTitle,
          scale: { domain: [0, 100] },
          axis: { values: [0, 25, 50, 75, 100], labelExpr: "datum.value + '%'" },
        },
      },
      layer: [
        { mark: { type: 'bar', color: BLUE } },
        {
          mark: { type: 'text', align: 'left', dx: 4, baseline: 'middle' },
          encoding: { text: { field: 'text', type: 'nominal' } },
        },
      ],
    },
    options.id,
    options.label,
    options.summary,
  );
}

/** Vertical bars of counts over time. */
export function countBars(options: {
  id: string;
  label: string;
  summary: string;
  axisTitle: string;
  categoryTitle: string;
  data: { label: string; value: number }[];
}) {
  return render(
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: Math.max(160, Math.min(480, options.data.length * 40)),
      height: 220,
      data: { values: options.data.map((d) => ({ category: d.label, value: d.value })) },
      mark: { type: 'bar', color: BLUE },
      encoding: {
        x: {
          field: 'category',
          type: 'ordinal',
          sort: null,
          title: options.categoryTitle,
          axis: { labelAngle: -45 },
        },
        y: {
          field: 'value',
          type: 'quantitative',
          title: options.axisTitle,
          axis: { tickMinStep: 1, format: 'd' },
        },
      },
    },
    options.id,
    options.label,
    options.summary,
  );
}
