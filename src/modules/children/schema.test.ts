import { describe, expect, it } from 'vitest';
import { freezeClockAt, resetClock } from '../../platform/clock.ts';
import { childInput } from './schema.ts';

const child = { givenName: 'Ava', familyName: 'Testchild', dateOfBirth: '2018-03-04', sex: 'female' };

function messages(input: Record<string, unknown>) {
  const result = childInput.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('a child’s identifiers', () => {
  it('accepts a child with valid identifiers and normalises them', () => {
    const result = childInput.parse({
      ...child,
      nhsNumber: '943 476 5919',
      upn: 'a123456789012',
      postcode: 'wr1 2ab',
    });
    expect(result.nhsNumber).toBe('9434765919');
    expect(result.postcode).toBe('WR1 2AB');
  });
  it('rejects an NHS number whose check digit is wrong', () => {
    expect(messages({ ...child, nhsNumber: '9434765918' })).toEqual([
      'nhsNumber: Enter a valid NHS number: 10 digits whose check digit is right',
    ]);
  });
  it('rejects a UPN whose check letter is wrong', () => {
    expect(messages({ ...child, upn: 'B123456789012' })[0]).toContain('upn: Enter a valid UPN');
  });
  it('rejects a date of birth in the future', () => {
    expect(messages({ ...child, dateOfBirth: '2999-01-01' })).toEqual([
      'dateOfBirth: Date of birth must be today or in the past',
    ]);
  });
  it('takes today as London’s: a baby born after midnight BST can be recorded at once', () => {
    // 00:30 on 2 June 2026 in London is 23:30 on 1 June in UTC.
    freezeClockAt(new Date('2026-06-01T23:30:00Z'));
    try {
      expect(messages({ ...child, dateOfBirth: '2026-06-02' })).toEqual([]);
      expect(messages({ ...child, dateOfBirth: '2026-06-03' })).toEqual([
        'dateOfBirth: Date of birth must be today or in the past',
      ]);
    } finally {
      resetClock();
    }
  });
  it('rejects an impossible date and a postcode that is not one', () => {
    expect(messages({ ...child, dateOfBirth: '2019-02-29', postcode: 'NOT A CODE' })).toEqual([
      'dateOfBirth: Date of birth must be a real date',
      'postcode: Enter a real postcode, like WR1 2AB',
    ]);
  });
});
