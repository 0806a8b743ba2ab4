/**
 * The front door's rules, pure and tested on their own: the clocks (every working-day deadline
 * from platform/calendar), the quorate rule, the monthly audit sample, and the year-on-year
 * conversion statement of institutions audited often.
 */
import { dueDate, londonDate, type WorkingDayCalendar } from '../../platform/calendar/index.ts';
// Month ends clamp (30 November + 3 months = 28/29 February): a review is never due later than the rule says.
import { addCalendarMonths } from '../../platform/calendar/months.ts';
import type { AgencyType, StrategyAgency } from './tables.ts';

/** The threshold decision is due by the end of the first working day after the day received. */
export function decisionDueOn(calendar: WorkingDayCalendar, receivedAt: Date): string {
  return dueDate(calendar, 'threshold-decision', londonDate(receivedAt));
}

/** Decided on or before its due day (London dates). */
export function decidedInTime(dueOn: string, decidedAt: Date): boolean {
  return londonDate(decidedAt) <= dueOn;
}

/** A child and family assessment is due 45 working days after the referral was received. */
export function assessmentDueOn(calendar: WorkingDayCalendar, receivedOn: string): string {
  return dueDate(calendar, 'assessment', receivedOn);
}

/** An initial child protection conference is due 15 working days after its strategy discussion. */
export function icpcDueOn(calendar: WorkingDayCalendar, strategyDiscussionOn: string): string {
  return dueDate(calendar, 'icpc', strategyDiscussionOn);
}

/** First review conference: within 3 months of the plan's start (the initial conference). */
export function firstReviewDueOn(planStartedOn: string): string {
  return addCalendarMonths(planStartedOn, 3);
}

/** Later reviews: within 6 months of the last one. */
export function nextReviewDueOn(lastReviewOn: string): string {
  return addCalendarMonths(lastReviewOn, 6);
}

/** Working Together: a strategy discussion is quorate only with social care, police and health. */
export const QUORATE_AGENCIES: readonly StrategyAgency[] = ['social_care', 'police', 'health'];

export function isQuorate(agencies: readonly string[]): boolean {
  return QUORATE_AGENCIES.every((a) => agencies.includes(a));
}

/** The agencies missing for a quorate discussion. */
export function missingForQuorum(agencies: readonly string[]): StrategyAgency[] {
  return QUORATE_AGENCIES.filter((a) => !agencies.includes(a));
}

/* ------------------------------------------------------------------------------------------ */
/* The monthly referral audit                                                                  */

export interface SampleSettings {
  sampleSize: number;
  agencyTypes: readonly string[];
  /** From this date (the month's first day on or after it) police and health referrals are sampled too. */
  policeHealthFrom: string | null;
}

/** The agency types a month samples: the configured ones, and police and health once they have joined. */
export function agencyTypesFor(settings: SampleSettings, month: string): string[] {
  const types = new Set(settings.agencyTypes);
  if (settings.policeHealthFrom && month >= settings.policeHealthFrom.slice(0, 7).concat('-01')) {
    types.add('police');
    types.add('health');
  }
  return [...types];
}

export interface SampleCandidate {
  referralId: number;
  institutionKey: string;
  institutionName: string;
  agencyType: AgencyType | string;
  receivedAt: Date;
  metThreshold: boolean;
  /** Already audited in an earlier sample: never sampled twice. */
  audited: boolean;
}

export interface RankedInstitution {
  key: string;
  name: string;
  referrals: number;
}

/**
 * The month's proposal: institutions of the sampled agency types ranked by how many referrals
 * they made that month (most first; ties by name, then key), then one referral that did not meet
 * threshold from each in turn, round after round, until the sample is full. Within an institution
 * the earliest received goes first. Deterministic: the same referrals give the same sample.
 */
export function proposeSample(
  candidates: readonly SampleCandidate[],
  agencyTypes: readonly string[],
  size: number,
): { picked: SampleCandidate[]; ranking: RankedInstitution[] } {
  const eligible = candidates.filter((c) => agencyTypes.includes(c.agencyType));
  const byInstitution = new Map<string, { name: string; all: number; open: SampleCandidate[] }>();
  for (const c of eligible) {
    const entry = byInstitution.get(c.institutionKey) ?? { name: c.institutionName, all: 0, open: [] };
    entry.all += 1;
    if (!c.metThreshold && !c.audited) entry.open.push(c);
    byInstitution.set(c.institutionKey, entry);
  }
  const ranking = [...byInstitution.entries()]
    .map(([key, v]) => ({ key, name: v.name, referrals: v.all }))
    .sort((a, b) => b.referrals - a.referrals || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  for (const v of byInstitution.values())
    v.open.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.referralId - b.referralId);
  const picked: SampleCandidate[] = [];
  for (let round = 0; picked.length < size; round++) {
    let any = false;
    for (const institution of ranking) {
      const next = byInstitution.get(institution.key)!.open[round];
      if (!next) continue;
      any = true;
      picked.push(next);
      if (picked.length === size) break;
    }
    if (!any) break;
  }
  return { picked, ranking };
}

export interface InstitutionYears {
  key: string;
  name: string;
  /** Times audited in the first year. */
  audits: number;
  /** Referrals (contacts) from it in the first year, and how many met threshold. */
  referrals: number;
  metThreshold: number;
  /** The same in the year after. */
  referralsNext: number;
  metThresholdNext: number;
}

export interface InstitutionComparison extends InstitutionYears {
  rate: number | null;
  rateNext: number | null;
  improved: boolean;
}

export interface ConversionStatement {
  institutions: InstitutionComparison[];
  /** Institutions audited three or more times in the first year. */
  compared: number;
  improved: number;
  /** improved ÷ compared, as a whole percentage; null with none compared. */
  percent: number | null;
  contacts: number;
  contactsNext: number;
  /** Change in contacts from them, as a whole percentage (negative: fewer); null with none before. */
  contactChangePercent: number | null;
  text: string;
}

/** Referrals meeting threshold ÷ referrals; null when there were none. */
export function conversionRate(met: number, referrals: number): number | null {
  return referrals === 0 ? null : met / referrals;
}

/**
 * "Improved in 11 of 13 (85 %)": of the institutions audited three or more times in a year,
 * those whose conversion rate was higher the year after (a rate needs at least one referral in
 * each year; an institution without one is compared but cannot have improved), and the change in
 * their contacts. Computed from counts, never typed.
 */
export function conversionStatement(
  rows: readonly InstitutionYears[],
  minimumAudits = 3,
): ConversionStatement {
  const institutions = rows
    .filter((r) => r.audits >= minimumAudits)
    .map((r) => {
      const rate = conversionRate(r.metThreshold, r.referrals);
      const rateNext = conversionRate(r.metThresholdNext, r.referralsNext);
      return { ...r, rate, rateNext, improved: rate !== null && rateNext !== null && rateNext > rate };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const compared = institutions.length;
  const improved = institutions.filter((i) => i.improved).length;
  const percent = compared === 0 ? null : Math.round((improved / compared) * 100);
  const contacts = institutions.reduce((n, i) => n + i.referrals, 0);
  const contactsNext = institutions.reduce((n, i) => n + i.referralsNext, 0);
  const contactChangePercent =
    contacts === 0 ? null : Math.round(((contactsNext - contacts) / contacts) * 100);
  const text =
    compared === 0
      ? 'No institution was audited three or more times in the year.'
      : `Of the ${compared === 1 ? 'one institution' : `${compared} institutions`} audited three or more times, the conversion rate improved in ${improved} of ${compared} (${percent} %)` +
        (contactChangePercent === null
          ? '.'
          : `; contacts from them ${contactChangePercent < 0 ? 'fell' : contactChangePercent > 0 ? 'rose' : 'did not change'}${contactChangePercent === 0 ? '' : ` by ${Math.abs(contactChangePercent)} %`}.`);
  return { institutions, compared, improved, percent, contacts, contactsNext, contactChangePercent, text };
}

/** The agency type of a referrer: a setting's phase, or an organisation's kind. */
export function agencyTypeOf(place: {
  settingPhase?: string | null;
  organisationKind?: string | null;
}): AgencyType {
  if (place.settingPhase) return place.settingPhase === 'early_years' ? 'early_years' : 'school';
  switch (place.organisationKind) {
    case 'police':
      return 'police';
    case 'icb':
    case 'hospital_trust':
    case 'community_health_trust':
      return 'health';
    case 'local_authority':
      return 'local_authority';
    default:
      return 'other';
  }
}

/** The quarter a date is in, as "2026 Q3" (calendar quarters). */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)} Q${Math.ceil(month / 3)}`;
}
