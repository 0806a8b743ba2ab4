/**
 * Why the engine weighs a pair as it does, as a chart: the pair page and the find page draw it
 * with the same macro (views/waterfall.njk).
 */
import type { StoredExplanation } from '../service.ts';

/** The waterfall as rows: where each comparison takes the weight, from the prior to the total. */
export function waterfall(explanation: StoredExplanation) {
  let running = explanation.priorWeight;
  const steps = [
    {
      label: 'Prior: how likely any two records are one child',
      level: '',
      weight: explanation.priorWeight,
      from: 0,
      to: running,
    },
  ];
  for (const c of explanation.contributions) {
    const from = running;
    running += c.weight;
    steps.push({ label: c.label, level: c.levelLabel, weight: c.weight, from, to: running });
  }
  const values = steps.flatMap((s) => [s.from, s.to]);
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values);
  const span = max - min || 1;
  // Bars as percentages of the track, for a chart drawn with CSS (it needs no script).
  return {
    total: explanation.weight,
    probability: explanation.probability,
    steps: steps.map((s) => ({
      ...s,
      left: ((Math.min(s.from, s.to) - min) / span) * 100,
      width: Math.max((Math.abs(s.to - s.from) / span) * 100, 0.5),
      direction: s.weight >= 0 ? 'for' : 'against',
    })),
    zero: ((0 - min) / span) * 100,
  };
}
