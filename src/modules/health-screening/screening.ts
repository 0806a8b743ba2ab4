/**
 * WREN's screening: a list of key words and phrases compiled once into one regular expression
 * (the escaped terms as one alternation, longest first, between word boundaries, any case), run
 * once over each text. Each match keeps only what it is and where it is. A negation before it in
 * the same sentence ("denies", "no", "not", …) and a family member it is said of ("brother was
 * stabbed") are marks, never used to hide a match: they change nothing that is flagged, so they
 * are worked out only where a match is shown (marksOf, from the stored text and the match's
 * place), not for every match screened. Pure: text in, matches out.
 */
import type { MarkedMatch, MatchMarks, ScreeningMatch } from './tables.ts';

/** The first list, as migration 0140 ships it (version 1; a test keeps the two the same). */
export const FIRST_LIST: readonly string[] = [
  'gun',
  'gang',
  'weapon',
  'knife',
  'knife crime',
  'stab',
  'stabbed',
  'stabbing',
  'machete',
  'shot',
  'shooting',
  'overdose',
  'overdosed',
  'county lines',
  'drug dealing',
  'dealing drugs',
  'running drugs',
  'cuckooing',
  'debt bondage',
  'exploited',
  'exploitation',
  'groomed',
  'grooming',
  'trafficked',
  'older boyfriend',
  'sexual assault',
  'raped',
  'assaulted',
  'strangled',
  'ligature',
  'self-harm',
  'self harm',
  'suicidal',
  'missing from home',
  'sexting',
  'nude images',
  'cannabis',
  'ketamine',
  'cocaine',
  'alcohol intoxication',
];

/**
 * Words that, before a term in the same sentence, say it did not happen ("no evidence of" and
 * "no history of" are marked by their "no", "negative for" by its "negative").
 */
export const NEGATIONS = [
  'no',
  'not',
  'denies',
  'denied',
  'deny',
  'denying',
  'never',
  'nil',
  'none',
  'without',
  'negative',
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
  return new RegExp(`\\b(?:${[...new Set(list.map(termPattern))].join('|')})\\b`, 'gi');
}

const NEGATION_WORDS: ReadonlySet<string> = new Set(NEGATIONS);
const FAMILY_WORDS: ReadonlySet<string> = new Set(FAMILY_MEMBERS);

/** A letter (ASCII: the words looked for are English). */
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
/** Where a sentence ends: . ! ? ; or a new line. */
const isSentenceEnd = (c: number) => c === 46 || c === 33 || c === 63 || c === 59 || c === 10 || c === 13;

/*
 * The words a scan stops at are recognised by a hash of their letters, taken as the scan goes
 * (lower-cased by `| 32`): a word is cut out of the text and looked up only when its hash is one
 * of theirs, so the scan allocates almost nothing. Backwards scans hash the word reversed.
 */
const step = (h: number, c: number) => (Math.imul(h, 31) + (c | 32)) | 0;
const hashOf = (word: string) => [...word].reduce((h, ch) => step(h, ch.charCodeAt(0)), 7);
const reversed = (word: string) => [...word].reverse().join('');
const MARK_WORDS = ['but', ...NEGATIONS, ...FAMILY_MEMBERS];
const FORWARD: ReadonlySet<number> = new Set(MARK_WORDS.map(hashOf));
const BACKWARD: ReadonlySet<number> = new Set(MARK_WORDS.map((w) => hashOf(reversed(w))));
/*
 * A first, cheaper look before the sets: a table of the hashes' low 12 bits. A word around a
 * match is nearly never a marking word, and the table says so without a set lookup.
 */
const BITS = 4095;
const tableOf = (hashes: ReadonlySet<number>) => {
  const table = new Uint8Array(BITS + 1);
  for (const h of hashes) table[h & BITS] = 1;
  return table;
};
const FORWARD_TABLE = tableOf(FORWARD);
const BACKWARD_TABLE = tableOf(BACKWARD);

/*
 * What marksBefore found, left here rather than in a new object: screening a match allocates
 * only the match itself (allocation, through the collector, was most of a match's cost).
 */
let negatedBefore: string | null = null;
let familyBefore: string | null = null;

/**
 * The negation and the family member nearest before `start` in its sentence (at most
 * LOOK_BEHIND characters back, not past `from`), into negatedBefore and familyBefore.
 */
function marksBefore(text: string, from: number, start: number): void {
  const stop = Math.max(from, start - LOOK_BEHIND);
  let negated: string | null = null;
  let family: string | null = null;
  let wordEnd = -1;
  let h = 7;
  for (let i = start - 1; i >= stop - 1; i--) {
    const c = i >= stop ? text.charCodeAt(i) : 32;
    if (isLetter(c)) {
      if (wordEnd < 0) {
        wordEnd = i + 1;
        h = 7;
      }
      h = step(h, c);
      continue;
    }
    // A whole word only: not one the window's edge cut into.
    if (
      wordEnd >= 0 &&
      BACKWARD_TABLE[h & BITS] === 1 &&
      BACKWARD.has(h) &&
      (i >= stop || i < from || !isLetter(text.charCodeAt(i)))
    ) {
      const word = text.slice(i + 1, wordEnd).toLowerCase();
      if (word === 'but') break;
      if (negated === null && NEGATION_WORDS.has(word)) negated = word;
      else if (family === null && FAMILY_WORDS.has(word)) family = word;
      if (negated !== null && family !== null) break;
    }
    wordEnd = -1;
    if (i >= stop && isSentenceEnd(c)) break;
  }
  negatedBefore = negated;
  familyBefore = family;
}

/** A family member in the rest of the sentence after `end` ("stabbed his brother"), or null. */
function familyAfter(text: string, end: number, to: number): string | null {
  const stop = Math.min(to, end + LOOK_AHEAD);
  let wordStart = -1;
  let h = 7;
  for (let i = end; i <= stop; i++) {
    const c = i < stop ? text.charCodeAt(i) : 32;
    if (isLetter(c)) {
      if (wordStart < 0) {
        wordStart = i;
        h = 7;
      }
      h = step(h, c);
      continue;
    }
    if (
      wordStart >= 0 &&
      FORWARD_TABLE[h & BITS] === 1 &&
      FORWARD.has(h) &&
      (i < stop || i >= to || !isLetter(text.charCodeAt(i)))
    ) {
      const word = text.slice(wordStart, i).toLowerCase();
      if (word === 'but') return null;
      if (FAMILY_WORDS.has(word)) return word;
    }
    wordStart = -1;
    if (i < stop && isSentenceEnd(c)) return null;
  }
  return null;
}

/** What is screened of an attendance. */
export interface ScreenedText {
  presentingComplaint?: string | null;
  notes?: string | null;
}

/** The result of an attendance that matched nothing: shared, never changed. */
const NO_MATCHES: ScreeningMatch[] = Object.freeze([]) as unknown as ScreeningMatch[];

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

  /** The match found at [start, end) of its field's text: the term and where it is (no marks). */
  #match(said: string, start: number, field: ScreeningMatch['field']): ScreeningMatch {
    // As written first: most notes are in lower case, and then no lower-cased copy is made.
    let term = this.#lookup.get(said);
    if (term === undefined) {
      const lower = said.toLowerCase();
      term = this.#lookup.get(lower) ?? this.#lookup.get(lower.replace(/[\s-]+/g, ' ')) ?? lower;
    }
    return { term, text: said, field, start, end: start + said.length };
  }

  /** Every match in one text, in order, each with where it is. */
  screenText(text: string, field: ScreeningMatch['field'], into: ScreeningMatch[] = []): ScreeningMatch[] {
    const re = this.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) into.push(this.#match(m[0], m.index, field));
    return into;
  }

  /** An attendance's presenting complaint and notes. */
  screen(attendance: ScreenedText): ScreeningMatch[] {
    return this.screenMany([attendance])[0]!;
  }

  /**
   * Many attendances: the expression runs over each field as it is (no copy of the text), and a
   * match costs only its small object (its marks are worked out when it is shown: marksOf).
   * Most attendances match nothing and share one empty list.
   */
  screenMany(attendances: readonly ScreenedText[]): ScreeningMatch[][] {
    const results: ScreeningMatch[][] = new Array(attendances.length).fill(NO_MATCHES);
    const re = this.pattern;
    for (let k = 0; k < attendances.length; k++) {
      const a = attendances[k]!;
      let found = NO_MATCHES;
      const complaint = a.presentingComplaint;
      if (complaint) {
        re.lastIndex = 0;
        for (let m = re.exec(complaint); m; m = re.exec(complaint)) {
          if (found === NO_MATCHES) found = [];
          found.push(this.#match(m[0], m.index, 'presenting_complaint'));
        }
      }
      const notes = a.notes;
      if (notes) {
        re.lastIndex = 0;
        for (let m = re.exec(notes); m; m = re.exec(notes)) {
          if (found === NO_MATCHES) found = [];
          found.push(this.#match(m[0], m.index, 'notes'));
        }
      }
      results[k] = found;
    }
    return results;
  }
}

/**
 * A match's marks: the negation nearest before it in its sentence, and the family member it is
 * said of (before it, or after it in the same sentence: "stabbed his brother"). Worked out where
 * a match is shown, from its field's text and its place in it, with the scans screening used to
 * run on every match, so the marks are the same as they always were.
 */
export function marksOf(text: string, match: Pick<ScreeningMatch, 'start' | 'end'>): MatchMarks {
  marksBefore(text, 0, match.start);
  const negated = negatedBefore;
  const family = familyBefore;
  return { negated, family: family ?? familyAfter(text, match.end, text.length) };
}

/** The text of the field a match was found in. */
export const fieldText = (attendance: ScreenedText, field: ScreeningMatch['field']): string =>
  (field === 'notes' ? attendance.notes : attendance.presentingComplaint) ?? '';

/** An attendance's matches with their marks, for showing them. */
export function withMarks(attendance: ScreenedText, matches: readonly ScreeningMatch[]): MarkedMatch[] {
  return matches.map((m) => ({ ...m, ...marksOf(fieldText(attendance, m.field), m) }));
}

/**
 * A match in its context: up to CONTEXT_CHARS of its field's text either side. Worked out when
 * shown, from the attendance's stored text and the match's place in it, so that screening (and
 * each stored result) carries only where the match is.
 */
export function contextOf(
  text: string,
  match: Pick<ScreeningMatch, 'start' | 'end'>,
): { before: string; after: string } {
  return {
    before: text.slice(Math.max(0, match.start - CONTEXT_CHARS), match.start),
    after: text.slice(match.end, match.end + CONTEXT_CHARS),
  };
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
