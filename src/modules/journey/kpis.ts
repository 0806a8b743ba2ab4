/**
 * The KPIs, computed from journey events only.
 *
 * Every KPI is a set of "members": the events (or, for "at the end of the period" figures, the
 * children) it counts, each flagged as in the numerator, the denominator or both. The figures are
 * counts of those members, overall and per breakdown; the records behind a figure are the members
 * themselves. Most members come from one SQL statement; the three working-day KPIs read their few
 * rows and compute each deadline with platform/calendar (bank holidays as stored).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { DateTime } from 'luxon';
import { londonDate } from '../../platform/calendar/index.ts';
import { CalendarCoverageError, type WorkingDayCalendar, dueDate } from '../../platform/calendar/index.ts';
import type { Database } from '../../platform/db/schema.ts';
import { type Breakdown, KPIS, KPI_BY_ID, type KpiDefinition } from './kpi-definitions.ts';

export interface Period {
  from: string;
  to: string;
}

export interface KpiFigure {
  id: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
  /** A breakdown's dimension; absent on the overall figure. */
  by?: Breakdown;
  /** The breakdown's group: the agency type, the district's id (as text), or the plan category; null = not recorded. */
  group?: string | null;
}

/** One member of a KPI: an event (or a child) behind its figure. */
export interface KpiMember {
  kpi: string;
  /** What is counted once: the event's id, or the child's id for figures "at the end of the period". */
  unit: string;
  eventId: string;
  childId: string;
  occurredOn: string;
  districtId: number | null;
  sourceAgency: string | null;
  category: string | null;
  num: boolean;
  den: boolean;
  /** The working-day deadline, where the KPI has one. */
  dueOn?: string | null;
}

/** The date 9 calendar months before `to` (luxon clamps month ends: 30 Nov → 28/29 Feb). */
export function nineMonthsBefore(to: string): string {
  return DateTime.fromISO(to, { zone: 'utc' }).minus({ months: 9 }).toISODate()!;
}

const QUORATE = sql`coalesce((e.details->>'quorate')::boolean,
  (e.details->'attendingAgencies') ?& array['social_care','police','health'], false)`;

/**
 * Whether a CP review conference (`e`) was held in time: 3 months after its plan's start (the
 * ICPC), then 6 months after the review before it (Working Together). PostgreSQL's month arithmetic
 * clamps a month end as platform/calendar's addCalendarMonths does (30 November + 3 months = 28
 * February). With no plan on record there is no due date, and the review counts as late.
 */
const CP_REVIEW_IN_TIME = sql`coalesce(e.occurred_on <= coalesce(
  ((SELECT max(p.occurred_on) FROM journey_event p
    WHERE p.kind = 'cp_review' AND p.source = e.source AND p.episode_ref = e.episode_ref
      AND p.occurred_on < e.occurred_on) + interval '6 months')::date,
  ((SELECT min(s.occurred_on) FROM journey_event s
    WHERE s.kind = 'cp_plan_start' AND s.source = e.source AND s.source_ref = e.episode_ref)
    + interval '3 months')::date), false)`;

/** The SQL members, as one statement's rows; `only` restricts to one KPI (for the records behind it). */
function membersSql(period: Period, only: string | null): RawBuilder<Record<string, unknown>> {
  const f = sql`${period.from}::date`;
  const t = sql`${period.to}::date`;
  const cutoff = sql`${nineMonthsBefore(period.to)}::date`;
  const want = (id: string) => only === null || only === id;
  const parts: RawBuilder<unknown>[] = [];
  const member = (
    id: string,
    from: RawBuilder<unknown>,
    num: RawBuilder<unknown>,
    den: RawBuilder<unknown>,
    unit: 'event' | 'child' = 'event',
    category: RawBuilder<unknown> = sql`e.details->>'category'`,
  ) => {
    if (!want(id)) return;
    parts.push(sql`SELECT ${id}::text AS kpi, ${unit === 'event' ? sql`e.id::text` : sql`e.child_id::text`} AS unit,
      e.id::text AS event_id, e.child_id::text AS child_id, e.occurred_on::text AS occurred_on, e.district_id,
      e.source_agency, ${category} AS category, ${num} AS num, ${den} AS den ${from}`);
  };
  const inPeriod = (kind: string) =>
    sql`FROM journey_event e WHERE e.kind = ${kind} AND e.occurred_on BETWEEN ${f} AND ${t}`;
  const earlier = (kind: string) => sql`EXISTS (SELECT 1 FROM journey_event p
      WHERE p.kind = ${kind} AND p.child_id = e.child_id
        AND p.occurred_on >= e.occurred_on - 365 AND p.occurred_on < e.occurred_on)`;
  const nfa = sql`(coalesce((e.details->>'nfa')::boolean, false) OR EXISTS (SELECT 1 FROM journey_event d
      WHERE d.kind = 'decision' AND d.child_id = e.child_id AND d.episode_ref = coalesce(e.episode_ref, e.source_ref)
        AND coalesce((d.details->>'nfa')::boolean, false)))`;
  // Open at the end: started on or before `to`, and its closing event (same source and reference) not on or before it.
  const openAtEnd = (start: string, end: string) => sql`FROM journey_event e
      WHERE e.kind = ${start} AND e.occurred_on <= ${t}
        AND NOT EXISTS (SELECT 1 FROM journey_event x
          WHERE x.source = e.source AND x.kind = ${end} AND x.source_ref = e.source_ref AND x.occurred_on <= ${t})`;

  member('contacts', inPeriod('contact'), sql`true`, sql`false`);
  member('referrals', inPeriod('referral'), sql`true`, sql`false`);
  member('referral_rate_from_contacts', inPeriod('referral'), sql`true`, sql`false`);
  member('referral_rate_from_contacts', inPeriod('contact'), sql`false`, sql`true`);
  member('referrals_nfa', inPeriod('referral'), nfa, sql`true`);
  member('re_referrals_12m', inPeriod('referral'), earlier('referral'), sql`true`);
  member(
    's47_to_icpc',
    inPeriod('section47'),
    sql`EXISTS (SELECT 1 FROM journey_event i WHERE i.kind = 'icpc' AND i.child_id = e.child_id
      AND (i.episode_ref = coalesce(e.episode_ref, e.source_ref) OR (i.source = e.source AND i.source_ref = e.source_ref)))`,
    sql`true`,
  );
  member(
    'icpc_to_cp_plan',
    inPeriod('icpc'),
    sql`coalesce((e.details->>'resultedInPlan')::boolean, false)`,
    sql`true`,
  );
  member('cp_plans_started', inPeriod('cp_plan_start'), sql`true`, sql`false`);
  member(
    'repeat_cp_plans',
    inPeriod('cp_plan_start'),
    sql`(coalesce((e.details->>'previousPlans')::int, 0) > 0 OR EXISTS (SELECT 1 FROM journey_event p
      WHERE p.kind = 'cp_plan_start' AND p.child_id = e.child_id AND p.occurred_on < e.occurred_on))`,
    sql`true`,
  );
  member('cp_plans_at_end', openAtEnd('cp_plan_start', 'cp_plan_end'), sql`true`, sql`false`, 'child');
  member(
    'cp_plans_open_over_9m',
    openAtEnd('cp_plan_start', 'cp_plan_end'),
    sql`e.occurred_on < ${cutoff}`,
    sql`true`,
    'child',
  );
  member(
    'cp_plans_ended',
    inPeriod('cp_plan_end'),
    sql`true`,
    sql`false`,
    'event',
    sql`coalesce(e.details->>'category', (SELECT s.details->>'category' FROM journey_event s
      WHERE s.source = e.source AND s.kind = 'cp_plan_start' AND s.source_ref = e.source_ref))`,
  );
  member('cp_reviews_in_time', inPeriod('cp_review'), CP_REVIEW_IN_TIME, sql`true`);
  member('cin_at_end', openAtEnd('cin_start', 'cin_end'), sql`true`, sql`false`, 'child');
  member('cla_at_end', openAtEnd('cla_start', 'cla_end'), sql`true`, sql`false`, 'child');
  member(
    'care_leavers',
    sql`FROM journey_event e WHERE e.kind = 'care_leaver' AND e.occurred_on <= ${t}
      AND (e.details->>'endedOn' IS NULL OR (e.details->>'endedOn')::date > ${t})`,
    sql`true`,
    sql`false`,
    'child',
  );
  member('strategy_discussions_quorate', inPeriod('strategy_discussion'), QUORATE, sql`true`);
  member(
    'repeat_strategy_discussions',
    inPeriod('strategy_discussion'),
    earlier('strategy_discussion'),
    sql`true`,
  );
  if (parts.length === 0) return sql`SELECT NULL WHERE false`;
  return sql.join(parts, sql` UNION ALL `) as RawBuilder<Record<string, unknown>>;
}

interface MemberRow {
  kpi: string;
  unit: string;
  eventId: string;
  childId: string;
  occurredOn: string;
  districtId: number | null;
  sourceAgency: string | null;
  category: string | null;
  num: boolean;
  den: boolean;
}

/**
 * Where an assessment's 45 working days start: the referral that led to it (Working Together: "45
 * working days from the point of referral"), i.e. the child's referral in the assessment's episode;
 * an assessment with no referral on record (Annex A lists them apart) counts from its own start.
 */
const assessmentClockFrom = sql`coalesce(
  (SELECT min(r.occurred_on)::text FROM journey_event r
    WHERE r.kind = 'referral' AND r.child_id = e.child_id AND r.episode_ref = e.episode_ref
      AND r.occurred_on <= e.occurred_on),
  e.details->>'startedOn',
  (SELECT min(s.occurred_on)::text FROM journey_event s
    WHERE s.source = e.source AND s.kind = 'assessment_start' AND s.source_ref = e.source_ref))`;

/**
 * The front door's referrals, each child once: every one gets a threshold decision, whether or not
 * it met the threshold. The front door records a contact for each child on a referral when it is
 * received, and a referral event as well when the referral met the threshold; both carry the
 * referral's episode and receipt. Its first decision in that episode is joined as `d`.
 */
function frontDoorReferralsDecided(from: RawBuilder<unknown>, to: RawBuilder<unknown>) {
  return sql`(SELECT DISTINCT ON (x.child_id, coalesce(x.episode_ref, x.source_ref)) x.*
      FROM journey_event x
      WHERE x.kind IN ('contact', 'referral') AND x.source = 'front-door' AND x.occurred_on BETWEEN ${from} AND ${to}
      ORDER BY x.child_id, coalesce(x.episode_ref, x.source_ref), x.kind = 'contact' DESC, x.id) e
    JOIN LATERAL (SELECT x.occurred_on, x.details FROM journey_event x
      WHERE x.kind = 'decision' AND x.episode_ref = coalesce(e.episode_ref, e.source_ref) AND x.child_id = e.child_id
      ORDER BY x.occurred_on LIMIT 1) d ON true`;
}

/** The working-day KPIs' members: each deadline from platform/calendar. */
async function workingDayMembers(
  db: Kysely<Database>,
  calendar: WorkingDayCalendar,
  period: Period,
  only: string | null,
): Promise<KpiMember[]> {
  const members: KpiMember[] = [];
  const due = new Map<string, string | null>();
  const dueOf = (kind: 'assessment' | 'icpc' | 'threshold-decision', from: string | null) => {
    if (!from) return null;
    const key = `${kind}:${from}`;
    let d = due.get(key);
    if (d === undefined) {
      try {
        d = dueDate(calendar, kind, from);
      } catch (error) {
        // Beyond the stored bank holidays no deadline can be computed: the item counts as late.
        if (!(error instanceof CalendarCoverageError)) throw error;
        d = null;
      }
      due.set(key, d);
    }
    return d;
  };
  const base = (kpi: string, r: Record<string, unknown>) => ({
    kpi,
    unit: String(r.eventId),
    eventId: String(r.eventId),
    childId: String(r.childId),
    occurredOn: String(r.occurredOn),
    districtId: (r.districtId as number | null) ?? null,
    sourceAgency: (r.sourceAgency as string | null) ?? null,
    category: null,
  });
  const want = (id: string) => only === null || only === id;

  if (want('assessments_within_45wd')) {
    const rows = await sql<Record<string, unknown>>`
      SELECT e.id::text AS event_id, e.child_id::text AS child_id, e.occurred_on::text AS occurred_on,
             e.district_id, e.source_agency, ${assessmentClockFrom} AS started_on
      FROM journey_event e
      WHERE e.kind = 'assessment_authorised' AND e.occurred_on BETWEEN ${period.from}::date AND ${period.to}::date`.execute(
      db,
    );
    for (const r of rows.rows) {
      const dueOn = dueOf('assessment', (r.startedOn as string | null) ?? null);
      const on = String(r.occurredOn);
      members.push({
        ...base('assessments_within_45wd', r),
        num: dueOn !== null && on <= dueOn,
        den: true,
        dueOn,
      });
    }
  }
  if (want('icpc_within_15wd')) {
    const rows = await sql<Record<string, unknown>>`
      SELECT e.id::text AS event_id, e.child_id::text AS child_id, e.occurred_on::text AS occurred_on,
             e.district_id, e.source_agency,
             coalesce(e.details->>'strategyDiscussionOn', (SELECT min(s.occurred_on)::text FROM journey_event s
               WHERE s.kind = 'strategy_discussion' AND s.child_id = e.child_id
                 AND s.episode_ref = e.episode_ref AND s.occurred_on <= e.occurred_on)) AS discussed_on
      FROM journey_event e
      WHERE e.kind = 'icpc' AND e.occurred_on BETWEEN ${period.from}::date AND ${period.to}::date`.execute(
      db,
    );
    for (const r of rows.rows) {
      const dueOn = dueOf('icpc', (r.discussedOn as string | null) ?? null);
      const on = String(r.occurredOn);
      members.push({ ...base('icpc_within_15wd', r), num: dueOn !== null && on <= dueOn, den: true, dueOn });
    }
  }
  if (want('decisions_within_1wd')) {
    // Referrals received here, and the first decision of each (its episode is the referral's).
    const rows = await sql<Record<string, unknown>>`
      SELECT e.id::text AS event_id, e.child_id::text AS child_id, e.occurred_on::text AS occurred_on,
             e.district_id, e.source_agency, e.details->>'receivedAt' AS received_at,
             d.occurred_on::text AS decided_on, d.details->>'decidedAt' AS decided_at
      FROM ${frontDoorReferralsDecided(sql`${period.from}::date`, sql`${period.to}::date`)}`.execute(db);
    for (const r of rows.rows) {
      const received = r.receivedAt ? londonDate(new Date(String(r.receivedAt))) : String(r.occurredOn);
      const decided = r.decidedAt ? londonDate(new Date(String(r.decidedAt))) : String(r.decidedOn);
      const dueOn = dueOf('threshold-decision', received);
      members.push({
        ...base('decisions_within_1wd', r),
        num: dueOn !== null && decided <= dueOn,
        den: true,
        dueOn,
      });
    }
  }
  return members;
}

/** Every member of every KPI (or of one), for the figures or for the records behind one. */
export async function kpiMembers(
  db: Kysely<Database>,
  calendar: WorkingDayCalendar,
  period: Period,
  only: string | null = null,
): Promise<KpiMember[]> {
  const rows = await sql<MemberRow>`${membersSql(period, only)}`.execute(db);
  const sqlMembers: KpiMember[] = rows.rows.map((r) => ({ ...r, unit: String(r.unit) }));
  return [...sqlMembers, ...(await workingDayMembers(db, calendar, period, only))];
}

/** The child population (0–17) for rates: per district, the latest year on or before the period's end. */
export async function populationAt(db: Kysely<Database>, to: string): Promise<Map<number, number>> {
  const rows = await sql<{ districtId: number; children: number }>`
    SELECT DISTINCT ON (district_id) district_id, children FROM journey_population
    WHERE year <= ${Number(to.slice(0, 4))} ORDER BY district_id, year DESC`.execute(db);
  return new Map(rows.rows.map((r) => [r.districtId, r.children]));
}

function figure(
  kpi: KpiDefinition,
  numerator: number,
  denominator: number,
  extra: Partial<KpiFigure> = {},
): KpiFigure {
  if (kpi.unit === 'count') return { id: kpi.id, numerator, denominator: null, value: numerator, ...extra };
  const scale = kpi.unit === 'rate' ? 10_000 : 1;
  return {
    id: kpi.id,
    numerator,
    denominator,
    value: denominator === 0 ? null : (numerator / denominator) * scale,
    ...extra,
  };
}

const groupOf = (m: KpiMember, by: Breakdown): string | null =>
  by === 'source_agency'
    ? m.sourceAgency
    : by === 'district'
      ? m.districtId === null
        ? null
        : String(m.districtId)
      : m.category;

/** The value under `key`, made by `make` the first time. */
function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

interface Tally {
  num: number;
  den: number;
}

const WORKING_DAY_KPIS: ReadonlySet<string> = new Set([
  'assessments_within_45wd',
  'icpc_within_15wd',
  'decisions_within_1wd',
]);

/** key: kpi, then '' for the overall figure or `${by}\u0000${group}` for a breakdown group. */
type Tallies = Map<string, Map<string, Tally>>;
const NULL_GROUP = '\u0001';
const tallyKey = (by: Breakdown, group: string | null) => `${by}\u0000${group ?? NULL_GROUP}`;

/** The SQL KPIs' counts, overall and per breakdown, counted by PostgreSQL (each unit once per group). */
/**
 * The SQL KPIs' members for counting only: each kind's rows read once, each row fanned out to the
 * KPIs it belongs to (LATERAL VALUES), and the "at the end" figures one row per child (its earliest
 * open plan, episode or period of care), so that every count is a plain count(*).
 */
function tallySql(period: Period): RawBuilder<Record<string, unknown>> {
  const f = sql`${period.from}::date`;
  const t = sql`${period.to}::date`;
  const cutoff = sql`${nineMonthsBefore(period.to)}::date`;
  const earlier = (kind: string) => sql`EXISTS (SELECT 1 FROM journey_event p
      WHERE p.kind = ${kind} AND p.child_id = e.child_id
        AND p.occurred_on >= e.occurred_on - 365 AND p.occurred_on < e.occurred_on)`;
  const open = (
    start: string,
    end: string,
  ) => sql`SELECT DISTINCT ON (e.child_id) e.district_id, e.details->>'category' AS category, e.occurred_on
      FROM journey_event e
      WHERE e.kind = ${start} AND e.occurred_on <= ${t}
        AND NOT EXISTS (SELECT 1 FROM journey_event x
          WHERE x.source = e.source AND x.kind = ${end} AND x.source_ref = e.source_ref AND x.occurred_on <= ${t})
      ORDER BY e.child_id, e.occurred_on`;
  return sql`
    SELECT v.kpi, c.source_agency, c.district_id, NULL::text AS category, v.num, v.den
    FROM journey_event c
    CROSS JOIN LATERAL (VALUES ('contacts', true, false), ('referral_rate_from_contacts', false, true)) v(kpi, num, den)
    WHERE c.kind = 'contact' AND c.occurred_on BETWEEN ${f} AND ${t}
    UNION ALL
    SELECT v.kpi, r.source_agency, r.district_id, NULL, v.num, v.den
    FROM (SELECT e.source_agency, e.district_id,
            (coalesce((e.details->>'nfa')::boolean, false) OR EXISTS (SELECT 1 FROM journey_event d
              WHERE d.kind = 'decision' AND d.episode_ref = coalesce(e.episode_ref, e.source_ref) AND d.child_id = e.child_id
                AND coalesce((d.details->>'nfa')::boolean, false))) AS nfa,
            ${earlier('referral')} AS again
          FROM journey_event e WHERE e.kind = 'referral' AND e.occurred_on BETWEEN ${f} AND ${t}) r
    CROSS JOIN LATERAL (VALUES ('referrals', true, false), ('referral_rate_from_contacts', true, false),
      ('referrals_nfa', r.nfa, true), ('re_referrals_12m', r.again, true)) v(kpi, num, den)
    UNION ALL
    SELECT 's47_to_icpc', e.source_agency, e.district_id, NULL,
      EXISTS (SELECT 1 FROM journey_event i WHERE i.kind = 'icpc' AND i.child_id = e.child_id
        AND (i.episode_ref = coalesce(e.episode_ref, e.source_ref) OR (i.source = e.source AND i.source_ref = e.source_ref))), true
    FROM journey_event e WHERE e.kind = 'section47' AND e.occurred_on BETWEEN ${f} AND ${t}
    UNION ALL
    SELECT 'icpc_to_cp_plan', e.source_agency, e.district_id, NULL, coalesce((e.details->>'resultedInPlan')::boolean, false), true
    FROM journey_event e WHERE e.kind = 'icpc' AND e.occurred_on BETWEEN ${f} AND ${t}
    UNION ALL
    SELECT v.kpi, p.source_agency, p.district_id, p.category, v.num, v.den
    FROM (SELECT e.source_agency, e.district_id, e.details->>'category' AS category,
            (coalesce((e.details->>'previousPlans')::int, 0) > 0 OR EXISTS (SELECT 1 FROM journey_event q
              WHERE q.kind = 'cp_plan_start' AND q.child_id = e.child_id AND q.occurred_on < e.occurred_on)) AS repeat
          FROM journey_event e WHERE e.kind = 'cp_plan_start' AND e.occurred_on BETWEEN ${f} AND ${t}) p
    CROSS JOIN LATERAL (VALUES ('cp_plans_started', true, false), ('repeat_cp_plans', p.repeat, true)) v(kpi, num, den)
    UNION ALL
    SELECT 'cp_reviews_in_time', e.source_agency, e.district_id, NULL, ${CP_REVIEW_IN_TIME}, true
    FROM journey_event e WHERE e.kind = 'cp_review' AND e.occurred_on BETWEEN ${f} AND ${t}
    UNION ALL
    SELECT 'cp_plans_ended', e.source_agency, e.district_id,
      coalesce(e.details->>'category', (SELECT s.details->>'category' FROM journey_event s
        WHERE s.source = e.source AND s.kind = 'cp_plan_start' AND s.source_ref = e.source_ref)), true, false
    FROM journey_event e WHERE e.kind = 'cp_plan_end' AND e.occurred_on BETWEEN ${f} AND ${t}
    UNION ALL
    SELECT v.kpi, NULL, o.district_id, o.category, v.num, v.den
    FROM (${open('cp_plan_start', 'cp_plan_end')}) o
    CROSS JOIN LATERAL (VALUES ('cp_plans_at_end', true, false), ('cp_plans_open_over_9m', o.occurred_on < ${cutoff}, true)) v(kpi, num, den)
    UNION ALL
    SELECT 'cin_at_end', NULL, o.district_id, NULL, true, false FROM (${open('cin_start', 'cin_end')}) o
    UNION ALL
    SELECT 'cla_at_end', NULL, o.district_id, NULL, true, false FROM (${open('cla_start', 'cla_end')}) o
    UNION ALL
    SELECT 'care_leavers', NULL, o.district_id, NULL, true, false
    FROM (SELECT DISTINCT ON (e.child_id) e.district_id FROM journey_event e
          WHERE e.kind = 'care_leaver' AND e.occurred_on <= ${t}
            AND (e.details->>'endedOn' IS NULL OR (e.details->>'endedOn')::date > ${t})
          ORDER BY e.child_id, e.occurred_on) o
    UNION ALL
    SELECT v.kpi, s.source_agency, s.district_id, NULL, v.num, v.den
    FROM (SELECT e.source_agency, e.district_id, ${QUORATE} AS quorate, ${earlier('strategy_discussion')} AS again
          FROM journey_event e WHERE e.kind = 'strategy_discussion' AND e.occurred_on BETWEEN ${f} AND ${t}) s
    CROSS JOIN LATERAL (VALUES ('strategy_discussions_quorate', s.quorate, true), ('repeat_strategy_discussions', s.again, true)) v(kpi, num, den)`;
}

interface TallyRow {
  kpi: string;
  sourceAgency: string | null;
  districtId: number | null;
  category: string | null;
  g: number;
  num: number;
  den: number;
}

async function tallyRows(executor: Kysely<Database>, period: Period): Promise<TallyRow[]> {
  const result =
    await sql<TallyRow>`SELECT kpi, source_agency, district_id, category, GROUPING(source_agency, district_id, category) AS g,
        count(*) FILTER (WHERE num) AS num, count(*) FILTER (WHERE den) AS den
      FROM (${tallySql(period)}) m
      GROUP BY GROUPING SETS ((kpi), (kpi, source_agency), (kpi, district_id), (kpi, category))`.execute(
      executor,
    );
  return result.rows;
}

async function sqlTallies(db: Kysely<Database>, period: Period, into: Tallies): Promise<void> {
  // PostgreSQL would JIT-compile this statement (its cost passes jit_above_cost): ~0.5 s of
  // compiling for a query that runs in less. Off for this transaction only.
  const rows = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    return tallyRows(trx, period);
  });
  for (const r of rows) {
    const t = getOrAdd(into, r.kpi, () => new Map<string, Tally>());
    const key =
      r.g === 7
        ? ''
        : r.g === 3
          ? tallyKey('source_agency', r.sourceAgency)
          : r.g === 5
            ? tallyKey('district', r.districtId === null ? null : String(r.districtId))
            : tallyKey('category', r.category);
    t.set(key, { num: Number(r.num), den: Number(r.den) });
  }
}

/**
 * The working-day KPIs for the figures: PostgreSQL groups the items by their dates (and breakdown
 * columns), and each distinct start date's deadline is computed once by platform/calendar.
 */
async function workingDayTallies(
  db: Kysely<Database>,
  calendar: WorkingDayCalendar,
  period: Period,
): Promise<Tallies> {
  const f = sql`${period.from}::date`;
  const t = sql`${period.to}::date`;
  const london = (instant: RawBuilder<unknown>) =>
    sql`((${instant})::timestamptz AT TIME ZONE 'Europe/London')::date`;
  type Grouped = {
    districtId: number | null;
    sourceAgency: string | null;
    on: string;
    from: string | null;
    n: number;
  };
  const [assessments, icpcs, decisions] = await Promise.all([
    sql<Grouped>`SELECT e.district_id, e.source_agency, e.occurred_on::text AS on,
        ${assessmentClockFrom} AS from,
        count(*)::int AS n
      FROM journey_event e WHERE e.kind = 'assessment_authorised' AND e.occurred_on BETWEEN ${f} AND ${t}
      GROUP BY 1, 2, 3, 4`.execute(db),
    sql<Grouped>`SELECT e.district_id, e.source_agency, e.occurred_on::text AS on,
        coalesce(e.details->>'strategyDiscussionOn', (SELECT min(s.occurred_on)::text FROM journey_event s
          WHERE s.kind = 'strategy_discussion' AND s.child_id = e.child_id
            AND s.episode_ref = e.episode_ref AND s.occurred_on <= e.occurred_on)) AS from,
        count(*)::int AS n
      FROM journey_event e WHERE e.kind = 'icpc' AND e.occurred_on BETWEEN ${f} AND ${t}
      GROUP BY 1, 2, 3, 4`.execute(db),
    sql<Grouped>`SELECT e.district_id, e.source_agency,
        coalesce(${london(sql`d.details->>'decidedAt'`)}, d.occurred_on)::text AS on,
        coalesce(${london(sql`e.details->>'receivedAt'`)}, e.occurred_on)::text AS from,
        count(*)::int AS n
      FROM ${frontDoorReferralsDecided(f, t)}
      GROUP BY 1, 2, 3, 4`.execute(db),
  ]);
  const out: Tallies = new Map();
  const count = (kpi: string, kind: 'assessment' | 'icpc' | 'threshold-decision', rows: Grouped[]) => {
    const t = new Map<string, Tally>();
    const due = new Map<string, string | null>();
    const add = (key: string, num: number, n: number) => {
      const tally = getOrAdd(t, key, () => ({ num: 0, den: 0 }));
      tally.num += num;
      tally.den += n;
    };
    for (const r of rows) {
      let dueOn: string | null = null;
      if (r.from) {
        dueOn = getOrAdd(due, r.from, () => {
          try {
            return dueDate(calendar, kind, r.from!);
          } catch (error) {
            if (!(error instanceof CalendarCoverageError)) throw error;
            return null;
          }
        });
      }
      const num = dueOn !== null && r.on <= dueOn ? r.n : 0;
      add('', num, r.n);
      add(tallyKey('source_agency', r.sourceAgency), num, r.n);
      add(tallyKey('district', r.districtId === null ? null : String(r.districtId)), num, r.n);
      add(tallyKey('category', null), num, r.n);
    }
    out.set(kpi, t);
  };
  count('assessments_within_45wd', 'assessment', assessments.rows);
  count('icpc_within_15wd', 'icpc', icpcs.rows);
  count('decisions_within_1wd', 'threshold-decision', decisions.rows);
  return out;
}

/**
 * The figures of every KPI for a period: the overall figure first, then its breakdowns, in the
 * order of the KPI table. Rates use the child population; with none entered their denominator is 0.
 */
export async function computeKpis(
  db: Kysely<Database>,
  calendar: WorkingDayCalendar,
  period: Period,
  options: { breakdowns?: boolean } = {},
): Promise<KpiFigure[]> {
  const tallies: Tallies = new Map();
  const [, workingDay, population] = await Promise.all([
    sqlTallies(db, period, tallies),
    workingDayTallies(db, calendar, period),
    populationAt(db, period.to),
  ]);
  for (const [kpi, t] of workingDay) tallies.set(kpi, t);
  const totalPopulation = [...population.values()].reduce((a, b) => a + b, 0);
  const figures: KpiFigure[] = [];
  for (const kpi of KPIS) {
    // A rate is its count's children over the population.
    const t = tallies.get(sourceOf(kpi.id)) ?? new Map<string, Tally>();
    const overall = t.get('') ?? { num: 0, den: 0 };
    figures.push(figure(kpi, overall.num, kpi.unit === 'rate' ? totalPopulation : overall.den));
    if (options.breakdowns === false) continue;
    for (const by of kpi.breakdowns) {
      const prefix = `${by}\u0000`;
      const groups = new Map<string | null, Tally>();
      for (const [key, tally] of t) {
        if (!key.startsWith(prefix)) continue;
        const g = key.slice(prefix.length);
        groups.set(g === NULL_GROUP ? null : g, tally);
      }
      if (kpi.unit === 'rate')
        for (const d of population.keys())
          if (!groups.has(String(d))) groups.set(String(d), { num: 0, den: 0 });
      const keys = [...groups.keys()].sort((a, b) =>
        (a ?? '\uffff').localeCompare(b ?? '\uffff', 'en', { numeric: true }),
      );
      for (const g of keys) {
        const c = groups.get(g)!;
        const den = kpi.unit === 'rate' ? (g === null ? 0 : (population.get(Number(g)) ?? 0)) : c.den;
        figures.push(figure(kpi, c.num, den, { by, group: g }));
      }
    }
  }
  return figures;
}

const sourceOf = (id: string) =>
  id === 'cp_rate_per_10k' ? 'cp_plans_at_end' : id === 'cla_rate_per_10k' ? 'cla_at_end' : id;

/** The members behind one KPI's figure (optionally one breakdown group), for the records page. */
export async function recordsBehind(
  db: Kysely<Database>,
  calendar: WorkingDayCalendar,
  period: Period,
  id: string,
  breakdown?: { by: Breakdown; group: string | null },
): Promise<KpiMember[]> {
  const kpi = KPI_BY_ID.get(id);
  if (!kpi) return [];
  const source = sourceOf(id);
  const members = WORKING_DAY_KPIS.has(source)
    ? await workingDayMembers(db, calendar, period, source)
    : await kpiMembers(db, calendar, period, source);
  return members
    .filter((m) => !breakdown || groupOf(m, breakdown.by) === breakdown.group)
    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.eventId.localeCompare(b.eventId));
}
