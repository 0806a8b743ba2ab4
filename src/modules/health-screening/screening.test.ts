import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessMapping, readRow } from './attendance-file.ts';
import { type JourneyEventLike, journeyFacts } from './crossref.ts';
import { getSafeConcernLink } from './routes.ts';
import {
  FIRST_LIST,
  Screener,
  compareResults,
  compileTerms,
  contextOf,
  marksOf,
  normaliseTerms,
  withMarks,
} from './screening.ts';

const LIST = ['knife', 'stab', 'stabbed', 'gun', 'county lines', 'overdose', 'self-harm'];
const screener = new Screener(1, LIST);
const terms = (text: string) => screener.screenText(text, 'notes').map((m) => m.term);
/** A note's matches with their marks, as the pages show them (worked out from the text and the place). */
const marked = (notes: string) => withMarks({ notes }, screener.screenText(notes, 'notes'));

describe('WREN screening rules', () => {
  it('matches whole words only, never inside another word', () => {
    expect(terms('Knifed? No: knife wound to left forearm')).toEqual(['knife']);
    expect(terms('Guna and begun, shotgun')).toEqual([]);
    expect(terms('stabbing pain in chest')).toEqual([]);
    expect(terms('stab wound; was stabbed')).toEqual(['stab', 'stabbed']);
  });

  it('matches in any case, and a phrase across any spacing or a hyphen', () => {
    expect(terms('KNIFE found. Gun seen. County   Lines involvement; county-lines again')).toEqual([
      'knife',
      'gun',
      'county lines',
      'county lines',
    ]);
    expect(terms('Self harm marks on arms')).toEqual(['self-harm']);
  });

  it('escapes terms, so that a term with punctuation is matched as written', () => {
    const re = compileTerms(['a.b', 'x+y']);
    expect('axb'.match(re)).toBeNull();
    expect('see a.b here'.match(re)).toEqual(['a.b']);
    expect(normaliseTerms([' Knife ', 'knife', '', 'County  Lines'])).toEqual(['knife', 'county lines']);
  });

  it('shows each match in its context, in the order found, with where it is', () => {
    const text = 'Attended with mother. Took an overdose of paracetamol at 2am.';
    const [m] = screener.screenText(text, 'notes');
    expect(m!.text).toBe('overdose');
    expect(text.slice(m!.start, m!.end)).toBe('overdose');
    const { before, after } = contextOf(text, m!);
    expect(before.endsWith('Took an ')).toBe(true);
    expect(after.startsWith(' of paracetamol')).toBe(true);
    expect(marksOf(text, m!)).toEqual({ negated: null, family: null });
  });

  it('finds the matches without their marks: the marks are worked out where a match is shown', () => {
    const text = 'Denies brother was stabbed.';
    const [m] = screener.screenText(text, 'notes');
    expect(m).toEqual({ term: 'stabbed', text: 'stabbed', field: 'notes', start: 19, end: 26 });
    expect(marksOf(text, m!)).toEqual({ negated: 'denies', family: 'brother' });
    // Each field's matches are marked from that field's text, not the other's.
    const attendance = { presentingComplaint: 'Knife injury', notes: 'No gun; mum fine' };
    expect(withMarks(attendance, screener.screen(attendance))).toEqual([
      {
        term: 'knife',
        text: 'Knife',
        field: 'presenting_complaint',
        start: 0,
        end: 5,
        negated: null,
        family: null,
      },
      { term: 'gun', text: 'gun', field: 'notes', start: 3, end: 6, negated: 'no', family: null },
    ]);
  });

  it('marks a negation in the same sentence before the term, and keeps the match', () => {
    const [denies] = marked('Denies any knife involvement.');
    expect(denies!.negated).toBe('denies');
    const [no] = marked('No gun seen');
    expect(no!.negated).toBe('no');
    const [not] = marked('Was not stabbed');
    expect(not!.negated).toBe('not');
    // A negation in an earlier sentence says nothing about this one.
    const [later] = marked('No LOC. Knife wound to hand.');
    expect(later!.negated).toBeNull();
  });

  it('marks a family member the term is said of, and keeps the match', () => {
    const [brother] = marked('Brother was stabbed last week, child anxious');
    expect(brother!.term).toBe('stabbed');
    expect(brother!.family).toBe('brother');
    const [own] = marked('Stabbed in the leg. Mum present.');
    expect(own!.family).toBeNull();
  });

  it('screens the presenting complaint and the notes, naming the field of each match', () => {
    const found = screener.screen({ presentingComplaint: 'Knife injury', notes: 'gun mentioned' });
    expect(found.map((m) => [m.field, m.term])).toEqual([
      ['presenting_complaint', 'knife'],
      ['notes', 'gun'],
    ]);
  });

  it('screens many attendances as it screens each field alone', () => {
    // Words that make matches, marks, sentence ends and near-misses, in any case and spacing.
    const word = fc.constantFrom(
      'knife',
      'KNIFE',
      'Stabbed',
      'stab',
      'stabbing',
      'gun',
      'guns',
      'county lines',
      'county  lines',
      'self-harm',
      'self harm',
      'overdose',
      'no',
      'denies',
      'not',
      'but',
      'brother',
      'mum',
      'his',
      'was',
      'a',
      'seen',
      '.',
      ';',
      '\n',
      ',',
      'it',
      'knifed',
    );
    const text = fc.array(word, { maxLength: 30 }).map((w) => w.join(' '));
    const attendance = fc.record({
      presentingComplaint: fc.option(text, { nil: null }),
      notes: fc.option(text, { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(attendance, { maxLength: 8 }), (attendances) => {
        const each = attendances.map((a) => [
          ...(a.presentingComplaint
            ? screener.screenText(a.presentingComplaint, 'presenting_complaint')
            : []),
          ...(a.notes ? screener.screenText(a.notes, 'notes') : []),
        ]);
        expect(screener.screenMany(attendances)).toEqual(each);
      }),
      { numRuns: 300 },
    );
  });

  it('an empty list matches nothing', () => {
    expect(new Screener(1, []).screenText('knife gun', 'notes')).toEqual([]);
  });
});

describe('re-screening with a new version', () => {
  it('says which terms were found or lost, and whether the flag changed', () => {
    const v1 = new Screener(1, ['knife']);
    const v2 = new Screener(2, ['knife', 'machete']);
    const text = 'Machete wound, knife also seen';
    const before = { flagged: true, matches: v1.screenText(text, 'notes') };
    const after = { flagged: true, matches: v2.screenText(text, 'notes') };
    expect(compareResults(before, after)).toEqual({
      wasFlagged: true,
      nowFlagged: true,
      added: ['machete'],
      removed: [],
    });
    expect(compareResults(before, before)).toBeNull();
    const v3 = new Screener(3, ['gun']);
    const gone = { flagged: false, matches: v3.screenText(text, 'notes') };
    expect(compareResults(before, gone)).toEqual({
      wasFlagged: true,
      nowFlagged: false,
      added: [],
      removed: ['knife'],
    });
  });
});

describe('what the journey tells about a child on a day', () => {
  const ev = (
    kind: string,
    occurredOn: string,
    sourceRef: string,
    extra: Partial<JourneyEventLike> = {},
  ): JourneyEventLike => ({
    kind,
    occurredOn,
    source: 'front-door',
    sourceRef,
    episodeRef: null,
    details: {},
    ...extra,
  });

  it('an open plan is a CP plan and an allocated social worker; an ended one is neither', () => {
    const events = [ev('cp_plan_start', '2026-01-10', 'P1', { details: { category: 'neglect' } })];
    expect(journeyFacts(events, '2026-02-01').map((f) => f.kind)).toEqual([
      'cp_plan',
      'allocated_social_worker',
    ]);
    expect(journeyFacts(events, '2026-01-09')).toEqual([]);
    const ended = [...events, ev('cp_plan_end', '2026-03-01', 'P1')];
    expect(journeyFacts(ended, '2026-03-02')).toEqual([]);
    expect(journeyFacts(ended, '2026-02-28').map((f) => f.kind)).toEqual([
      'cp_plan',
      'allocated_social_worker',
    ]);
  });

  it('a referral with no decision in its episode is open; a decided or NFA one is not', () => {
    const open = [ev('referral', '2026-05-01', 'R1', { episodeRef: 'E1' })];
    expect(journeyFacts(open, '2026-05-02').map((f) => f.kind)).toEqual(['open_referral']);
    const decided = [...open, ev('decision', '2026-05-02', 'D1', { episodeRef: 'E1' })];
    expect(journeyFacts(decided, '2026-05-03')).toEqual([]);
    const nfa = [ev('referral', '2026-05-01', 'R2', { details: { nfa: true } })];
    expect(journeyFacts(nfa, '2026-05-03')).toEqual([]);
  });

  it('child in need, looked after, or an assessment under way mean an allocated social worker', () => {
    expect(journeyFacts([ev('cin_start', '2026-01-01', 'C1')], '2026-02-01').map((f) => f.kind)).toEqual([
      'allocated_social_worker',
    ]);
    expect(
      journeyFacts(
        [ev('assessment_start', '2026-01-01', 'A1'), ev('assessment_authorised', '2026-01-20', 'A1')],
        '2026-02-01',
      ),
    ).toEqual([]);
  });
});

describe('the GET SAFE concern filled in from an attendance', () => {
  it('names the child, the types the words suggest and injuries', () => {
    const matches = new Screener(1, ['knife', 'county lines']).screen({ notes: 'Knife wound; county lines' });
    const link = new URL(getSafeConcernLink(7, 'c-1', matches), 'http://x');
    expect(link.pathname).toBe('/exploitation/concerns/new');
    expect(link.searchParams.get('from')).toBe('wren');
    expect(link.searchParams.get('childId')).toBe('c-1');
    expect(link.searchParams.getAll('types').sort()).toEqual(['county_lines', 'serious_violence']);
    expect(link.searchParams.getAll('indicators')).toEqual(['injuries']);
  });
});

describe('the first list', () => {
  it('is the one migration 0140 ships', async () => {
    const fs = await import('node:fs');
    const sql = fs.readFileSync(
      new URL('../../../migrations/0140_health_screening.sql', import.meta.url),
      'utf8',
    );
    const shipped = JSON.parse(/VALUES \(1, '(\[.*?\])'/.exec(sql)![1]!) as string[];
    expect(shipped).toEqual([...FIRST_LIST]);
  });
});

describe('reading an A&E row', () => {
  const columns = {
    attendance_id: 'Id',
    arrived_at: 'At',
    family_name: 'Surname',
    date_of_birth: 'DOB',
    notes: 'Notes',
  };
  const row = (over: Record<string, string> = {}) =>
    readRow(
      2,
      {
        attendance_id: 'A1',
        arrived_at: '2026-10-03 14:05',
        family_name: 'Marlowe',
        date_of_birth: '2010-06-14',
        notes: 'x',
        ...over,
      },
      columns,
    );

  it('keeps a child, drops an adult, and gives the reason for a row it cannot read', () => {
    expect(row()).toMatchObject({ kind: 'child', attendance: { ageYears: 16, dateOfBirth: '2010-06-14' } });
    // 14:05 in October is British Summer Time: 13:05 UTC.
    expect((row() as { attendance: { arrivedAt: Date } }).attendance.arrivedAt.toISOString()).toBe(
      '2026-10-03T13:05:00.000Z',
    );
    expect(row({ date_of_birth: '2008-10-03' })).toEqual({ kind: 'adult' });
    expect(row({ date_of_birth: '2008-10-04' }).kind).toBe('child');
    expect(row({ arrived_at: 'soon' })).toMatchObject({ kind: 'problem', problem: { row: 2, column: 'At' } });
    expect(row({ date_of_birth: '31/02/2012' })).toMatchObject({
      kind: 'problem',
      problem: { column: 'DOB' },
    });
    expect(row({ notes: 'a\u0000b' })).toMatchObject({ kind: 'problem', problem: { column: 'Notes' } });
    expect(row({ date_of_birth: '04/03/2012' })).toMatchObject({
      kind: 'child',
      attendance: { dateOfBirth: '2012-03-04' },
    });
  });
});

describe('guessing the columns of an A&E file', () => {
  it('knows the usual names, however they are spaced or cased', () => {
    expect(
      guessMapping([
        'AttendanceID',
        'Arrival Date/Time',
        'Site',
        'Forename',
        'SURNAME',
        'D.O.B',
        'NHS No',
        'Post Code',
        'Ethnic Group',
        'PresentingComplaint',
        'Clinical_Notes',
      ]),
    ).toEqual({
      attendance_id: 'AttendanceID',
      arrived_at: 'Arrival Date/Time',
      department: 'Site',
      given_name: 'Forename',
      family_name: 'SURNAME',
      date_of_birth: 'D.O.B',
      nhs_number: 'NHS No',
      postcode: 'Post Code',
      ethnicity: 'Ethnic Group',
      presenting_complaint: 'PresentingComplaint',
      notes: 'Clinical_Notes',
    });
  });
});
