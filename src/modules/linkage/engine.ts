/**
 * Dedupe (one list of children against itself) and link (two lists against each other):
 * prepare, block, estimate the model without labels, score every candidate pair, keep those
 * worth a look, and cluster the links. Pure: records in, pairs and clusters out.
 */
import { mulberry32 } from '../../synthetic/random.ts';
import {
  BlockingPlan,
  type BlockingRule,
  DEFAULT_BLOCKING_RULES,
  type RuleCount,
  forEachPairSharing,
} from './blocking.ts';
import { type Clustering, clusterLinks } from './clusters.ts';
import {
  COMPARISONS,
  DATE_OF_BIRTH,
  FAMILY,
  GIVEN,
  NHS_NUMBER,
  PATTERN_COUNT,
  comparePair,
  levelsOf,
  patternOf,
} from './comparisons.ts';
import {
  type LinkageModel,
  Scorer,
  type Sides,
  countPatterns,
  countValues,
  estimateU,
  expectationMaximisation,
  mFromLabelledMatches,
  probabilityOf,
  trainModel,
  totalPairs,
  weightOf,
} from './model.ts';
import { type PersonRecord, newVocabulary, preparePeople } from './person.ts';
import { DEFAULT_MODEL } from './default-model.ts';

export interface Thresholds {
  /** At or above: the same child (still proposed to a person, never merged silently). */
  link: number;
  /** At or above, below link: a person should look. Below: not the same child. */
  review: number;
}

/** Chosen before measuring: link when the same child is 9 times likelier than not. */
export const DEFAULT_THRESHOLDS: Thresholds = { link: 0.9, review: 0.5 };

export type Decision = 'link' | 'review';

/**
 * Below this many records u cannot be estimated (six records give every name a one-in-six
 * chance of agreeing at random), so the default model is used.
 */
export const MIN_RECORDS_TO_ESTIMATE = 1000;

export interface ScoredPair {
  /** Index in the left (or only) list. */
  left: number;
  /** Index in the right list, or in the same list for a dedupe. */
  right: number;
  weight: number;
  probability: number;
  decision: Decision;
  /** Held for review by a rule whatever its weight (possibly twins). */
  held: boolean;
}

export type Progress = (
  stage: 'prepare' | 'block' | 'train' | 'score' | 'cluster',
  done: number,
  total: number,
) => void;

export interface LinkageOptions {
  rules?: readonly BlockingRule[];
  thresholds?: Thresholds;
  /** A run stops before comparing when blocking would make more pairs than this. */
  maxComparisons?: number;
  /** Random pairs for u. */
  uSamples?: number;
  /** At most this many pairs in each training session. */
  trainingPairs?: number;
  /** Fewer records than this are scored with the default model (default MIN_RECORDS_TO_ESTIMATE). */
  minRecordsToEstimate?: number;
  seed?: number;
  /** Pairs known to be the same child: m is counted from them instead of estimated. */
  labelledMatches?: readonly (readonly [number, number])[];
  /** Pairs known not to be the same child: never clustered together (dedupe only). */
  cannotLink?: readonly (readonly [number, number])[];
  /** Give a model to score with it instead of estimating one. */
  model?: LinkageModel;
  /**
   * m before the data speaks: a small index has too few duplicates for the estimate to settle on
   * them alone. Default: the model estimated on synthetic children, worth 200 matches; null for none.
   */
  mPrior?: LinkageModel | null;
  mPriorStrength?: number;
  /** Whether rare names count for more (default true); off for a small hand-picked pool. */
  termFrequencies?: boolean;
  /**
   * Link only: each list holds each person at most once (two deduplicated extracts), so a record
   * links to at most one record of the other list. See `assignOneToOne`.
   */
  oneToOne?: boolean;
  onProgress?: Progress;
}

export interface LinkageResult {
  /** Pairs at or above the review threshold, strongest first. */
  pairs: ScoredPair[];
  model: LinkageModel;
  scorer: Scorer;
  sides: Sides;
  comparisons: { total: number; byRule: RuleCount[] };
  training: {
    iterations: number;
    converged: boolean;
    labelled: boolean;
    source: 'estimated' | 'labelled' | 'given' | 'default';
  };
  /** Dedupe only: the records that are one child. */
  clustering: Clustering | null;
  seconds: { prepare: number; block: number; train: number; score: number; cluster: number; total: number };
}

export class TooManyComparisonsError extends Error {
  constructor(
    readonly comparisons: number,
    readonly limit: number,
  ) {
    super(
      `Blocking would compare ${comparisons.toLocaleString('en-GB')} pairs, more than the limit of ${limit.toLocaleString('en-GB')}: add a tighter rule or raise the limit`,
    );
  }
}

const now = () => performance.now() / 1000;

const GIVEN_DIFFERENT = COMPARISONS[GIVEN]!.levels.findIndex((l) => l.key === 'different');

/**
 * Twins share a date of birth, a family name and a home, and every one of those agreements
 * adds weight; their given names and NHS numbers are what tell them apart. A pair like that,
 * with different given names and NHS numbers that differ (not by a slip of one digit) or are
 * missing, is never linked on the weights alone: a person looks at it.
 */
export function possiblyTwins(levels: Int8Array): boolean {
  return (
    levels[GIVEN] === GIVEN_DIFFERENT &&
    levels[FAMILY] === 0 &&
    levels[DATE_OF_BIRTH] === 0 &&
    levels[NHS_NUMBER] !== 0 &&
    levels[NHS_NUMBER] !== 1
  );
}

function run(
  left: readonly PersonRecord[],
  right: readonly PersonRecord[] | null,
  options: LinkageOptions,
): LinkageResult {
  const progress = options.onProgress ?? (() => {});
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  if (!(thresholds.review > 0 && thresholds.review <= thresholds.link && thresholds.link < 1)) {
    throw new RangeError('Thresholds must satisfy 0 < review ≤ link < 1');
  }
  const t0 = now();
  progress('prepare', 0, 1);
  const vocabulary = newVocabulary();
  const sides: Sides = {
    left: preparePeople(left, vocabulary),
    right: right ? preparePeople(right, vocabulary) : null,
  };
  progress('prepare', 1, 1);
  const t1 = now();

  const plan = new BlockingPlan(options.rules ?? DEFAULT_BLOCKING_RULES, sides.left, sides.right);
  const comparisons = plan.count();
  const limit = options.maxComparisons ?? 100_000_000; // 12 bytes a pair: 1.2 GB at the limit
  if (comparisons.total > limit) throw new TooManyComparisonsError(comparisons.total, limit);
  progress('block', 1, 1);
  const t2 = now();

  // Every candidate pair is compared once: its comparison pattern is kept beside it, so that
  // scoring after training is a table lookup, not a second comparison.
  const total = comparisons.total;
  const step = Math.max(1, Math.floor(total / 100));
  const pairLeft = new Int32Array(total);
  const pairRight = new Int32Array(total);
  const pairPattern = new Int32Array(total);
  const patterns = new Float64Array(PATTERN_COUNT);
  const levels = new Int8Array(COMPARISONS.length);
  const other = sides.right ?? sides.left;
  let done = 0;
  plan.forEachPair((i, j) => {
    comparePair(sides.left, i, other, j, levels);
    const pattern = patternOf(levels);
    patterns[pattern]!++;
    pairLeft[done] = i;
    pairRight[done] = j;
    pairPattern[done] = pattern;
    if (++done % step === 0) progress('train', done, total);
  });
  progress('train', total, total);

  let model = options.model;
  let training: LinkageResult['training'] = {
    iterations: 0,
    converged: true,
    labelled: false,
    source: 'given',
  };
  const records = sides.left.size + (sides.right?.size ?? 0);
  if (
    !model &&
    !options.labelledMatches?.length &&
    records < (options.minRecordsToEstimate ?? MIN_RECORDS_TO_ESTIMATE)
  ) {
    // Too few records to say how often different children agree: the default model speaks instead.
    model = DEFAULT_MODEL;
    training = { iterations: 0, converged: true, labelled: false, source: 'default' };
  }
  const values = countValues(sides);
  if (!model) {
    // Enough random pairs to see the rarer levels, growing with the data up to a million.
    const samples =
      options.uSamples ??
      Math.min(1_000_000, Math.max(50_000, 10 * (sides.left.size + (sides.right?.size ?? 0))));
    const u = estimateU(sides, { samples, seed: options.seed ?? 20261128 });
    if (options.labelledMatches?.length) {
      const labelled = countPatterns(sides, (visit) => {
        for (const [i, j] of options.labelledMatches!) visit(i, j);
      });
      const m = mFromLabelledMatches(labelled);
      // The prior still comes from the data: one round of the estimate, with m fixed.
      const em = expectationMaximisation(patterns, u, totalPairs(sides), { m, maxIterations: 1 });
      model = {
        prior: em.model.prior,
        comparisons: em.model.comparisons.map((c, k) => ({ ...c, m: m[k]! })),
      };
      training = { iterations: 0, converged: true, labelled: true, source: 'labelled' };
    } else {
      const random = mulberry32(options.seed ?? 20261128);
      const cap = options.trainingPairs ?? 2_000_000;
      const priorModel = options.mPrior === undefined ? DEFAULT_MODEL : options.mPrior;
      const prior = priorModel
        ? { m: priorModel.comparisons.map((c) => c.m), strength: options.mPriorStrength ?? 200 }
        : null;
      const trained = trainModel(
        sides,
        u,
        patterns,
        (session, visit) => forEachPairSharing(session.keyOf, sides.left, sides.right, cap, random, visit),
        prior,
      );
      model = trained.model;
      training = {
        iterations: trained.iterations,
        converged: trained.converged,
        labelled: false,
        source: 'estimated',
      };
    }
  }
  // Name frequencies from a handful of records say nothing: they only count where the model was estimated.
  const scorer = new Scorer(model, sides, values, options.termFrequencies ?? training.source !== 'default');
  const t3 = now();

  const reviewWeight = weightOf(thresholds.review);
  const linkWeight = weightOf(thresholds.link);
  const pairs: ScoredPair[] = [];
  const held = new Uint8Array(PATTERN_COUNT);
  for (let p = 0; p < PATTERN_COUNT; p++) held[p] = patterns[p] && possiblyTwins(levelsOf(p, levels)) ? 1 : 0;
  for (let k = 0; k < total; k++) {
    const i = pairLeft[k]!;
    const pattern = pairPattern[k]!;
    const weight = scorer.weightOfPattern(pattern, i);
    if (weight >= reviewWeight) {
      const isHeld = held[pattern] === 1;
      pairs.push({
        left: i,
        right: pairRight[k]!,
        weight,
        probability: probabilityOf(weight),
        decision: weight >= linkWeight && !isHeld ? 'link' : 'review',
        held: isHeld,
      });
    }
    if ((k + 1) % step === 0) progress('score', k + 1, total);
  }
  progress('score', total, total);
  pairs.sort((a, b) => b.weight - a.weight || a.left - b.left || a.right - b.right);
  if (right && options.oneToOne) assignOneToOne(pairs);
  const t4 = now();

  let clustering: Clustering | null = null;
  if (!right) {
    progress('cluster', 0, 1);
    const links = pairs
      .filter((p) => p.decision === 'link')
      .map((p) => ({ i: p.left, j: p.right, weight: p.weight }));
    // A link at 99.9 % stands on its own; weaker ones need support to join groups.
    clustering = clusterLinks(sides.left.size, links, {
      strongWeight: weightOf(0.999),
      cannotLink: options.cannotLink ?? [],
    });
    progress('cluster', 1, 1);
  }
  const t5 = now();
  return {
    pairs,
    model,
    scorer,
    sides,
    comparisons,
    training,
    clustering,
    seconds: {
      prepare: t1 - t0,
      block: t2 - t1,
      train: t3 - t2,
      score: t4 - t3,
      cluster: t5 - t4,
      total: t5 - t0,
    },
  };
}

/**
 * One-to-one link of two lists that each hold a person once. Strongest first, a pair is kept
 * when neither of its records is taken yet; a weaker pair of a taken record goes to review, as
 * its record already has a better partner. A kept pair that is uncontested (no other pair at
 * or above review on either side) is linked even below the link threshold or when held as
 * possible twins: with one record a person on each side, the only candidate of both records
 * is the one it can be; the other twin, were it in the other list, would contest it.
 * Contested kept pairs keep their own decision.
 */
export function assignOneToOne(pairs: ScoredPair[]): void {
  const leftCount = new Map<number, number>();
  const rightCount = new Map<number, number>();
  for (const p of pairs) {
    leftCount.set(p.left, (leftCount.get(p.left) ?? 0) + 1);
    rightCount.set(p.right, (rightCount.get(p.right) ?? 0) + 1);
  }
  const leftTaken = new Set<number>();
  const rightTaken = new Set<number>();
  for (const p of pairs) {
    if (leftTaken.has(p.left) || rightTaken.has(p.right)) {
      p.decision = 'review';
      continue;
    }
    leftTaken.add(p.left);
    rightTaken.add(p.right);
    if (leftCount.get(p.left) === 1 && rightCount.get(p.right) === 1) p.decision = 'link';
  }
}

/** Likely duplicates within one list of children. */
export function dedupe(records: readonly PersonRecord[], options: LinkageOptions = {}): LinkageResult {
  return run(records, null, options);
}

/** Likely matches between two lists (e.g. ours and another agency's extract). */
export function link(
  left: readonly PersonRecord[],
  right: readonly PersonRecord[],
  options: LinkageOptions = {},
): LinkageResult {
  return run(left, right, options);
}
