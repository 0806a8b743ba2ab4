/** The audit's tallies on small fixtures counted by hand. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../synthetic/random.ts';
import { planAnswers } from './demo.ts';
import { figureText, reportValue } from './presentation.ts';
import { getSafeSummary } from './get-safe.ts';
import { getSafeNote } from './routes.ts';
import { parseSectionAnswers } from './schema.ts';
import { composeResults } from './service.ts';
import type { AuditQuestion, AuditYear } from './tables.ts';
import { type AnswerGroup, mean, progressOf, rollUp, shareYes } from './tally.ts';

const group = (
  g: Partial<AnswerGroup> & Pick<AnswerGroup, 'questionId' | 'phase' | 'districtId'>,
): AnswerGroup => ({
  yearId: 1,
  choice: null,
  answered: 0,
  yes: 0,
  no: 0,
  sum: 0,
  numbers: 0,
  ...g,
});

// Six schools answered question 7 (yes/no) and question 8 (a number):
//   primary, district 1: yes, yes (12, 8)     primary, district 2: no (20)
//   secondary, district 1: yes (100)          secondary, district 2: no, yes (0, 60)
const GROUPS: AnswerGroup[] = [
  group({ questionId: 7, phase: 'primary', districtId: 1, answered: 2, yes: 2 }),
  group({ questionId: 7, phase: 'primary', districtId: 2, answered: 1, no: 1 }),
  group({ questionId: 7, phase: 'secondary', districtId: 1, answered: 1, yes: 1 }),
  group({ questionId: 7, phase: 'secondary', districtId: 2, answered: 2, yes: 1, no: 1 }),
  group({ questionId: 8, phase: 'primary', districtId: 1, answered: 2, sum: 20, numbers: 2 }),
  group({ questionId: 8, phase: 'primary', districtId: 2, answered: 1, sum: 20, numbers: 1 }),
  group({ questionId: 8, phase: 'secondary', districtId: 1, answered: 1, sum: 100, numbers: 1 }),
  group({ questionId: 8, phase: 'secondary', districtId: 2, answered: 2, sum: 60, numbers: 2 }),
  // Last year's (year 2): not counted for year 1.
  group({ yearId: 2, questionId: 7, phase: 'primary', districtId: 1, answered: 5, yes: 5 }),
];

describe('rolling groups up', () => {
  const tallies = rollUp(GROUPS, 1);

  it('gives the share answering yes for the partnership, by phase and by district', () => {
    const q = tallies.get(7)!;
    expect(q.all).toMatchObject({ answered: 6, yes: 4, no: 2 });
    expect(shareYes(q.all)).toBeCloseTo((100 * 4) / 6);
    expect(shareYes(q.byPhase.get('primary')!)).toBeCloseTo((100 * 2) / 3);
    expect(shareYes(q.byPhase.get('secondary')!)).toBeCloseTo((100 * 2) / 3);
    expect(shareYes(q.byDistrict.get(1)!)).toBe(100);
    expect(shareYes(q.byDistrict.get(2)!)).toBeCloseTo((100 * 1) / 3);
  });

  it('sums numbers and takes the mean over the schools that gave one, not a mean of means', () => {
    const q = tallies.get(8)!;
    expect(q.all.sum).toBe(200);
    expect(mean(q.all)).toBeCloseTo(200 / 6);
    // District 2: 20, 0, 60 → 80 over 3 (a mean of the groups' means would be (20 + 30) / 2 = 25).
    expect(q.byDistrict.get(2)!.sum).toBe(80);
    expect(mean(q.byDistrict.get(2)!)).toBeCloseTo(80 / 3);
    expect(mean(q.byPhase.get('secondary')!)).toBeCloseTo(160 / 3);
  });

  it('keeps each year apart', () => {
    expect(rollUp(GROUPS, 2).get(7)!.all).toMatchObject({ answered: 5, yes: 5, no: 0 });
    expect(rollUp(GROUPS, 2).get(8)).toBeUndefined();
  });

  it('has no share and no mean where nobody answered', () => {
    const empty = { answered: 0, yes: 0, no: 0, sum: 0, numbers: 0, choices: {} };
    expect(shareYes(empty)).toBeNull();
    expect(mean(empty)).toBeNull();
  });

  it('counts choices by option', () => {
    const choice = rollUp(
      [
        group({ questionId: 9, phase: 'primary', districtId: 1, choice: 'Paper', answered: 2 }),
        group({ questionId: 9, phase: 'secondary', districtId: 1, choice: 'Paper', answered: 1 }),
        group({ questionId: 9, phase: 'secondary', districtId: 2, choice: 'Electronic', answered: 4 }),
      ],
      1,
    ).get(9)!;
    expect(choice.all.choices).toEqual({ Paper: 3, Electronic: 4 });
    expect(choice.byDistrict.get(1)!.choices).toEqual({ Paper: 3 });
  });
});

describe('the figures in words', () => {
  const tallies = rollUp(GROUPS, 1);
  const yesNo = { kind: 'yes_no' as const, choices: [] as string[] };
  it('words a share, a sum and a mean as the report does', () => {
    expect(figureText(yesNo, tallies.get(7)!.all)).toBe('67% yes (4 of 6)');
    expect(figureText({ kind: 'number', choices: [] }, tallies.get(8)!.all)).toBe(
      '200 in all; mean 33.3 (6 schools)',
    );
    expect(figureText(yesNo, undefined)).toBe('No answers');
    expect(reportValue(yesNo, tallies.get(7)!.all)).toBe('67%');
    expect(reportValue({ kind: 'number', choices: [] }, tallies.get(8)!.all)).toBe(200);
  });
});

describe('returns by state', () => {
  it('counts not started (no return), in progress and submitted', () => {
    expect(progressOf([null, 'in_progress', 'submitted', 'submitted', null])).toEqual({
      schools: 5,
      notStarted: 2,
      inProgress: 1,
      submitted: 2,
    });
  });
});

describe('this year against last', () => {
  it('matches last year’s question by its short name, and a new one to nothing', () => {
    const year = { id: 1, schoolYear: '2025-26' } as AuditYear;
    const before = { id: 2, schoolYear: '2024-25' } as AuditYear;
    const question = (id: number, code: string, yearId: number) =>
      ({ id, code, yearId, sectionId: 1 }) as AuditQuestion;
    const results = composeResults({
      year,
      before,
      questions: [question(7, 'early_help_offer', 1), question(9, 'coca_recording', 1)],
      lastQuestions: [question(70, 'early_help_offer', 2)],
      sections: [{ id: 1, title: 'Early help' }],
      groups: [
        ...GROUPS,
        group({ yearId: 2, questionId: 70, phase: 'primary', districtId: 1, answered: 3, yes: 1, no: 2 }),
      ],
      schools: [{ status: 'submitted' }, { status: null }],
    });
    expect(results.questions[0]!.lastQuestionId).toBe(70);
    expect(results.questions[0]!.last!.all).toMatchObject({ yes: 1, no: 2 });
    expect(results.questions[0]!.now!.all).toMatchObject({ yes: 4, no: 2 });
    expect(results.questions[1]!.lastQuestionId).toBeNull();
    expect(results.progress).toMatchObject({ schools: 2, submitted: 1, notStarted: 1 });
  });
});

describe('a section’s answers', () => {
  const questions = [
    { id: 1, text: 'Does the school have an early help offer?', kind: 'yes_no', choices: [], required: true },
    { id: 2, text: 'How many children were supported?', kind: 'number', choices: [], required: true },
    {
      id: 3,
      text: 'How are incidents recorded?',
      kind: 'choice',
      choices: ['Paper', 'Electronic'],
      required: true,
    },
    { id: 4, text: 'Describe the offer', kind: 'text', choices: [], required: false },
  ] as const;
  const parse = (body: Record<string, unknown>) => parseSectionAnswers(questions as never, 5, body);

  it('takes answers that fit each question, and blanks as no answer', () => {
    const result = parse({ 'q-1': 'no', 'q-2': '1,250', 'q-3': 'Paper', 'q-4': '', 'rag-5': 'amber' });
    expect(result.ok && Object.fromEntries(result.answers)).toEqual({
      1: { yes: false },
      2: { number: 1250 },
      3: { text: 'Paper' },
      4: null,
    });
    expect(result.ok && result.rag).toBe('amber');
  });

  it('refuses a number where yes or no is asked, and anything else that does not fit, on its field', () => {
    const result = parse({
      'q-1': '5',
      'q-2': 'twelve',
      'q-3': 'Carrier pigeon',
      'q-4': 'x'.repeat(5001),
      'rag-5': 'purple',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors.byField)).toEqual(['q-1', 'q-2', 'q-3', 'q-4', 'rag-5']);
    expect(result.errors.byField['q-1']!.text).toBe(
      'Answer “Does the school have an early help offer?” with yes or no',
    );
    expect(result.errors.summary[0]!.href).toBe('#q-1');
    expect(parse({ 'q-2': '-3' }).ok).toBe(false);
    expect(parse({ 'q-1': ['yes', 'no'] }).ok).toBe(false);
  });
});

describe('the demo’s answers', () => {
  const schools = [...Array(271)].map((_, i) => ({ phase: i % 5 === 0 ? 'secondary' : 'primary' }));
  it('give exactly the share and the total planned', () => {
    const yes = planAnswers(new Random(1), { yes: [0.5, 0.76, 1] }, 1, schools);
    expect(yes.filter((a) => a?.yes === true)).toHaveLength(Math.round(0.76 * 271));
    const numbers = planAnswers(new Random(2), { total: [0, 2684, 0] }, 1, schools);
    expect(numbers.reduce((s, a) => s + (a?.number ?? 0), 0)).toBe(2684);
    expect(
      numbers.every((a) => a !== null && a.number !== null && a.number >= 0 && Number.isInteger(a.number)),
    ).toBe(true);
  });
});

describe('a school’s GET SAFE answer beside the training records', () => {
  const both = { bothInDate: true, summary: 'DSL in date; a deputy in date' };
  const dslOnly = { bothInDate: false, summary: 'DSL in date; no deputy in date' };
  it('marks a disagreement either way, and agrees when the records say the same', () => {
    expect(getSafeNote(dslOnly, true, { yes: true })).toEqual({
      text: 'Training records: DSL in date; no deputy in date.',
      disagrees: true,
    });
    expect(getSafeNote(both, true, { yes: false }).disagrees).toBe(true);
    expect(getSafeNote(both, true, { yes: true }).disagrees).toBe(false);
    expect(getSafeNote(dslOnly, true, { yes: false }).disagrees).toBe(false);
    // No training recorded at all: a "yes" disagrees.
    expect(getSafeNote(null, true, { yes: true }).disagrees).toBe(true);
    // Not answered yet: nothing to disagree with.
    expect(getSafeNote(dslOnly, true, undefined).disagrees).toBe(false);
  });
  it('says plainly when the training records are not available', () => {
    expect(getSafeNote(null, false, { yes: true })).toEqual({
      text: expect.stringContaining('not available here yet'),
      disagrees: false,
    });
  });
});

describe('the training records in words', () => {
  const p = (givenName: string, status: 'in_date' | 'due_soon' | 'expired' | 'never') =>
    ({ givenName, familyName: 'Test', status }) as Parameters<typeof getSafeSummary>[0]['dsl'][number];
  it('names the DSL and each deputy with their GET SAFE status', () => {
    expect(
      getSafeSummary({ dsl: [p('Ann', 'in_date')], deputies: [p('Sam', 'expired'), p('Kit', 'due_soon')] }),
    ).toBe('DSL: Ann Test in date; deputies: Sam Test expired, Kit Test due within 60 days');
    expect(getSafeSummary({ dsl: [], deputies: [] })).toBe(
      'no DSL with a GET SAFE record; no deputy with a GET SAFE record',
    );
  });
});
