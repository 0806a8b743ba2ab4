/**
 * The audit's part of the demo partnership: three years of the Section 175/157 audit. The year
 * before and the reported year (returns due in January 2026) have a submitted return from every
 * school; the year open now has returns in every state, the demo school's not started, so the
 * demo DSL and head can fill it in and submit it. Answers follow demo-questions.ts; the four
 * schools without a child-on-child abuse policy are followed up. Loaded with multi-row inserts.
 */
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import type { WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { Random } from '../../synthetic/random.ts';
import type { ActionsService } from '../actions/index.ts';
import { demoDslSetting, demoPartnership } from '../registry/index.ts';
import type { TrainingService } from '../training/index.ts';
import { DEMO_SECTIONS, type DemoSection, type Plan } from './demo-questions.ts';
import * as q from './queries.ts';
import { FOLLOW_UP_WORKING_DAYS } from './service.ts';
import type { Rag } from './tables.ts';

export const DEMO_YEARS = [
  {
    schoolYear: '2024-25',
    title: 'Section 175/157 safeguarding audit 2024-25',
    opensOn: '2024-11-04',
    closesOn: '2025-01-31',
  },
  {
    schoolYear: '2025-26',
    title: 'Section 175/157 safeguarding audit 2025-26',
    opensOn: '2025-11-03',
    closesOn: '2026-01-30',
  },
  {
    schoolYear: '2026-27',
    title: 'Section 175/157 safeguarding audit 2026-27',
    opensOn: '2026-11-02',
    closesOn: '2027-01-29',
  },
] as const;

/** How much each phase's numbers weigh: a secondary school or a college supports more children. */
const PHASE_WEIGHT: Record<string, number> = {
  first: 0.8,
  primary: 1,
  middle: 1.5,
  secondary: 3,
  special: 1.2,
  independent: 0.7,
  further_education: 4,
  alternative_provision: 1,
};

export type GeneratedAnswer =
  | { yes: boolean; number: null; text: null }
  | { yes: null; number: number; text: null }
  | { yes: null; number: null; text: string };

/**
 * Each school's answer to one question in one year: exactly round(share × schools) yes; numbers
 * that add up to exactly the total, larger for larger phases; options and texts as weighted.
 */
export function planAnswers(
  rng: Random,
  plan: Plan,
  yearIndex: number,
  schools: readonly { phase: string }[],
): (GeneratedAnswer | null)[] {
  const n = schools.length;
  if ('yes' in plan) {
    const yes = Math.round(plan.yes[yearIndex]! * n);
    const order = rng.shuffle(schools.map((_, i) => i));
    const out: GeneratedAnswer[] = new Array(n);
    order.forEach((schoolIndex, rank) => {
      out[schoolIndex] = { yes: rank < yes, number: null, text: null };
    });
    return out;
  }
  if ('total' in plan) {
    const total = plan.total[yearIndex]!;
    const weights = schools.map((s) => (PHASE_WEIGHT[s.phase] ?? 1) * (0.4 + rng.next() * 1.2));
    const sum = weights.reduce((a, b) => a + b, 0);
    const values = weights.map((w) => Math.floor((total * w) / sum));
    // The remainder goes one each to the largest, so the total is exact.
    let left = total - values.reduce((a, b) => a + b, 0);
    const largest = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
    for (let k = 0; left > 0; k = (k + 1) % n, left--) values[largest[k]![1]]! += 1;
    return values.map((v) => ({ yes: null, number: v, text: null }));
  }
  if ('choices' in plan)
    return schools.map(() => ({ yes: null, number: null, text: rng.weighted(plan.choices) }));
  return schools.map(() =>
    rng.chance(plan.share ?? 1) ? { yes: null, number: null, text: rng.pick(plan.texts) } : null,
  );
}

const RAG_WEIGHTS: readonly (readonly [Rag, number])[] = [
  ['green', 7],
  ['amber', 2.5],
  ['red', 0.5],
];

const day = (iso: string, plusDays: number, hour = 10) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + plusDays * 86_400_000 + hour * 3_600_000);

/**
 * Loads one year: its definition (only the questions asked that year, marked new in their first
 * year), and returns from the schools in `statuses` (index: school; null for none).
 */
export async function loadAuditYear(
  db: Db,
  options: {
    year: { schoolYear: string; title: string; opensOn: string; closesOn: string };
    copiedFromId: number | null;
    sections: readonly DemoSection[];
    yearIndex: number;
    schools: readonly { id: number; phase: string }[];
    /** Each school's return: submitted, in progress (with this many sections answered), or none. */
    statusOf: (
      schoolIndex: number,
    ) => { status: 'submitted' } | { status: 'in_progress'; sections: number } | null;
    headId: string | null;
    /** Answers given instead of the plan's, by question code (e.g. from the training records). */
    answersOf?: ReadonlyMap<string, (GeneratedAnswer | null)[]>;
    rng: Random;
  },
) {
  const { yearIndex, schools, rng } = options;
  const { id: yearId } = await q.insertYear(db, { ...options.year, copiedFromId: options.copiedFromId });
  const asked = options.sections
    .map((s) => ({ ...s, questions: s.questions.filter((x) => (x.from ?? 0) <= yearIndex) }))
    .filter((s) => s.questions.length);
  const { sections, questions } = await q.insertSectionsAndQuestions(
    db,
    yearId,
    asked.map((s) => ({
      title: s.title,
      questions: s.questions.map((x) => ({
        code: x.code,
        text: x.text,
        hint: x.hint ?? null,
        kind: x.kind,
        choices: x.choices ?? [],
        required: x.required ?? true,
        reportLabel: x.reportLabel ?? null,
        followUpAnswer: x.followUpAnswer ?? null,
        compareWith: x.compareWith ?? null,
        newThisYear: yearIndex > 0 && (x.from ?? 0) === yearIndex,
      })),
    })),
  );
  const questionId = new Map(questions.map((x) => [x.code, x.id]));
  const sectionOfPosition = new Map(sections.map((s) => [s.position, s.id]));

  const plans = new Map<string, (GeneratedAnswer | null)[]>();
  for (const s of asked)
    for (const x of s.questions)
      plans.set(
        x.code,
        options.answersOf?.get(x.code) ??
          planAnswers(rng.fork(`${x.code}-${yearIndex}`), x.plan, yearIndex, schools),
      );

  const returning = schools
    .map((s, i) => ({ school: s, index: i, state: options.statusOf(i) }))
    .filter((r) => r.state);
  // Returns are started in the first half of the time open and submitted in the second; for the
  // year open now, the time open so far (nothing is dated in the future).
  const opened = Date.parse(`${options.year.opensOn}T00:00:00Z`);
  const closed = Date.parse(`${options.year.closesOn}T00:00:00Z`);
  const soFar = Date.now() > opened ? Math.min(Date.now() - 3_600_000, closed) : closed;
  const span = Math.max(2, Math.floor((soFar - opened) / 86_400_000));
  const inserted = await q.insertReturns(
    db,
    returning.map((r) => {
      const started = day(options.year.opensOn, rng.int(0, Math.floor(span / 2) - 1), 9);
      const submitted =
        r.state!.status === 'submitted'
          ? day(options.year.opensOn, rng.int(Math.floor(span / 2), span - 1), 15)
          : null;
      return {
        yearId,
        settingId: r.school.id,
        status: r.state!.status,
        startedAt: started,
        updatedAt: submitted ?? started,
        submittedAt: submitted,
        submittedBy: submitted ? options.headId : null,
      };
    }),
  );
  const returnOf = new Map(inserted.map((r) => [r.settingId, r.id]));
  const answers: {
    returnId: number;
    questionId: number;
    yes: boolean | null;
    number: number | null;
    text: string | null;
  }[] = [];
  const ratings: { returnId: number; sectionId: number; rag: Rag }[] = [];
  for (const r of returning) {
    const returnId = returnOf.get(r.school.id)!;
    const sectionsDone = r.state!.status === 'submitted' ? asked.length : r.state!.sections;
    asked.slice(0, sectionsDone).forEach((s, i) => {
      for (const x of s.questions) {
        const a = plans.get(x.code)![r.index];
        if (a) answers.push({ returnId, questionId: questionId.get(x.code)!, ...a });
      }
      ratings.push({ returnId, sectionId: sectionOfPosition.get(i + 1)!, rag: rng.weighted(RAG_WEIGHTS) });
    });
  }
  await q.insertAnswerRows(db, answers);
  await q.insertRatingRows(db, ratings);
  return { yearId, questionId, returnOf, plans };
}

export async function seedDemoAudit(
  services: { db: Db; actions: ActionsService; training: TrainingService; calendar: WorkingDayCalendar },
  audit: AuditWriter,
): Promise<void> {
  const { db } = services;
  if (!(await q.allSchools(db)).length) return;
  const rng = new Random(175).fork('schools-audit');
  const schools = await q.allSchools(db);
  const demoSchool = await q.settingIdByUrn(db, demoDslSetting(demoPartnership()).urn);
  const headId = await q.firstAccountOf(db, 'head_teacher');
  const officerId = await q.firstAccountOf(db, 'education_safeguarding_officer');
  // The schools' own answer about GET SAFE follows the training module's records on the day the
  // returns were due (or today), as a school would report it, except for two in a hundred who
  // answer otherwise: the disagreements the team is shown.
  const today = new Date().toISOString().slice(0, 10);
  const getSafeAnswers = async (onDate: string) => {
    const records = await services.training.getSafeStatusBySetting(
      schools.map((s) => s.id),
      onDate,
    );
    const flip = new Random(93).fork(onDate);
    const answers = schools.map((s): GeneratedAnswer => {
      const inDate = records.get(s.id)?.bothInDate ?? false;
      return { yes: flip.chance(0.02) ? !inDate : inDate, number: null, text: null };
    });
    return new Map([['get_safe_dsl_deputy', answers]]);
  };
  // Read before the transaction: on the embedded database a read outside it would wait for it.
  const getSafeByYear = await Promise.all(
    DEMO_YEARS.map((year, yearIndex) =>
      // The earlier of the due date and today (dates as text sort as dates).
      yearIndex > 0 ? getSafeAnswers([year.closesOn, today].sort()[0]!) : undefined,
    ),
  );
  await db.transaction().execute(async (trx) => {
    let copiedFromId: number | null = null;
    let reported: Awaited<ReturnType<typeof loadAuditYear>> | null = null;
    for (const [yearIndex, year] of DEMO_YEARS.entries()) {
      const open = yearIndex === 2;
      const loaded: Awaited<ReturnType<typeof loadAuditYear>> = await loadAuditYear(trx, {
        year,
        copiedFromId,
        sections: DEMO_SECTIONS,
        yearIndex,
        schools,
        headId,
        rng: rng.fork(year.schoolYear),
        answersOf: getSafeByYear[yearIndex],
        statusOf: (i) => {
          if (!open) return { status: 'submitted' };
          if (schools[i]!.id === demoSchool) return null;
          const r = (i * 37) % 100;
          return r < 15
            ? { status: 'submitted' }
            : r < 60
              ? { status: 'in_progress', sections: 1 + (i % 6) }
              : null;
        },
      });
      await audit(trx, {
        action: 'define-audit-year',
        recordType: 'schools-audit-year',
        recordId: loaded.yearId,
        reason: 'demo data',
      });
      if (yearIndex === 1) reported = loaded;
      copiedFromId = loaded.yearId;
    }
    // The reported year's schools without a child-on-child abuse policy, followed up by the team:
    // each an action of the partnership's tracker, raised today and due in 20 working days.
    if (reported && officerId) {
      const plan = reported.plans.get('coca_policy')!;
      const questionId = reported.questionId.get('coca_policy')!;
      const without = schools.filter((_, i) => plan[i]?.yes === false);
      const officer = (await q.officers(trx)).find((o) => o.id === officerId)!;
      const today = services.actions.today();
      const dueOn = services.calendar.addWorkingDays(today, FOLLOW_UP_WORKING_DAYS);
      const reportedYear = DEMO_YEARS[1];
      const actions = await services.actions.createActionsInTrx(
        trx,
        audit,
        officerId,
        without.map((s) => ({
          description: `Follow up the school's answer “no” to “Does the school have a child-on-child abuse policy, including a risk assessment?”: agree the model policy and risk assessment with the DSL and governors`,
          owningOrganisationId: officer.organisationId,
          ownerName: `${officer.givenName} ${officer.familyName}`,
          ownerUserId: officer.id,
          dueOn,
          measurableOutcome:
            'The governing body has adopted a child-on-child abuse policy and risk assessment',
          source: {
            module: 'schools-audit',
            type: 'follow-up',
            id: `${reported!.yearId}-${s.id}-${questionId}`,
            label: `${reportedYear.title}: no child-on-child abuse policy`,
            href: `/schools-audit/years/${reported!.yearId}/schools/${s.id}`,
          },
        })),
      );
      for (const [i, s] of without.entries())
        await q.insertFollowUp(trx, {
          yearId: reported.yearId,
          settingId: s.id,
          questionId,
          answerGiven: 'no',
          actionId: actions[i]!.id,
          createdBy: officerId,
        });
    }
  });
}
