/**
 * A small, hand-counted audit for the tests: four schools (the small partnership's two, and a
 * first and a special school), two years of questions, and returns answered as the tests say.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import type { SignedInUser } from '../../platform/auth/permissions.ts';
import type { Mailer } from '../../platform/email/mailer.ts';
import {
  type TestApp,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import type { SchoolsAuditService } from './service.ts';

export const systemAudit = auditWriterFor(SYSTEM_ACTOR);

export function buildAuditTestApp(options: { jobs?: boolean; mailer?: Mailer } = {}): Promise<TestApp> {
  return buildTestApp({ ...options, env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
}

export async function seedSchools(t: TestApp) {
  const place = await seedSmallPartnership(t.db);
  // Through the registry's service: this module writes no registry table, even in tests.
  const registry = t.services.registry;
  const added = async (urn: string, name: string, phase: 'first' | 'special', districtCode: string) => {
    const result = await registry.createSetting(systemAudit, {
      urn,
      name,
      phase,
      districtCode,
      schoolDayStartsAt: '08:50',
      safeguardingEmail: `safeguarding@${name.split(' ')[0]!.toLowerCase()}.test.example`,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.value.id;
  };
  const hillside = await added('100011', 'Hillside First School', 'first', 'NORTH');
  const meadow = await added('100012', 'Meadow Special School', 'special', 'SOUTH');
  for (const adult of [
    { staffRole: 'dsl', givenName: 'Dana', familyName: 'Lead', email: 'dsl@oakfield.test.example' },
    { staffRole: 'head', givenName: 'Harper', familyName: 'Head', email: 'head@oakfield.test.example' },
  ] as const)
    await registry.addKeyAdult(systemAudit, place.settings.oakfield, adult);
  return {
    ...place,
    schools: {
      oakfield: place.settings.oakfield,
      riverside: place.settings.riverside,
      hillside,
      meadow,
    },
  };
}

/** A signed-in user as the service takes one (the audit's head teacher or officer). */
export function userOf(
  id: string,
  role: SignedInUser['role'],
  settingId: number | null = null,
): SignedInUser {
  return {
    id,
    email: `${role}@test.example`,
    givenName: 'Test',
    familyName: role,
    role,
    organisationId: null,
    teamId: null,
    teamDistrictId: null,
    settingId,
  };
}

const SECTIONS = [
  {
    title: 'Early help',
    questions: [
      {
        code: 'early_help_offer',
        text: 'Does the school have its own early help offer?',
        kind: 'yes_no',
        reportLabel: 'Schools with their own early help offer',
      },
      {
        code: 'early_help_children',
        text: 'How many children did the school support through its early help offer?',
        kind: 'number',
        reportLabel: 'Children supported through schools’ early help',
      },
      { code: 'early_help_note', text: 'Describe the offer', kind: 'text', required: '' },
    ],
  },
  {
    title: 'Child-on-child abuse',
    questions: [
      {
        code: 'coca_policy',
        text: 'Does the school have a child-on-child abuse policy?',
        kind: 'yes_no',
        followUpAnswer: 'no',
        reportLabel: 'Schools with a child-on-child abuse policy',
      },
      {
        code: 'coca_recording',
        text: 'How does the school record incidents?',
        kind: 'choice',
        choices: 'Electronic\nPaper',
        newIn: '2025-26',
      },
      {
        code: 'get_safe',
        text: 'Have the DSL and a deputy completed GET SAFE training?',
        kind: 'yes_no',
        compareWithGetSafe: 'yes',
      },
    ],
  },
] as const;

/** Defines 2024-25 and, copied from it, 2025-26 (which adds coca_recording, new that year). */
export async function defineYears(service: SchoolsAuditService) {
  const { questionInput, yearInput } = await import('./schema.ts');
  const years: Record<string, number> = {};
  for (const schoolYear of ['2024-25', '2025-26']) {
    const start = Number(schoolYear.slice(0, 4));
    const first = schoolYear === '2024-25';
    const defined = await service.defineYear(
      systemAudit,
      yearInput.parse({
        schoolYear,
        title: `Section 175/157 audit ${schoolYear}`,
        opensOn: `${start}-11-01`,
        closesOn: `${start + 1}-01-31`,
        copyFrom: first ? '' : String(years['2024-25']),
      }),
    );
    if (!defined.ok) throw new Error(JSON.stringify(defined.errors));
    const yearId = defined.value.id;
    years[schoolYear] = yearId;
    const year = (await service.year(yearId))!;
    if (first) {
      for (const s of SECTIONS) {
        const { value } = (await service.addSection(systemAudit, yearId, s.title)) as {
          value: { id: number };
        };
        for (const x of s.questions) {
          if ('newIn' in x) continue;
          const added = await service.addQuestion(
            systemAudit,
            year,
            questionInput.parse({ required: 'yes', ...x, sectionId: String(value.id) }),
          );
          if (!added.ok) throw new Error(JSON.stringify(added.errors));
        }
      }
    } else {
      const { sections } = await service.definition(yearId);
      const x = SECTIONS[1].questions[1];
      const added = await service.addQuestion(
        systemAudit,
        year,
        questionInput.parse({ required: 'yes', ...x, sectionId: String(sections[1]!.id) }),
      );
      if (!added.ok) throw new Error(JSON.stringify(added.errors));
    }
  }
  return years as { '2024-25': number; '2025-26': number };
}

/** Form fields answering a year's questions by short name, and rating each section. */
export async function answerForms(
  service: SchoolsAuditService,
  yearId: number,
  answers: Record<string, string>,
  rag = 'green',
) {
  const { sections, questions } = await service.definition(yearId);
  return sections.map((s) => ({
    sectionId: s.id,
    body: {
      [`rag-${s.id}`]: rag,
      ...Object.fromEntries(
        questions
          .filter((x) => x.sectionId === s.id && answers[x.code] !== undefined)
          .map((x) => [`q-${x.id}`, answers[x.code]!]),
      ),
    } as Record<string, string>,
  }));
}

/** Answers every section of a school's return through the service and submits it. */
export async function submitReturn(
  service: SchoolsAuditService,
  yearId: number,
  settingId: number,
  headId: string,
  answers: Record<string, string>,
  options: { submit?: boolean } = {},
) {
  const year = (await service.year(yearId))!;
  for (const { sectionId, body } of await answerForms(service, yearId, answers)) {
    const saved = await service.saveSection(systemAudit, year, settingId, sectionId, body);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  }
  if (options.submit === false) return;
  const submitted = await service.submit(
    systemAudit,
    userOf(headId, 'head_teacher', settingId),
    year,
    settingId,
  );
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
}

export { createTestUser };
