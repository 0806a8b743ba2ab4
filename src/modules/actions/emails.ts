/**
 * The action tracker's emails. None names a child or says what the action is: only its number,
 * its agency, its due date and a link behind the sign-in.
 */
import type { EmailJob } from '../../platform/email/outbox.ts';
import type { ReminderKind } from './tables.ts';

export function reminderEmail(
  baseUrl: string,
  action: { id: number; dueOn: string; agency: string | null },
  kind: ReminderKind,
  to: string[],
): EmailJob {
  const agency = action.agency ?? 'your agency';
  const what =
    kind === 'week_before'
      ? `is due in a week, on ${action.dueOn}`
      : `became overdue today (it was due on ${action.dueOn})`;
  return {
    idempotencyKey: `action-reminder-${action.id}-${kind}-${action.dueOn}`,
    to,
    subject: `Action A-${action.id} for ${agency} ${kind === 'week_before' ? 'is due in a week' : 'is overdue'}`,
    text: [
      `Action A-${action.id}, owned by ${agency}, ${what}.`,
      '',
      `Sign in to Safeguarding Hub to record progress, mark it done or drop it with a reason: ${baseUrl}/actions/${action.id}`,
      '',
      'This email does not contain any details of a child or of the action, by design.',
    ].join('\n'),
  };
}
