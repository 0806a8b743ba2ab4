/**
 * The audit's figures, from the counts the database groups by question, phase and district (and,
 * for a choice question, by the option chosen). Rolling groups up adds counts and sums, so a
 * mean is always the sum over the count of the schools that gave a number, never a mean of means.
 */

/** One group of answers in submitted returns, as the aggregate query gives it. */
export interface AnswerGroup {
  yearId: number;
  questionId: number;
  /** Null where the counts are for the whole partnership only. */
  phase: string | null;
  districtId: number | null;
  /** The option chosen, for a choice question; null otherwise. */
  choice: string | null;
  /** Schools in the group that answered the question. */
  answered: number;
  yes: number;
  no: number;
  /** The sum of the numbers given, or 0. */
  sum: number;
  /** Schools in the group that gave a number. */
  numbers: number;
}

export interface Tally {
  answered: number;
  yes: number;
  no: number;
  sum: number;
  numbers: number;
  choices: Record<string, number>;
}

export const emptyTally = (): Tally => ({ answered: 0, yes: 0, no: 0, sum: 0, numbers: 0, choices: {} });

export function addGroup(tally: Tally, group: AnswerGroup): Tally {
  tally.answered += group.answered;
  tally.yes += group.yes;
  tally.no += group.no;
  tally.sum += group.sum;
  tally.numbers += group.numbers;
  if (group.choice != null) tally.choices[group.choice] = (tally.choices[group.choice] ?? 0) + group.answered;
  return tally;
}

/** The share of schools answering yes among those answering yes or no, as a percentage; null when none did. */
export function shareYes(tally: Tally): number | null {
  const asked = tally.yes + tally.no;
  return asked === 0 ? null : (100 * tally.yes) / asked;
}

/** The mean of the numbers given; null when no school gave one. */
export function mean(tally: Tally): number | null {
  return tally.numbers === 0 ? null : tally.sum / tally.numbers;
}

/** A key of the breakdown: the whole partnership, a phase, or a district. */
export type Breakdown = 'all' | 'phase' | 'district';

export interface QuestionTallies {
  all: Tally;
  byPhase: Map<string, Tally>;
  byDistrict: Map<number, Tally>;
}

const emptyQuestion = (): QuestionTallies => ({
  all: emptyTally(),
  byPhase: new Map(),
  byDistrict: new Map(),
});

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
}

/** Every question's tallies for one year: for the partnership, by phase and by district. */
export function rollUp(groups: readonly AnswerGroup[], yearId: number): Map<number, QuestionTallies> {
  const out = new Map<number, QuestionTallies>();
  for (const g of groups) {
    if (g.yearId !== yearId) continue;
    const q = getOrAdd(out, g.questionId, emptyQuestion);
    addGroup(q.all, g);
    if (g.phase != null) addGroup(getOrAdd(q.byPhase, g.phase, emptyTally), g);
    if (g.districtId != null) addGroup(getOrAdd(q.byDistrict, g.districtId, emptyTally), g);
  }
  return out;
}

/** Where returns stand: schools with no return, returns in progress, returns submitted. */
export interface Progress {
  schools: number;
  notStarted: number;
  inProgress: number;
  submitted: number;
}

export function progressOf(statuses: readonly (string | null)[]): Progress {
  const p: Progress = { schools: statuses.length, notStarted: 0, inProgress: 0, submitted: 0 };
  for (const s of statuses) {
    if (s === 'submitted') p.submitted++;
    else if (s === 'in_progress') p.inProgress++;
    else p.notStarted++;
  }
  return p;
}

/** 76.4 → '76%'; a share of none → the `none` text. Whole percentages, as the report gives them. */
export function percentText(value: number | null, none = 'no answers'): string {
  return value == null ? none : `${Math.round(value)}%`;
}

/** A number as the report writes it: thousands separated, at most 2 decimal places. */
export function numberText(value: number | null, none = 'no answers'): string {
  return value == null ? none : value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}
