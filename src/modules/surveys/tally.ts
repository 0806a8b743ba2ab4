/**
 * A survey's results, counted from its returns: pure, so the counts can be checked by hand.
 * Each question is counted over the returns that answered it ("answered"); the returns that left
 * it blank are "not answered". Percentages are of those who answered, rounded to whole numbers.
 */
import { type QuestionShape, type StoredAnswer, agreementLabels } from './schema.ts';
import type { Audience } from './tables.ts';

export interface CountRow {
  label: string;
  count: number;
  /** Of those who answered the question, 0–100, rounded. */
  percent: number;
}

export interface FreeTextAnswer {
  id: number;
  text: string;
  quotedForReport: boolean;
}

export interface QuestionResult {
  question: QuestionShape & { position: number };
  answered: number;
  notAnswered: number;
  /** agreement, yes/no, choice: a row for every possible answer (zeros included); number: each value given. */
  rows: CountRow[];
  /** agreement: agree + strongly agree, as a percentage of those who answered. */
  agreePercent?: number;
  /** number: the smallest, largest, mean (1 decimal) and median of the answers. */
  numbers?: { min: number; max: number; mean: number; median: number };
  /** free text: every answer, for quoting. */
  texts?: FreeTextAnswer[];
  /** free text withheld from a figures-only reader: how many answers there are, never their words. */
  textsWithheld?: number;
}

/** The results without the words people wrote (for figures-only readers): the counts stay. */
export function withoutFreeText(results: readonly QuestionResult[]): QuestionResult[] {
  return results.map(({ texts, ...r }) => (texts ? { ...r, textsWithheld: texts.length } : r));
}

const percentOf = (count: number, of: number) => (of === 0 ? 0 : Math.round((100 * count) / of));

export function tallyQuestion(
  question: QuestionShape & { position: number },
  answers: readonly (StoredAnswer & { id: number; quotedForReport: boolean })[],
  returns: number,
  audience: Audience,
): QuestionResult {
  const mine = answers.filter((a) => a.questionId === question.id);
  const answered = mine.length;
  const base = { question, answered, notAnswered: returns - answered };
  const rowsOf = (labels: readonly string[], countOf: (label: string, index: number) => number) =>
    labels.map((label, i) => {
      const count = countOf(label, i);
      return { label, count, percent: percentOf(count, answered) };
    });
  switch (question.kind) {
    case 'agreement': {
      const rows = rowsOf(
        agreementLabels(audience),
        (_l, i) => mine.filter((a) => a.numberValue === i + 1).length,
      );
      const agree = mine.filter((a) => (a.numberValue ?? 0) >= 4).length;
      return { ...base, rows, agreePercent: percentOf(agree, answered) };
    }
    case 'yes_no':
      return {
        ...base,
        rows: rowsOf(
          ['Yes', 'No'],
          (_l, i) => mine.filter((a) => a.numberValue === (i === 0 ? 1 : 0)).length,
        ),
      };
    case 'choice':
      return {
        ...base,
        rows: rowsOf(question.options ?? [], (label) => mine.filter((a) => a.textValue === label).length),
      };
    case 'number': {
      const values = mine.map((a) => a.numberValue!).sort((x, y) => x - y);
      const distinct = [...new Set(values)];
      const rows = rowsOf(distinct.map(String), (label) => values.filter((v) => String(v) === label).length);
      if (values.length === 0) return { ...base, rows };
      const middle = Math.floor(values.length / 2);
      const median = values.length % 2 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
      const mean = Math.round((10 * values.reduce((s, v) => s + v, 0)) / values.length) / 10;
      return { ...base, rows, numbers: { min: values[0]!, max: values.at(-1)!, mean, median } };
    }
    case 'free_text':
      return {
        ...base,
        rows: [],
        texts: mine.map((a) => ({ id: a.id, text: a.textValue ?? '', quotedForReport: a.quotedForReport })),
      };
  }
}

export function tallySurvey(
  questions: readonly (QuestionShape & { position: number })[],
  answers: readonly (StoredAnswer & { id: number; quotedForReport: boolean })[],
  returns: number,
  audience: Audience,
): QuestionResult[] {
  return questions.map((q) => tallyQuestion(q, answers, returns, audience));
}
