/**
 * The shape of every module: one manifest, `defineModule({ … })`, exported from the module's
 * `index.ts`. It says what the module adds to the platform (its permissions, navigation, tables,
 * job workers, services, routes, demo data and, for the yearly report, its section); the module
 * list in `src/modules.ts` is the only shared place that names it. See docs/adding-a-module.md.
 */
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Permission, Policy } from '../auth/permissions.ts';
import type { Role } from '../auth/roles.ts';
import type { WorkingDayCalendar } from '../calendar/index.ts';
import type { Config } from '../config/index.ts';
import type { DatabaseHandle, Db } from '../db/client.ts';
import type { Mailer } from '../email/mailer.ts';
import type { Metrics } from '../http/metrics.ts';
import type { JobHandler, JobQueue } from '../jobs/queue.ts';
import type { WhatsNewSource } from '../whats-new.ts';

/** What the platform gives every module's `services(deps)` factory. */
export interface PlatformServices {
  config: Config;
  database: DatabaseHandle;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  mailer: Mailer;
  /** The job queue, or null where jobs are off (tests, seeding, most commands). */
  jobs: JobQueue | null;
  /** Working days: England and Wales bank holidays as stored. */
  calendar: WorkingDayCalendar;
  /**
   * Every module's yearly-report section for a period, in module-list order, each with the time
   * its own queries took: filled in by src/modules.ts so the yearly report need not import the list.
   */
  reportSections(period: ReportPeriod): Promise<ModuleReportSection[]>;
}

/** One module's section as the yearly report receives it. */
export interface ModuleReportSection {
  module: string;
  section: ReportSection;
  /** How long the module's reportSection took, in milliseconds. */
  ms: number;
}

/** A link on the start page (and, with `inMenu`, in the service navigation), shown to whoever holds its permission. */
export interface NavigationItem {
  text: string;
  href: string;
  permission: Permission;
  /** A line under the link on the start page. */
  hint?: string;
  /** Also show in the service navigation bar. */
  inMenu?: boolean;
}

/** A background worker: the queue it takes jobs from, and what it does with each. */
export interface JobWorker<S> {
  queue: string;
  handler(services: S): JobHandler<never>;
}

/** What seeding the demo partnership tells each module, in module-list order. */
export interface SeedContext {
  children: number;
  password: string;
  /** Each module adds the demo accounts it created, printed at the end. */
  signIns: { role: Role; email: string; worksIn: string }[];
  progress(label: string): { update(done: number, total: number): void; stop(): void };
}

/** The reporting year (1 April to 31 March) a yearly-report section covers. */
export interface ReportPeriod {
  from: string;
  to: string;
}

/** A module's section of the statutory yearly report: figures, each traceable to its records. */
export interface ReportSection {
  title: string;
  figures: ReportFigure[];
  /** Words of children, families or practitioners that the owning module's users marked by hand for the report. */
  quotes?: ReportQuote[];
  /** Strengths and areas of focus written by those who own the figures (e.g. the QA lead's KPI notes). */
  notes?: ReportNote[];
  /** Series people would rather look at than read: drawn as a bar chart beside a table of the same rows. */
  charts?: ReportChart[];
}

/** A quote: what was said, who said it (never a name), and where it was marked. */
export interface ReportQuote {
  text: string;
  /** e.g. "A practitioner, after Early Help training" or "A young person, LADO survey". */
  who: string;
  source: string;
}

export interface ReportNote {
  kind: 'strength' | 'area-of-focus';
  /** What the note is about, e.g. the KPI's name. */
  about: string;
  text: string;
  source: string;
}

export interface ReportChart {
  title: string;
  /** Whether the values are counts or percentages (0–100). */
  unit: 'count' | 'percentage';
  /** The categories' name (e.g. "Course") and the values' name (e.g. "Attended"). */
  categoryTitle: string;
  axisTitle: string;
  rows: { label: string; value: number }[];
  source: string;
}

/** One figure: what it is, its value, and where it comes from. */
export interface ReportFigure {
  label: string;
  value: number | string;
  source: string;
  /** How it is counted, in words (optional: the label and source stand in where absent). */
  definition?: string;
  /** How many records lie behind it, where known (a count below 5 could identify a child). */
  count?: number;
  /** Where staff allowed to see them find the records behind it (the page checks their permission). */
  recordsHref?: string;
  /**
   * What the linked records are when they are not the records counted (a rate's denominator, the
   * budget lines a sum is computed from), or why no records are listed; shown on the figure's page.
   */
  recordsNote?: string;
  /**
   * What the count is of. A small count (1 to 4) of children could identify a child, so the report
   * holds it back unless waived; counts of schools, practitioners or meetings are not held back.
   * A figure that does not say is treated as counting children.
   */
  countOf?: 'children' | 'adults' | 'settings' | 'other';
}

/** A progress bar on the command line (stderr), for long imports. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** What the `safeguarding` command line gives a module that adds its own commands. */
export interface ModuleCommandLine<S> {
  program: Command;
  /** The command group of this name (e.g. `import`), created by the first module that asks for it. */
  group(name: string, description: string): Command;
  /** Runs work with every service built (migrated database; jobs enqueued, not worked, when `jobs`). */
  withServices<T>(work: (services: S) => Promise<T>, options?: { jobs?: boolean }): Promise<T>;
  progress(label: string): Progress;
  /** Ends the command with this message and exit code 2 (bad input; nothing changed). */
  fail(message: string): never;
}

export interface ModuleDefinition<Name extends string, Deps, Provided extends object> {
  name: Name;
  /** Who may do what: the module's `policy.ts`. */
  policy: Policy;
  navigation?: readonly NavigationItem[];
  /** The tables it owns (as named in SQL): only this module's SQL writes or reads them. */
  tables: readonly string[];
  /** Views and functions it publishes for other modules' SQL to read. */
  publishes?: readonly string[];
  /** Its services, built from the platform's and those of modules earlier in the list. */
  services(deps: Deps): Provided | Promise<Provided>;
  /** Waits for its work in progress before the database closes. */
  stop?(services: Provided): Promise<void>;
  jobs?: readonly JobWorker<Deps & Provided>[];
  routes?(app: FastifyInstance, services: Deps & Provided): void | Promise<void>;
  /** Loads its part of the demo partnership into an empty database (synthetic people only). */
  seed?(services: Deps & Provided, context: SeedContext): Promise<void>;
  /** Its commands on the `safeguarding` command line (imports, KPIs, …). */
  commands?(cli: ModuleCommandLine<Deps & Provided>): void;
  /** Its section of the yearly report (the yearly-report module will call these). */
  reportSection?(services: Deps & Provided, period: ReportPeriod): Promise<ReportSection>;
  /** What is new for the signed-in person since they last looked: the header's count and /whats-new (platform/whats-new.ts). */
  whatsNew?(services: Deps & Provided): WhatsNewSource;
}

export type Module<
  Name extends string = string,
  Deps = never,
  Provided extends object = object,
> = ModuleDefinition<Name, Deps, Provided>;

/** Declares a module. The types it provides become part of `Services`, inferred from the list. */
export function defineModule<const Name extends string, Deps, Provided extends object>(
  definition: ModuleDefinition<Name, Deps, Provided>,
): ModuleDefinition<Name, Deps, Provided> {
  return definition;
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;

/** What a list of modules provides between them. */
export type ProvidedBy<M> = UnionToIntersection<
  M extends ModuleDefinition<string, infer _D, infer P> ? P : never
>;

/** What a list of modules needs between them. */
export type NeededBy<M> = UnionToIntersection<
  M extends ModuleDefinition<string, infer D, object> ? D : never
>;
