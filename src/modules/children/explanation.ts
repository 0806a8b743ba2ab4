/** What is kept of a pair's explanation: levels and weights, never the children's details. */
import type { PairExplanation } from '../linkage/index.ts';

export interface StoredExplanation {
  priorWeight: number;
  weight: number;
  probability: number;
  contributions: {
    comparison: string;
    label: string;
    level: string | null;
    levelLabel: string;
    weight: number;
    termFrequencyAdjustment: number;
  }[];
}

export function storedExplanation(e: PairExplanation): StoredExplanation {
  return {
    priorWeight: e.priorWeight,
    weight: e.weight,
    probability: e.probability,
    contributions: e.contributions.map((c) => ({
      comparison: c.comparison,
      label: c.label,
      level: c.level,
      levelLabel: c.levelLabel,
      weight: c.weight,
      termFrequencyAdjustment: c.termFrequencyAdjustment,
    })),
  };
}
