/**
 * A KPI's chart: horizontal bars for this period, the previous one and the comparators, drawn as
 * SVG on the server (no script, no inline style, so the page's CSP holds). One image with an
 * accessible name and description; the same figures are in the table beside it.
 */

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Bar {
  label: string;
  value: number | null;
  /** The value as the table shows it. */
  text: string;
}

const COLOURS = ['#1d70b8', '#b1b4b6', '#00703c', '#00703c', '#00703c'];

export function kpiChart(id: string, title: string, bars: Bar[]): string {
  const width = 520;
  const labelWidth = 190;
  const barArea = width - labelWidth - 90;
  const row = 34;
  const height = bars.length * row + 8;
  const max = Math.max(...bars.map((b) => b.value ?? 0), 0) || 1;
  const safeId = `chart-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const description = bars.map((b) => `${b.label}: ${b.text}`).join('; ');
  const rows = bars
    .map((b, i) => {
      const y = i * row + 4;
      const w = b.value === null ? 0 : Math.max(1, Math.round((b.value / max) * barArea));
      return (
        `<text x="${labelWidth - 8}" y="${y + 21}" text-anchor="end" font-family="arial, sans-serif" font-size="16" fill="#0b0c0c">${escapeXml(b.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="24" fill="${COLOURS[i] ?? '#1d70b8'}"/>` +
        `<text x="${labelWidth + w + 6}" y="${y + 21}" font-family="arial, sans-serif" font-size="16" fill="#0b0c0c">${escapeXml(b.text)}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" focusable="false" id="${safeId}" aria-label="${escapeXml(`Bar chart: ${title}`)}" aria-describedby="${safeId}-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<title>${escapeXml(`Bar chart: ${title}`)}</title><desc id="${safeId}-desc">${escapeXml(description)}</desc>${rows}</svg>`
  );
}
