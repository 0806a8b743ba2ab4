/**
 * Training for the whole workforce: courses, sessions (a public list), booking with or without an
 * account, the waiting list, registers marked by trainers, non-attendance by agency, feedback,
 * certificates, GET SAFE training of every school's DSL and deputies, and the year's figures.
 *
 * For other modules (schools-audit): `services.training.getSafeStatusBySetting(settingIds, onDate)`
 * answers, per setting, its DSL and deputies with their GET SAFE status on that day (in date, due
 * within 60 days, expired, never) and whether a DSL and a deputy are both in date.
 */
import * as clock from '../../platform/clock.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { seedDemoTraining } from './demo.ts';
import { trainingPolicy } from './policy.ts';
import { TRAINING_FIGURES, trainingRecordsHref, trainingRecordsRoutes } from './records.ts';
import { type TrainingServices, trainingRoutes } from './routes.ts';
import { OFFER_QUEUE, REMINDER_QUEUE, RENEWAL_QUEUE, TrainingService } from './service.ts';

const percentOf = (n: number, d: number) => (d ? `${Math.round((100 * n) / d)}%` : 'no schools');

export const trainingModule = defineModule({
  name: 'training',
  policy: trainingPolicy,
  navigation: [
    {
      text: 'Training',
      href: '/training',
      permission: 'training:book',
      inMenu: true,
      hint: 'Book a place on the partnership’s courses, and see your bookings',
    },
    {
      text: 'Training courses',
      href: '/training/courses',
      permission: 'training:manage',
      hint: 'Courses, sessions, bookings and waiting lists; feedback for the yearly report',
    },
    {
      text: 'Registers',
      href: '/training/registers',
      permission: 'training:register',
      inMenu: true,
      hint: 'Mark who attended the sessions you deliver',
    },
    {
      text: 'Your staff’s training',
      href: '/training/my-setting',
      permission: 'training:setting',
      hint: 'Your staff’s bookings, and your DSL’s and deputies’ GET SAFE training',
    },
    {
      text: 'GET SAFE training',
      href: '/training/mandatory',
      permission: 'training:mandatory',
      inMenu: true,
      hint: 'Every DSL’s and deputy’s GET SAFE training, and the schools where both are in date',
    },
    {
      text: 'Training figures',
      href: '/training/figures',
      permission: 'training:figures',
      inMenu: true,
      hint: 'Attendance by course and agency, non-attendance and feedback, by year',
    },
  ],
  tables: [
    'training_course',
    'training_session',
    'training_session_trainer',
    'training_booking',
    'training_feedback',
    'training_completion',
  ],
  publishes: [],
  services: (deps: Omit<TrainingServices, 'training'>) => ({
    training: new TrainingService({
      db: deps.db,
      jobs: () => deps.jobs,
      baseUrl: deps.config.baseUrl,
      secret: deps.config.sessionSecret,
    }),
  }),
  jobs: [
    {
      queue: REMINDER_QUEUE,
      handler:
        (services) =>
        async ({ bookingId }: { bookingId: number }) => {
          await services.training.remindBooking(bookingId);
        },
    },
    {
      queue: OFFER_QUEUE,
      handler:
        (services) =>
        async ({ sessionId }: { sessionId: number }) => {
          await services.training.releaseOffers(sessionId);
        },
    },
    {
      queue: RENEWAL_QUEUE,
      handler:
        (services) => async (job: { courseId: number; email: string; dueOn: string; daysBefore: number }) => {
          await services.training.remindRenewal(job);
        },
    },
  ],
  routes: (app, services) => {
    trainingRoutes(app, services);
    trainingRecordsRoutes(app, services);
  },
  commands(cli) {
    cli
      .group('training', 'Training: reminders and figures')
      .command('renewal-reminders')
      .description('Queue the GET SAFE renewal reminders due today (60 and 14 days before), each sent once')
      .option('--on <date>', 'the day to send for (YYYY-MM-DD), today by default')
      .action(async (options: { on?: string }) => {
        const on = options.on ?? londonDate(clock.now());
        if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) cli.fail('--on must be a date like 2026-12-07');
        const queued = await cli.withServices((services) => services.training.sendRenewalReminders(on), {
          jobs: true,
        });
        console.log(`${queued} renewal reminder(s) queued for ${on}`);
      });
  },
  async reportSection(services, period) {
    const figures = await services.training.figures(period.from, period.to);
    const share = await services.training.getSafeShare(period.to);
    const source = `registers of training sessions held ${period.from} to ${period.to}`;
    const meanRating = figures.feedback.reduce((t, f) => t + (f.rating ?? 0) * f.responses, 0);
    const responses = figures.feedback.reduce((t, f) => t + f.responses, 0);
    return {
      title: 'Training',
      figures: [
        {
          label: 'Practitioners who attended the core training events',
          value: figures.totals.coreAttended,
          source: `${source}, core courses, marked attended`,
          countOf: 'adults' as const,
          definition: TRAINING_FIGURES['core-attended'].definition,
          recordsHref: trainingRecordsHref('core-attended', period),
        },
        ...figures.courses.map((c) => ({
          label: `${c.title}: attended (sessions)`,
          value: `${c.attended} (${c.sessions})`,
          source: `${source}, this course`,
          recordsHref: trainingRecordsHref(`course-${c.courseId}`, period),
          recordsNote: `the ${c.attended} places at its sessions marked attended`,
        })),
        {
          label: 'Non-attendance: booked places not attended or cancelled late',
          value: percentOf(figures.totals.missed, figures.totals.marked),
          source: `${source}: did not attend or cancelled late, of places marked`,
          recordsHref: trainingRecordsHref('marked', period),
          recordsNote: `the ${figures.totals.marked} places marked (the denominator), each with its attendance`,
        },
        {
          label: 'Mean feedback rating (1 to 5)',
          value: responses ? (meanRating / responses).toFixed(1) : 'no feedback',
          source: `feedback given on sessions held ${period.from} to ${period.to}`,
          recordsNote: `Not a count of records: the mean of the ${responses} ratings given in feedback on the period’s sessions; each course’s feedback is on the training pages.`,
        },
        {
          label: 'Schools whose DSL and a deputy are in date with GET SAFE training',
          value: percentOf(share.overall.bothInDate, share.overall.settings),
          source: `the registry's DSLs and deputies of every school (not early years) on ${period.to}, and their GET SAFE training`,
          recordsNote:
            'Not a count of records: a share computed from the registry’s DSLs and deputies of every school and their GET SAFE training, listed on the mandatory training page.',
        },
      ],
      quotes: (await services.training.quotes(period.from, period.to, true)).map((q) => ({
        text: q.quote ?? '',
        who: `A practitioner, after ${q.courseTitle}`,
        source: 'training feedback marked for the yearly report',
      })),
      charts: [
        {
          title: 'Attendance by course',
          unit: 'count' as const,
          categoryTitle: 'Course',
          axisTitle: 'Attended',
          rows: figures.courses.map((c) => ({ label: c.title, value: c.attended })),
          source: `${source}, marked attended`,
        },
      ],
    };
  },
  async seed(services) {
    await seedDemoTraining(services);
  },
});

export { TrainingService, type SettingGetSafe, type PersonStatus } from './service.ts';
export { MANDATORY_STATUSES, type MandatoryStatus, renewalDueOn, mandatoryStatus } from './rules.ts';
