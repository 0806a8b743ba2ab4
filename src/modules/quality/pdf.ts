/**
 * A learning briefing as a PDF (pdf-lib, A4, Helvetica): title, version and date, the audits it
 * draws on, the summary and the key messages. Text is wrapped to the page; characters the
 * standard font cannot draw are replaced, never dropped silently.
 */

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

/** What WinAnsi (the standard fonts' encoding) can draw: Latin-1 and the usual typographic marks. */
const drawable = (text: string) => text.replace(/[^\n\x20-\x7e\xa0-\xff‘’“”–—•…€]/g, '?');

export interface BriefingForPdf {
  title: string;
  version: number;
  publishedOn: string | null;
  summary: string;
  keyMessages: string[];
  audits: string[];
}

export async function briefingPdf(briefing: BriefingForPdf): Promise<Uint8Array> {
  // Loaded on first use (pdf-lib is some 170 modules with its fonts).
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(drawable(briefing.title));
  pdf.setSubject('Learning briefing from multi-agency audits');
  pdf.setProducer('Safeguarding Hub');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const width = A4[0] - 2 * MARGIN;

  const write = (
    text: string,
    options: { size?: number; font?: typeof regular; gap?: number; indent?: number } = {},
  ) => {
    const size = options.size ?? 11;
    const font = options.font ?? regular;
    const indent = options.indent ?? 0;
    for (const paragraph of drawable(text).split('\n')) {
      const words = paragraph.split(/\s+/).filter(Boolean);
      let line = '';
      const lines: string[] = [];
      for (const word of words) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) > width - indent && line) {
          lines.push(line);
          line = word;
        } else line = next;
      }
      if (line) lines.push(line);
      for (const l of lines) {
        if (y < MARGIN + size) {
          page = pdf.addPage(A4);
          y = A4[1] - MARGIN;
        }
        page.drawText(l, { x: MARGIN + indent, y: y - size, size, font, color: rgb(0.04, 0.05, 0.05) });
        y -= size * 1.35;
      }
    }
    y -= options.gap ?? 6;
  };

  write('Learning briefing', { size: 12, font: bold, gap: 2 });
  write(briefing.title, { size: 20, font: bold, gap: 8 });
  write(
    `Version ${briefing.version}${briefing.publishedOn ? `, published ${briefing.publishedOn}` : ' (draft)'}`,
    { size: 10, gap: 12 },
  );
  write('What we looked at and found', { size: 14, font: bold });
  write(briefing.summary, { gap: 12 });
  write('Key messages', { size: 14, font: bold });
  for (const message of briefing.keyMessages) write(`•  ${message}`, { indent: 8 });
  y -= 6;
  write('The audits it draws on', { size: 14, font: bold });
  for (const audit of briefing.audits) write(`•  ${audit}`, { indent: 8 });
  return pdf.save();
}
