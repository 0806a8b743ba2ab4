/** Governance rules with no database: quarters of the financial year and priorities without evidence. */

/** The quarter (1–4) of the financial year a civil date falls in: April–June is quarter 1. */
export function quarterOf(date: string): { year: string; quarter: number } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const start = m >= 4 ? y : y - 1;
  return {
    year: `${start}-${String((start + 1) % 100).padStart(2, '0')}`,
    quarter: m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4,
  };
}

/**
 * The quarters (up to and including `upTo`) in which a priority shows no evidence of progress:
 * no update, or an update without evidence.
 */
export function quartersWithoutEvidence(
  updates: readonly { quarter: number; evidence: string | null }[],
  upTo: number,
): number[] {
  const evidenced = new Set(updates.filter((u) => (u.evidence ?? '').trim() !== '').map((u) => u.quarter));
  const missing: number[] = [];
  for (let q = 1; q <= Math.min(upTo, 4); q++) if (!evidenced.has(q)) missing.push(q);
  return missing;
}

/**
 * Whether a priority went two quarters in a row (up to `upTo`) with no evidence of progress: the
 * ones the yearly report must analyse.
 */
export function stalled(
  updates: readonly { quarter: number; evidence: string | null }[],
  upTo: number,
): boolean {
  const missing = quartersWithoutEvidence(updates, upTo);
  return missing.some((q) => missing.includes(q + 1));
}
