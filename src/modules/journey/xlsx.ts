/**
 * A small streaming reader for .xlsx workbooks: the rows of one sheet at a time, cell values as
 * numbers, text, booleans or errors, with shared strings read first (the zip's central directory
 * lets us open any part in any order). exceljs's streaming WorkbookReader (4.4) stops reading some
 * workbooks part-way on Node 20 — the Annex A sample loses List 9 to 11 without an error — so the
 * import cannot trust it with a return. Memory stays flat: one sheet's chunk at a time.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export class WorkbookUnreadable extends Error {}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function centralDirectory(fd: number, size: number): Map<string, Entry> {
  const tailSize = Math.min(size, 65_557);
  const tail = Buffer.alloc(tailSize);
  fs.readSync(fd, tail, 0, tailSize, size - tailSize);
  let eocd = -1;
  for (let i = tailSize - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new WorkbookUnreadable('not a zip file');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  const cd = Buffer.alloc(cdSize);
  fs.readSync(fd, cd, 0, cdSize, cdOffset);
  const entries = new Map<string, Entry>();
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) throw new WorkbookUnreadable('a damaged zip directory');
    const nameLength = cd.readUInt16LE(p + 28);
    const extra = cd.readUInt16LE(p + 30);
    const comment = cd.readUInt16LE(p + 32);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
    entries.set(name.replace(/^\//, ''), {
      name,
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      localOffset: cd.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extra + comment;
  }
  return entries;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(
          e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
        )
      : (ENTITIES[e] ?? m),
  );
}

function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

export type XlsxCell = string | number | boolean | null | { error: string };

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const ATTR_R = /\br="([A-Z]+)\d*"/;
const ATTR_T = /\bt="(\w+)"/;
const ROW_R = /\br="(\d+)"/;
const V = /<v>([\s\S]*?)<\/v>/;
const T = /<t\b[^>]*>([\s\S]*?)<\/t>/g;

export class XlsxReader {
  readonly #file: string;
  readonly #entries: Map<string, Entry>;
  #sharedStrings: string[] | null = null;
  /** Sheet name → part path (xl/worksheets/sheetN.xml), in workbook order. */
  readonly sheets: Map<string, string>;

  private constructor(file: string, entries: Map<string, Entry>, sheets: Map<string, string>) {
    this.#file = file;
    this.#entries = entries;
    this.sheets = sheets;
  }

  static async open(file: string): Promise<XlsxReader> {
    let entries: Map<string, Entry>;
    const fd = fs.openSync(file, 'r');
    try {
      entries = centralDirectory(fd, fs.fstatSync(fd).size);
    } catch (error) {
      throw error instanceof WorkbookUnreadable ? error : new WorkbookUnreadable((error as Error).message);
    } finally {
      fs.closeSync(fd);
    }
    const reader = new XlsxReader(file, entries, new Map());
    const workbook = await reader.#text('xl/workbook.xml');
    const rels = await reader.#text('xl/_rels/workbook.xml.rels');
    const targets = new Map<string, string>();
    for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
      const id = /\bId="([^"]+)"/.exec(m[1]!)?.[1];
      const target = /\bTarget="([^"]+)"/.exec(m[1]!)?.[1];
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
    for (const m of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
      const name = /\bname="([^"]*)"/.exec(m[1]!)?.[1];
      const rid = /\br:id="([^"]+)"/.exec(m[1]!)?.[1];
      if (name !== undefined && rid && targets.has(rid))
        reader.sheets.set(unescapeXml(name), targets.get(rid)!);
    }
    return reader;
  }

  /** The chunks of one part, inflated and decoded. */
  async *#chunks(part: string): AsyncGenerator<string> {
    const entry = this.#entries.get(part);
    if (!entry) throw new WorkbookUnreadable(`the workbook has no part ${part}`);
    const fd = fs.openSync(this.#file, 'r');
    const header = Buffer.alloc(30);
    fs.readSync(fd, header, 0, 30, entry.localOffset);
    fs.closeSync(fd);
    if (header.readUInt32LE(0) !== 0x04034b50) throw new WorkbookUnreadable(`a damaged part ${part}`);
    const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const raw = fs.createReadStream(this.#file, {
      start,
      end: start + entry.compressedSize - 1,
      highWaterMark: 256 * 1024,
    });
    const stream =
      entry.method === 8
        ? raw.pipe(zlib.createInflateRaw({ chunkSize: 256 * 1024 }))
        : entry.method === 0
          ? raw
          : null;
    if (!stream) throw new WorkbookUnreadable(`compression method ${entry.method} is not supported`);
    const decoder = new TextDecoder('utf-8');
    try {
      for await (const chunk of stream) yield decoder.decode(chunk as Buffer, { stream: true });
    } catch (error) {
      throw new WorkbookUnreadable(`${part} cannot be read (${(error as Error).message})`);
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  async #text(part: string): Promise<string> {
    let s = '';
    for await (const chunk of this.#chunks(part)) s += chunk;
    return s;
  }

  async #strings(): Promise<string[]> {
    if (this.#sharedStrings) return this.#sharedStrings;
    const strings: string[] = [];
    if (this.#entries.has('xl/sharedStrings.xml')) {
      let buffer = '';
      for await (const chunk of this.#chunks('xl/sharedStrings.xml')) {
        buffer += chunk;
        let end = buffer.lastIndexOf('</si>');
        if (end < 0) continue;
        end += 5;
        for (const si of buffer.slice(0, end).matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) {
          let text = '';
          // Rich text: the runs' <t> joined; phonetic runs (<rPh>) left out.
          const body = (si[1] ?? '').replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
          for (const t of body.matchAll(T)) text += t[1];
          strings.push(unescapeXml(text));
        }
        buffer = buffer.slice(end);
      }
    }
    this.#sharedStrings = strings;
    return strings;
  }

  /** The rows of a sheet: [row number, cells by column index] (empty rows left out). */
  async *rows(sheet: string): AsyncGenerator<[number, XlsxCell[]]> {
    const part = this.sheets.get(sheet);
    if (!part) throw new WorkbookUnreadable(`no sheet ${sheet}`);
    const strings = await this.#strings();
    let buffer = '';
    let rowNumber = 0;
    for await (const chunk of this.#chunks(part)) {
      buffer += chunk;
      const last = buffer.lastIndexOf('</row>');
      if (last < 0) continue;
      const upto = last + 6;
      const text = buffer.slice(0, upto);
      buffer = buffer.slice(upto);
      ROW.lastIndex = 0;
      for (let m = ROW.exec(text); m !== null; m = ROW.exec(text)) {
        const r = ROW_R.exec(m[1]!);
        rowNumber = r ? Number(r[1]) : rowNumber + 1;
        if (!m[2]) continue;
        const cells: XlsxCell[] = [];
        let next = 0;
        CELL.lastIndex = 0;
        for (let c = CELL.exec(m[2]); c !== null; c = CELL.exec(m[2])) {
          const attrs = c[1]!;
          const ref = ATTR_R.exec(attrs);
          const at = ref ? columnIndex(ref[1]!) : next;
          next = at + 1;
          const body = c[2];
          if (!body) continue;
          const type = ATTR_T.exec(attrs)?.[1] ?? 'n';
          let value: XlsxCell = null;
          if (type === 'inlineStr') {
            let s = '';
            for (const t of body.matchAll(T)) s += t[1];
            value = unescapeXml(s);
          } else {
            const v = V.exec(body)?.[1];
            if (v === undefined) continue;
            if (type === 's') value = strings[Number(v)] ?? null;
            else if (type === 'n') value = Number(v);
            else if (type === 'b') value = v === '1';
            else if (type === 'e') value = { error: v };
            else value = unescapeXml(v);
          }
          cells[at] = value;
        }
        yield [rowNumber, cells];
      }
    }
  }
}
