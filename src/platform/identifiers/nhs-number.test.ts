import { sharedDataPath } from '../testing/shared-data.ts';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNhsNumber, isValidNhsNumber, nhsCheckDigit, normaliseNhsNumber } from './nhs-number.ts';

// Columns: nhs_number,valid (CRLF line ends; some numbers are written with spaces).
const VECTORS = sharedDataPath('testvectors/nhs_number_vectors.csv');

function readVectors(): { nhsNumber: string; valid: boolean }[] {
  const [header, ...rows] = readFileSync(VECTORS, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  expect(header).toBe('nhs_number,valid');
  return rows.map((row) => {
    const [nhsNumber = '', valid = ''] = row.split(',');
    expect(['true', 'false']).toContain(valid);
    return { nhsNumber, valid: valid === 'true' };
  });
}

describe('isValidNhsNumber', () => {
  const vectors = readVectors();

  it('reads every row of the shared vectors', () => {
    expect(vectors.length).toBe(41);
  });

  it.each(vectors)('$nhsNumber → $valid', ({ nhsNumber, valid }) => {
    expect(isValidNhsNumber(nhsNumber)).toBe(valid);
  });

  it('accepts hyphens and surrounding spaces as well as spaces', () => {
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
    expect(isValidNhsNumber('  9434765919 ')).toBe(true);
  });

  it('rejects anything but ten digits', () => {
    for (const s of ['', '943476591', '94347659190', '943476591X', '943.476.5919', '９４３４７６５９１９']) {
      expect(isValidNhsNumber(s)).toBe(false);
    }
  });

  it('rejects every single-digit change to a valid number', () => {
    // Modulus 11 with distinct weights detects any one wrong digit.
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{9}$/),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (nine, position, delta) => {
          const check = nhsCheckDigit(nine);
          fc.pre(check !== null);
          const valid = `${nine}${check}`;
          expect(isValidNhsNumber(valid)).toBe(true);
          const changed = (Number(valid.charAt(position)) + delta) % 10;
          const typo = `${valid.slice(0, position)}${changed}${valid.slice(position + 1)}`;
          expect(isValidNhsNumber(typo)).toBe(false);
        },
      ),
    );
  });
});

describe('nhsCheckDigit', () => {
  it('computes the check digit by hand-checked examples', () => {
    // 9·10 + 4·9 + 3·8 + 4·7 + 7·6 + 6·5 + 5·4 + 9·3 + 1·2 = 299; 299 mod 11 = 2; 11 − 2 = 9
    expect(nhsCheckDigit('943476591')).toBe(9);
    // all zeros: sum 0, 11 − 0 = 11 → 0
    expect(nhsCheckDigit('000000000')).toBe(0);
    // 9·10 + 9·9 + 9·8 + 1·7 + 2·6 + 3·5 + 4·4 + 5·3 + 6·2 = 320; 320 mod 11 = 1; 11 − 1 = 10 → none
    expect(nhsCheckDigit('999123456')).toBeNull();
  });

  it('throws on input that is not nine digits', () => {
    expect(() => nhsCheckDigit('12345678')).toThrow(RangeError);
    expect(() => nhsCheckDigit('12345678X')).toThrow(RangeError);
    expect(() => nhsCheckDigit('943 476 591')).toThrow(RangeError);
  });
});

describe('normaliseNhsNumber', () => {
  it('strips spaces and hyphens', () => {
    expect(normaliseNhsNumber('943 476 5919')).toBe('9434765919');
    expect(normaliseNhsNumber('943-476-5919')).toBe('9434765919');
    expect(normaliseNhsNumber(' 9434765919\n')).toBe('9434765919');
  });

  it('does not check the check digit', () => {
    expect(normaliseNhsNumber('9434765918')).toBe('9434765918');
  });

  it('returns null when the digits are not ten', () => {
    expect(normaliseNhsNumber('12312')).toBeNull();
    expect(normaliseNhsNumber('943 476 59190')).toBeNull();
    expect(normaliseNhsNumber('NHS 9434765919')).toBeNull();
  });
});

describe('formatNhsNumber', () => {
  it('formats as 3 3 4', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('943-476-5919')).toBe('943 476 5919');
  });

  it('returns input that is not ten digits trimmed but unchanged', () => {
    expect(formatNhsNumber(' 12312 ')).toBe('12312');
  });
});
