/**
 * What goes out when a notice reaches its recipient: the email saying one has arrived (to the
 * setting's safeguarding mailbox and Key Adults, or the team's mailbox) and, for a setting, the
 * job that escalates it if it is still unacknowledged when the school day starts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { emailJob } from '../../platform/email/outbox.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { noticeArrivedEmail } from './emails.ts';
import * as q from './queries.ts';

export const ESCALATION_QUEUE = 'encompass-escalation';

export type JobInserts = Parameters<JobQueue['insertInTrx']>[1];

/** The arrival email (no child details: only that a notice is waiting) and the escalation check. */
export function noticeJobs(
  baseUrl: string,
  noticeId: string,
  routing: { recipient: string; dueAt: Date },
  recipients: { to: string[]; name: string },
  keySuffix = '',
): JobInserts {
  const jobs: JobInserts = [];
  if (recipients.to.length)
    jobs.push(
      emailJob(noticeArrivedEmail(baseUrl, noticeId, recipients, { kind: routing.recipient, keySuffix })),
    );
  if (routing.recipient === 'setting') {
    jobs.push({
      name: ESCALATION_QUEUE,
      data: { noticeId },
      startAfter: routing.dueAt,
      singletonKey: `escalate-${noticeId}${keySuffix}`,
    });
  }
  return jobs;
}

/** Who a notice's emails go to: the setting's safeguarding address and Key Adults, or the team's. */
export async function recipientAddresses(
  db: Kysely<Database>,
  notice: { recipient: string; settingId: number | null; teamId: number | null },
): Promise<{ to: string[]; name: string }> {
  if (notice.recipient === 'setting' && notice.settingId) {
    const setting = await q.settingWithKeyAdults(db, notice.settingId, ['dsl', 'deputy_dsl']);
    return {
      to: [...new Set([setting.safeguardingEmail, ...(setting.keyAdults ?? [])])],
      name: setting.name,
    };
  }
  if (notice.teamId) {
    const team = await q.teamMailbox(db, notice.teamId);
    return { to: [team.email], name: team.name };
  }
  return { to: [], name: '' };
}
