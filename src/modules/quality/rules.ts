/**
 * The rules of a multi-agency audit, pure: the grades, whether an agency's own grade agrees with
 * the panel's, the figures counted from them, and whether a child's journey meets an audit
 * theme's case-selection rule.
 */
import { type JourneyEvent, caseFinding } from '../journey/index.ts';
import type { AuditStatus, AuditTheme, Grade } from './tables.ts';

export const GRADES: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};
export const GRADE_NAMES = Object.keys(GRADES) as Grade[];

export const THEMES: Record<AuditTheme, string> = {
  strategy_no_s47: 'Strategy discussions that did not lead to a section 47 enquiry',
  repeat_strategy: 'Repeat strategy discussions',
  cp_plan_domestic_abuse: 'Children on a child protection plan because of domestic abuse',
  early_help_domestic_abuse: 'Early help after domestic abuse',
  cp_medical: 'Child protection medicals',
  other: 'Another theme',
};

export const STATUSES: Record<AuditStatus, string> = {
  planned: 'Choosing cases',
  auditing: 'Agencies self-auditing',
  panel: 'Multi-agency panel',
  complete: 'Complete',
};

/** What comes after each status. */
export const NEXT_STATUS: Partial<Record<AuditStatus, AuditStatus>> = {
  planned: 'auditing',
  auditing: 'panel',
  panel: 'complete',
};

/** The audit runs (its children are visible to its named auditors) until it is complete. */
export const isRunning = (status: AuditStatus) => status !== 'complete';

/** Does a self-grade agree with the panel's? Null when the panel has not graded the case. */
export function agrees(selfGrade: Grade, panelGrade: Grade | null): boolean | null {
  return panelGrade == null ? null : selfGrade === panelGrade;
}

/** The panel's grade needs its reasons when it differs from any agency's own grade of the case. */
export function panelNeedsReasons(panelGrade: Grade, selfGrades: readonly Grade[]): boolean {
  return selfGrades.some((g) => g !== panelGrade);
}

export interface GradedSelfAudit {
  organisationId: number;
  agency: string;
  grade: Grade;
  panelGrade: Grade | null;
}

/** Self-grades by agency and grade, and agreement with the panel (over self-audits whose case the panel graded). */
export function gradeFigures(selfAudits: readonly GradedSelfAudit[]) {
  const byAgency = new Map<
    number,
    { agency: string; grades: Record<Grade, number>; compared: number; agreed: number }
  >();
  let compared = 0;
  let agreed = 0;
  const overall: Record<Grade, number> = { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 };
  for (const s of selfAudits) {
    const row = byAgency.get(s.organisationId) ?? {
      agency: s.agency,
      grades: { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 },
      compared: 0,
      agreed: 0,
    };
    row.grades[s.grade] += 1;
    overall[s.grade] += 1;
    const a = agrees(s.grade, s.panelGrade);
    if (a !== null) {
      row.compared += 1;
      compared += 1;
      if (a) {
        row.agreed += 1;
        agreed += 1;
      }
    }
    byAgency.set(s.organisationId, row);
  }
  return {
    byAgency: [...byAgency.entries()]
      .map(([organisationId, r]) => ({ organisationId, ...r }))
      .sort((a, b) => a.agency.localeCompare(b.agency)),
    overall,
    selfAudits: selfAudits.length,
    compared,
    agreed,
    /** Agreement as a whole-number percentage, or null when nothing could be compared. */
    agreementPercent: compared ? Math.round((agreed / compared) * 100) : null,
  };
}

/**
 * Whether a child's journey meets the audit theme's selection rule in the period: the same rule
 * (the journey's case finding) that finds cases from the journey, applied to one child's events.
 * Null when the journey cannot say (the theme's facts are not journey events: early help after
 * domestic abuse, medicals, or domestic abuse as the reason for a plan): checked by hand.
 */
export function meetsSelectionRule(
  theme: AuditTheme,
  events: readonly Pick<JourneyEvent, 'childId' | 'kind' | 'occurredOn' | 'sourceRef' | 'episodeRef'>[],
  period: { from: string; to: string },
): { meets: boolean | null; why: string } {
  const rule = THEME_JOURNEY_RULE[theme];
  if (!rule || caseFinding.CASE_FINDING_RULES[rule].held === 'no')
    return { meets: null, why: 'The journey does not hold this theme’s facts: checked by hand' };
  const [found] = caseFinding.findCases(rule, period, events).cases;
  const between = `from ${period.from} to ${period.to}`;
  switch (rule) {
    case 'strategy_discussion_without_section47':
      return found
        ? {
            meets: true,
            why: `${found.events.length} strategy discussion(s) ${between} without a section 47 enquiry`,
          }
        : { meets: false, why: `No strategy discussion ${between} without a section 47 enquiry` };
    case 'repeat_strategy_discussions':
      return found
        ? {
            meets: true,
            why: `Strategy discussions on ${found.events.map((e) => e.occurredOn).join(', ')}: a repeat within 12 months`,
          }
        : { meets: false, why: `No strategy discussion ${between} repeating one within 12 months` };
    default:
      return found
        ? {
            meets: null,
            why: `A child protection plan started on ${found.firstOn}; that domestic abuse was the reason is checked by hand`,
          }
        : { meets: false, why: `No child protection plan started ${between}` };
  }
}

/**
 * The journey's case-finding rule for each audit theme (null: the theme is chosen by hand). The
 * journey says for each rule whether it holds the facts ('yes'), some of them ('partly': plans by
 * category, not domestic abuse as the reason) or none ('no': entered by hand).
 */
export const THEME_JOURNEY_RULE = {
  strategy_no_s47: 'strategy_discussion_without_section47',
  repeat_strategy: 'repeat_strategy_discussions',
  cp_plan_domestic_abuse: 'cp_plan_started',
  early_help_domestic_abuse: 'early_help_after_domestic_abuse',
  cp_medical: 'cp_medical',
  other: null,
} as const satisfies Record<AuditTheme, string | null>;
