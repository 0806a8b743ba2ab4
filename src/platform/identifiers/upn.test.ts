import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTemporaryUpn, isValidUpn, normaliseUpn, UPN_LETTERS, upnCheckLetter } from './upn.ts';

describe('the DfE letter table', () => {
  it('has 23 letters, without I, O and S', () => {
    expect(UPN_LETTERS).toHaveLength(23);
    expect(UPN_LETTERS).not.toMatch(/[IOS]/);
    expect(UPN_LETTERS.indexOf('A')).toBe(0);
    expect(UPN_LETTERS.indexOf('H')).toBe(7);
    expect(UPN_LETTERS.indexOf('J')).toBe(8);
    expect(UPN_LETTERS.indexOf('P')).toBe(13);
    expect(UPN_LETTERS.indexOf('T')).toBe(16);
    expect(UPN_LETTERS.indexOf('Z')).toBe(22);
  });
});

describe('upnCheckLetter (worked by hand)', () => {
  it('123456789012 → A', () => {
    // 1·2 + 2·3 + 3·4 + 4·5 + 5·6 + 6·7 + 7·8 + 8·9 + 9·10 + 0·11 + 1·12 + 2·13
    //   = 2 + 6 + 12 + 20 + 30 + 42 + 56 + 72 + 90 + 0 + 12 + 26 = 368 = 16·23 + 0 → A
    expect(upnCheckLetter('123456789012')).toBe('A');
  });

  it('999200126001 → G', () => {
    // 9·2 + 9·3 + 9·4 + 2·5 + 0·6 + 0·7 + 1·8 + 2·9 + 6·10 + 0·11 + 0·12 + 1·13
    //   = 18 + 27 + 36 + 10 + 0 + 0 + 8 + 18 + 60 + 0 + 0 + 13 = 190 = 8·23 + 6 → G (index 6)
    expect(upnCheckLetter('999200126001')).toBe('G');
  });

  it('temporary 12345678901A → X (A counts 0)', () => {
    // as 123456789012 but the 13th character A (value 0) in place of 2: 368 − 2·13 + 0·13 = 342
    //   = 14·23 + 20 → X (index 20)
    expect(upnCheckLetter('12345678901A')).toBe('X');
  });

  it('temporary 99920012600Z → D (Z counts 22)', () => {
    // 190 − 1·13 + 22·13 = 463 = 20·23 + 3 → D (index 3)
    expect(upnCheckLetter('99920012600Z')).toBe('D');
  });

  it('temporary 99920471902R → L (R counts 15)', () => {
    // 9·2 + 9·3 + 9·4 + 2·5 + 0·6 + 4·7 + 7·8 + 1·9 + 9·10 + 0·11 + 2·12 + 15·13
    //   = 18 + 27 + 36 + 10 + 0 + 28 + 56 + 9 + 90 + 0 + 24 + 195 = 493 = 21·23 + 10 → L (index 10)
    expect(upnCheckLetter('99920471902R')).toBe('L');
  });

  it('throws on malformed input', () => {
    for (const s of [
      '12345678901',
      '1234567890123',
      '1234567890I2',
      '12345678901I',
      '12345678901O',
      'A23456789012',
    ]) {
      expect(() => upnCheckLetter(s), s).toThrow(RangeError);
    }
  });
});

describe('isValidUpn', () => {
  it('accepts the worked examples', () => {
    for (const upn of ['A123456789012', 'G999200126001', 'X12345678901A', 'D99920012600Z', 'L99920471902R']) {
      expect(isValidUpn(upn), upn).toBe(true);
    }
  });

  it('accepts lower case and surrounding spaces', () => {
    expect(isValidUpn(' g999200126001 ')).toBe(true);
    expect(isValidUpn('x12345678901a')).toBe(true);
  });

  it('rejects a wrong check letter', () => {
    expect(isValidUpn('B123456789012')).toBe(false);
    expect(isValidUpn('H999200126001')).toBe(false);
    expect(isValidUpn('A12345678901A')).toBe(false);
  });

  it('rejects malformed values', () => {
    for (const s of [
      '',
      'A12345678901',
      'A1234567890123',
      '1123456789012', // no check letter
      'I123456789012', // I is not in the table
      'A12345678901I',
      'A1234567890AB', // a letter only in the last place
      'G999 200 126 001',
    ]) {
      expect(isValidUpn(s), s).toBe(false);
    }
  });

  it('catches every single-digit change', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (twelve, position, delta) => {
          const upn = `${upnCheckLetter(twelve)}${twelve}`;
          expect(isValidUpn(upn)).toBe(true);
          const changed = (Number(upn.charAt(position)) + delta) % 10;
          // weights 2..13 are all invertible mod 23, so any change of one digit changes the check
          expect(isValidUpn(`${upn.slice(0, position)}${changed}${upn.slice(position + 1)}`)).toBe(false);
        },
      ),
    );
  });
});

describe('isTemporaryUpn', () => {
  it('is true only for a valid UPN ending in a letter', () => {
    expect(isTemporaryUpn('X12345678901A')).toBe(true);
    expect(isTemporaryUpn('A123456789012')).toBe(false);
    expect(isTemporaryUpn('B12345678901A')).toBe(false);
  });
});

describe('normaliseUpn', () => {
  it('trims and upper-cases', () => {
    expect(normaliseUpn('  x12345678901a\t')).toBe('X12345678901A');
  });
});
