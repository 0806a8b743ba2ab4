/**
 * A synthetic county's journeys, deterministic from a seed: contacts, referrals and their
 * decisions, assessments, strategy discussions, section 47 enquiries, ICPCs, plans with their
 * reviews, children in need, children looked after and care leavers, at rates that give about the
 * reference report's volumes (about 13,000 referrals a year; at any time ~3,450 children in need,
 * ~590 on a plan, ~1,050 looked after). Used by the demo partnership (the kinds an Annex A return
 * brings) and the benchmark (every kind, five years). Everyone in it is synthetic.
 */
import { Random } from '../../synthetic/random.ts';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import { type ImportedChild, findOrAddImportedChildren } from '../children/index.ts';
import type { JourneyService } from './service.ts';
import type { CpPlanCategory, JourneyEventInput, JourneyEventKind } from './types.ts';

export interface SyntheticOptions {
  seed: number;
  /** First and last day of the journeys. */
  from: string;
  to: string;
  referralsPerYear: number;
  /** Children who may appear (the pool is reused: re-referrals, repeat plans). */
  children: number;
  /** Only these kinds are kept (e.g. what an Annex A import brings). */
  kinds?: ReadonlySet<JourneyEventKind>;
  /** Districts to spread children over (ids). */
  districtIds: readonly number[];
  source: string;
  /** Leave out episodes over before the window starts (they count in no KPI of it): the demo's one year. */
  onlyOpenAtStart?: boolean;
  /** Children already known (e.g. the demo's child index, found by UPN or NHS number), used first. */
  known?: readonly (ImportedChild & { districtId: number | null })[];
}

export type SyntheticEvent = Omit<JourneyEventInput, 'childId'> & { laChildId: string };

const DAY = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Weekdays only: the front door and conferences work Monday to Friday. */
function weekday(ms: number): number {
  const day = new Date(ms).getUTCDay();
  return day === 6 ? ms + 2 * DAY : day === 0 ? ms + DAY : ms;
}

const AGENCIES: readonly (readonly [string, number])[] = [
  ['police', 30],
  ['school', 20],
  ['health', 16],
  ['individual', 10],
  ['local_authority', 9],
  ['early_years', 4],
  ['housing', 3],
  ['other', 8],
];
const CATEGORIES: readonly (readonly [CpPlanCategory, number])[] = [
  ['neglect', 48],
  ['emotional', 34],
  ['physical', 8],
  ['sexual', 4],
  ['multiple', 6],
];

/** The children of the county, and every event of their journeys in the window. */
export function syntheticJourneys(options: SyntheticOptions): {
  children: ImportedChild[];
  events: SyntheticEvent[];
  districtOf: Map<string, number>;
} {
  const rng = new Random(options.seed);
  const from = toMs(options.from);
  const to = toMs(options.to);
  const keep = (kind: JourneyEventKind) => !options.kinds || options.kinds.has(kind);
  const events: SyntheticEvent[] = [];
  const children: ImportedChild[] = [];
  const districtOf = new Map<string, number>();
  const referenceDay = toMs(options.to);
  for (const c of options.known ?? []) {
    if (children.length >= options.children) break;
    children.push(c);
    districtOf.set(
      c.laChildId,
      c.districtId ?? options.districtIds[children.length % options.districtIds.length] ?? 0,
    );
  }
  for (let k = children.length; k < options.children; k++) {
    const la = `SYN${options.seed}-${k}`;
    const age = rng.int(0, 17 * 365);
    children.push({
      laChildId: la,
      dateOfBirth: toDate(referenceDay - age * DAY),
      sex: rng.chance(0.5) ? 'female' : 'male',
    });
    districtOf.set(la, options.districtIds[k % options.districtIds.length] ?? 0);
  }
  // An episode over before the window only matters to a benchmark of the whole history.
  const over = (endMs: number) => options.onlyOpenAtStart === true && endMs < from;
  const push = (
    la: string,
    kind: JourneyEventKind,
    ms: number,
    ref: string,
    extra: Partial<SyntheticEvent> = {},
  ) => {
    if (ms > to || !keep(kind)) return;
    events.push({
      laChildId: la,
      kind,
      occurredOn: toDate(ms),
      source: options.source,
      sourceRef: ref,
      ...extra,
    });
  };
  // A child is chosen with a skew: some families are known to many agencies (re-referrals).
  // A child has one plan, one CIN episode and one period of care at a time.
  const openUntil = new Map<string, number>();
  const free = (la: string, what: string, start: number, end: number) => {
    const key = `${what}:${la}`;
    if ((openUntil.get(key) ?? Number.NEGATIVE_INFINITY) >= start) return false;
    openUntil.set(key, end);
    return true;
  };
  const pickChild = () => children[Math.floor(options.children * rng.next() ** 1.6)]!.laChildId;
  const days = (to - from) / DAY + 1;
  // Plans, CIN episodes and periods of care open before the window began: the stock at the start.
  const warmUp = 3 * 365;
  const perDay = options.referralsPerYear / 365;
  let n = 0;
  for (let d = -warmUp; d < days; d++) {
    const day = from + d * DAY;
    const weekend = [0, 6].includes(new Date(day).getUTCDay());
    const expected = weekend ? perDay * 0.3 : perDay * 1.28;
    let count = Math.floor(expected);
    if (rng.next() < expected - count) count++;
    for (let i = 0; i < count; i++) {
      const id = `${options.seed}-${++n}`;
      const la = pickChild();
      const agency = rng.weighted(AGENCIES);
      const inWindow = day >= from;
      // Contacts: about 2.5 for every referral; most lead nowhere.
      if (inWindow) {
        push(la, 'contact', day, `C${id}`, { sourceAgency: agency, episodeRef: `R${id}` });
        if (rng.chance(0.6))
          push(pickChild(), 'contact', day, `C${id}b`, { sourceAgency: rng.weighted(AGENCIES) });
        if (rng.chance(0.9))
          push(pickChild(), 'contact', day, `C${id}c`, { sourceAgency: rng.weighted(AGENCIES) });
      }
      const received = weekday(day);
      const nfa = rng.chance(0.3);
      if (inWindow) {
        const hour = rng.int(8, 17);
        push(la, 'referral', received, `R${id}`, {
          episodeRef: `R${id}`,
          sourceAgency: agency,
          details: { nfa, receivedAt: new Date(received + hour * 3_600_000).toISOString() },
        });
        const decided = weekday(received + (rng.chance(0.85) ? DAY : rng.int(2, 4) * DAY));
        push(la, 'decision', decided, `R${id}`, {
          episodeRef: `R${id}`,
          details: { nfa, decidedAt: new Date(decided + 11 * 3_600_000).toISOString() },
        });
      }
      if (nfa) continue;
      // Child and family assessments: most authorised within 45 working days.
      if (rng.chance(0.75)) {
        const start = weekday(received + rng.int(1, 5) * DAY);
        const done = weekday(start + (rng.chance(0.85) ? rng.int(15, 58) : rng.int(60, 90)) * DAY);
        if (!over(done)) push(la, 'assessment_start', start, `A${id}`, { episodeRef: `R${id}` });
        if (!over(done))
          push(la, 'assessment_authorised', done, `A${id}`, {
            episodeRef: `R${id}`,
            details: { startedOn: toDate(start) },
          });
        // Children in need after the assessment.
        if (rng.chance(0.85)) {
          const end = done + rng.int(90, 900) * DAY;
          if (free(la, 'cin', done, end) && !over(end)) {
            push(la, 'cin_start', done, `N${id}`);
            push(la, 'cin_end', end, `N${id}`);
          }
        }
      }
      // Strategy discussion, section 47, ICPC and plan.
      if (rng.chance(0.16)) {
        const sd = weekday(received + rng.int(0, 3) * DAY);
        const quorate = rng.chance(0.82);
        const agencies = quorate
          ? ['social_care', 'police', 'health']
          : rng.pick([
              ['social_care', 'police'],
              ['social_care', 'health'],
            ]);
        push(la, 'strategy_discussion', sd, `S${id}`, {
          episodeRef: `S${id}`,
          details: { quorate, attendingAgencies: agencies },
        });
        if (rng.chance(0.8)) {
          push(la, 'section47', sd, `S${id}`, { episodeRef: `S${id}` });
          if (rng.chance(0.45)) {
            const icpc = weekday(sd + (rng.chance(0.8) ? rng.int(10, 20) : rng.int(22, 35)) * DAY);
            const plan = rng.chance(0.85);
            push(la, 'icpc', icpc, `S${id}`, {
              episodeRef: `S${id}`,
              details: { strategyDiscussionOn: toDate(sd), resultedInPlan: plan },
            });
            const end = icpc + rng.int(100, 1000) * DAY;
            if (plan && free(la, 'cp', icpc, end) && !over(end)) {
              push(la, 'cp_plan_start', icpc, `P${id}`, {
                episodeRef: `S${id}`,
                details: {
                  category: rng.weighted(CATEGORIES),
                  previousPlans: rng.chance(0.2) ? rng.int(1, 2) : 0,
                },
              });
              for (let r = icpc + 90 * DAY, k = 0; r < end; r += 182 * DAY, k++)
                if (!over(r)) push(la, 'cp_review', weekday(r), `P${id}:${k}`, { episodeRef: `P${id}` });
              push(la, 'cp_plan_end', end, `P${id}`);
            }
          }
        }
      }
      // Looked after, and some of those become care leavers.
      if (rng.chance(0.045)) {
        const start = received + rng.int(0, 30) * DAY;
        const end = start + rng.int(180, 2000) * DAY;
        const leaves = rng.chance(0.6);
        const leftCare = end + rng.int(4, 7) * 365 * DAY;
        if (free(la, 'cla', start, end) && !over(end)) {
          push(la, 'cla_start', start, `L${id}`);
          push(la, 'cla_end', end, `L${id}`);
        }
        if (leaves && !over(leftCare))
          push(la, 'care_leaver', end, `L${id}`, { details: { endedOn: toDate(leftCare) } });
      }
    }
  }
  return { children, events, districtOf };
}

/** Fresh statistics after a large load, so the KPIs' plans fit the table. */
export async function analyse(db: Db): Promise<void> {
  await sql`ANALYZE journey_event`.execute(db);
}

/** The kinds an Annex A return brings that the front door does not record itself. */
export const IMPORTED_KINDS: ReadonlySet<JourneyEventKind> = new Set([
  'assessment_start',
  'assessment_authorised',
  'cp_plan_start',
  'cp_review',
  'cp_plan_end',
  'cin_start',
  'cin_end',
  'cla_start',
  'cla_end',
  'care_leaver',
]);

/**
 * Loads synthetic journeys through the import's own path: children found or added in the child
 * index, then events recorded by JourneyService in one transaction.
 */
export async function loadSyntheticJourneys(
  db: Db,
  journey: JourneyService,
  generated: ReturnType<typeof syntheticJourneys>,
  source: string,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ children: number; events: number }> {
  return db
    .transaction()
    .execute(async (trx) => {
      const found = await findOrAddImportedChildren(trx, source, generated.children);
      const step = 20_000;
      let recorded = 0;
      for (let i = 0; i < generated.events.length; i += step) {
        const batch: JourneyEventInput[] = [];
        for (const e of generated.events.slice(i, i + step)) {
          const match = found.matches.get(e.laChildId);
          if (!match) continue;
          const { laChildId, ...event } = e;
          batch.push({
            ...event,
            childId: match.childId,
            districtId: match.districtId ?? generated.districtOf.get(laChildId) ?? null,
          });
        }
        await journey.recordEventsInTrx(trx, batch);
        recorded += batch.length;
        progress(Math.min(i + step, generated.events.length), generated.events.length);
      }
      return { children: found.matches.size, events: recorded };
    })
    .finally(() => analyse(db));
}
