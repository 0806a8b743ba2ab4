import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BankHolidayFeedError,
  parseBankHolidayFeed,
  ruleBasedBankHolidays,
  shippedBankHolidays,
} from './bank-holidays.ts';

function feed(events: unknown[], division = 'england-and-wales') {
  return { [division]: { division, events } };
}

const event = (date: string, title = 'Some bank holiday', notes = '') => ({
  title,
  date,
  notes,
  bunting: true,
});

describe('shippedBankHolidays', () => {
  const shipped = shippedBankHolidays();
  const byDate = new Map(shipped.map((holiday) => [holiday.date, holiday]));

  it('ships only the england-and-wales division in the gov.uk feed format', () => {
    const raw = JSON.parse(readFileSync(new URL('./data/bank-holidays.json', import.meta.url), 'utf8'));
    expect(Object.keys(raw)).toEqual(['england-and-wales']);
    expect(raw['england-and-wales'].division).toBe('england-and-wales');
  });

  it('covers 2015 to 2027, sorted by date', () => {
    expect(shipped[0]?.date).toBe('2015-01-01');
    expect(shipped.at(-1)?.date).toBe('2027-12-28');
    expect(shipped.map((h) => h.date)).toEqual(shipped.map((h) => h.date).sort());
  });

  it('has both 2027 Christmas substitute days (Christmas on a Saturday, Boxing Day on a Sunday)', () => {
    expect(byDate.get('2027-12-27')).toEqual({
      date: '2027-12-27',
      title: 'Christmas Day',
      substitute: true,
    });
    expect(byDate.get('2027-12-28')).toEqual({ date: '2027-12-28', title: 'Boxing Day', substitute: true });
    expect(byDate.has('2027-12-25')).toBe(false);
  });

  it('has Christmas 2026 on the Friday and the Boxing Day substitute on Monday 28 December', () => {
    expect(byDate.get('2026-12-25')).toEqual({
      date: '2026-12-25',
      title: 'Christmas Day',
      substitute: false,
    });
    expect(byDate.get('2026-12-28')).toEqual({ date: '2026-12-28', title: 'Boxing Day', substitute: true });
  });

  it('has the 2022 Christmas substitute on Tuesday 27 December (Christmas fell on a Sunday)', () => {
    expect(byDate.get('2022-12-26')?.substitute).toBe(false);
    expect(byDate.get('2022-12-27')).toEqual({
      date: '2022-12-27',
      title: 'Christmas Day',
      substitute: true,
    });
  });

  it('has the eight 2027 bank holidays', () => {
    expect(shipped.filter((h) => h.date.startsWith('2027-')).map((h) => h.date)).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
  });

  it('returns copies, so a caller cannot corrupt later results', () => {
    const first = shippedBankHolidays();
    first[0]!.date = '1999-01-01';
    first.length = 0;
    expect(shippedBankHolidays()[0]?.date).toBe('2015-01-01');
  });
});

describe('parseBankHolidayFeed', () => {
  it('reads the england-and-wales division, sorts it and marks substitute days', () => {
    const holidays = parseBankHolidayFeed({
      ...feed([event('2027-12-28', 'Boxing Day', 'Substitute day'), event('2027-01-01', 'New Year’s Day')]),
      scotland: { division: 'scotland', events: [event('2027-01-04', '2nd January', 'Substitute day')] },
    });
    expect(holidays).toEqual([
      { date: '2027-01-01', title: 'New Year’s Day', substitute: false },
      { date: '2027-12-28', title: 'Boxing Day', substitute: true },
    ]);
  });

  it.each([
    ['null', null],
    ['a string', 'bank holidays'],
    ['an empty object', {}],
    [
      'events that are not a list',
      { 'england-and-wales': { division: 'england-and-wales', events: 'none' } },
    ],
  ])('rejects %s', (_label, json) => {
    expect(() => parseBankHolidayFeed(json)).toThrow(BankHolidayFeedError);
  });

  it('rejects a feed with only the Scottish division, naming the missing division', () => {
    expect(() => parseBankHolidayFeed(feed([event('2027-01-04')], 'scotland'))).toThrow(/england-and-wales/);
  });

  it('rejects a division whose name does not match its key', () => {
    const json = { 'england-and-wales': { division: 'scotland', events: [event('2027-01-01')] } };
    expect(() => parseBankHolidayFeed(json)).toThrow(/england-and-wales\.division/);
  });

  it('rejects an impossible date and says where it is', () => {
    expect(() => parseBankHolidayFeed(feed([event('2027-01-01'), event('2027-02-30')]))).toThrow(
      /england-and-wales\.events\.1\.date: expected a real calendar date/,
    );
  });

  it('rejects a date not written YYYY-MM-DD', () => {
    expect(() => parseBankHolidayFeed(feed([event('01/01/2027')]))).toThrow(BankHolidayFeedError);
  });

  it('rejects an event without a title', () => {
    expect(() => parseBankHolidayFeed(feed([{ date: '2027-01-01', notes: '', bunting: true }]))).toThrow(
      /events\.0\.title/,
    );
  });

  it('rejects an empty division and a duplicated date', () => {
    expect(() => parseBankHolidayFeed(feed([]))).toThrow(/no events/);
    expect(() => parseBankHolidayFeed(feed([event('2027-01-01'), event('2027-01-01')]))).toThrow(
      /2027-01-01 appears twice/,
    );
  });
});

describe('ruleBasedBankHolidays', () => {
  // The official list's one-off changes, which no rule can know: 2020's May Day moved to VE Day,
  // 2022's Platinum Jubilee (Spring holiday moved, a Friday added) and the Queen's funeral, 2023's coronation.
  const ONE_OFFS: Record<string, { added: string[]; removed: string[] }> = {
    '2020': { added: ['2020-05-08'], removed: ['2020-05-04'] },
    '2022': { added: ['2022-06-02', '2022-06-03', '2022-09-19'], removed: ['2022-05-30'] },
    '2023': { added: ['2023-05-08'], removed: [] },
  };

  it('agrees with every year of the official list once its one-off changes are set aside', () => {
    const official = shippedBankHolidays();
    for (let year = 2015; year <= 2027; year++) {
      const expected = new Set(official.filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.date));
      for (const date of ONE_OFFS[year]?.added ?? []) expected.delete(date);
      for (const date of ONE_OFFS[year]?.removed ?? []) expected.add(date);
      const computed = ruleBasedBankHolidays(year).map((h) => h.date);
      expect([year, ...computed]).toEqual([year, ...[...expected].sort()]);
    }
  });

  it('moves a weekend Christmas and Boxing Day to the next free weekdays', () => {
    const dates = (year: number) =>
      ruleBasedBankHolidays(year).map((h) => `${h.date}${h.substitute ? '*' : ''}`);
    // 2032: Christmas Saturday, Boxing Day Sunday → Monday 27 and Tuesday 28.
    expect(dates(2032).slice(-2)).toEqual(['2032-12-27*', '2032-12-28*']);
    // 2033: Christmas Sunday → Boxing Day Monday 26, Christmas on Tuesday 27.
    expect(dates(2033).slice(-2)).toEqual(['2033-12-26', '2033-12-27*']);
    // 2037: Christmas Friday, Boxing Day Saturday → Monday 28.
    expect(dates(2037).slice(-2)).toEqual(['2037-12-25', '2037-12-28*']);
    // 2033: New Year's Day Saturday → Monday 3 January.
    expect(dates(2033)[0]).toBe('2033-01-03*');
  });

  it('finds Easter and the May and August Mondays', () => {
    const of2029 = ruleBasedBankHolidays(2029).map((h) => [h.title, h.date]);
    expect(of2029).toEqual([
      ['New Year’s Day', '2029-01-01'],
      ['Good Friday', '2029-03-30'],
      ['Easter Monday', '2029-04-02'],
      ['Early May bank holiday', '2029-05-07'],
      ['Spring bank holiday', '2029-05-28'],
      ['Summer bank holiday', '2029-08-27'],
      ['Christmas Day', '2029-12-25'],
      ['Boxing Day', '2029-12-26'],
    ]);
  });
});
