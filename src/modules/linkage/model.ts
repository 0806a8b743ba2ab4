/**
 * The Fellegi–Sunter model: for each comparison level, m (how often the same child's two
 * records reach it) and u (how often two different children's records do). A pair's match
 * weight is the prior's log-odds plus log2(m / u) of each comparison's level, so every field's
 * contribution can be shown, and they add up to the weight.
 *
 * u comes from pairs drawn at random (nearly all different children); agreement on one exact
 * value is counted from the value frequencies directly, because at random it is too rare to
 * sample. m and the prior are estimated by expectation maximisation over the candidate pairs,
 * without labels, or counted from labelled pairs when some are known.
 */
import { mulberry32 } from '../../synthetic/random.ts';
import { COMPARISONS, PATTERN_COUNT, comparePair, levelsOf, patternOf } from './comparisons.ts';
import type { PreparedPeople } from './person.ts';

export interface ComparisonParameters {
  key: string;
  m: number[];
  u: number[];
}

export interface LinkageModel {
  /** The probability that two records drawn at random are the same person. */
  prior: number;
  comparisons: ComparisonParameters[];
}

/** The two sides of a task; a dedupe compares one side with itself. */
export interface Sides {
  left: PreparedPeople;
  right: PreparedPeople | null;
}

export function totalPairs({ left, right }: Sides): number {
  return right ? left.size * right.size : (left.size * (left.size - 1)) / 2;
}

/** Per comparison, the value that agreeing exactly means: an id, or -1 when missing. */
function exactValue(people: PreparedPeople, comparison: number, i: number): number {
  switch (comparison) {
    case 0:
      return people.givenId[i]!;
    case 1:
      return people.familyId[i]!;
    case 2:
      return people.birthYear[i]! < 0
        ? -1
        : people.birthYear[i]! * 500 + people.birthMonth[i]! * 40 + people.birthDay[i]!;
    case 3:
      // Postcode and address together: ids below 2^21 each keep the number exact.
      return people.postcodeId[i]! < 0 || people.addressId[i]! < 0
        ? -1
        : people.postcodeId[i]! * 2_097_152 + people.addressId[i]!;
    case 4:
      return people.nhsNumberId[i]!;
    default:
      return people.sex[i]!;
  }
}

/** How often each value occurs, per comparison: the term frequencies and exact-agreement u. */
export interface ValueCounts {
  /** counts[c]: value → how many records (both sides together) have it. */
  counts: Map<number, number>[];
  /** Records with a value, per comparison. */
  present: number[];
}

export function countValues({ left, right }: Sides): ValueCounts {
  const counts = COMPARISONS.map(() => new Map<number, number>());
  const present = COMPARISONS.map(() => 0);
  for (const people of right ? [left, right] : [left]) {
    for (let c = 0; c < COMPARISONS.length; c++) {
      const map = counts[c]!;
      for (let i = 0; i < people.size; i++) {
        const v = exactValue(people, c, i);
        if (v < 0) continue;
        map.set(v, (map.get(v) ?? 0) + 1);
        present[c]!++;
      }
    }
  }
  return { counts, present };
}

/** The probability that two different records agree exactly, from the value counts. */
function exactAgreement(sides: Sides, c: number): number {
  const { left, right } = sides;
  if (right) {
    const l = new Map<number, number>();
    let ml = 0;
    for (let i = 0; i < left.size; i++) {
      const v = exactValue(left, c, i);
      if (v >= 0) {
        l.set(v, (l.get(v) ?? 0) + 1);
        ml++;
      }
    }
    let agree = 0;
    let mr = 0;
    for (let j = 0; j < right.size; j++) {
      const v = exactValue(right, c, j);
      if (v < 0) continue;
      mr++;
      agree += l.get(v) ?? 0;
    }
    return ml && mr ? agree / (ml * mr) : 0;
  }
  const counts = new Map<number, number>();
  let m = 0;
  for (let i = 0; i < left.size; i++) {
    const v = exactValue(left, c, i);
    if (v >= 0) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
      m++;
    }
  }
  let agree = 0;
  for (const n of counts.values()) agree += n * (n - 1);
  return m > 1 ? agree / (m * (m - 1)) : 0;
}

/**
 * u for every level: exact agreement from value counts, the other levels from `samples`
 * random pairs, in proportion to how often they occur among pairs that do not agree exactly.
 */
export function estimateU(sides: Sides, options: { samples?: number; seed?: number } = {}): number[][] {
  const { left, right } = sides;
  const other = right ?? left;
  const random = mulberry32(options.seed ?? 20261128);
  const samples = Math.min(options.samples ?? 1_000_000, Math.max(1, totalPairs(sides)) * 4);
  const tallies = COMPARISONS.map((c) => new Float64Array(c.levels.length));
  const levels = new Int8Array(COMPARISONS.length);
  if (left.size > 0 && other.size > (right ? 0 : 1)) {
    for (let s = 0; s < samples; s++) {
      const i = Math.floor(random() * left.size);
      let j = Math.floor(random() * other.size);
      if (!right && j === i) j = (j + 1) % other.size;
      comparePair(left, i, other, j, levels);
      for (let c = 0; c < levels.length; c++) if (levels[c]! > 0) tallies[c]![levels[c]!]!++;
    }
  }
  return COMPARISONS.map((comparison, c) => {
    const exact = Math.min(exactAgreement(sides, c), 0.999);
    const tally = tallies[c]!;
    const others = comparison.levels.length - 1;
    let sum = 0;
    for (let l = 1; l < tally.length; l++) sum += tally[l]!;
    // Half a pair's worth for a level never seen at random: rare, but not impossible.
    const u = [exact];
    for (let l = 1; l < tally.length; l++) u.push(((1 - exact) * (tally[l]! + 0.5)) / (sum + 0.5 * others));
    return u;
  });
}

/** Pair counts per comparison pattern: what expectation maximisation works on. */
export function countPatterns(
  sides: Sides,
  forEachPair: (visit: (i: number, j: number) => void) => void,
): Float64Array {
  const counts = new Float64Array(PATTERN_COUNT);
  const levels = new Int8Array(COMPARISONS.length);
  const other = sides.right ?? sides.left;
  forEachPair((i, j) => {
    comparePair(sides.left, i, other, j, levels);
    counts[patternOf(levels)]!++;
  });
  return counts;
}

function initialM(): number[][] {
  return COMPARISONS.map((c) => {
    const n = c.levels.length;
    // Matches mostly agree exactly; what is left falls off towards "different".
    const m = c.levels.map((_, l) => (l === 0 ? 0.9 : l === n - 1 ? 0.02 : 0.08 / (n - 2 || 1)));
    if (n === 2) m[1] = 0.1;
    const total = m.reduce((a, b) => a + b, 0);
    return m.map((x) => x / total);
  });
}

export interface EmResult {
  model: LinkageModel;
  iterations: number;
  converged: boolean;
  /** The largest change in any m at each iteration: how the estimate settled. */
  changes: number[];
}

/**
 * Expectation maximisation of m and the prior, with u held at its random-pair estimate. Every
 * pair outside the candidates is taken as a non-match, which blocking makes nearly true; so the
 * prior is over all pairs, and a pair's probability does not depend on which rule found it.
 */
export function expectationMaximisation(
  patterns: Float64Array,
  u: number[][],
  allPairs: number,
  options: {
    maxIterations?: number;
    tolerance?: number;
    m?: number[][];
    /** Comparisons left out: every pair of the sample agrees on them, by how it was drawn. */
    fixed?: readonly number[];
    /** False: only the prior is estimated, m stays as given. */
    updateM?: boolean;
    /** m expected before seeing the data, and how many matches' worth of evidence it counts as. */
    mPrior?: number[][];
    mPriorStrength?: number;
  } = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  let m = options.m ?? initialM();
  const counted = COMPARISONS.map((_, c) => !(options.fixed ?? []).includes(c));
  const updateM = options.updateM ?? true;
  const used: number[] = [];
  for (let p = 0; p < patterns.length; p++) if (patterns[p]! > 0) used.push(p);
  const candidatePairs = used.reduce((a, p) => a + patterns[p]!, 0);
  const levels = used.map((p) => Array.from(levelsOf(p)));
  // Start by supposing a tenth of the candidates are matches.
  let prior = Math.min(0.5, (0.1 * candidatePairs) / Math.max(allPairs, 1));
  const changes: number[] = [];
  let converged = false;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const mSums = COMPARISONS.map((c) => new Float64Array(c.levels.length));
    let matchSum = 0;
    const priorOdds = prior / (1 - prior);
    for (let k = 0; k < used.length; k++) {
      const count = patterns[used[k]!]!;
      const ls = levels[k]!;
      let odds = priorOdds;
      for (let c = 0; c < ls.length; c++) {
        const l = ls[c]!;
        if (l >= 0 && counted[c]) odds *= m[c]![l]! / u[c]![l]!;
      }
      const w = Number.isFinite(odds) ? odds / (1 + odds) : 1;
      const weighted = count * w;
      matchSum += weighted;
      for (let c = 0; c < ls.length; c++) {
        const l = ls[c]!;
        if (l >= 0) mSums[c]![l]! += weighted;
      }
    }
    let change = 0;
    const next = mSums.map((sums, c) => {
      if (!counted[c] || !updateM) return m[c]!;
      let total = 0;
      for (const s of sums) total += s;
      // A level no match reached keeps a sliver of probability, so its weight stays finite; with
      // a prior, `strength` pseudo-matches distributed as it says stand beside the data.
      const prior = options.mPrior?.[c];
      const strength = prior ? (options.mPriorStrength ?? 0) : 0;
      const smoothed = Array.from(sums, (s, l) =>
        prior
          ? (s + strength * prior[l]! + 1e-3) / (total + strength + 1e-3 * sums.length)
          : (s + 1e-3) / (total + 1e-3 * sums.length),
      );
      for (let l = 0; l < smoothed.length; l++) change = Math.max(change, Math.abs(smoothed[l]! - m[c]![l]!));
      return smoothed;
    });
    m = next;
    const nextPrior = Math.min(0.999, Math.max(matchSum / Math.max(allPairs, 1), 1e-12));
    if (!updateM) change = Math.abs(Math.log(nextPrior / prior));
    prior = nextPrior;
    changes.push(change);
    if (change < tolerance) {
      converged = true;
      iterations++;
      break;
    }
  }
  return {
    model: { prior, comparisons: COMPARISONS.map((c, k) => ({ key: c.key, m: m[k]!, u: u[k]! })) },
    iterations,
    converged,
    changes,
  };
}

/**
 * Where m is estimated. Brothers and sisters share a family name, an address and a postcode,
 * so over all candidate pairs expectation maximisation can settle on "same household" as the
 * match class. Each session instead draws pairs that agree on something siblings do not share
 * (a date of birth; both names), leaves that comparison out, and estimates the others' m;
 * Splink trains the same way.
 */
export interface TrainingSession {
  key: string;
  label: string;
  keyOf(people: PreparedPeople, i: number): string | null;
  /** The comparisons every pair of the session agrees on: not estimated there. */
  fixed: readonly number[];
  /** Used only for comparisons no other session estimated. */
  fallback: boolean;
}

export const TRAINING_SESSIONS: readonly TrainingSession[] = [
  {
    key: 'nhs_number',
    label: 'pairs with the same NHS number',
    keyOf: (p, i) => (p.nhsNumberId[i]! < 0 ? null : String(p.nhsNumberId[i])),
    fixed: [4],
    fallback: false,
  },
  {
    // Twins share a date of birth, a family name and a home: only where neither of the
    // sessions above could estimate a comparison (no NHS numbers at all) is this one used.
    key: 'date_of_birth',
    label: 'pairs with the same date of birth',
    keyOf: (p, i) => (p.birthYear[i]! < 0 ? null : `${p.birthYear[i]}-${p.birthMonth[i]}-${p.birthDay[i]}`),
    fixed: [2],
    fallback: true,
  },
  {
    key: 'names',
    label: 'pairs with the same given and family name Soundex',
    keyOf: (p, i) =>
      p.givenSoundex[i]! < 0 || p.familySoundex[i]! < 0 ? null : `${p.givenSoundex[i]}:${p.familySoundex[i]}`,
    fixed: [0, 1],
    fallback: false,
  },
];

export interface TrainingResult {
  model: LinkageModel;
  sessions: { key: string; pairs: number; iterations: number; converged: boolean }[];
  iterations: number;
  converged: boolean;
}

/**
 * m from the training sessions (each comparison averaged over the sessions that estimate it),
 * then the prior over all pairs from the candidate pairs, with m and u held.
 */
export function trainModel(
  sides: Sides,
  u: number[][],
  candidatePatterns: Float64Array,
  forEachSessionPair: (session: TrainingSession, visit: (i: number, j: number) => void) => number,
  prior: { m: number[][]; strength: number } | null = null,
): TrainingResult {
  const sums = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
  const counts = COMPARISONS.map(() => 0);
  const sessions: TrainingResult['sessions'] = [];
  const fallbacks: { fixed: readonly number[]; m: number[][] }[] = [];
  for (const session of TRAINING_SESSIONS) {
    let pairs = 0;
    const patterns = countPatterns(sides, (visit) => {
      pairs = forEachSessionPair(session, visit);
    });
    if (pairs === 0) continue;
    const em = expectationMaximisation(patterns, u, pairs, {
      fixed: session.fixed,
      ...(prior ? { m: prior.m.map((x) => [...x]), mPrior: prior.m, mPriorStrength: prior.strength } : {}),
    });
    sessions.push({ key: session.key, pairs, iterations: em.iterations, converged: em.converged });
    if (session.fallback) {
      fallbacks.push({ fixed: session.fixed, m: em.model.comparisons.map((c) => c.m) });
      continue;
    }
    em.model.comparisons.forEach((c, k) => {
      if (session.fixed.includes(k)) return;
      c.m.forEach((m, l) => {
        sums[k]![l]! += m;
      });
      counts[k]!++;
    });
  }
  const start = initialM();
  const m = sums.map((s, k) => {
    if (counts[k]) return s.map((x) => x / counts[k]!);
    return fallbacks.find((f) => !f.fixed.includes(k))?.m[k] ?? start[k]!;
  });
  const final = expectationMaximisation(candidatePatterns, u, totalPairs(sides), { m, updateM: false });
  return {
    model: final.model,
    sessions,
    iterations: sessions.reduce((a, s) => a + s.iterations, 0) + final.iterations,
    converged: final.converged && sessions.every((s) => s.converged),
  };
}

/** m counted from pairs known to be the same child (e.g. confirmed merges), smoothed. */
export function mFromLabelledMatches(patterns: Float64Array): number[][] {
  const sums = COMPARISONS.map((c) => new Float64Array(c.levels.length));
  const levels = new Int8Array(COMPARISONS.length);
  for (let p = 0; p < patterns.length; p++) {
    const count = patterns[p]!;
    if (!count) continue;
    levelsOf(p, levels);
    for (let c = 0; c < levels.length; c++) if (levels[c]! >= 0) sums[c]![levels[c]!]! += count;
  }
  return sums.map((s) => {
    let total = 0;
    for (const x of s) total += x;
    return Array.from(s, (x) => (x + 0.5) / (total + 0.5 * s.length));
  });
}

export const log2 = Math.log2;

/** Probability from a match weight (log2 odds). */
export function probabilityOf(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/** Match weight (log2 odds) from a probability. */
export function weightOf(probability: number): number {
  return log2(probability / (1 - probability));
}

/**
 * Scores pairs quickly: the weight of every pattern is computed once, and a pair's weight is
 * its pattern's plus the term-frequency adjustments of its exact name agreements.
 */
export class Scorer {
  readonly model: LinkageModel;
  readonly priorWeight: number;
  /** log2(m/u) per comparison and level. */
  readonly levelWeights: number[][];
  readonly #patternWeights: Float64Array;
  /** Per pattern: 1 when the given names agree exactly, 2 when the family names do. */
  readonly #exactNames: Uint8Array;
  readonly #sides: Sides;
  readonly #values: ValueCounts;
  readonly #levels = new Int8Array(COMPARISONS.length);

  readonly #termFrequencies: boolean;

  constructor(
    model: LinkageModel,
    sides: Sides,
    values: ValueCounts = countValues(sides),
    termFrequencies = true,
  ) {
    this.model = model;
    this.#termFrequencies = termFrequencies;
    this.#sides = sides;
    this.#values = values;
    this.priorWeight = log2(model.prior / (1 - model.prior));
    this.levelWeights = model.comparisons.map((c) => c.m.map((m, l) => log2(m / c.u[l]!)));
    this.#patternWeights = new Float64Array(PATTERN_COUNT);
    this.#exactNames = new Uint8Array(PATTERN_COUNT);
    const levels = new Int8Array(COMPARISONS.length);
    for (let p = 0; p < PATTERN_COUNT; p++) {
      levelsOf(p, levels);
      this.#exactNames[p] = (levels[0] === 0 ? 1 : 0) | (levels[1] === 0 ? 2 : 0);
      let w = this.priorWeight;
      for (let c = 0; c < levels.length; c++) if (levels[c]! >= 0) w += this.levelWeights[c]![levels[c]!]!;
      this.#patternWeights[p] = w;
    }
  }

  /**
   * How much agreeing on this exact value is worth beyond agreeing on an average one:
   * log2(u of exact agreement ÷ the value's frequency). A rare surname counts for more.
   */
  termFrequencyAdjustment(c: number, value: number): number {
    if (!this.#termFrequencies) return 0;
    const u = this.model.comparisons[c]!.u[0]!;
    const present = this.#values.present[c]!;
    const count = this.#values.counts[c]!.get(value) ?? 1;
    const frequency = Math.max(count, 1) / Math.max(present, 1);
    return u > 0 ? log2(u / frequency) : 0;
  }

  /** The match weight of a pair whose pattern is known; `i` is its left record, for term frequencies. */
  weightOfPattern(pattern: number, i: number): number {
    let w = this.#patternWeights[pattern]!;
    const flags = this.#exactNames[pattern]!;
    if (flags & 1) w += this.termFrequencyAdjustment(0, this.#sides.left.givenId[i]!);
    if (flags & 2) w += this.termFrequencyAdjustment(1, this.#sides.left.familyId[i]!);
    return w;
  }

  /** The match weight of (left[i], right[j]); the levels are left in `levels()`. */
  weight(i: number, j: number): number {
    const { left } = this.#sides;
    const right = this.#sides.right ?? left;
    const levels = this.#levels;
    comparePair(left, i, right, j, levels);
    let w = this.#patternWeights[patternOf(levels)]!;
    if (levels[0] === 0) w += this.termFrequencyAdjustment(0, left.givenId[i]!);
    if (levels[1] === 0) w += this.termFrequencyAdjustment(1, left.familyId[i]!);
    return w;
  }

  /** The levels of the last pair weighed. */
  levels(): Int8Array {
    return this.#levels;
  }
}

export interface Contribution {
  comparison: string;
  label: string;
  /** The level's key, or null when a value is missing on either side (no evidence either way). */
  level: string | null;
  levelLabel: string;
  m: number | null;
  u: number | null;
  /** log2(m / u), plus the term-frequency adjustment when there is one. */
  weight: number;
  termFrequencyAdjustment: number;
  values: [string, string];
}

export interface PairExplanation {
  left: number;
  right: number;
  weight: number;
  probability: number;
  priorWeight: number;
  contributions: Contribution[];
}

function displayValue(people: PreparedPeople, c: number, i: number): string {
  switch (c) {
    case 0:
      return people.given[i]!;
    case 1:
      return people.family[i]!;
    case 2:
      return people.birthYear[i]! < 0
        ? ''
        : `${people.birthYear[i]}-${String(people.birthMonth[i]).padStart(2, '0')}-${String(people.birthDay[i]).padStart(2, '0')}`;
    case 3:
      return [people.postcode[i], people.address[i]].filter(Boolean).join(', ');
    case 4:
      return people.nhsNumber[i]!;
    default:
      return people.sex[i] === 1 ? 'M' : people.sex[i] === 2 ? 'F' : '';
  }
}

/**
 * Why a pair scored what it did: the prior, then each comparison's level and weight, in a
 * waterfall that sums exactly to the pair's match weight.
 */
export function explainPair(scorer: Scorer, sides: Sides, i: number, j: number): PairExplanation {
  const right = sides.right ?? sides.left;
  const levels = new Int8Array(COMPARISONS.length);
  comparePair(sides.left, i, right, j, levels);
  const contributions: Contribution[] = COMPARISONS.map((comparison, c) => {
    const l = levels[c]!;
    const values: [string, string] = [displayValue(sides.left, c, i), displayValue(right, c, j)];
    if (l < 0) {
      return {
        comparison: comparison.key,
        label: comparison.label,
        level: null,
        levelLabel: 'missing on one side or both',
        m: null,
        u: null,
        weight: 0,
        termFrequencyAdjustment: 0,
        values,
      };
    }
    const parameters = scorer.model.comparisons[c]!;
    let adjustment = 0;
    if (l === 0 && comparison.termFrequency === 'given')
      adjustment = scorer.termFrequencyAdjustment(c, sides.left.givenId[i]!);
    if (l === 0 && comparison.termFrequency === 'family')
      adjustment = scorer.termFrequencyAdjustment(c, sides.left.familyId[i]!);
    return {
      comparison: comparison.key,
      label: comparison.label,
      level: comparison.levels[l]!.key,
      levelLabel: comparison.levels[l]!.label,
      m: parameters.m[l]!,
      u: parameters.u[l]!,
      weight: scorer.levelWeights[c]![l]! + adjustment,
      termFrequencyAdjustment: adjustment,
      values,
    };
  });
  const weight = scorer.weight(i, j);
  return {
    left: i,
    right: j,
    weight,
    probability: probabilityOf(weight),
    priorWeight: scorer.priorWeight,
    contributions,
  };
}
