/**
 * Accuracy against a known truth: precision, recall and F1 of the pairs a run linked, and the
 * best F1 any threshold would have given (reported beside, never used to choose the threshold).
 */

export interface Accuracy {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export function accuracy(truePositives: number, predicted: number, actual: number): Accuracy {
  const precision = predicted ? truePositives / predicted : 0;
  const recall = actual ? truePositives / actual : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    truePositives,
    falsePositives: predicted - truePositives,
    falseNegatives: actual - truePositives,
    precision,
    recall,
    f1,
  };
}

/** How many pairs the truth makes: within one list, or between two lists. */
export function truePairCount(leftTruth: readonly string[], rightTruth: readonly string[] | null): number {
  const counts = new Map<string, number>();
  for (const t of leftTruth) if (t !== '') counts.set(t, (counts.get(t) ?? 0) + 1);
  let pairs = 0;
  if (rightTruth) {
    for (const t of rightTruth) if (t !== '') pairs += counts.get(t) ?? 0;
  } else {
    for (const n of counts.values()) pairs += (n * (n - 1)) / 2;
  }
  return pairs;
}

export interface ThresholdPoint {
  probability: number;
  accuracy: Accuracy;
}

/**
 * Accuracy at `probability` and the best F1 over all thresholds, from the scored pairs
 * (strongest first) and each record's truth; a pair is true when both truths are equal.
 */
export function evaluate(
  pairs: readonly { left: number; right: number; probability: number; held?: boolean }[],
  leftTruth: readonly string[],
  rightTruth: readonly string[] | null,
  probability: number,
): { atThreshold: Accuracy; best: ThresholdPoint; truePairs: number } {
  const actual = truePairCount(leftTruth, rightTruth);
  const right = rightTruth ?? leftTruth;
  // Pairs a rule holds for review are never linked, at any threshold.
  const sorted = pairs.filter((p) => !p.held).sort((a, b) => b.probability - a.probability);
  let tp = 0;
  let atThreshold = accuracy(0, 0, actual);
  let best: ThresholdPoint = { probability: 1, accuracy: atThreshold };
  for (let k = 0; k < sorted.length; k++) {
    const p = sorted[k]!;
    const l = leftTruth[p.left]!;
    if (l !== '' && l === right[p.right]) tp++;
    // A threshold sits between distinct probabilities only.
    if (k + 1 < sorted.length && sorted[k + 1]!.probability === p.probability) continue;
    const point = accuracy(tp, k + 1, actual);
    if (point.f1 > best.accuracy.f1) best = { probability: p.probability, accuracy: point };
    if (p.probability >= probability) atThreshold = point;
  }
  return { atThreshold, best, truePairs: actual };
}

/** Accuracy of the pairs a run decided to link (its decisions, whatever rule made them). */
export function accuracyOfLinks(
  pairs: readonly { left: number; right: number; decision: string }[],
  leftTruth: readonly string[],
  rightTruth: readonly string[] | null,
): Accuracy {
  const right = rightTruth ?? leftTruth;
  let predicted = 0;
  let tp = 0;
  for (const p of pairs) {
    if (p.decision !== 'link') continue;
    predicted++;
    const l = leftTruth[p.left]!;
    if (l !== '' && l === right[p.right]) tp++;
  }
  return accuracy(tp, predicted, truePairCount(leftTruth, rightTruth));
}
