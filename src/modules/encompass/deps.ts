/** What each of Operation Encompass's jobs (intake, amendment, the notices' lifecycle) works with. */
import type { WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';

export interface EncompassDeps {
  db: Db;
  /** Working days (bank holidays as stored), read when needed: they can be reloaded. */
  calendar: () => WorkingDayCalendar;
  /** The job queue, or null where jobs are off (then no email or escalation is enqueued). */
  jobs: () => JobQueue | null;
  /** The service's address, for the links in emails. */
  baseUrl: string;
}
