/**
 * String comparators for the Fellegi–Sunter linkage engine: Jaro, Jaro–Winkler, Levenshtein and the
 * unrestricted (true) Damerau–Levenshtein distance.
 *
 * Hand-written rather than taken from npm because no maintained package reproduces the reference values in
 * shared/data/testvectors (Python jellyfish and Apache commons-text); talisman's Jaro–Winkler, for one,
 * differs on them. They also run tens of millions of times per linkage run, so they work on UTF-16 code
 * units with `charCodeAt` and reuse module-level typed-array scratch buffers (grown on demand) instead of
 * allocating per call. All functions are pure and synchronous: the scratch state never outlives a call.
 */

/** Winkler prefix scale. */
const PREFIX_SCALE = 0.1;
/** Longest common prefix that earns the Winkler boost. */
const MAX_PREFIX = 4;
/** Jaro score above which the Winkler prefix boost applies (as in Winkler's strcmp95 and jellyfish). */
const BOOST_THRESHOLD = 0.7;

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);
let row = new Int32Array(64);
let matrix = new Int32Array(256);
/**
 * Tables indexed by UTF-16 code unit (256 KiB each). Every call that writes to one zeroes the entries it
 * wrote before returning, so both are all zero between calls.
 */
const peq = new Int32Array(0x10000);
const lastRowOf = new Int32Array(0x10000);

function capacityFor(n: number): number {
  let c = 64;
  while (c < n) c *= 2;
  return c;
}

function ensureFlags(la: number, lb: number): void {
  if (flagsA.length < la) flagsA = new Uint8Array(capacityFor(la));
  if (flagsB.length < lb) flagsB = new Uint8Array(capacityFor(lb));
}

function ensureRow(n: number): Int32Array {
  if (row.length < n) row = new Int32Array(capacityFor(n));
  return row;
}

/**
 * Jaro similarity in [0, 1].
 *
 * Matches are searched within the standard window floor(max(|a|, |b|) / 2) - 1 (at least 0), greedily
 * from left to right. Transpositions are half the number of matched characters that are out of order,
 * kept fractional as in commons-text (this is what gives `aaabcd`/`aaacdb` its 0.941666 Jaro–Winkler
 * score; jellyfish floors it, which makes no difference on its own vectors).
 *
 * Empty strings: the two reference libraries disagree, so we pick: ('', '') = 1 (commons-text, and two
 * missing values are "identical" strings) and (x, '') = ('', x) = 0 for non-empty x (both libraries).
 * Callers in the linkage engine should treat missing values as missing before comparing anyway.
 */
export function jaro(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return la === lb ? 1 : 0;
  if (a === b) return 1;
  const window = Math.max((Math.max(la, lb) >> 1) - 1, 0);
  return la <= 32 && lb <= 32 ? jaroShort(a, b, la, lb, window) : jaroLong(a, b, la, lb, window);
}

/**
 * Jaro for strings of at most 32 code units, with no inner loop: `peq` first maps each code unit of b to
 * the bit mask of its positions, so the first unmatched occurrence of a[i] inside the window is the lowest
 * set bit of (positions of a[i]) & (window) & ~(already matched). Matched flags are two int32 masks.
 */
function jaroShort(a: string, b: string, la: number, lb: number, window: number): number {
  for (let j = 0; j < lb; j++) peq[b.charCodeAt(j)]! |= 1 << j;
  let matchedA = 0;
  let matchedB = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const hi = Math.min(i + window + 1, lb);
    const lo = Math.max(i - window, 0);
    const candidates = peq[a.charCodeAt(i)]! & (-1 >>> (32 - hi)) & (-1 << lo) & ~matchedB;
    if (candidates !== 0) {
      matchedA |= 1 << i;
      matchedB |= candidates & -candidates;
      matches++;
    }
  }
  for (let j = 0; j < lb; j++) peq[b.charCodeAt(j)] = 0;
  if (matches === 0) return 0;

  // Walk the matched positions of both strings in order (lowest set bit first).
  let outOfOrder = 0;
  while (matchedA !== 0) {
    const i = 31 - Math.clz32(matchedA & -matchedA);
    const j = 31 - Math.clz32(matchedB & -matchedB);
    if (a.charCodeAt(i) !== b.charCodeAt(j)) outOfOrder++;
    matchedA &= matchedA - 1;
    matchedB &= matchedB - 1;
  }
  return (matches / la + matches / lb + (matches - outOfOrder / 2) / matches) / 3;
}

/** Jaro for longer strings: the flags live in the module's scratch byte arrays. */
function jaroLong(a: string, b: string, la: number, lb: number, window: number): number {
  ensureFlags(la, lb);
  const fa = flagsA;
  const fb = flagsB;
  fa.fill(0, 0, la);
  fb.fill(0, 0, lb);

  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const hi = Math.min(i + window + 1, lb);
    for (let j = Math.max(i - window, 0); j < hi; j++) {
      if (fb[j] === 0 && b.charCodeAt(j) === c) {
        fa[i] = 1;
        fb[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  let outOfOrder = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (fa[i] === 0) continue;
    while (fb[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) outOfOrder++;
    k++;
  }
  return (matches / la + matches / lb + (matches - outOfOrder / 2) / matches) / 3;
}

/**
 * Jaro–Winkler similarity in [0, 1]: the Jaro score boosted by 0.1 per character of common prefix (up to 4)
 * when the Jaro score exceeds 0.7. Same empty-string convention as {@link jaro}: ('', '') = 1, (x, '') = 0.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= BOOST_THRESHOLD || j === 1) return j;
  const limit = Math.min(a.length, b.length, MAX_PREFIX);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * PREFIX_SCALE * (1 - j);
}

/**
 * Length of the common prefix of `a` and `b` (stored in `trimStart`) and the lengths left once it and the
 * common suffix are removed (`trimA`, `trimB`): neither changes a Levenshtein distance.
 */
let trimStart = 0;
let trimA = 0;
let trimB = 0;

function trimCommon(a: string, b: string): void {
  let la = a.length;
  let lb = b.length;
  let start = 0;
  while (start < la && start < lb && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (la > start && lb > start && a.charCodeAt(la - 1) === b.charCodeAt(lb - 1)) {
    la--;
    lb--;
  }
  trimStart = start;
  trimA = la - start;
  trimB = lb - start;
}

/**
 * Levenshtein distance between s[start, start + ls) and t[start, start + lt), for 1 <= ls <= 32, by Myers'
 * bit-parallel algorithm (in Hyyrö's formulation): one column of the DP matrix is held as the vertical
 * +1/-1 deltas `plus`/`minus`, bit i for row i + 1, and each character of t advances it in O(1).
 * Characters of s are mapped to their position bit masks through the zero-between-calls table `peq`.
 */
function myersDistance(s: string, t: string, start: number, ls: number, lt: number): number {
  const eqMasks = peq;
  for (let i = 0; i < ls; i++) eqMasks[s.charCodeAt(start + i)]! |= 1 << i;

  const top = 1 << (ls - 1);
  let plus = -1;
  let minus = 0;
  let score = ls;
  for (let j = 0; j < lt; j++) {
    const eq = eqMasks[t.charCodeAt(start + j)]!;
    const xv = eq | minus;
    const xh = ((((eq & plus) + plus) | 0) ^ plus) | eq;
    let ph = minus | ~(xh | plus);
    let mh = plus & xh;
    if ((ph & top) !== 0) score++;
    else if ((mh & top) !== 0) score--;
    ph = (ph << 1) | 1;
    mh <<= 1;
    plus = mh | ~(xv | ph);
    minus = ph & xv;
  }

  for (let i = 0; i < ls; i++) eqMasks[s.charCodeAt(start + i)] = 0;
  return score;
}

/** Levenshtein distance by the two-row DP, for strings too long for {@link myersDistance}. */
function rowDistance(s: string, t: string, start: number, ls: number, lt: number): number {
  const r = ensureRow(ls + 1);
  for (let i = 0; i <= ls; i++) r[i] = i;
  for (let j = 1; j <= lt; j++) {
    const tc = t.charCodeAt(start + j - 1);
    let diag = r[0]!;
    let left = j;
    r[0] = j;
    for (let i = 1; i <= ls; i++) {
      const up = r[i]!;
      let v = s.charCodeAt(start + i - 1) === tc ? diag : diag + 1;
      if (up + 1 < v) v = up + 1;
      if (left + 1 < v) v = left + 1;
      r[i] = v;
      diag = up;
      left = v;
    }
  }
  return r[ls]!;
}

/** Levenshtein (insert / delete / substitute) edit distance. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  trimCommon(a, b);
  const start = trimStart;
  const la = trimA;
  const lb = trimB;
  if (la === 0) return lb;
  if (lb === 0) return la;
  // The shorter string is the one held in the bit vector / DP row.
  if (la <= lb) {
    return la <= 32 ? myersDistance(a, b, start, la, lb) : rowDistance(a, b, start, la, lb);
  }
  return lb <= 32 ? myersDistance(b, a, start, lb, la) : rowDistance(b, a, start, lb, la);
}

/**
 * Whether the Levenshtein distance between `a` and `b` is at most `max`; same answer as
 * `levenshtein(a, b) <= max`, but cheaper when the strings are long: only a diagonal band of width
 * 2·max + 1 is evaluated, and it stops as soon as every cell of a row exceeds `max`.
 */
export function levenshteinWithin(a: string, b: string, max: number): boolean {
  if (!(max >= 0)) return false;
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > max) return false;

  trimCommon(a, b);
  const start = trimStart;
  let la = trimA;
  let lb = trimB;
  if (la === 0) return lb <= max;
  if (lb === 0) return la <= max;

  let s = a;
  let t = b;
  if (la > lb) {
    s = b;
    t = a;
    const tmp = la;
    la = lb;
    lb = tmp;
  }
  // The distance never exceeds the longer length (this also keeps `big`, below, within Int32 range).
  if (max >= lb) return true;
  if (la <= 32) return myersDistance(s, t, start, la, lb) <= max;

  // Cells outside the band hold `big`, which stands for "more than max".
  const bound = Math.floor(max);
  const big = bound + 1;
  const r = ensureRow(la + 1);
  for (let i = 0; i <= la; i++) r[i] = Math.min(i, big);
  for (let j = 1; j <= lb; j++) {
    const tc = t.charCodeAt(start + j - 1);
    const lo = Math.max(j - bound, 1);
    const hi = Math.min(j + bound, la);
    let diag = r[lo - 1]!;
    let left = big;
    if (lo === 1) {
      left = Math.min(j, big);
      r[0] = left;
    }
    let rowMin = left;
    for (let i = lo; i <= hi; i++) {
      const up = r[i]!;
      let v = s.charCodeAt(start + i - 1) === tc ? diag : diag + 1;
      if (up + 1 < v) v = up + 1;
      if (left + 1 < v) v = left + 1;
      r[i] = v;
      diag = up;
      left = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > bound) return false;
  }
  return r[la]! <= bound;
}

/**
 * Unrestricted ("true") Damerau–Levenshtein distance (Lowrance–Wagner): insertions, deletions,
 * substitutions and transpositions of adjacent characters, where transposed characters may afterwards be
 * edited further — as jellyfish computes it (so ('ca', 'abc') is 2, not the 3 of optimal string alignment).
 */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  // As for Levenshtein, a common prefix or suffix never needs editing (the tests check this against an
  // untrimmed reference implementation).
  trimCommon(a, b);
  const start = trimStart;
  const la = trimA;
  const lb = trimB;
  if (la === 0) return lb;
  if (lb === 0) return la;

  const inf = la + lb;
  const width = lb + 2;
  const cells = (la + 2) * width;
  if (matrix.length < cells) matrix = new Int32Array(capacityFor(cells));
  const d = matrix;
  const seen = lastRowOf;

  // d[(i + 1) * width + (j + 1)] is the distance between the first i code units of a and the first j of b
  // (after the common prefix); row 0 and column 0 are sentinels.
  d[0] = inf;
  for (let i = 0; i <= la; i++) {
    d[(i + 1) * width] = inf;
    d[(i + 1) * width + 1] = i;
  }
  for (let j = 0; j <= lb; j++) {
    d[j + 1] = inf;
    d[width + j + 1] = j;
  }

  for (let i = 1; i <= la; i++) {
    const ac = a.charCodeAt(start + i - 1);
    // Last column in this row where b had a's character, and (via `seen`) last row where a had b's.
    let lastMatchCol = 0;
    const rowAbove = i * width;
    const rowHere = rowAbove + width;
    for (let j = 1; j <= lb; j++) {
      const bc = b.charCodeAt(start + j - 1);
      const i1 = seen[bc]!;
      const j1 = lastMatchCol;
      let v = d[rowAbove + j]!;
      if (ac === bc) lastMatchCol = j;
      else v++;
      const ins = d[rowHere + j]! + 1;
      if (ins < v) v = ins;
      const del = d[rowAbove + j + 1]! + 1;
      if (del < v) v = del;
      const trans = d[i1 * width + j1]! + (i - i1 - 1) + 1 + (j - j1 - 1);
      if (trans < v) v = trans;
      d[rowHere + j + 1] = v;
    }
    seen[ac] = i;
  }
  const result = d[(la + 1) * width + lb + 1]!;
  for (let i = 0; i < la; i++) seen[a.charCodeAt(start + i)] = 0;
  return result;
}
