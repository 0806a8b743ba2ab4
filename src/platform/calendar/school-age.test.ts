import { describe, expect, it } from 'vitest';
import { ageInYears, compulsorySchoolAgeFrom, isOfCompulsorySchoolAge } from './school-age.ts';

describe('compulsory school age', () => {
  it('starts on the prescribed day after the fifth birthday', () => {
    expect(compulsorySchoolAgeFrom('2021-11-25')).toBe('2026-12-31');
    expect(compulsorySchoolAgeFrom('2021-01-01')).toBe('2026-03-31');
    expect(compulsorySchoolAgeFrom('2021-04-01')).toBe('2026-08-31');
    expect(compulsorySchoolAgeFrom('2021-09-01')).toBe('2026-12-31');
  });

  it('starts on the birthday itself when that is a prescribed day', () => {
    expect(compulsorySchoolAgeFrom('2021-03-31')).toBe('2026-03-31');
    expect(compulsorySchoolAgeFrom('2021-08-31')).toBe('2026-08-31');
    expect(compulsorySchoolAgeFrom('2021-12-31')).toBe('2026-12-31');
  });

  it('turns a 29 February child five on 1 March in a common year', () => {
    expect(compulsorySchoolAgeFrom('2020-02-29')).toBe('2025-03-31');
    expect(compulsorySchoolAgeFrom('2016-02-29')).toBe('2021-03-31');
  });

  it('is false the day before and true on the day', () => {
    expect(isOfCompulsorySchoolAge('2021-11-25', '2026-12-30')).toBe(false);
    expect(isOfCompulsorySchoolAge('2021-11-25', '2026-12-31')).toBe(true);
    expect(isOfCompulsorySchoolAge('2008-11-25', '2026-11-24')).toBe(true);
  });
});

describe('ageInYears', () => {
  it('counts whole years, a 29 February child ageing on 1 March in a common year', () => {
    expect(ageInYears('2021-11-25', '2026-11-24')).toBe(4);
    expect(ageInYears('2021-11-25', '2026-11-25')).toBe(5);
    expect(ageInYears('2020-02-29', '2025-02-28')).toBe(4);
    expect(ageInYears('2020-02-29', '2025-03-01')).toBe(5);
    expect(ageInYears('2020-02-29', '2024-02-29')).toBe(4);
  });
});
