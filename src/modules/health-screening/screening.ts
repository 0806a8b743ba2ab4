/**
 * WREN's screening: a list of key words and phrases compiled once into one regular expression
 * (the escaped terms as one alternation, longest first, between word boundaries, any case), run
 * once over each text. Each match keeps its context; a negation before it in the same sentence
 * ("denies", "no", "not", …) and a family member it is said of ("brother was stabbed") are
 * marked on the match, never used to hide it. Pure: text in, matches out.
 */
import type { ScreeningMatch } from './tables.ts';

/** Words that, before a term in the same sentence, say it did not happen. */
export const NEGATIONS = [
  'no',
  'not',
  'denies',
  'denied',
  'deny',
  'never',
  'nil',
  'without',
  'negative for',
  'no evidence of',
  'no signs of',
  'no history of',
] as const;

/** People a term may be said of rather than of the child. */
export const FAMILY_MEMBERS = [
  'mother',
  'mum',
  'mom',
  'father',
  'dad',
  'brother',
  'sister',
  'sibling',
  'stepdad',
  'stepfather',
  'stepmum',
  'stepmother',
  'uncle',
  'aunt',
  'auntie',
  'cousin',
  'grandmother',
  'grandma',
  'nan',
  'grandfather',
  'grandad',
  'parent',
  'parents',
] as const;

/** How much text either side of a match is kept to show it in context. */
export const CONTEXT_CHARS = 40;
/** How far before a match a negation or a family member counts (within the same sentence). */
const LOOK_BEHIND = 60;
const LOOK_AHEAD = 30;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term as a pattern: its words in order, any run of spaces or hyphens between them (self harm, self-harm). */
function termPattern(term: string): string {
  return term
    .trim()
    .split(/[\s-]+/)
    .map(escapeRegExp)
    .join('[\\s-]+');
}

/** Terms as they are kept: trimmed, spaces collapsed, lower case, each once, none empty. */
export function normaliseTerms(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const t of terms) {
    const term = t.trim().replace(/\s+/g, ' ').toLowerCase();
    if (term) seen.add(term);
  }
  return [...seen];
}

/** One regular expression for a list: `\b(?:longest|…|shortest)\b`, global, any case. */
export function compileTerms(terms: readonly string[]): RegExp {
  const list = normaliseTerms(terms).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (!list.length) return /(?!)/g;
  // Longest first so that "knife crime" wins over "knife" where both match at one place.
  return new RegExp(`\\b(?:${list.map(termPattern).join('|')})\\b`, 'gi');
}

const words = (list: readonly string[]) =>
  new RegExp(
    `\\b(${[...list]
      .sort((a, b) => b.length - a.length)
      .map(termPattern)
      .join('|')})\\b`,
    'gi',
  );
const NEGATION_RE = words(NEGATIONS);
const FAMILY_RE = words(FAMILY_MEMBERS);
/** Where a sentence (or a clause a negation does not cross) ends. */
const SENTENCE_END = /[.!?;\n]|\bbut\b/gi;

/** The last match of `re` in `text`, or null. */
function lastMatch(re: RegExp, text: string): string | null {
  re.lastIndex = 0;
  let found: string | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) found = m[1]!.toLowerCase();
  return found;
}

/** The part of the sentence before a match, at most LOOK_BEHIND characters. */
function sentenceBefore(text: string, start: number): string {
  const window = text.slice(Math.max(0, start - LOOK_BEHIND), start);
  SENTENCE_END.lastIndex = 0;
  let cut = 0;
  for (let m = SENTENCE_END.exec(window); m; m = SENTENCE_END.exec(window)) cut = m.index + m[0].length;
  return window.slice(cut);
}

/** The part of the sentence after a match, at most LOOK_AHEAD characters. */
function sentenceAfter(text: string, end: number): string {
  const window = text.slice(end, end + LOOK_AHEAD);
  SENTENCE_END.lastIndex = 0;
  const m = SENTENCE_END.exec(window);
  return m ? window.slice(0, m.index) : window;
}

/** A compiled list, ready to screen many texts. */
export class Screener {
  readonly pattern: RegExp;
  readonly #lookup: Map<string, string>;

  constructor(
    readonly version: number,
    terms: readonly string[],
  ) {
    this.pattern = compileTerms(terms);
    // Which term a match is: the match in lower case with its spaces and hyphens collapsed.
    this.#lookup = new Map(normaliseTerms(terms).map((t) => [t.replace(/[\s-]+/g, ' '), t]));
  }

  /** Every match in one text, in order, each with its context and marks. */
  screenText(text: string, field: ScreeningMatch['field'], into: ScreeningMatch[] = []): ScreeningMatch[] {
    const re = this.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      const said = m[0];
      const before = sentenceBefore(text, start);
      const after = sentenceAfter(text, end);
      const key = said.toLowerCase().replace(/[\s-]+/g, ' ');
      into.push({
        term: this.#lookup.get(key) ?? key,
        text: said,
        field,
        start,
        end,
        before: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
        after: text.slice(end, end + CONTEXT_CHARS),
        negated: lastMatch(NEGATION_RE, before),
        // "brother was stabbed" (before) or "stabbed his brother" (after, in the same sentence).
        family: lastMatch(FAMILY_RE, before) ?? firstFamily(after),
      });
    }
    return into;
  }

  /** An attendance's presenting complaint and notes. */
  screen(attendance: { presentingComplaint?: string | null; notes?: string | null }): ScreeningMatch[] {
    const matches: ScreeningMatch[] = [];
    if (attendance.presentingComplaint)
      this.screenText(attendance.presentingComplaint, 'presenting_complaint', matches);
    if (attendance.notes) this.screenText(attendance.notes, 'notes', matches);
    return matches;
  }
}

function firstFamily(text: string): string | null {
  FAMILY_RE.lastIndex = 0;
  const m = FAMILY_RE.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}

/** What changed for one attendance between two versions' results. */
export interface ScreeningChange {
  wasFlagged: boolean;
  nowFlagged: boolean;
  added: string[];
  removed: string[];
}

/** The terms found by one version and not the other, and whether the flag changed. */
export function compareResults(
  before: { flagged: boolean; matches: readonly ScreeningMatch[] } | null,
  after: { flagged: boolean; matches: readonly ScreeningMatch[] },
): ScreeningChange | null {
  const was = new Set((before?.matches ?? []).map((m) => m.term));
  const now = new Set(after.matches.map((m) => m.term));
  const added = [...now].filter((t) => !was.has(t)).sort();
  const removed = [...was].filter((t) => !now.has(t)).sort();
  const wasFlagged = before?.flagged ?? false;
  if (!added.length && !removed.length && wasFlagged === after.flagged) return null;
  return { wasFlagged, nowFlagged: after.flagged, added, removed };
}
