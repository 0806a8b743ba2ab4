/**
 * The messy values of local authority returns, made plain: "b) Female" → female, codes with or
 * without their letter prefix, Yes/No in every spelling, dates as Excel serial numbers or as text.
 * Each reader returns null for an empty cell and throws a RowProblem for a value it cannot read.
 */
import type { CpPlanCategory } from './types.ts';

export class RowProblem extends Error {}

/** A cell as the readers give it: exceljs values (numbers, Dates, rich text, errors) or CSV text. */
export type Cell = unknown;

/** Text of a cell, trimmed; null when empty or an Excel error such as #N/A. */
export function text(cell: Cell): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') {
    const t = cell.trim();
    return t === '' || /^#(N\/A|REF!|VALUE!|NAME\?|DIV\/0!|NULL!|NUM!)$/i.test(t) ? null : t;
  }
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'Yes' : 'No';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'object') {
    const o = cell as { richText?: { text: string }[]; text?: string; result?: unknown; error?: string };
    if (o.error) return null;
    if (o.richText) return text(o.richText.map((r) => r.text).join(''));
    if ('result' in o) return text(o.result);
    if (typeof o.text === 'string') return text(o.text);
  }
  return text(String(cell));
}

/** A value without its Annex A letter prefix: "b) Female" → "Female". */
export function withoutPrefix(value: string): string {
  return value.replace(/^[a-z]{1,2}\)\s*/i, '').trim();
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function civil(year: number, month: number, day: number, raw: string): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    throw new RowProblem(`"${raw}" is not a real date`);
  if (year < 1900 || year > 2100) throw new RowProblem(`"${raw}" is not a plausible date`);
  return d.toISOString().slice(0, 10);
}

// A return repeats the same few thousand dates and codes: each is worked out once.
const MEMO_LIMIT = 100_000;
function memo<T>(cache: Map<string | number, T>, key: string | number, work: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = work();
    if (cache.size < MEMO_LIMIT) cache.set(key, value);
  }
  return value;
}
const serialDates = new Map<number, string>();
const textDates = new Map<string, string | RowProblem>();

/** A date: an Excel serial number (as a number or text), a Date, YYYY-MM-DD or DD/MM/YYYY. */
export function date(cell: Cell, column: string): string | null {
  if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 61 && cell < 80_000)
    return memo(serialDates, cell, () => parseDate(cell, column) as string);
  if (typeof cell === 'string') {
    const t = cell.trim();
    if (t === '') return null;
    const d = memo(textDates, t, () => {
      try {
        return parseDate(t, '') as string;
      } catch (error) {
        if (error instanceof RowProblem) return error;
        throw error;
      }
    });
    if (d instanceof RowProblem) throw new RowProblem(`${column}${d.message}`);
    return d;
  }
  return parseDate(cell, column);
}

function parseDate(cell: Cell, column: string): string | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) throw new RowProblem(`${column}: not a date`);
    return civil(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate(), cell.toISOString());
  }
  const t = typeof cell === 'number' ? String(cell) : text(cell);
  if (t === null) return null;
  try {
    if (/^\d{1,6}(\.\d+)?$/.test(t)) {
      const serial = Math.floor(Number(t));
      // Serial 60 is Excel's 29 February 1900, a day that never was; nobody's journey starts then.
      if (serial < 61) throw new RowProblem(`"${t}" is not a plausible Excel date`);
      const d = new Date(EXCEL_EPOCH + serial * 86_400_000);
      return civil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), t);
    }
    let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(t);
    if (m) return civil(Number(m[1]), Number(m[2]), Number(m[3]), t);
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: [\d:]+)?$/.exec(t);
    if (m) return civil(Number(m[3]), Number(m[2]), Number(m[1]), t);
  } catch (error) {
    if (error instanceof RowProblem) throw new RowProblem(`${column}: ${error.message}`);
    throw error;
  }
  throw new RowProblem(`${column}: "${t}" is not a date (expected a date, DD/MM/YYYY or YYYY-MM-DD)`);
}

/** Yes / No in any of the returns' spellings ("a) Yes", "Y", "true", "1"). */
export function yesNo(cell: Cell, column: string): boolean | null {
  const t = text(cell);
  if (t === null) return null;
  const v = withoutPrefix(t).toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(v)) return true;
  if (['no', 'n', 'false', '0'].includes(v)) return false;
  throw new RowProblem(`${column}: "${t}" is not yes or no`);
}

/** A whole number, 0 or more. */
export function count(cell: Cell, column: string): number | null {
  const t = text(cell);
  if (t === null) return null;
  const n = Number(withoutPrefix(t));
  if (!Number.isInteger(n) || n < 0) throw new RowProblem(`${column}: "${t}" is not a whole number`);
  return n;
}

/** The child's sex as the child index records it. Annex A: "a) Male", "b) Female", …; CIN: 1 / 2 / 0 / 9. */
const sexes = new Map<string | number, 'female' | 'male' | 'unknown'>();
export function sex(cell: Cell): 'female' | 'male' | 'unknown' {
  if (typeof cell === 'string' || typeof cell === 'number') return memo(sexes, cell, () => sexOf(cell));
  return sexOf(cell);
}

function sexOf(cell: Cell): 'female' | 'male' | 'unknown' {
  const t = text(cell);
  if (t === null) return 'unknown';
  const v = withoutPrefix(t).toLowerCase();
  if (v === '2' || /^f(em|$)/.test(v)) return 'female';
  if (v === '1' || /^m(al|$)/.test(v)) return 'male';
  return 'unknown';
}

/** The category of abuse of a plan: Annex A words or CIN census codes (NEG, PHY, SAB, EMO, MUL). */
export function category(cell: Cell, column: string): CpPlanCategory | null {
  const t = text(cell);
  if (t === null) return null;
  const v = withoutPrefix(t).toLowerCase();
  if (/^(neg|n1\b)/.test(v) || v.includes('neglect')) return 'neglect';
  if (/^phy/.test(v)) return 'physical';
  if (/^(sab|sex)/.test(v)) return 'sexual';
  if (/^emo/.test(v)) return 'emotional';
  if (/^(mul|mix)/.test(v)) return 'multiple';
  throw new RowProblem(`${column}: "${t}" is not a category of abuse`);
}

/**
 * The referring agency type from a referral (or contact) source code of the CIN census, with or
 * without its letter prefix and label: "q) 6: Police" → police, "2A" → school.
 */
const agencies = new Map<string | number, string | null>();
export function agency(cell: Cell): string | null {
  if (typeof cell === 'string' || typeof cell === 'number') return memo(agencies, cell, () => agencyOf(cell));
  return agencyOf(cell);
}

function agencyOf(cell: Cell): string | null {
  const t = text(cell);
  if (t === null) return null;
  const v = withoutPrefix(t);
  const code = /^(\d{1,2}[A-F]?)\b/i.exec(v)?.[1]?.toUpperCase();
  if (code) {
    if (code === '2A') return 'school';
    if (code.startsWith('2')) return 'education';
    if (code.startsWith('3')) return 'health';
    if (code.startsWith('1')) return 'individual';
    if (code === '4') return 'housing';
    if (code.startsWith('5')) return 'local_authority';
    if (code === '6') return 'police';
    if (code === '7') return 'other_legal_agency';
    if (code === '8') return 'other';
    if (code === '9') return 'anonymous';
    if (code === '10') return 'unknown';
  }
  const w = v.toLowerCase();
  if (w.includes('police')) return 'police';
  if (w.includes('school')) return 'school';
  if (w.includes('health') || w.includes('gp') || w.includes('hospital')) return 'health';
  if (w.includes('early years') || w.includes('nursery')) return 'early_years';
  return 'other';
}
