/**
 * Emails go out through the job queue: enqueued in the action's transaction, sent by a worker
 * with retries. The idempotency key makes a retried or duplicated job send at most once after
 * the SMTP server has accepted it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/client.ts';
import type { Database } from '../db/schema.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { EmailMessage, Mailer } from './mailer.ts';

export const EMAIL_QUEUE = 'email';

export interface EmailJob extends EmailMessage {
  idempotencyKey: string;
}

export function enqueueEmailInTrx(trx: Transaction<Database>, jobs: JobQueue, email: EmailJob) {
  // The singleton key stops a second job for the same email while the first is queued.
  return jobs.sendInTrx(trx, EMAIL_QUEUE, email, { singletonKey: email.idempotencyKey });
}

/** The job that sends an email, for queueing many at once with JobQueue.insertInTrx. */
export function emailJob(email: EmailJob) {
  return { name: EMAIL_QUEUE, data: email, singletonKey: email.idempotencyKey };
}

/** When the email with this key reached the SMTP server, or null if it has not (yet). */
export async function emailDeliveredAt(db: Kysely<Database>, idempotencyKey: string): Promise<Date | null> {
  const row = await db
    .selectFrom('emailDelivery')
    .select('sentAt')
    .where('idempotencyKey', '=', idempotencyKey)
    .executeTakeFirst();
  return row?.sentAt ?? null;
}

export async function deliverEmail(
  db: Db,
  mailer: Mailer,
  email: EmailJob,
): Promise<'sent' | 'already-sent'> {
  const done = await db
    .selectFrom('emailDelivery')
    .select('idempotencyKey')
    .where('idempotencyKey', '=', email.idempotencyKey)
    .executeTakeFirst();
  if (done) return 'already-sent';
  await mailer.send(email);
  await db
    .insertInto('emailDelivery')
    .values({ idempotencyKey: email.idempotencyKey, recipients: email.to.length })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return 'sent';
}
