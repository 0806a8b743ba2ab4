/**
 * Practice reviews' dates through the GOV.UK date input (issue 15): a notification's dates typed
 * in day, month and year boxes are saved as those dates; a half date is refused with the Design
 * System's message (the summary linking to the box at fault, what was typed shown again), and a
 * date in the future with "must be today or in the past".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../platform/calendar/civil-date.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';

const today = londonDate(new Date());
/** A date as the three boxes of `name` hold it. */
const boxes = (name: string, date: string) => {
  const [y, m, d] = date.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

describe('practice reviews: dates in day, month and year boxes', () => {
  let t: TestApp;
  let member: TestClient;

  beforeAll(async () => {
    t = await buildTestApp();
    await seedSmallPartnership(t.db);
    const a = await createTestUser(t.db, 'review_group_member');
    member = new TestClient(t.app);
    await member.signIn(a.email, a.password);
  });
  afterAll(() => t.close());

  const notification = (dates: Record<string, string>) => ({
    givenName: 'Dora',
    familyName: 'Datestest',
    sex: 'female',
    incidentSummary: 'Serious injury at home.',
    ...dates,
  });

  it('refuses a half date and a future date with the GOV.UK messages, saving nothing', async () => {
    const form = await member.get('/reviews/notifications/new');
    expect(form.body).toContain('name="incidentOn-day"');
    const half = await member.post(
      '/reviews/notifications',
      notification({
        ...boxes('dateOfBirth', '2018-06-07'),
        'incidentOn-day': '3',
        'incidentOn-month': '',
        'incidentOn-year': '2026',
        ...boxes('becameAwareOn', addDays(today, -1)),
      }),
    );
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('Date of the incident must include a month');
    expect(half.body).toContain('href="#incidentOn-month"');
    expect(half.body).toMatch(/name="incidentOn-day"[^>]*value="3"/);
    const future = await member.post(
      '/reviews/notifications',
      notification({
        ...boxes('dateOfBirth', '2018-06-07'),
        ...boxes('incidentOn', addDays(today, -3)),
        ...boxes('becameAwareOn', addDays(today, 5)),
      }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Date the partnership became aware must be today or in the past');
    expect(future.body).toContain('href="#becameAwareOn-day"');
    expect(await t.db.selectFrom('reviewCase').selectAll().execute()).toEqual([]);
  });

  it('saves the dates the boxes hold', async () => {
    const incidentOn = addDays(today, -10);
    const becameAwareOn = addDays(today, -8);
    const created = await member.post(
      '/reviews/notifications',
      notification({
        ...boxes('dateOfBirth', '2018-06-07'),
        ...boxes('incidentOn', incidentOn),
        ...boxes('becameAwareOn', becameAwareOn),
      }),
    );
    expect(created.statusCode, created.body).toBe(303);
    const saved = await t.db
      .selectFrom('reviewCase')
      .select(['incidentOn', 'becameAwareOn'])
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ incidentOn, becameAwareOn });
  });
});
