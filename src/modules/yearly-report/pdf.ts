/**
 * The PDF of a published yearly report, printed by Chromium (Debian's package, driven by
 * playwright-core, as the browser tests do): a contents page, every section with its figures and
 * sources, the narrative, and page numbers in the footer. Where Chromium is not installed the
 * caller is told so plainly (ChromiumMissing) instead of crashing.
 */
import { existsSync } from 'node:fs';
import { londonDate } from '../../platform/calendar/index.ts';
import { type Figure, figureIndex, formatValue, narrativeHtml } from './figures.ts';
import { PARTNERS } from './schema.ts';
import type { SectionExtras } from './section-charts.ts';
import type { FrozenVersion } from './service.ts';

export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? process.env.E2E_CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-sync',
];

export class ChromiumMissing extends Error {
  constructor() {
    super(`The PDF cannot be made: Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium)`);
  }
}

export const chromiumInstalled = () => existsSync(CHROMIUM_PATH);

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const longDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));

/** A section's charts (each with its table), strengths, areas of focus and quotes, for print. */
function extrasHtml(x: SectionExtras | undefined): string {
  if (!x) return '';
  const charts = x.charts
    .map(
      (c) => `<figure class="chart"><h3>${esc(c.chart.title)}</h3>${c.drawn.svg}
<figcaption>${esc(c.drawn.summary)} Source: ${esc(c.chart.source)}.</figcaption>
<table><thead><tr><th scope="col">${esc(c.chart.categoryTitle)}</th><th scope="col">${esc(c.chart.axisTitle)}</th></tr></thead>
<tbody>${c.chart.rows.map((r) => `<tr><th scope="row">${esc(r.label)}</th><td class="num">${esc(r.value.toLocaleString('en-GB'))}${c.suffix}</td></tr>`).join('')}</tbody></table></figure>`,
    )
    .join('');
  const notes = (title: string, list: SectionExtras['strengths']) =>
    list.length
      ? `<h3>${title}</h3><ul>${list.map((n) => `<li><strong>${esc(n.about)}:</strong> ${esc(n.text)}</li>`).join('')}</ul>`
      : '';
  const quotes = x.quotes.length
    ? `<h3>In their words</h3>${x.quotes.map((q) => `<blockquote><p>“${esc(q.text)}”</p><p class="who">${esc(q.who)}</p></blockquote>`).join('')}`
    : '';
  return charts + notes('Strengths', x.strengths) + notes('Areas of focus', x.focus) + quotes;
}

/** The printable document: plain HTML and CSS of its own (no scripts), links to how each figure was counted. */
export function printableHtml(
  v: FrozenVersion,
  baseUrl: string,
  extras: readonly SectionExtras[] = [],
): string {
  const figures = figureIndex(v.sections);
  const href = (key: string) => `${baseUrl}/reports/yearly/${v.id}/figures/${encodeURIComponent(key)}`;
  const row = (f: Figure) =>
    `<tr><th scope="row">${esc(f.label)}</th><td class="num"><a href="${esc(href(f.key))}">${esc(formatValue(f.value))}</a></td><td>${esc(f.source)}</td></tr>`;
  const sections = v.sections
    .map(
      (s, i) => `<section class="section" id="section-${i + 1}"><h2>${i + 1}. ${esc(s.title)}</h2>
<table><caption>${esc(s.title)}: figures for ${esc(longDate(v.periodFrom))} to ${esc(longDate(v.periodTo))}</caption>
<thead><tr><th scope="col">Figure</th><th scope="col">Value</th><th scope="col">Source</th></tr></thead>
<tbody>${s.figures.map(row).join('')}</tbody></table>${extrasHtml(extras[i])}</section>`,
    )
    .join('\n');
  const contents = [
    '<li><a href="#narrative">The partners’ report</a></li>',
    ...v.sections.map((s, i) => `<li><a href="#section-${i + 1}">${i + 1}. ${esc(s.title)}</a></li>`),
    '<li><a href="#sign-off">Sign-off and checksum</a></li>',
  ].join('');
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(v.title)}</title>
<style>
body{font-family:Arial,sans-serif;font-size:11pt;color:#0b0c0c;margin:0}
h1{font-size:24pt;margin:0 0 8pt}h2{font-size:16pt;margin:18pt 0 6pt}h3{font-size:13pt}
a{color:#1d70b8}.contents{page-break-after:always}.section{page-break-inside:auto}
table{border-collapse:collapse;width:100%;margin-bottom:12pt}caption{text-align:left;font-weight:bold;padding:4pt 0}
th,td{border-bottom:1px solid #b1b4b6;padding:4pt;text-align:left;vertical-align:top}td.num{text-align:right;white-space:nowrap}
tr{page-break-inside:avoid}
figure.chart{margin:0 0 12pt;page-break-inside:avoid}figure.chart svg{max-width:100%;height:auto}figcaption{font-size:10pt}
blockquote{margin:6pt 0;padding:4pt 10pt;border-left:6px solid #b1b4b6;page-break-inside:avoid}blockquote p{margin:2pt 0}.who{font-size:10pt}
</style></head><body>
<div class="contents"><h1>${esc(v.title)}</h1>
<p>The safeguarding partners’ yearly report for ${esc(longDate(v.periodFrom))} to ${esc(longDate(v.periodTo))}. Version ${v.version}, published ${esc(longDate(londonDate(new Date(v.publishedAt))))}.</p>
<h2>Contents</h2><ol class="toc">${contents}</ol></div>
<section id="narrative"><h2>The partners’ report</h2>${narrativeHtml(v.narrative, figures, href) || '<p>No narrative was written.</p>'}</section>
${sections}
<section id="sign-off"><h2>Sign-off and checksum</h2><ul>${v.approvals
    .map(
      (a) =>
        `<li>${esc(PARTNERS[a.partner])}: ${esc(a.name)}, ${esc(longDate(londonDate(new Date(a.approvedAt))))}</li>`,
    )
    .join('')}</ul><p>SHA-256 of the data: <code>${esc(v.checksum)}</code></p></section>
</body></html>`;
}

/** Prints the document to PDF bytes with page numbers in the footer. */
export async function printPdf(html: string): Promise<Buffer> {
  if (!chromiumInstalled()) throw new ChromiumMissing();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      // Bookmarks from the headings (the PDF's own contents) and tags for screen readers.
      outline: true,
      tagged: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:9pt;width:100%;text-align:center;font-family:Arial,sans-serif">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
      margin: { top: '18mm', bottom: '20mm', left: '16mm', right: '16mm' },
    });
  } finally {
    await browser.close();
  }
}

/** The titles of a PDF's bookmarks (its outline), top level and nested, in order. */
export async function pdfOutlineTitles(bytes: Uint8Array): Promise<string[]> {
  const { PDFDocument, PDFDict, PDFName, PDFString, PDFHexString } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes);
  const titles: string[] = [];
  const walk = (item: unknown) => {
    let node = item instanceof PDFDict ? item : undefined;
    while (node) {
      const title = node.lookup(PDFName.of('Title'));
      if (title instanceof PDFString || title instanceof PDFHexString) titles.push(title.decodeText());
      walk(node.lookup(PDFName.of('First')));
      const next = node.lookup(PDFName.of('Next'));
      node = next instanceof PDFDict ? next : undefined;
    }
  };
  const outlines = doc.catalog.lookup(PDFName.of('Outlines'));
  if (outlines instanceof PDFDict) walk(outlines.lookup(PDFName.of('First')));
  return titles;
}
