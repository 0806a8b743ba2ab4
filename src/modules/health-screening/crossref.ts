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

/** What WREN reads of the GET SAFE module (exploitation): each child's current flags. */
export interface GetSafeFlagReader {
  currentFlagsOfChildren(
    childIds: readonly string[],
    on?: string,
  ): Promise<Map<string, { typeLabel: string; startedOn: string; reviewOn: string }[]>>;
}

/** What WREN reads of the journey module: a child's events (referrals, assessments, plans). */
export interface JourneyReader {
  eventsOfChild(childId: string): Promise<readonly JourneyEventLike[]>;
}

export interface JourneyEventLike {
  kind: string;
  occurredOn: string;
  source: string;
  sourceRef: string;
  episodeRef: string | null;
  details: { nfa?: boolean; category?: string };
}

const day = (on: Date) => on.toISOString().slice(0, 10);
const UK = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });
const ukDate = (civil: string) => UK.format(new Date(`${civil}T00:00:00Z`));

export function getSafeSource(exploitation: GetSafeFlagReader): ChildFactsSource {
  return {
    label: 'GET SAFE flags',
    kinds: ['get_safe_flag'],
    async factsFor(childIds, on) {
      const flags = await exploitation.currentFlagsOfChildren(childIds, day(on));
      const out = new Map<string, KnownFact[]>();
      for (const [id, list] of flags)
        out.set(
          id,
          list.map((f) => ({
            kind: 'get_safe_flag' as const,
            text: `${f.typeLabel}, since ${ukDate(f.startedOn)} (review ${ukDate(f.reviewOn)})`,
            since: f.startedOn,
          })),
        );
      return out;
    },
  };
}

/**
 * From a child's journey events on or before a day: an open child protection plan (a start
 * without its end), an allocated social worker (an open plan, child-in-need episode or period of
 * care, or an assessment started and not yet authorised), and an open referral (a referral whose
 * episode has no decision yet).
 */
export function journeyFacts(events: readonly JourneyEventLike[], on: string): KnownFact[] {
  const upTo = events.filter((e) => e.occurredOn <= on);
  const closed = (endKind: string, start: JourneyEventLike) =>
    upTo.some((e) => e.kind === endKind && e.source === start.source && e.sourceRef === start.sourceRef);
  const facts: KnownFact[] = [];
  const openPlans = upTo.filter((e) => e.kind === 'cp_plan_start' && !closed('cp_plan_end', e));
  for (const p of openPlans)
    facts.push({
      kind: 'cp_plan',
      text: `Child protection plan${p.details.category ? ` (${p.details.category})` : ''} since ${ukDate(p.occurredOn)}`,
      since: p.occurredOn,
    });
  const allocated = [
    ...openPlans,
    ...upTo.filter((e) => e.kind === 'cin_start' && !closed('cin_end', e)),
    ...upTo.filter((e) => e.kind === 'cla_start' && !closed('cla_end', e)),
    ...upTo.filter((e) => e.kind === 'assessment_start' && !closed('assessment_authorised', e)),
  ].sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : 1));
  if (allocated.length) {
    const first = allocated[0]!;
    const why = {
      cp_plan_start: 'child protection plan',
      cin_start: 'child in need',
      cla_start: 'looked after',
      assessment_start: 'assessment under way',
    }[first.kind as 'cp_plan_start'];
    facts.push({
      kind: 'allocated_social_worker',
      text: `Allocated social worker (${why}) since ${ukDate(first.occurredOn)}`,
      since: first.occurredOn,
    });
  }
  const episode = (e: JourneyEventLike) => `${e.source}:${e.episodeRef ?? e.sourceRef}`;
  for (const r of upTo.filter((e) => e.kind === 'referral' && !e.details.nfa)) {
    const decided = upTo.some((e) => e.kind === 'decision' && episode(e) === episode(r));
    if (!decided)
      facts.push({
        kind: 'open_referral',
        text: `Referral received ${ukDate(r.occurredOn)}, awaiting a decision`,
        since: r.occurredOn,
      });
  }
  return facts;
}

export function journeySource(journey: JourneyReader): ChildFactsSource {
  return {
    label: 'Referrals, social work and child protection plans (the child’s journey)',
    kinds: ['open_referral', 'allocated_social_worker', 'cp_plan'],
    async factsFor(childIds, on) {
      const out = new Map<string, KnownFact[]>();
      // The journey reads one child at a time: a few at once.
      const ids = [...new Set(childIds)];
      for (let k = 0; k < ids.length; k += 16) {
        const slice = ids.slice(k, k + 16);
        const events = await Promise.all(slice.map((id) => journey.eventsOfChild(id)));
        slice.forEach((id, i) => {
          const facts = journeyFacts(events[i]!, day(on));
          if (facts.length) out.set(id, facts);
        });
      }
      return out;
    },
  };
}

/**
 * The partner modules' sources, for those present among the services (each optional: a module
 * not in this build contributes nothing). Each reads only facts, never case notes.
 */
export function partnerSources(services: Record<string, unknown>): ChildFactsSource[] {
  const sources: ChildFactsSource[] = [];
  const exploitation = services.exploitation as Partial<GetSafeFlagReader> | undefined;
  if (typeof exploitation?.currentFlagsOfChildren === 'function')
    sources.push(getSafeSource(exploitation as GetSafeFlagReader));
  const journey = services.journey as Partial<JourneyReader> | undefined;
  if (typeof journey?.eventsOfChild === 'function') sources.push(journeySource(journey as JourneyReader));
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
