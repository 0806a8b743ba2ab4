/** The bank holidays page: what the official list covers, the provisional years after it, and the import. */
import type { FastifyInstance } from 'fastify';
import { writeAudit } from '../audit/audit-log.ts';
import * as clock from '../clock.ts';
import type { Db } from '../db/client.ts';
import { formError, noErrors } from '../http/forms.ts';
import { BankHolidayFeedError, ruleBasedBankHolidays } from './bank-holidays.ts';
import { coverageWarning } from './coverage.ts';
import { londonDate } from './london.ts';
import { importBankHolidays } from './store.ts';
import type { WorkingDayCalendar } from './working-days.ts';

export function calendarRoutes(app: FastifyInstance, deps: { db: Db; calendar: WorkingDayCalendar }) {
  const { db, calendar } = deps;

  const page = async (extra: Record<string, unknown> = {}) => {
    const today = londonDate(clock.now());
    const thisYear = Number(today.slice(0, 4));
    const official = await db
      .selectFrom('bankHoliday')
      .select(['date', 'title', 'substitute'])
      .where('date', '>=', `${thisYear}-01-01`)
      .orderBy('date')
      .execute();
    const provisional = [];
    for (let year = Math.max(thisYear, calendar.lastYear + 1); year <= thisYear + 2; year++)
      provisional.push(...ruleBasedBankHolidays(year));
    return {
      title: 'Bank holidays',
      officialUntil: calendar.officialUntil,
      warning: coverageWarning(calendar, today),
      official,
      provisional,
      errors: noErrors(),
      ...extra,
    };
  };

  app.get('/calendar/bank-holidays', { config: { permission: 'calendar:manage' } }, async (_request, reply) =>
    reply.page('pages/bank-holidays.njk', await page()),
  );

  app.post(
    '/calendar/bank-holidays',
    { config: { permission: 'calendar:manage' } },
    async (request, reply) => {
      const file = (request.body as { feed?: unknown } | undefined)?.feed;
      const fail = async (message: string) => {
        reply.code(400);
        return reply.page('pages/bank-holidays.njk', await page({ errors: formError('feed', message) }));
      };
      if (!Buffer.isBuffer(file) || file.length === 0)
        return fail('Select the bank-holidays.json file from gov.uk');
      let feed: unknown;
      try {
        feed = JSON.parse(file.toString('utf8'));
      } catch {
        return fail(
          'The file is not JSON: download bank-holidays.json from https://www.gov.uk/bank-holidays.json',
        );
      }
      try {
        const count = await importBankHolidays(db, feed);
        const stored = await db.selectFrom('bankHoliday').select('date').execute();
        calendar.replaceOfficial(stored.map((h) => h.date));
        await writeAudit(db, request.auditActor, {
          action: 'import',
          recordType: 'bank-holidays',
          recordId: null,
          reason: `${count} England and Wales bank holidays, to ${calendar.officialUntil}`,
        });
      } catch (error) {
        if (error instanceof BankHolidayFeedError) return fail(error.message);
        throw error;
      }
      return reply.redirect('/calendar/bank-holidays', 303);
    },
  );
}
