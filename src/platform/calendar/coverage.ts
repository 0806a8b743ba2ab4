/**
 * Warning before the official bank holidays run out. Past the official list deadlines still work
 * (holidays computed from the rules, marked provisional), but a one-off holiday (a coronation, a
 * jubilee) is only in the official list: the partnership admin is told, on their start page and by
 * email, six months before the list ends, so that it is imported in time.
 */
import type { Db } from '../db/client.ts';
import { enqueueEmailInTrx } from '../email/outbox.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { addDays } from './civil-date.ts';
import type { WorkingDayCalendar } from './working-days.ts';

/** How long before the official list ends the admin is warned. */
export const COVERAGE_WARNING_DAYS = 183;

export interface CoverageWarning {
  officialUntil: string;
  /** Days from today to the last official day (negative once past it). */
  daysLeft: number;
  message: string;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function coverageWarning(calendar: WorkingDayCalendar, today: string): CoverageWarning | null {
  const officialUntil = calendar.officialUntil;
  if (addDays(today, COVERAGE_WARNING_DAYS) < officialUntil) return null;
  const daysLeft = daysBetween(today, officialUntil);
  const until = new Date(`${officialUntil}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
  const message =
    daysLeft >= 0
      ? `The official bank holidays end on ${until}. After that, deadlines use bank holidays computed from the rules, marked provisional, which miss any one-off holiday. Import the official list from gov.uk before then.`
      : `The official bank holidays ended on ${until}. Deadlines since then use bank holidays computed from the rules, marked provisional, which miss any one-off holiday. Import the official list from gov.uk.`;
  return { officialUntil, daysLeft, message };
}

/**
 * Emails every active partnership admin the warning, at most once a month for one list (the
 * email's idempotency key says which), from any number of server processes.
 */
export async function emailCoverageWarning(
  db: Db,
  jobs: JobQueue,
  calendar: WorkingDayCalendar,
  today: string,
  baseUrl: string,
): Promise<number> {
  const warning = coverageWarning(calendar, today);
  if (!warning) return 0;
  const admins = await db
    .selectFrom('authAccount')
    .select('email')
    .where('role', '=', 'partnership_admin')
    .where('active', '=', true)
    .execute();
  if (!admins.length) return 0;
  await db.transaction().execute(async (trx) => {
    await enqueueEmailInTrx(trx, jobs, {
      idempotencyKey: `bank-holidays-${warning.officialUntil}-${today.slice(0, 7)}`,
      to: admins.map((a) => a.email),
      subject: 'Import the official bank holidays',
      text: `${warning.message}\n\nImport them at ${baseUrl}/calendar/bank-holidays (or with: safeguarding calendar import-bank-holidays FILE).`,
    });
  });
  return admins.length;
}
