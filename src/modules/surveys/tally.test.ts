import { describe, expect, it } from 'vitest';
import { answersSchema } from './schema.ts';
import { tallySurvey, withoutFreeText } from './tally.ts';

const q = (id: number, kind: 'agreement' | 'yes_no' | 'choice' | 'number' | 'free_text', extra = {}) => ({
  id,
  position: id,
  kind,
  prompt: `Question ${id}`,
  options: null as string[] | null,
  minValue: null as number | null,
  maxValue: null as number | null,
  required: true,
  ...extra,
});

describe('survey tallies, on a hand-counted fixture', () => {
  // Six returns. Agreement answers 5,4,4,2,1 and one blank; yes/no yes,yes,no,yes,no,no; choice
  // A,C,A,A,–,C; numbers 3,7,7,10,1 and one blank; two free-text answers.
  const questions = [
    q(1, 'agreement'),
    q(2, 'yes_no'),
    q(3, 'choice', { options: ['A', 'B', 'C'] }),
    q(4, 'number', { minValue: 0, maxValue: 10 }),
    q(5, 'free_text'),
  ];
  const a = (
    id: number,
    questionId: number,
    numberValue: number | null,
    textValue: string | null = null,
  ) => ({
    id,
    questionId,
    numberValue,
    textValue,
    quotedForReport: id === 51,
  });
  const answers = [
    ...[5, 4, 4, 2, 1].map((v, i) => a(10 + i, 1, v)),
    ...[1, 1, 0, 1, 0, 0].map((v, i) => a(20 + i, 2, v)),
    ...['A', 'C', 'A', 'A', 'C'].map((v, i) => a(30 + i, 3, null, v)),
    ...[3, 7, 7, 10, 1].map((v, i) => a(40 + i, 4, v)),
    a(50, 5, null, 'Helpful'),
    a(51, 5, null, 'Too slow'),
  ];
  const results = tallySurvey(questions, answers, 6, 'practitioners');

  it('counts the 5-point scale, with agree = agree + strongly agree of those answering', () => {
    const r = results[0]!;
    expect(r.answered).toBe(5);
    expect(r.notAnswered).toBe(1);
    expect(r.rows.map((x) => x.count)).toEqual([1, 1, 0, 2, 1]);
    expect(r.rows.map((x) => x.label)).toEqual([
      'Strongly disagree',
      'Disagree',
      'Neither agree nor disagree',
      'Agree',
      'Strongly agree',
    ]);
    expect(r.agreePercent).toBe(60); // 3 of 5
  });

  it('counts yes and no', () => {
    expect(results[1]!.rows).toEqual([
      { label: 'Yes', count: 3, percent: 50 },
      { label: 'No', count: 3, percent: 50 },
    ]);
  });

  it('counts every option of a choice, zeros included', () => {
    expect(results[2]!.rows).toEqual([
      { label: 'A', count: 3, percent: 60 },
      { label: 'B', count: 0, percent: 0 },
      { label: 'C', count: 2, percent: 40 },
    ]);
    expect(results[2]!.notAnswered).toBe(1);
  });

  it('summarises numbers: each value, min, max, mean and median', () => {
    const r = results[3]!;
    expect(r.rows.map((x) => [x.label, x.count])).toEqual([
      ['1', 1],
      ['3', 1],
      ['7', 2],
      ['10', 1],
    ]);
    expect(r.numbers).toEqual({ min: 1, max: 10, mean: 5.6, median: 7 });
  });

  it('lists free text for quoting, with the quotes marked', () => {
    expect(results[4]!.texts).toEqual([
      { id: 50, text: 'Helpful', quotedForReport: false },
      { id: 51, text: 'Too slow', quotedForReport: true },
    ]);
  });

  it('for a figures-only reader, keeps every count and leaves out every word written', () => {
    const figures = withoutFreeText(results);
    expect(figures[4]!.texts).toBeUndefined();
    expect(figures[4]!.textsWithheld).toBe(2);
    expect(figures[4]!.answered).toBe(results[4]!.answered);
    expect(JSON.stringify(figures)).not.toMatch(/Helpful|Too slow/);
    expect(figures.slice(0, 4)).toEqual(results.slice(0, 4));
  });

  it('uses plain words on young people’s scale', () => {
    const yp = tallySurvey([q(1, 'agreement')], [], 0, 'young_people');
    expect(yp[0]!.rows.map((r) => r.label)).toEqual([
      'Really disagree',
      'Disagree',
      'Not sure',
      'Agree',
      'Really agree',
    ]);
    expect(yp[0]!.agreePercent).toBe(0);
  });
});

describe('a return is checked against its questions', () => {
  const questions = [
    q(1, 'agreement'),
    q(2, 'yes_no'),
    q(3, 'choice', { options: ['A', 'B'] }),
    q(4, 'number', { minValue: 0, maxValue: 10 }),
    q(5, 'free_text', { required: false }),
  ];
  const schema = answersSchema(questions, false);

  it('takes answers in range', () => {
    const parsed = schema.safeParse({ q1: '4', q2: 'no', q3: 'B', q4: '10', q5: '' });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual([
      { questionId: 1, numberValue: 4, textValue: null },
      { questionId: 2, numberValue: 0, textValue: null },
      { questionId: 3, numberValue: null, textValue: 'B' },
      { questionId: 4, numberValue: 10, textValue: null },
    ]);
  });

  it('refuses answers out of range, each on its field', () => {
    const parsed = schema.safeParse({ q1: '6', q2: 'maybe', q3: 'Z', q4: '11', q5: 'x'.repeat(2001) });
    expect(parsed.success).toBe(false);
    const fields = Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(fields).toEqual({
      q1: 'Select a point on the scale from strongly disagree to strongly agree',
      q2: 'Select yes or no',
      q3: 'Select one of the options',
      q4: 'Enter a whole number from 0 to 10',
      q5: 'Answer must be 2000 characters or fewer',
    });
  });

  it('refuses a fraction, a negative below the range, two answers at once, and a required blank', () => {
    const parsed = schema.safeParse({ q1: ['4', '5'], q2: '', q3: 'A', q4: '2.5' });
    const fields = Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(fields).toEqual({
      q1: 'Select one answer',
      q2: 'Select an answer',
      q4: 'Enter a whole number from 0 to 10',
    });
    expect(schema.safeParse({ q1: '1', q2: 'yes', q3: 'A', q4: '-1' }).success).toBe(false);
  });
});
