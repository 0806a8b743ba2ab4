/**
 * A KPI's chart: horizontal bars for this period, the previous one and the comparators, drawn as
 * SVG on the server (no script, no inline style, so the page's CSP holds). The bars are drawn here
 * (a bar may have no value, and each is labelled as the table shows it); the platform's chart
 * helper (src/platform/http/charts.ts) makes it one image with an accessible name and description,
 * in its colours. The same figures are in the table beside it.
 */
import { COLOURS, accessibleSvg } from '../../platform/http/charts.ts';

/** Text inside the SVG: only what XML needs escaped (accessibleSvg escapes its own attributes). */
const escapeText = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface Bar {
  label: string;
  value: number | null;
  /** The value as the table shows it. */
  text: string;
}

/** This period blue, the previous one grey, comparators green. */
const BAR_COLOURS = [COLOURS.blue, COLOURS.grey, COLOURS.green, COLOURS.green, COLOURS.green];

export function kpiChart(id: string, title: string, bars: Bar[]): string {
  const width = 520;
  const labelWidth = 190;
  const barArea = width - labelWidth - 90;
  const row = 34;
  const height = bars.length * row + 8;
  const max = Math.max(...bars.map((b) => b.value ?? 0), 0) || 1;
  const text = (x: number, y: number, anchor: string, value: string) =>
    `<text x="${x}" y="${y}"${anchor} font-family="arial, sans-serif" font-size="16" fill="${COLOURS.text}">${escapeText(value)}</text>`;
  const rows = bars
    .map((b, i) => {
      const y = i * row + 4;
      const w = b.value === null ? 0 : Math.max(1, Math.round((b.value / max) * barArea));
      return (
        text(labelWidth - 8, y + 21, ' text-anchor="end"', b.label) +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="24" fill="${BAR_COLOURS[i] ?? COLOURS.blue}"/>` +
        text(labelWidth + w + 6, y + 21, '', b.text)
      );
    })
    .join('');
  return accessibleSvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows}</svg>`,
    {
      id: `chart-${id}`,
      label: `Bar chart: ${title}`,
      description: bars.map((b) => `${b.label}: ${b.text}`).join('; '),
    },
  );
}
