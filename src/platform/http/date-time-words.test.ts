/** A moment as pages show it (issue 15): "6 December 2026 at 10:30pm", in London time. */
import { describe, expect, it } from 'vitest';
import { londonDateTimeText } from './views.ts';

describe('londonDateTime', () => {
  it('reads like the GOV.UK style, in London time, with midnight and midday in words', () => {
    expect(londonDateTimeText(new Date('2026-12-06T22:30:00Z'))).toBe('6 December 2026 at 10:30pm');
    expect(londonDateTimeText(new Date('2026-12-06T00:00:00Z'))).toBe('6 December 2026 at midnight');
    // British Summer Time: 11:00 UTC is midday in London, 08:05 UTC is 9:05am.
    expect(londonDateTimeText(new Date('2026-07-06T11:00:00Z'))).toBe('6 July 2026 at midday');
    expect(londonDateTimeText(new Date('2026-07-06T08:05:00Z'))).toBe('6 July 2026 at 9:05am');
  });
});
