/** The certificate of attendance, as a PDF (pdf-lib, standard fonts: nothing to load). */

export interface CertificateFacts {
  name: string;
  organisation: string;
  courseTitle: string;
  /** e.g. '13 March 2024' */
  date: string;
  learningOutcomes: string[];
  reference: string;
}

export async function certificatePdf(facts: CertificateFacts): Promise<Uint8Array> {
  // Loaded on first use (pdf-lib is some 170 modules with its fonts).
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Certificate of attendance: ${facts.courseTitle}`);
  pdf.setAuthor('Safeguarding Children Partnership');
  pdf.setSubject(`${facts.name}, ${facts.courseTitle}, ${facts.date}`);
  pdf.setLanguage('en-GB');
  const page = pdf.addPage([842, 595]); // A4 landscape
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const black = rgb(0.043, 0.047, 0.047);
  const blue = rgb(0.114, 0.439, 0.722);
  page.drawRectangle({ x: 24, y: 24, width: 794, height: 547, borderColor: blue, borderWidth: 4 });
  const centre = (text: string, y: number, size: number, font = regular, colour = black) => {
    // Standard fonts encode WinAnsi only: anything else is replaced rather than failing.
    const safe = text.replace(/[^\x20-\x7E\u00A0-\u00FF‘’“”–—•]/g, '?');
    const width = font.widthOfTextAtSize(safe, size);
    page.drawText(safe, { x: (842 - width) / 2, y, size, font, color: colour });
  };
  centre('Certificate of attendance', 480, 32, bold, blue);
  centre('This is to certify that', 420, 16);
  centre(facts.name, 385, 28, bold);
  centre(facts.organisation, 355, 14);
  centre('attended', 320, 16);
  centre(facts.courseTitle, 285, 22, bold);
  centre(`on ${facts.date}`, 255, 16);
  let y = 215;
  for (const outcome of facts.learningOutcomes.slice(0, 5)) {
    centre(`• ${outcome.slice(0, 110)}`, y, 11);
    y -= 16;
  }
  centre('Safeguarding Children Partnership', 70, 14, bold);
  centre(`Reference ${facts.reference}`, 50, 10);
  return pdf.save();
}
