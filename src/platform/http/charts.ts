/**
 * Charts drawn on the server: a vega-lite spec compiled to Vega and rendered to an SVG string
 * (no canvas, no script in the browser). The SVG is made fit for the page's CSP and for screen
 * readers: no style attributes or elements (style-src is 'self'), vega's own ARIA markup removed
 * and replaced by one `role="img"` with an accessible name and a description. Every chart sits
 * beside a table of the same figures and a sentence that says what it shows.
 */
import type { TopLevelSpec } from 'vega-lite';

/** GOV.UK Design System colours: blue, green and mid-grey, with black text. */
export const COLOURS = {
  blue: '#1d70b8',
  green: '#00703c',
  grey: '#b1b4b6',
  text: '#0b0c0c',
  rule: '#b1b4b6',
} as const;

export interface Chart {
  /** The SVG, safe to embed inline. */
  svg: string;
  /** Its accessible name, e.g. "Bar chart: percentage of notices acknowledged on time, by phase". */
  label: string;
  /** What it shows, in words: also printed beside it. */
  summary: string;
}

const CONFIG = {
  font: 'arial, helvetica, sans-serif',
  background: 'white',
  view: { stroke: null },
  axis: {
    labelFontSize: 16,
    titleFontSize: 16,
    labelColor: COLOURS.text,
    titleColor: COLOURS.text,
    domainColor: COLOURS.text,
    tickColor: COLOURS.text,
    gridColor: '#e5e6e7',
    labelLimit: 400,
  },
  legend: {
    labelFontSize: 16,
    titleFontSize: 16,
    labelColor: COLOURS.text,
    titleColor: COLOURS.text,
    orient: 'bottom',
  },
  bar: { color: COLOURS.blue },
  text: { fontSize: 16, color: COLOURS.text },
} as const;

/**
 * Charts are drawn on a thread of their own (chart-worker.mjs), started with the first chart and
 * stopped after five idle minutes: drawing one takes 50–150 ms of CPU (vega-lite's compiler and
 * vega's scenegraph), and on the server's thread every other request waited behind it (the
 * longest stalls of the mixed load were dashboards' charts). One thread: charts wait for each
 * other, never for the pages.
 */
const CHART_WORKER = new URL('./chart-worker.mjs', import.meta.url);
let chartThread: Promise<import('piscina').Piscina> | undefined;
function chartPool() {
  chartThread ??= import('piscina').then(
    ({ Piscina }) =>
      new Piscina({ filename: CHART_WORKER.href, minThreads: 0, maxThreads: 1, idleTimeout: 5 * 60_000 }),
  );
  return chartThread;
}

const withConfig = (spec: TopLevelSpec) => ({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } });

const escapeXml = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * Makes vega's SVG fit to embed: no style attributes or elements, no nested ARIA roles or
 * labels (the whole chart is one image, described by its title and description), and the root
 * given `role="img"`, an `aria-label`, a `<title>` and a `<desc>`.
 */
export function accessibleSvg(
  svg: string,
  options: { id: string; label: string; description: string },
): string {
  const id = options.id.replace(/[^A-Za-z0-9_-]/g, '-');
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
    `<svg role="img" focusable="false" aria-label="${escapeXml(options.label)}" aria-describedby="${id}-desc" id="${id}"`,
  );
  const head = `<title>${escapeXml(options.label)}</title><desc id="${id}-desc">${escapeXml(options.description)}</desc>`;
  return cleaned.slice(0, open.index) + root + head + cleaned.slice(open.index + open[0].length);
}

/** Rendered charts kept, most recently used last: a dashboard's charts change only with its figures. */
const RENDERED_LIMIT = 200;
const rendered = new Map<string, Promise<string>>();

/**
 * The cache key: the whole spec with its data, as JSON. Values JSON would blur (a Date and its
 * ISO string, NaN and null, undefined and a missing field) are written distinctly so that two
 * specs vega could draw differently never share a key.
 */
function specKey(spec: TopLevelSpec): string {
  return JSON.stringify(spec, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    if (original instanceof Date) return { $date: original.getTime() };
    if (typeof original === 'number' && !Number.isFinite(original)) return { $number: String(original) };
    if (original === undefined && key !== '') return { $undefined: true };
    if (typeof original === 'function' || typeof original === 'bigint' || typeof original === 'symbol') {
      throw new TypeError('A chart spec holds only data');
    }
    return value;
  });
}

/**
 * Renders a vega-lite spec to an SVG string without a canvas. The same spec over the same figures
 * renders the same SVG, so it is drawn once and kept (bounded, least recently used dropped):
 * drawing takes tens of milliseconds of the chart thread's CPU, which the pages share.
 */
export function renderSvg(spec: TopLevelSpec): Promise<string> {
  let key: string | undefined;
  try {
    key = specKey(spec);
  } catch {
    // Not plain data (it cannot be sent to the chart thread either): drawn here, each time.
    // By its URL, so that npm start's bundle does not take the worker (and vega) in at start.
    return (import(CHART_WORKER.href) as Promise<typeof import('./chart-worker.mjs')>).then(
      ({ default: drawChart }) => drawChart(withConfig(spec)),
    );
  }
  const known = rendered.get(key);
  if (known) {
    rendered.delete(key); // most recently used goes last
    rendered.set(key, known);
    return known;
  }
  const drawing = drawSvg(spec);
  rendered.set(key, drawing);
  if (rendered.size > RENDERED_LIMIT) rendered.delete(rendered.keys().next().value!);
  // A failed drawing is not kept: the next view tries again.
  drawing.catch(() => {
    if (rendered.get(key) === drawing) rendered.delete(key);
  });
  return drawing;
}

/** Draws the chart afresh on the chart thread, never from the kept ones (tests compare the two). */
export async function drawSvg(spec: TopLevelSpec): Promise<string> {
  return (await chartPool()).run(withConfig(spec)) as Promise<string>;
}

export interface BarDatum {
  label: string;
  value: number;
}

/** A horizontal bar chart of percentages (0–100), each bar labelled with its value. */
export async function percentageBarChart(options: {
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
    data: {
      values: options.data.map((d) => ({
        category: d.label,
        value: d.value,
        text: `${Math.round(d.value)}%`,
      })),
    },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: options.categoryTitle || null },
      x: {
        field: 'value',
        type: 'quantitative',
        title: options.axisTitle,
        scale: { domain: [0, 100] },
        axis: { values: [0, 25, 50, 75, 100], labelExpr: "datum.value + '%'" },
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

/** A horizontal bar chart of counts, each bar labelled with its value (long category names stay readable). */
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

/** A vertical bar chart of counts over time (e.g. notices per week). */
export async function countBarChart(options: {
  id: string;
  label: string;
  summary: string;
  axisTitle: string;
  categoryTitle: string;
  data: BarDatum[];
}): Promise<Chart> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: Math.max(160, Math.min(480, options.data.length * 40)),
    height: 220,
    data: { values: options.data.map((d) => ({ category: d.label, value: d.value })) },
    mark: { type: 'bar', color: COLOURS.blue },
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
  };
  const svg = await renderSvg(spec);
  return {
    svg: accessibleSvg(svg, { id: options.id, label: options.label, description: options.summary }),
    label: options.label,
    summary: options.summary,
  };
}

export interface StackedDatum {
  category: string;
  series: string;
  value: number;
}

/** A horizontal stacked bar chart (e.g. settings joined / in training / not joined, by phase). */
export async function stackedBarChart(options: {
  id: string;
  label: string;
  summary: string;
  axisTitle: string;
  categoryTitle: string;
  series: { name: string; colour: string }[];
  data: StackedDatum[];
}): Promise<Chart> {
  const order = Object.fromEntries(options.series.map((s, i) => [s.name, i]));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 320,
    height: { step: 34 },
    data: { values: options.data.map((d) => ({ ...d, order: order[d.series] ?? 0 })) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: options.categoryTitle || null },
      x: {
        field: 'value',
        type: 'quantitative',
        title: options.axisTitle,
        stack: 'zero',
        axis: { tickMinStep: 1, format: 'd' },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: options.series.map((s) => s.name), range: options.series.map((s) => s.colour) },
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
  const svg = await renderSvg(spec);
  return {
    svg: accessibleSvg(svg, { id: options.id, label: options.label, description: options.summary }),
    label: options.label,
    summary: options.summary,
  };
}
