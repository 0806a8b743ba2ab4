/**
 * Case finding for multi-agency audits: for an audit theme's selection rule and a period, the
 * children whose journey events meet the rule. Only what the journey holds is computed; a rule
 * whose facts the journey does not hold (a child protection medical, a domestic abuse
 * notification) says so, and its cases are entered by hand.
 *
 * Dates in the period are from ≤ date ≤ to, inclusive. "Within 12 months" is calendar months:
 * an earlier discussion on the same day of the month a year before still counts.
 */
import type { Kysely } from 'kysely';
import { addCalendarMonths } from '../../platform/calendar/months.ts';
import { assertCivilDate } from '../../platform/calendar/civil-date.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { CpPlanCategory, JourneyEventKind } from './types.ts';

export const CASE_FINDING_RULES = {
  strategy_discussion_without_section47: {
    title: 'Strategy discussions that did not lead to a section 47 enquiry',
    held: 'yes',
    definition:
      'Children with a strategy discussion held in the period whose episode has no section 47 enquiry (a section 47 event of the same child with the same episode reference).',
  },
  repeat_strategy_discussions: {
    title: 'Repeat strategy discussions within 12 months',
    held: 'yes',
    definition:
      'Children with a strategy discussion held in the period and another strategy discussion on an earlier day no more than 12 calendar months before it (exactly 12 months counts).',
  },
  cp_plan_started: {
    title: 'Child protection plans started',
    held: 'partly',
    definition:
      'Children whose child protection plan started in the period, with its category. The journey holds the plan’s category (neglect, physical, sexual, emotional, multiple), not domestic abuse as its reason: that is confirmed by hand.',
  },
  early_help_after_domestic_abuse: {
    title: 'Early help after a domestic abuse notification',
    held: 'no',
    definition:
      'The journey holds early help starts but not domestic abuse notifications (Operation Encompass notices are not journey events): these cases are entered by hand.',
  },
  cp_medical: {
    title: 'Child protection medicals',
    held: 'no',
    definition: 'The journey holds no child protection medicals: these cases are entered by hand.',
  },
} as const satisfies Record<string, { title: string; held: 'yes' | 'partly' | 'no'; definition: string }>;

export type CaseFindingRule = keyof typeof CASE_FINDING_RULES;

/** The facts of an event that case finding reads. */
export interface CaseFindingEvent {
  childId: string;
  kind: JourneyEventKind;
  occurredOn: string;
  sourceRef: string;
  episodeRef: string | null;
  category?: CpPlanCategory | null;
}

/** A child whose journey meets the rule, with the events that meet it (dates in order). */
export interface FoundCase {
  childId: string;
  events: { kind: JourneyEventKind; occurredOn: string; category?: CpPlanCategory | null }[];
  /** The first event in the period that meets the rule. */
  firstOn: string;
}

export interface CaseFinding {
  rule: CaseFindingRule;
  held: 'yes' | 'partly' | 'no';
  definition: string;
  period: { from: string; to: string };
  cases: FoundCase[];
}

export interface CaseFindingOptions {
  /** cp_plan_started: only plans of this category. */
  category?: CpPlanCategory;
}

const inPeriod = (date: string, period: { from: string; to: string }) =>
  date >= period.from && date <= period.to;

const episodeOf = (e: CaseFindingEvent) => e.episodeRef ?? e.sourceRef;

function byChild(matches: { childId: string; event: CaseFindingEvent; inPeriodOn: string }[]) {
  const found = new Map<string, FoundCase>();
  for (const m of matches) {
    const c = found.get(m.childId) ?? { childId: m.childId, events: [], firstOn: m.inPeriodOn };
    if (!c.events.some((e) => e.kind === m.event.kind && e.occurredOn === m.event.occurredOn))
      c.events.push({
        kind: m.event.kind,
        occurredOn: m.event.occurredOn,
        ...(m.event.category !== undefined ? { category: m.event.category } : {}),
      });
    if (m.inPeriodOn < c.firstOn) c.firstOn = m.inPeriodOn;
    found.set(m.childId, c);
  }
  return [...found.values()]
    .map((c) => ({ ...c, events: c.events.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn)) }))
    .sort((a, b) => a.firstOn.localeCompare(b.firstOn) || a.childId.localeCompare(b.childId));
}

/** The earliest date whose events a rule reads, for a period (earlier discussions for repeats). */
export function readsFrom(rule: CaseFindingRule, period: { from: string }): string {
  return rule === 'repeat_strategy_discussions' ? addCalendarMonths(period.from, -12) : period.from;
}

/** The rule applied to events (pure: the hand-counted tests call this with a fixture). */
export function findCases(
  rule: CaseFindingRule,
  period: { from: string; to: string },
  events: readonly CaseFindingEvent[],
  options: CaseFindingOptions = {},
): CaseFinding {
  assertCivilDate(period.from);
  assertCivilDate(period.to);
  if (period.from > period.to) throw new RangeError('The period must start on or before it ends');
  const { held, definition } = CASE_FINDING_RULES[rule];
  const result = (cases: FoundCase[]): CaseFinding => ({ rule, held, definition, period, cases });
  const strategy = events.filter((e) => e.kind === 'strategy_discussion');
  switch (rule) {
    case 'strategy_discussion_without_section47': {
      const enquired = new Set(
        events.filter((e) => e.kind === 'section47').map((e) => `${e.childId} ${episodeOf(e)}`),
      );
      return result(
        byChild(
          strategy
            .filter((e) => inPeriod(e.occurredOn, period) && !enquired.has(`${e.childId} ${episodeOf(e)}`))
            .map((event) => ({ childId: event.childId, event, inPeriodOn: event.occurredOn })),
        ),
      );
    }
    case 'repeat_strategy_discussions': {
      const matches: { childId: string; event: CaseFindingEvent; inPeriodOn: string }[] = [];
      for (const later of strategy.filter((e) => inPeriod(e.occurredOn, period))) {
        const since = addCalendarMonths(later.occurredOn, -12);
        const earlier = strategy.filter(
          (e) => e.childId === later.childId && e.occurredOn < later.occurredOn && e.occurredOn >= since,
        );
        if (!earlier.length) continue;
        matches.push({ childId: later.childId, event: later, inPeriodOn: later.occurredOn });
        for (const e of earlier)
          matches.push({ childId: later.childId, event: e, inPeriodOn: later.occurredOn });
      }
      return result(byChild(matches));
    }
    case 'cp_plan_started':
      return result(
        byChild(
          events
            .filter(
              (e) =>
                e.kind === 'cp_plan_start' &&
                inPeriod(e.occurredOn, period) &&
                (!options.category || e.category === options.category),
            )
            .map((event) => ({ childId: event.childId, event, inPeriodOn: event.occurredOn })),
        ),
      );
    case 'early_help_after_domestic_abuse':
    case 'cp_medical':
      return result([]);
  }
}

/** The journey's children who meet the rule in the period (the events read are only the rule's kinds). */
export async function findCasesInJourney(
  db: Kysely<Database>,
  rule: CaseFindingRule,
  period: { from: string; to: string },
  options: CaseFindingOptions = {},
): Promise<CaseFinding> {
  const held = CASE_FINDING_RULES[rule].held;
  if (held === 'no') return findCases(rule, period, [], options);
  const columns = ['childId', 'kind', 'occurredOn', 'sourceRef', 'episodeRef', 'details'] as const;
  let rows: {
    childId: string;
    kind: JourneyEventKind;
    occurredOn: string;
    sourceRef: string;
    episodeRef: string | null;
    details: { category?: CpPlanCategory };
  }[];
  if (rule === 'cp_plan_started') {
    rows = await db
      .selectFrom('journeyEvent')
      .select(columns)
      .where('kind', '=', 'cp_plan_start')
      .where('occurredOn', '>=', period.from)
      .where('occurredOn', '<=', period.to)
      .execute();
  } else {
    const strategyInPeriod = db
      .selectFrom('journeyEvent')
      .select('childId')
      .where('kind', '=', 'strategy_discussion')
      .where('occurredOn', '>=', period.from)
      .where('occurredOn', '<=', period.to);
    // Only the children with a discussion in the period: their discussions since the rule's
    // earliest date, and (for the first rule) their section 47 enquiries of any date.
    rows = await db
      .selectFrom('journeyEvent')
      .select(columns)
      .where('childId', 'in', strategyInPeriod)
      .where((eb) =>
        rule === 'repeat_strategy_discussions'
          ? eb.and([
              eb('kind', '=', 'strategy_discussion'),
              eb('occurredOn', '>=', readsFrom(rule, period)),
              eb('occurredOn', '<=', period.to),
            ])
          : eb.or([
              eb.and([
                eb('kind', '=', 'strategy_discussion'),
                eb('occurredOn', '>=', period.from),
                eb('occurredOn', '<=', period.to),
              ]),
              eb('kind', '=', 'section47'),
            ]),
      )
      .execute();
  }
  return findCases(
    rule,
    period,
    rows.map((r) => ({
      childId: r.childId,
      kind: r.kind,
      occurredOn: r.occurredOn,
      sourceRef: r.sourceRef,
      episodeRef: r.episodeRef,
      ...(r.kind === 'cp_plan_start' ? { category: r.details?.category ?? null } : {}),
    })),
    options,
  );
}
