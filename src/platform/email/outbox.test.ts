import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.ts';
import { type TestApp, buildTestApp } from '../testing/app.ts';
import { createMailer } from './mailer.ts';
import { deliverEmail, enqueueEmailInTrx } from './outbox.ts';

interface Received {
  to: string[];
  raw: string;
}

async function startSmtp(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function waitFor<T>(check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('email through the durable job queue', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtp();
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Safeguarding Hub <no-reply@test.example>', logger: createLogger('silent') });
    t = await buildTestApp({ jobs: true, mailer });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends an email enqueued in a committed transaction, through a real SMTP server', async () => {
    await t.db.transaction().execute(async (trx) => {
      await enqueueEmailInTrx(trx, t.services.jobs!, {
        idempotencyKey: 'test-committed',
        to: ['dsl@school.test.example'],
        subject: 'A new notice for your setting',
        text: 'Sign in to Safeguarding Hub to read it: http://localhost:3000/',
      });
    });
    const mail = await waitFor(() => smtp.received.find((m) => m.raw.includes('A new notice for your setting')));
    expect(mail.to).toEqual(['dsl@school.test.example']);
    expect(mail.raw).toContain('Sign in to Safeguarding Hub');
  });

  it('sends nothing when the transaction rolls back', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await enqueueEmailInTrx(trx, t.services.jobs!, {
          idempotencyKey: 'test-rolled-back',
          to: ['dsl@school.test.example'],
          subject: 'Must never arrive',
          text: '-',
        });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    await new Promise((r) => setTimeout(r, 3000));
    expect(smtp.received.some((m) => m.raw.includes('Must never arrive'))).toBe(false);
  });

  it('sends an email once, however often its job runs', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'x@test.example', logger: createLogger('silent') });
    const email = { idempotencyKey: 'test-once', to: ['head@school.test.example'], subject: 'Only once', text: '-' };
    expect(await deliverEmail(t.db, mailer, email)).toBe('sent');
    expect(await deliverEmail(t.db, mailer, email)).toBe('already-sent');
    mailer.close();
    expect(smtp.received.filter((m) => m.raw.includes('Only once'))).toHaveLength(1);
  });
});
