import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../testing/app.ts';

describe('logs and the 500 page', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ logger: createLogger('info', sink) });
    await seedSmallPartnership(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('redacts personal data wherever it appears in a log line', () => {
    const logger = createLogger('info', sink);
    logger.info(
      {
        child: {
          givenName: 'Ava',
          familyName: 'Testchild',
          nhsNumber: '9434765919',
          dateOfBirth: '2019-01-01',
        },
        email: 'a@b.example',
      },
      'probe',
    );
    const line = lines.find((l) => l.msg === 'probe')!;
    expect(JSON.stringify(line)).not.toMatch(/Ava|Testchild|9434765919|2019-01-01|a@b\.example/);
    expect((line.child as Record<string, string>).nhsNumber).toBe('[redacted]');
  });

  it('gives every request an id, in its log lines and on its response', async () => {
    const response = await t.app.inject({ url: '/health' });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((l) => l.reqId === id)).toBe(true);
  });

  it('shows the 500 page with a reference, and logs the error, when the service fails', async () => {
    const user = await createTestUser(t.db, 'partnership_admin');
    const client = new TestClient(t.app);
    await client.signIn(user.email, user.password);
    // Break the database under the signed-in session's feet: the next query fails.
    await t.db.schema.alterTable('setting').renameTo('setting_gone').execute();
    try {
      const response = await client.get('/registry/settings');
      expect(response.statusCode).toBe(500);
      expect(response.body).toContain('Sorry, there is a problem with the service');
      expect(response.body).toContain(String(response.headers['x-request-id']));
      expect(
        lines.some((l) => l.reqId === response.headers['x-request-id'] && l.msg === 'request failed'),
      ).toBe(true);
    } finally {
      await t.db.schema.alterTable('setting_gone').renameTo('setting').execute();
    }
  });
});
