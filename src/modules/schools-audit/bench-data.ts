/**
 * The benchmark's audit: two years of 150 questions each (the demo's forty, and more of every
 * kind), with a submitted return from every school, so the results page compares two full years.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import { Random } from '../../synthetic/random.ts';
import { DEMO_SECTIONS, type DemoQuestion, type DemoSection } from './demo-questions.ts';
import { loadAuditYear } from './demo.ts';
import * as q from './queries.ts';
import type { AnswerGroup } from './tally.ts';

/** The demo's questions, then generated ones of every kind in sections of 15, up to `count`. */
export function benchSections(count: number): DemoSection[] {
  const sections: DemoSection[] = DEMO_SECTIONS.map((s) => ({
    ...s,
    questions: s.questions.map((x) => ({ ...x, from: 0 })),
  }));
  let have = sections.reduce((n, s) => n + s.questions.length, 0);
  let extra: DemoQuestion[] = [];
  for (let i = 1; have < count; i++, have++) {
    const kind = (
      ['yes_no', 'yes_no', 'number', 'yes_no', 'choice', 'yes_no', 'number', 'evidence'] as const
    )[i % 8]!;
    extra.push({
      code: `bench_${i}`,
      text: `Benchmark question ${i}: ${kind === 'yes_no' ? 'is this arrangement in place?' : kind === 'number' ? 'how many this year?' : kind === 'choice' ? 'which applies?' : 'what evidence is held?'}`,
      kind,
      choices: kind === 'choice' ? ['Fully', 'Partly', 'Not yet'] : [],
      required: kind !== 'evidence',
      ...(i % 10 === 0 ? { reportLabel: `Benchmark figure ${i}` } : {}),
      plan:
        kind === 'yes_no'
          ? { yes: [0.8, 0.85, 0.9] }
          : kind === 'number'
            ? { total: [2_000 + i, 2_200 + i, 2_400 + i] }
            : kind === 'choice'
              ? {
                  choices: [
                    ['Fully', 6],
                    ['Partly', 3],
                    ['Not yet', 1],
                  ],
                }
              : { texts: ['Recorded in the safeguarding file'], share: 0.6 },
    });
    if (extra.length === 15) {
      sections.push({ title: `Benchmark section ${sections.length + 1}`, questions: extra });
      extra = [];
    }
  }
  if (extra.length) sections.push({ title: `Benchmark section ${sections.length + 1}`, questions: extra });
  return sections;
}

/**
 * Loads the two benchmark years (2030-31 and 2031-32) for every school of the registry; answers
 * the later year's id, the earlier one's, and the counts loaded.
 */
export async function loadBenchAudit(db: Db, options: { questions: number }) {
  const schools = await q.allSchools(db);
  const sections = benchSections(options.questions);
  const headId = await q.firstAccountOf(db, 'head_teacher');
  const rng = new Random(2031).fork('schools-audit-bench');
  const ids: number[] = [];
  await db.transaction().execute(async (trx) => {
    let copiedFromId: number | null = null;
    for (const [yearIndex, schoolYear] of ['2030-31', '2031-32'].entries()) {
      const start = Number(schoolYear.slice(0, 4));
      const loaded: { yearId: number } = await loadAuditYear(trx, {
        year: {
          schoolYear,
          title: `Section 175/157 safeguarding audit ${schoolYear} (benchmark)`,
          opensOn: `${start}-11-01`,
          closesOn: `${start + 1}-01-31`,
        },
        copiedFromId,
        sections,
        yearIndex,
        schools,
        headId,
        rng: rng.fork(schoolYear),
        statusOf: () => ({ status: 'submitted' }),
      });
      ids.push(loaded.yearId);
      copiedFromId = loaded.yearId;
    }
  });
  const questions = sections.reduce((n, s) => n + s.questions.length, 0);
  return { yearId: ids[1]!, lastYearId: ids[0]!, schools: schools.length, questions };
}

/** The bare aggregate behind the results page, as the page runs it. */
export function auditAggregate(db: Db, yearIds: readonly number[]): Promise<AnswerGroup[]> {
  return q.answerGroups(db, yearIds);
}

/**
 * For the benchmark's "just after a submission" series: gives one submitted return a new
 * submission time (now), as submitting it again after an amendment would, so the next view of the
 * results counts again.
 */
export async function resubmitOneForBench(db: Db, yearId: number): Promise<void> {
  await db
    .updateTable('schoolsAuditReturn')
    .set({ submittedAt: sql`clock_timestamp()` })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('schoolsAuditReturn')
        .select((x) => x.fn.min('id').as('id'))
        .where('yearId', '=', yearId)
        .where('status', '=', 'submitted'),
    )
    .execute();
}
