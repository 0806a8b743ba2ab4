import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.ts';
import { type TestApp, buildTestApp } from '../testing/app.ts';
import { waitFor } from '../testing/wait.ts';
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
    onRcptTo(address, _session, callback) {
      // A mailbox the server refuses, for a job that must fail on its own.
      if (address.address.startsWith('refused@')) callback(new Error('Mailbox unavailable'));
      else callback();
    },
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
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('email through the durable job queue', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtp();
    const mailer = createMailer({
      smtpUrl: smtp.url,
      from: 'Safeguarding Hub <no-reply@test.example>',
      logger: createLogger('silent'),
    });
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
    const mail = await waitFor(() =>
      smtp.received.find((m) => m.raw.includes('A new notice for your setting')),
    );
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
    const mailer = createMailer({
      smtpUrl: smtp.url,
      from: 'x@test.example',
      logger: createLogger('silent'),
    });
    const email = {
      idempotencyKey: 'test-once',
      to: ['head@school.test.example'],
      subject: 'Only once',
      text: '-',
    };
    expect(await deliverEmail(t.db, mailer, email)).toBe('sent');
    expect(await deliverEmail(t.db, mailer, email)).toBe('already-sent');
    mailer.close();
    expect(smtp.received.filter((m) => m.raw.includes('Only once'))).toHaveLength(1);
  });

  it('sends a burst in batches, and one refused address fails only its own job', async () => {
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 30; i++) {
        await enqueueEmailInTrx(trx, t.services.jobs!, {
          idempotencyKey: `test-batch-${i}`,
          to: [`dsl${i}@school.test.example`],
          subject: `Batch ${i}`,
          text: '-',
        });
      }
      await enqueueEmailInTrx(trx, t.services.jobs!, {
        idempotencyKey: 'test-batch-refused',
        to: ['refused@school.test.example'],
        subject: 'Refused',
        text: '-',
      });
    });
    await waitFor(() =>
      smtp.received.filter((m) => /Subject: Batch \d+/.test(m.raw)).length === 30 ? true : undefined,
    );
    const states = async () =>
      (
        await sql<{ key: string; state: string; startedOn: Date }>`
          SELECT data->>'idempotencyKey' AS key, state, started_on FROM pgboss.job
          WHERE name = 'email' AND data->>'idempotencyKey' LIKE 'test-batch-%'`.execute(t.db)
      ).rows;
    const settled = await waitFor(async () => {
      const rows = await states();
      return rows.filter((r) => r.state === 'completed').length === 30 ? rows : undefined;
    });
    const refused = settled.find((r) => r.key === 'test-batch-refused')!;
    expect(['retry', 'failed']).toContain(refused.state);
    // Fetched together: one fetch stamps its whole batch with the same start time.
    const fetches = new Set(
      settled.filter((r) => r.state === 'completed').map((r) => new Date(r.startedOn).getTime()),
    );
    expect(fetches.size).toBeLessThanOrEqual(2);
  });
});
