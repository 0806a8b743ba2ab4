/**
 * Surveys' dates through the GOV.UK date input (issue 15): the opening and closing dates typed in
 * day, month and year boxes are saved as those dates; a half date is refused with the Design
 * System's message, the summary linking to the box at fault, beside the form's other problems.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../../platform/testing/app.ts';

describe('surveys: dates in day, month and year boxes', () => {
  let t: TestApp;
  let qaLead: TestClient;

  beforeAll(async () => {
    t = await buildTestApp();
    const user = await createTestUser(t.db, 'qa_lead');
    qaLead = new TestClient(t.app);
    await qaLead.signIn(user.email, user.password);
  });
  afterAll(() => t.close());

  const survey = (dates: Record<string, string>) => ({
    title: 'Dates survey',
    audience: 'young_people',
    access: 'anonymous',
    ...dates,
  });

  it('saves the opening and closing dates their boxes hold', async () => {
    const form = await qaLead.get('/surveys/new');
    expect(form.body).toContain('name="opensOn-day"');
    expect(form.body).toContain('name="closesOn-year"');
    const created = await qaLead.post(
      '/surveys',
      survey({
        'opensOn-day': '1',
        'opensOn-month': '10',
        'opensOn-year': '2026',
        'closesOn-day': '31',
        'closesOn-month': '10',
        'closesOn-year': '2026',
      }),
    );
    expect(created.statusCode, created.body).toBe(303);
    const saved = await t.db
      .selectFrom('survey')
      .select(['opensOn', 'closesOn'])
      .where('title', '=', 'Dates survey')
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ opensOn: '2026-10-01', closesOn: '2026-10-31' });
  });

  it('refuses a half date with the GOV.UK message beside the other problems', async () => {
    const r = await qaLead.post('/surveys', {
      ...survey({
        'opensOn-day': '1',
        'opensOn-month': '10',
        'opensOn-year': '',
        'closesOn-day': '31',
        'closesOn-month': '10',
        'closesOn-year': '2026',
      }),
      access: 'sign_in',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Opening date must include a year');
    expect(r.body).toContain('href="#opensOn-year"');
    expect(r.body).toMatch(/name="opensOn-month"[^>]*value="10"/);
    // The form's other checks still run beside a wrong date.
    expect(r.body).toContain('Young people and families answer by link');
    const backwards = await qaLead.post(
      '/surveys',
      survey({
        'opensOn-day': '10',
        'opensOn-month': '10',
        'opensOn-year': '2026',
        'closesOn-day': '1',
        'closesOn-month': '10',
        'closesOn-year': '2026',
      }),
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('href="#closesOn-day"');
    expect(await t.db.selectFrom('survey').selectAll().execute()).toHaveLength(1);
  });
});
