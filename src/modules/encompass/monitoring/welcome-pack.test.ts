/**
 * The welcome pack on a copy without email (jobs off): the coordinator's request is answered and
 * audited, saying why nothing was sent, instead of a 500 from the audit safety net (the security
 * suite's random forms found it).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../../platform/testing/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await seedSmallPartnership(t.db);
}, 60_000);
afterAll(async () => t?.close());

it('answers and audits a welcome pack that cannot be sent because email is off', async () => {
  const coordinator = await createTestUser(t.db, 'encompass_coordinator');
  const client = new TestClient(t.app);
  await client.signIn(coordinator.email, coordinator.password);
  await client.get('/encompass/enrolment/1');
  const response = await client.post('/encompass/enrolment/1/welcome-pack', {});
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe('/encompass/enrolment/1?welcome=email-off');
  const entries = await t.db
    .selectFrom('auditLog')
    .select(['action', 'recordId', 'reason'])
    .where('action', '=', 'send-welcome-pack')
    .execute();
  expect(entries).toEqual([{ action: 'send-welcome-pack', recordId: '1', reason: 'not sent: email is off' }]);
});
