/**
 * Phonetic encoders for the Fellegi–Sunter linkage engine's blocking keys and name comparisons: American
 * Soundex and Metaphone as the Python `jellyfish` library computes them, and Double Metaphone from the
 * `double-metaphone` package.
 *
 * Soundex and Metaphone are hand-written because no maintained npm package reproduces the reference values
 * in shared/data/testvectors (talisman's metaphone and the soundex-code package differ on them: spaces
 * between words, non-letters, the first-letter rules). Every encoder first upper-cases the input, applies
 * NFKD and drops the combining marks, so that accented and unaccented spellings of a name ('Zoë', 'Zoe')
 * get the same code.
 */
import { doubleMetaphone as encodeDoubleMetaphone } from 'double-metaphone';

const COMBINING_MARKS = /\p{M}+/gu;

/** Upper-cases, applies NFKD and strips combining marks (diacritics). Pure-ASCII input skips the regex. */
function fold(word: string): string {
  const upper = word.toUpperCase();
  for (let i = 0; i < upper.length; i++) {
    if (upper.charCodeAt(i) > 0x7f) return upper.normalize('NFKD').replace(COMBINING_MARKS, '');
  }
  return upper;
}

const A = 65;
const Z = 90;
const H = 72;
const W = 87;

/** Soundex digit (as a char code) for 'A'..'Z'; 0 for vowels, H, W, Y and everything else. */
const SOUNDEX_DIGIT = new Uint8Array(26);
for (const [letters, digit] of [
  ['BFPV', '1'],
  ['CGJKQSXZ', '2'],
  ['DT', '3'],
  ['L', '4'],
  ['MN', '5'],
  ['R', '6'],
] as const) {
  for (const letter of letters) SOUNDEX_DIGIT[letter.charCodeAt(0) - A] = digit.charCodeAt(0);
}

function soundexDigit(code: number): number {
  return code >= A && code <= Z ? SOUNDEX_DIGIT[code - A]! : 0;
}

/**
 * American Soundex, as jellyfish computes it: the first character upper-cased (kept even when it is not a
 * letter, so '¿' gives '¿000'), then up to three digits. Letters with the same digit are coded once when
 * adjacent or separated only by H or W; vowels and other characters separate them. Empty input gives ''.
 */
export function soundex(word: string): string {
  if (word.length === 0) return '';
  const s = fold(word);
  if (s.length === 0) return '';

  const firstCode = s.codePointAt(0)!;
  const firstLength = firstCode > 0xffff ? 2 : 1;
  let out = s.slice(0, firstLength);
  let count = 1;
  let last = soundexDigit(firstCode);
  for (let i = firstLength; i < s.length && count < 4; i++) {
    const c = s.charCodeAt(i);
    const digit = soundexDigit(c);
    if (digit !== 0) {
      if (digit !== last) {
        out += String.fromCharCode(digit);
        count++;
      }
      last = digit;
    } else if (c !== H && c !== W) {
      last = 0;
    }
  }
  while (count < 4) {
    out += '0';
    count++;
  }
  return out;
}

/** Char code meaning "no character here" (past either end of the word). */
const NONE = -1;
const SPACE = 32;

function isVowel(c: number): boolean {
  return c === 65 || c === 69 || c === 73 || c === 79 || c === 85; // A E I O U
}

function isIEY(c: number): boolean {
  return c === 73 || c === 69 || c === 89; // I E Y
}

/**
 * Metaphone, as jellyfish computes it. Letters outside A–Z (digits, punctuation) are ignored, and words
 * separated by spaces keep a single space between their codes ('this is a difficult string' →
 * '0S IS A TFKLT STRNK'). Vowels are coded only at the start of a word. Empty input gives ''.
 */
export function metaphone(word: string): string {
  let s = fold(word);
  if (s.length === 0) return '';
  const c0 = s.charCodeAt(0);
  const c1 = s.length > 1 ? s.charCodeAt(1) : NONE;
  // Silent first letter of KN-, GN-, PN-, WR- and AE-.
  if (
    (c1 === 78 && (c0 === 75 || c0 === 71 || c0 === 80)) || // KN GN PN
    (c0 === 87 && c1 === 82) || // WR
    (c0 === 65 && c1 === 69) // AE
  ) {
    s = s.slice(1);
  }

  const n = s.length;
  let out = '';
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    const next = i + 1 < n ? s.charCodeAt(i + 1) : NONE;
    const after = i + 2 < n ? s.charCodeAt(i + 2) : NONE;
    const prev = i > 0 ? s.charCodeAt(i - 1) : NONE;

    // A doubled letter is coded once (from its second occurrence), except CC.
    if (c === next && c !== 67) {
      i++;
      continue;
    }

    switch (c) {
      case 65: // A
      case 69: // E
      case 73: // I
      case 79: // O
      case 85: // U
        if (i === 0 || prev === SPACE) out += String.fromCharCode(c);
        break;
      case 66: // B: silent in a final MB
        if (prev !== 77 || next !== NONE) out += 'B';
        break;
      case 67: // C
        if ((next === 73 && after === 65) || next === H) {
          out += 'X';
          i++;
        } else if (isIEY(next)) {
          out += 'S';
          i++;
        } else {
          out += 'K';
        }
        break;
      case 68: // D
        if (next === 71 && isIEY(after)) {
          out += 'J';
          i += 2;
        } else {
          out += 'T';
        }
        break;
      case 70: // F
      case 74: // J
      case 76: // L
      case 77: // M
      case 78: // N
      case 82: // R
        out += String.fromCharCode(c);
        break;
      case 71: // G
        if (isIEY(next)) {
          out += 'J';
        } else if ((next === H && after !== NONE && !isVowel(after)) || (next === 78 && after === NONE)) {
          i++;
        } else {
          out += 'K';
        }
        break;
      case H:
        if (i === 0 || isVowel(next) || !isVowel(prev)) out += 'H';
        break;
      case 75: // K
        if (prev !== 67) out += 'K';
        break;
      case 80: // P
        if (next === H) {
          out += 'F';
          i++;
        } else {
          out += 'P';
        }
        break;
      case 81: // Q
        out += 'K';
        break;
      case 83: // S
        if (next === H) {
          out += 'X';
          i++;
        } else if (next === 73 && (after === 79 || after === 65)) {
          out += 'X';
          i += 2;
        } else {
          out += 'S';
        }
        break;
      case 84: // T
        if (next === 73 && (after === 79 || after === 65)) {
          out += 'X';
        } else if (next === H) {
          out += '0';
          i++;
        } else if (next !== 67 || after !== H) {
          out += 'T';
        }
        break;
      case 86: // V
        out += 'F';
        break;
      case W:
        if (i === 0 && next === H) {
          out += 'W';
          i++;
        } else if (isVowel(next)) {
          out += 'W';
        }
        break;
      case 88: // X
        if (i !== 0) {
          out += 'KS';
        } else if (next === H || (next === 73 && (after === 79 || after === 65))) {
          out += 'X';
        } else {
          out += 'S';
        }
        break;
      case 89: // Y
        if (isVowel(next)) out += 'Y';
        break;
      case 90: // Z
        out += 'S';
        break;
      case SPACE:
        if (out.length > 0 && out.charCodeAt(out.length - 1) !== SPACE) out += ' ';
        break;
      default:
        break;
    }
    i++;
  }
  return out;
}

/**
 * Double Metaphone primary and alternate codes, from the `double-metaphone` package, after upper-casing,
 * NFKD and dropping diacritics. Note that this folds 'Ç' to 'C' (the package alone would code it as S), so
 * 'François' and 'Francois' share their codes. Empty input gives ['', ''].
 */
export function doubleMetaphone(word: string): [string, string] {
  const s = fold(word);
  if (s.length === 0) return ['', ''];
  return encodeDoubleMetaphone(s);
}
