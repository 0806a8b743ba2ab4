/**
 * The demo partnership's Section 175/157 audit: about forty questions in the sections of a real
 * audit, and how the demo schools answer them each year. The shares and totals are the reference
 * report's (100% with an early help offer, 76% improving it, nearly 13,000 children supported,
 * 2,684 early help assessments, 4 of 271 schools without a child-on-child abuse policy, GET SAFE
 * accessed by the DSL and deputy in 93% of schools), for the year whose returns were due in
 * January of the reporting year; the year before is a little lower.
 */
import type { QuestionKind } from './tables.ts';

/** How the schools answer, by year: [the year before, the reported year, the year now open]. */
export type Plan =
  | { yes: readonly [number, number, number] }
  | { total: readonly [number, number, number] }
  | { choices: readonly (readonly [string, number])[] }
  | { texts: readonly string[]; share?: number };

export interface DemoQuestion {
  code: string;
  text: string;
  hint?: string;
  kind: QuestionKind;
  choices?: string[];
  required?: boolean;
  reportLabel?: string;
  followUpAnswer?: string;
  compareWith?: 'get_safe_dsl_and_deputy';
  /** The first year it was asked: 0 (the year before), 1 or 2. */
  from?: number;
  plan: Plan;
}

export interface DemoSection {
  title: string;
  questions: DemoQuestion[];
}

const EVIDENCE = [
  'Minutes of the governing body meeting, and the policy on the website',
  'Recorded in the safeguarding file; reviewed by the safeguarding governor',
  'Training log and certificates held by the school business manager',
  'Audit trail in the electronic safeguarding system',
];

export const DEMO_SECTIONS: DemoSection[] = [
  {
    title: 'Leadership and management',
    questions: [
      {
        code: 'cp_policy_reviewed',
        text: 'Has the governing body reviewed and approved the child protection policy in the last 12 months?',
        kind: 'yes_no',
        plan: { yes: [0.97, 0.99, 0.99] },
      },
      {
        code: 'dsl_cse_lead',
        text: 'Does the DSL’s job description include being the school’s lead for child sexual exploitation?',
        kind: 'yes_no',
        reportLabel: 'Schools whose DSL role includes being the CSE lead',
        plan: { yes: [0.9, 1, 1] },
      },
      {
        code: 'safeguarding_governor',
        text: 'Is there a named governor or trustee for safeguarding?',
        kind: 'yes_no',
        plan: { yes: [0.96, 0.98, 0.98] },
      },
      {
        code: 'dsl_time',
        text: 'How much time does the DSL have for the role?',
        kind: 'choice',
        choices: ['Less than 1 day a week', '1 to 2 days a week', 'More than 2 days a week'],
        plan: {
          choices: [
            ['Less than 1 day a week', 3],
            ['1 to 2 days a week', 5],
            ['More than 2 days a week', 2],
          ],
        },
      },
      {
        code: 'leadership_evidence',
        text: 'What evidence does the school hold of the governing body’s oversight of safeguarding?',
        kind: 'evidence',
        required: false,
        plan: { texts: EVIDENCE, share: 0.7 },
      },
    ],
  },
  {
    title: 'Safer recruitment',
    questions: [
      {
        code: 'scr_complete',
        text: 'Is the single central record complete and up to date?',
        kind: 'yes_no',
        followUpAnswer: 'no',
        plan: { yes: [0.97, 0.99, 0.99] },
      },
      {
        code: 'safer_recruitment_panel',
        text: 'Has at least one member of every recruitment panel completed safer recruitment training?',
        kind: 'yes_no',
        plan: { yes: [0.93, 0.96, 0.96] },
      },
      {
        code: 'allegations_procedure',
        text: 'Does the school follow the partnership’s procedure for allegations against staff?',
        kind: 'yes_no',
        plan: { yes: [1, 1, 1] },
      },
      {
        code: 'lado_referrals',
        text: 'How many referrals did the school make to the LADO in the last school year?',
        kind: 'number',
        plan: { total: [160, 175, 170] },
      },
    ],
  },
  {
    title: 'Training',
    questions: [
      {
        code: 'whole_staff_training',
        text: 'Have all staff received child protection training in the last 12 months?',
        kind: 'yes_no',
        plan: { yes: [0.95, 0.97, 0.97] },
      },
      {
        code: 'kcsie_part_one',
        text: 'Have all staff read Part 1 of Keeping Children Safe in Education this year?',
        kind: 'yes_no',
        plan: { yes: [0.98, 0.99, 0.99] },
      },
      {
        code: 'get_safe_dsl_deputy',
        text: 'Have both the DSL and a deputy DSL completed GET SAFE training in the last three years?',
        hint: 'GET SAFE training is mandatory for DSLs and deputies, renewed every three years.',
        kind: 'yes_no',
        reportLabel: 'Schools whose DSL and deputy have accessed GET SAFE training',
        compareWith: 'get_safe_dsl_and_deputy',
        plan: { yes: [0.88, 0.93, 0.93] },
      },
      {
        code: 'get_safe_staff',
        text: 'Has GET SAFE training been disseminated to all staff?',
        kind: 'yes_no',
        reportLabel: 'Schools that have disseminated GET SAFE training to their staff',
        plan: { yes: [0.85, 0.9, 0.9] },
      },
      {
        code: 'get_safe_curriculum',
        text: 'Is GET SAFE included within the curriculum?',
        kind: 'yes_no',
        reportLabel: 'Schools with GET SAFE in their curriculum',
        plan: { yes: [0.84, 0.9, 0.9] },
      },
      {
        code: 'training_evidence',
        text: 'What evidence does the school hold of staff training?',
        kind: 'evidence',
        required: false,
        plan: { texts: EVIDENCE, share: 0.6 },
      },
    ],
  },
  {
    title: 'Early help',
    questions: [
      {
        code: 'early_help_offer',
        text: 'Does the school have its own early help offer for families?',
        kind: 'yes_no',
        reportLabel: 'Schools with their own early help offer',
        followUpAnswer: 'no',
        plan: { yes: [0.98, 1, 1] },
      },
      {
        code: 'early_help_improved',
        text: 'Has the school improved its early help offer during the year?',
        kind: 'yes_no',
        reportLabel: 'Schools that improved their early help offer',
        plan: { yes: [0.7, 0.76, 0.78] },
      },
      {
        code: 'early_help_children',
        text: 'How many children did the school support through its own early help offer in the last school year?',
        kind: 'number',
        reportLabel: 'Children supported through schools’ own early help offer',
        plan: { total: [11_870, 12_950, 13_100] },
      },
      {
        code: 'early_help_assessments',
        text: 'How many early help assessments did the school complete in the last school year?',
        kind: 'number',
        reportLabel: 'Early help assessments completed by schools',
        plan: { total: [2_410, 2_684, 2_720] },
      },
      {
        code: 'early_help_description',
        text: 'Describe the school’s early help offer in a few sentences.',
        kind: 'text',
        required: false,
        plan: {
          texts: [
            'Family support worker two days a week; parenting groups each term; signposting to the Family Hub.',
            'Pastoral team leads early help assessments; drop-in for parents every Friday.',
            'Early help through the learning mentor, with the local cluster’s family support service.',
          ],
          share: 0.8,
        },
      },
    ],
  },
  {
    title: 'Child-on-child abuse',
    questions: [
      {
        code: 'coca_policy',
        text: 'Does the school have a child-on-child abuse policy, including a risk assessment?',
        kind: 'yes_no',
        reportLabel: 'Schools with a child-on-child abuse policy and risk assessment',
        followUpAnswer: 'no',
        plan: { yes: [0.96, 267 / 271, 0.99] },
      },
      {
        code: 'coca_model_policy',
        text: 'Has the school adopted the local authority’s model child-on-child abuse policy?',
        kind: 'yes_no',
        plan: { yes: [0.85, 0.9, 0.92] },
      },
      {
        code: 'coca_recording',
        text: 'How does the school record child-on-child abuse incidents?',
        kind: 'choice',
        choices: ['An electronic safeguarding system', 'Paper records', 'Both'],
        from: 1,
        plan: {
          choices: [
            ['An electronic safeguarding system', 7],
            ['Paper records', 1],
            ['Both', 2],
          ],
        },
      },
      {
        code: 'coca_incidents',
        text: 'How many child-on-child abuse incidents did the school record in the last school year?',
        kind: 'number',
        from: 1,
        plan: { total: [0, 1_480, 1_530] },
      },
      {
        code: 'coca_response',
        text: 'How does the school respond to reports of child-on-child abuse?',
        kind: 'text',
        from: 1,
        plan: {
          texts: [
            'Every report is logged, the DSL completes the risk assessment the same day and parents are told.',
            'Risk assessment and safety plan for the children involved; reviewed at the weekly safeguarding meeting.',
            'Reports go to the DSL, who decides with the Family Front Door where the threshold may be met.',
          ],
        },
      },
    ],
  },
  {
    title: 'Online safety',
    questions: [
      {
        code: 'filtering_monitoring',
        text: 'Do the school’s filtering and monitoring systems meet the Department for Education’s standards?',
        kind: 'yes_no',
        plan: { yes: [0.9, 0.95, 0.96] },
      },
      {
        code: 'online_safety_curriculum',
        text: 'Is online safety taught in every year group?',
        kind: 'yes_no',
        plan: { yes: [0.94, 0.96, 0.97] },
      },
      {
        code: 'online_abuse_reporting',
        text: 'Are pupils taught how to report online abuse, including on social media?',
        kind: 'yes_no',
        plan: { yes: [0.88, 0.92, 0.95] },
      },
      {
        code: 'online_abuse_reports',
        text: 'How many reports of online abuse through social media did pupils make to staff this school year?',
        kind: 'number',
        from: 2,
        plan: { total: [0, 0, 640] },
      },
    ],
  },
  {
    title: 'Attendance and children missing education',
    questions: [
      {
        code: 'cme_procedure',
        text: 'Does the school follow the procedure for children missing education?',
        kind: 'yes_no',
        plan: { yes: [0.99, 1, 1] },
      },
      {
        code: 'ehe_notified',
        text: 'Does the school tell the local authority whenever a parent chooses elective home education?',
        kind: 'yes_no',
        plan: { yes: [0.98, 0.99, 0.99] },
      },
      {
        code: 'part_time_timetables',
        text: 'How many pupils are on a part-time timetable?',
        kind: 'number',
        plan: { total: [420, 390, 380] },
      },
    ],
  },
  {
    title: 'Working with partners',
    questions: [
      {
        code: 'encompass_key_adult',
        text: 'Is a Key Adult available to read Operation Encompass notices before the start of every school day?',
        kind: 'yes_no',
        plan: { yes: [0.95, 0.97, 0.98] },
      },
      {
        code: 'levels_of_need',
        text: 'Do staff use the Levels of Need guidance when deciding whether to refer to the Family Front Door?',
        kind: 'yes_no',
        plan: { yes: [0.93, 0.96, 0.97] },
      },
      {
        code: 'ffd_referrals',
        text: 'How many referrals did the school make to the Family Front Door in the last school year?',
        kind: 'number',
        plan: { total: [3_900, 4_150, 4_200] },
      },
      {
        code: 'partnership_evidence',
        text: 'What evidence does the school hold of its work with partners?',
        kind: 'evidence',
        required: false,
        plan: { texts: EVIDENCE, share: 0.5 },
      },
    ],
  },
  {
    title: 'Pupil voice',
    questions: [
      {
        code: 'pupil_voice',
        text: 'Are pupils’ views on feeling safe gathered at least once a year?',
        kind: 'yes_no',
        plan: { yes: [0.86, 0.9, 0.92] },
      },
      {
        code: 'pupils_feel_safe',
        text: 'What share of pupils said they feel safe at school?',
        kind: 'choice',
        choices: ['Under 70%', '70% to 89%', '90% or more'],
        plan: {
          choices: [
            ['Under 70%', 1],
            ['70% to 89%', 4],
            ['90% or more', 5],
          ],
        },
      },
      {
        code: 'pupil_voice_evidence',
        text: 'What evidence does the school hold of pupils’ views?',
        kind: 'evidence',
        required: false,
        plan: { texts: EVIDENCE, share: 0.5 },
      },
    ],
  },
];
