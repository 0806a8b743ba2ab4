/**
 * The module list, and the services built from it. Adding a module is one line in MODULES; its
 * services, permissions, navigation, routes, job workers and demo data come from its manifest.
 * The app, the CLI, the benches and the tests all build services here.
 */
import type { Logger } from 'pino';
import { EMAIL_QUEUE, type EmailJob, deliverEmail } from './platform/email/outbox.ts';
import { PermissionTable, platformPolicy } from './platform/auth/permissions.ts';
import { loadWorkingDayCalendar, storeShippedBankHolidays } from './platform/calendar/store.ts';
import { emailCoverageWarning } from './platform/calendar/coverage.ts';
import { londonDate } from './platform/calendar/index.ts';
import * as clock from './platform/clock.ts';
import { errorForLog } from './platform/logging/logger.ts';
import { registerWhatsNew } from './platform/whats-new.ts';
import type { Config } from './platform/config/index.ts';
import type { DatabaseHandle } from './platform/db/client.ts';
import { type Mailer, createMailer } from './platform/email/mailer.ts';
import { createMetrics } from './platform/http/metrics.ts';
import { startJobQueue } from './platform/jobs/queue.ts';
import type {
  Module,
  ModuleReportSection,
  NavigationItem,
  NeededBy,
  PlatformServices,
  ProvidedBy,
  SeedContext,
} from './platform/modules/define-module.ts';
import { actionsModule } from './modules/actions/index.ts';
import { childrenModule } from './modules/children/index.ts';
import { encompassModule } from './modules/encompass/index.ts';
import { exploitationModule } from './modules/exploitation/index.ts';
import { frontDoorModule } from './modules/front-door/index.ts';
import { governanceModule } from './modules/governance/index.ts';
import { healthScreeningModule } from './modules/health-screening/index.ts';
import { journeyModule } from './modules/journey/index.ts';
import { qualityModule } from './modules/quality/index.ts';
import { registryModule } from './modules/registry/index.ts';
import { reviewsModule } from './modules/reviews/index.ts';
import { schoolsAuditModule } from './modules/schools-audit/index.ts';
import { surveysModule } from './modules/surveys/index.ts';
import { trainingModule } from './modules/training/index.ts';
import { yearlyReportModule } from './modules/yearly-report/index.ts';

/** The modules, in the order their services are built and their links appear. */
export const MODULES = [
  registryModule,
  childrenModule,
  encompassModule,
  actionsModule,
  journeyModule,
  frontDoorModule,
  exploitationModule,
  surveysModule,
  reviewsModule,
  qualityModule,
  trainingModule,
  healthScreeningModule,
  schoolsAuditModule,
  governanceModule,
  yearlyReportModule,
] as const;

/** Every service of the platform and of every module. */
export type Services = PlatformServices & ProvidedBy<(typeof MODULES)[number]>;

// A module that needs a service no module provides fails to compile here.
type Unmet = Exclude<keyof NeededBy<(typeof MODULES)[number]>, keyof Services>;
const everyNeedMet: [Unmet] extends [never] ? true : { unmet: Unmet } = true;
void everyNeedMet;

type AnyModule = Module<string, never, object>;
const modules = MODULES as readonly AnyModule[];

/** The platform's own links: the audit log's search, the bank holidays. */
const PLATFORM_NAVIGATION: NavigationItem[] = [
  {
    text: 'Bank holidays',
    href: '/calendar/bank-holidays',
    permission: 'calendar:manage',
    hint: 'The official England and Wales bank holidays every deadline uses, and their import',
  },
  {
    text: 'Audit log',
    href: '/audit',
    permission: 'audit:search',
    inMenu: true,
    hint: 'Who viewed or changed which record, and when',
  },
];

export const permissionTable = new PermissionTable([
  { module: 'platform', policy: platformPolicy },
  ...modules.map((m) => ({ module: m.name, policy: m.policy })),
]);

export const navigation: NavigationItem[] = [
  ...modules.flatMap((m) => [...(m.navigation ?? [])]),
  ...PLATFORM_NAVIGATION,
];

/** Every queue a worker takes jobs from: the platform's email and each module's. */
export const JOB_QUEUES: readonly string[] = [
  EMAIL_QUEUE,
  ...modules.flatMap((m) => (m.jobs ?? []).map((j) => j.queue)),
];

export interface ServiceOptions {
  /** Start the job queue and its workers (default: the configuration's JOBS). */
  jobs?: boolean;
  /** With jobs on, also take jobs from the queues here (default); off to only enqueue them (the CLI). */
  workers?: boolean;
  mailer?: Mailer;
}

export async function createServices(
  config: Config,
  database: DatabaseHandle,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<Services> {
  const mailer = options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger });
  const runJobs = options.jobs ?? config.runJobs;
  const jobs = runJobs ? await startJobQueue(database, logger, JOB_QUEUES) : null;
  const services: Record<string, unknown> = {
    config,
    database,
    db: database.db,
    logger,
    metrics: createMetrics(),
    mailer,
    jobs,
    calendar: await loadWorkingDayCalendar(database.db),
    reportSections: async (period) => {
      const sections: ModuleReportSection[] = [];
      for (const module of modules) {
        if (!module.reportSection) continue;
        const started = performance.now();
        const section = await module.reportSection(services as never, period);
        sections.push({ module: module.name, section, ms: performance.now() - started });
      }
      return sections;
    },
  } satisfies PlatformServices;
  for (const module of modules) {
    Object.assign(services, await module.services(services as never));
  }
  if (jobs && options.workers !== false) {
    await jobs.work<EmailJob>(EMAIL_QUEUE, async (email) => {
      await deliverEmail(database.db, mailer, email);
    });
    for (const module of modules) {
      for (const worker of module.jobs ?? [])
        await jobs.work(worker.queue, worker.handler(services as never));
    }
    // Once at start and daily: the admins are emailed (once a month at most) before the official
    // bank holidays run out.
    const calendar = services.calendar as PlatformServices['calendar'];
    const checkCoverage = () =>
      emailCoverageWarning(database.db, jobs, calendar, londonDate(clock.now()), config.baseUrl).catch(
        (error) => logger.warn({ err: errorForLog(error) }, 'the bank-holiday coverage check failed'),
      );
    void checkCoverage();
    timers.set(services, setInterval(checkCoverage, 24 * 3600 * 1000).unref());
  }
  return services as unknown as Services;
}

/** Each set of services' daily timer, stopped with them. */
const timers = new WeakMap<object, NodeJS.Timeout>();

export async function stopServices(services: Services): Promise<void> {
  clearInterval(timers.get(services));
  for (const module of [...modules].reverse()) await module.stop?.(services as never);
  await services.jobs?.stop();
  services.mailer.close();
}

/** Every module's routes, in list order. */
export async function registerModuleRoutes(
  app: Parameters<NonNullable<AnyModule['routes']>>[0],
  services: Services,
) {
  // Before the modules' routes, so the header's count of what is new applies to their pages.
  registerWhatsNew(app, {
    db: services.db,
    sources: modules.flatMap((m) => (m.whatsNew ? [m.whatsNew(services as never)] : [])),
  });
  for (const module of modules) await module.routes?.(app, services as never);
}

/**
 * Loads the demo partnership into an empty database, each module its own part, in list order.
 * Runs without jobs: demo records send no emails.
 */
export async function seedDemo(
  config: Config,
  database: DatabaseHandle,
  logger: Logger,
  context: Omit<SeedContext, 'signIns'>,
): Promise<SeedContext['signIns']> {
  await storeShippedBankHolidays(database.db);
  const services = await createServices(config, database, logger, { jobs: false });
  const full: SeedContext = { ...context, signIns: [] };
  try {
    for (const module of modules) await module.seed?.(services as never, full);
  } finally {
    await stopServices(services);
  }
  return full.signIns;
}
