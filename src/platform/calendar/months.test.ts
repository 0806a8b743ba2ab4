import { describe, expect, it } from 'vitest';
import { addCalendarMonths } from './months.ts';

describe('addCalendarMonths', () => {
  it('keeps the day of the month', () => {
    expect(addCalendarMonths('2026-03-15', 6)).toBe('2026-09-15');
    expect(addCalendarMonths('2026-09-15', 6)).toBe('2027-03-15');
  });
  it('ends on the last day of a shorter month', () => {
    expect(addCalendarMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addCalendarMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-12-31', 6)).toBe('2027-06-30');
    expect(addCalendarMonths('2026-10-31', 4)).toBe('2027-02-28');
  });
  it('from a month end, keeps the day, not the month end', () => {
    expect(addCalendarMonths('2027-02-28', 6)).toBe('2027-08-28');
    expect(addCalendarMonths('2026-04-30', 6)).toBe('2026-10-30');
  });
  it('refuses dates that are not real', () => {
    expect(() => addCalendarMonths('2026-02-30', 6)).toThrow(RangeError);
  });
});
