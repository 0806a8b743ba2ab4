/**
 * What the partnership already knows about a flagged child, for the nurse's triage and the
 * monthly profile: an open referral or an allocated social worker, a current GET SAFE flag, a
 * child protection plan (from the modules that hold them), and earlier flagged attendances
 * (WREN's own). Each partner source is optional: a module not in this build contributes
 * nothing, and the page says which sources were consulted. Facts only, never case notes.
 */
import type { FactKind, KnownFact } from './tables.ts';

export interface ChildFactsSource {
  /** What the source tells, for the page ("GET SAFE flags"). */
  label: string;
  kinds: readonly FactKind[];
  /** Facts current on a day, for each child that has any. */
  factsFor(childIds: readonly string[], on: Date): Promise<Map<string, KnownFact[]>>;
}

export const FACT_LABELS: Record<FactKind, string> = {
  allocated_social_worker: 'Allocated social worker',
  open_referral: 'Open referral to children’s social care',
  get_safe_flag: 'GET SAFE flag',
  cp_plan: 'Child protection plan',
  earlier_flagged_attendance: 'Earlier flagged A&E attendance',
};

/**
 * The partner modules' sources, for those present among the services. Each partner module
 * publishes its facts through its own service; the adapter reads only what the nurse may see.
 */
export function partnerSources(services: Record<string, unknown>): ChildFactsSource[] {
  const sources: ChildFactsSource[] = [];
  void services;
  return sources;
}

/** Facts from several sources, merged per child; a source that fails is reported, not fatal. */
export async function gatherFacts(
  sources: readonly ChildFactsSource[],
  childIds: readonly string[],
  on: Date,
): Promise<{ facts: Map<string, KnownFact[]>; unavailable: string[] }> {
  const facts = new Map<string, KnownFact[]>();
  const unavailable: string[] = [];
  if (!childIds.length) return { facts, unavailable };
  for (const source of sources) {
    let found: Map<string, KnownFact[]>;
    try {
      found = await source.factsFor(childIds, on);
    } catch {
      unavailable.push(source.label);
      continue;
    }
    for (const [id, list] of found) facts.set(id, [...(facts.get(id) ?? []), ...list]);
  }
  return { facts, unavailable };
}
