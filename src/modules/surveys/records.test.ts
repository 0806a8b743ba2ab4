/**
 * The records behind the surveys' yearly-report figures: on a small fixture counted by hand
 * (surveys overlapping the year's edges, returns on both edges), each figure's page lists as many
 * records as it counts; for those who read the answers' words, never executives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logging/logger.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { surveysModule } from './index.ts';

const period = { from: '2025-04-01', to: '2026-03-31' };

const recordsOf = (body: string) => {
  const table = /<table[^>]*id="records"[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
  return {
    rows: (tbody.match(/<tr class="govuk-table__row"/g) ?? []).length,
    stated: Number(/id="records-count">(\d+)</.exec(body)?.[1]),
  };
};

describe('the records behind the survey figures', () => {
  let t: TestApp;
  let lead: TestClient;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' }, logger: createLogger('error') });
    await seedSmallPartnership(t.db);
    const survey = (
      title: string,
      audience: 'families' | 'young_people',
      opensOn: string,
      closesOn: string,
    ) => ({
      title,
      audience,
      access: 'anonymous' as const,
      linkToken: `token-${title}`,
      opensOn,
      closesOn,
    });
    const surveys = await t.db
      .insertInto('survey')
      .values([
        survey('Families', 'families', '2025-03-01', '2025-04-01'), // overlaps the first day
        survey('Young people', 'young_people', '2026-03-31', '2026-05-01'), // overlaps the last day
        survey('Old', 'families', '2024-01-01', '2025-03-31'), // ends the day before
      ])
      .returning('id')
      .execute();
    const question = await t.db
      .insertInto('surveyQuestion')
      .values({ surveyId: surveys[0]!.id, position: 1, kind: 'free_text', prompt: 'What helped?' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const responses = await t.db
      .insertInto('surveyResponse')
      .values([
        { surveyId: surveys[0]!.id, submittedOn: '2025-04-01' },
        { surveyId: surveys[0]!.id, submittedOn: '2025-03-31' }, // the year before
        { surveyId: surveys[2]!.id, submittedOn: '2025-04-01' }, // a late return to the old one: counted
        { surveyId: surveys[1]!.id, submittedOn: '2026-03-31' },
      ])
      .returning('id')
      .execute();
    await t.db
      .insertInto('surveyAnswer')
      .values([
        {
          responseId: responses[0]!.id,
          questionId: question.id,
          textValue: 'The worker listened',
          quotedForReport: true,
        },
        {
          responseId: responses[1]!.id,
          questionId: question.id,
          textValue: 'Too late',
          quotedForReport: true,
        },
        { responseId: responses[2]!.id, questionId: question.id, textValue: 'Fine', quotedForReport: false },
      ])
      .execute();
    const user = await createTestUser(t.db, 'qa_lead');
    lead = new TestClient(t.app);
    await lead.signIn(user.email, user.password);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists, for each figure, as many records as it counts (hand count)', async () => {
    const section = await surveysModule.reportSection!(t.services, period);
    const hand = {
      'Surveys open during the year': 2,
      'Survey returns from practitioners of chosen agencies': 0,
      'Survey returns from people who referred to a service': 0,
      'Survey returns from young people': 1,
      'Survey returns from families': 2,
      'Answers marked for quoting in the yearly report': 1,
    };
    expect(Object.fromEntries(section.figures.map((f) => [f.label, f.value]))).toEqual(hand);
    for (const f of section.figures) {
      const page = await lead.get(f.recordsHref!);
      expect(page.statusCode, f.label).toBe(200);
      expect(recordsOf(page.body), f.label).toEqual({ rows: f.value, stated: f.value });
    }
    expect((await lead.get(section.figures.at(-1)!.recordsHref!)).body).toContain('The worker listened');
  });

  it('is refused to executives, who see the figures only', async () => {
    const section = await surveysModule.reportSection!(t.services, period);
    const user = await createTestUser(t.db, 'executive');
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    expect((await client.get(section.figures.at(-1)!.recordsHref!)).statusCode).toBe(403);
  });
});
