/**
 * The `safeguarding` command line: the same code as the web app, for start-up, migrations,
 * seeding, user accounts, audit verification, the calendar and deadline checks.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Command, Option } from 'commander';
import type { SingleBar as ProgressBar } from 'cli-progress';
import {
  DEADLINE_KINDS,
  type DeadlineKind,
  dueDate,
  formatLondon,
  nextSchoolDayStart,
} from './platform/calendar/index.ts';
import { type Config, ConfigError, loadConfig } from './platform/config/index.ts';
import { type DatabaseHandle, openDatabase } from './platform/db/client.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { SYSTEM_ACTOR, auditWriterFor, verifyAuditChain } from './platform/audit/audit-log.ts';
import { importBankHolidays, loadWorkingDayCalendar } from './platform/calendar/store.ts';
import { createLogger } from './platform/logging/logger.ts';
import { ROLE_NAMES } from './platform/auth/roles.ts';
import { MODULES, type Services, createServices, seedDemo, stopServices } from './modules.ts';
import type { Module } from './platform/modules/define-module.ts';
import { DEMO_PASSWORD_DEFAULT, isEmpty, settingCalendarByUrn, userInput } from './modules/registry/index.ts';
import { createApiClient, escalationMoment } from './modules/encompass/index.ts';
import {
  DEFAULT_THRESHOLDS,
  LinkageCommandError,
  type LinkageCommandOptions,
  type Progress,
  runDedupeCommand,
  runLinkCommand,
} from './modules/linkage/index.ts';
import * as clock from './platform/clock.ts';
import { BackupError, backupDatabase, restoreDatabase } from './platform/backup/index.ts';

class CliError extends Error {}

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

async function withDatabase<T>(cfg: Config, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    databaseUrl: cfg.databaseUrl,
    dataDir: cfg.dataDir,
    poolSize: cfg.databasePoolSize,
  });
  try {
    await migrateToLatest(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

/** cli-progress is required when a command first draws a bar: the server never does. */
const requireOnUse = createRequire(import.meta.url);

function progressBar(label: string) {
  const { SingleBar } = requireOnUse('cli-progress') as { SingleBar: typeof ProgressBar };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total}`,
    stream: process.stderr,
    hideCursor: true,
    noTTYOutput: false,
    notTTYSchedule: 5000,
  });
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

async function seed(database: DatabaseHandle, children: number) {
  return seedDemo(config(), database, createLogger('warn'), {
    children,
    password: process.env.DEMO_PASSWORD ?? DEMO_PASSWORD_DEFAULT,
    progress: progressBar,
  });
}

/** Every service, as the web process builds them; with `jobs`, jobs are enqueued but not worked here. */
async function withServices<T>(
  database: DatabaseHandle,
  options: { jobs: boolean },
  work: (services: Services) => Promise<T>,
): Promise<T> {
  const services = await createServices(config(), database, createLogger('warn'), {
    jobs: options.jobs,
    workers: false,
  });
  try {
    return await work(services);
  } finally {
    await stopServices(services);
  }
}

function printSignIns(signIns: { role: string; email: string; worksIn: string }[]) {
  console.log('\nDemo sign-ins (password: %s):', process.env.DEMO_PASSWORD ?? DEMO_PASSWORD_DEFAULT);
  for (const s of signIns) console.log(`  ${s.role.padEnd(28)} ${s.email.padEnd(58)} ${s.worksIn}`);
}

const program = new Command('safeguarding')
  .description('Safeguarding Hub: the partnership’s platform')
  .showHelpAfterError();

program
  .command('serve')
  .description('Apply migrations and serve the web app, the API and background jobs')
  .option('--seed-if-empty', 'load the demo partnership into an empty database first')
  .option('--children <n>', 'children in the demo partnership when seeding', '3000')
  .action(async (options: { seedIfEmpty?: boolean; children: string }) => {
    const cfg = config();
    const { startServer } = await import('./server.ts');
    await startServer(cfg, {
      beforeStart: async (database) => {
        if (options.seedIfEmpty && (await isEmpty(database.db))) {
          console.log('First start: loading the demo partnership…');
          printSignIns(await seed(database, Number(options.children)));
        } else if (options.seedIfEmpty) {
          console.log(
            'Demo sign-ins: see README.md (password: %s)',
            process.env.DEMO_PASSWORD ?? DEMO_PASSWORD_DEFAULT,
          );
        }
      },
    });
  });

program
  .command('migrate')
  .description('Apply any database migrations not yet applied')
  .action(async () => {
    const cfg = config();
    const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
    try {
      const applied = await migrateToLatest(database.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date');
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('Load the demo partnership (synthetic people only) into an empty database')
  .option('--children <n>', 'how many synthetic children (120000 for a full county)', '3000')
  .action(async (options: { children: string }) => {
    const children = Number(options.children);
    if (!Number.isInteger(children) || children < 0 || children > 2_000_000)
      throw new CliError('--children must be a whole number from 0 to 2000000');
    await withDatabase(config(), async (database) => {
      if (!(await isEmpty(database.db)))
        throw new CliError('The database already holds a partnership: seed only loads into an empty one');
      printSignIns(await seed(database, children));
    });
  });

const users = program.command('users').description('User accounts');
users
  .command('create')
  .description(
    'Create a user account (the password is read from the SAFEGUARDING_PASSWORD environment variable)',
  )
  .requiredOption('--email <email>', 'work email address')
  .requiredOption('--given-name <name>', 'given name')
  .requiredOption('--family-name <name>', 'family name')
  .addOption(new Option('--role <role>', 'role').choices(ROLE_NAMES).makeOptionMandatory())
  .option('--organisation <code>', 'organisation code (police officers, auditors)')
  .option('--team <code>', 'team code (health visitors, Family Front Door, hospital nurses)')
  .option('--setting <urn>', 'setting URN (designated safeguarding leads)')
  .action(
    async (options: {
      email: string;
      givenName: string;
      familyName: string;
      role: string;
      organisation?: string;
      team?: string;
      setting?: string;
    }) => {
      const parsed = userInput.safeParse({
        email: options.email,
        givenName: options.givenName,
        familyName: options.familyName,
        role: options.role,
        organisationCode: options.organisation,
        teamCode: options.team,
        settingUrn: options.setting,
        password: process.env.SAFEGUARDING_PASSWORD,
      });
      if (!parsed.success)
        throw new CliError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
      await withDatabase(config(), async (database) => {
        const result = await withServices(database, { jobs: false }, (services) =>
          services.registry.createUser(auditWriterFor(SYSTEM_ACTOR), parsed.data),
        );
        if (!result.ok) throw new CliError(result.errors.summary.map((e) => e.text).join('\n'));
        console.log(`Created user ${result.value.id}`);
      });
    },
  );

program
  .command('audit')
  .description('The audit log')
  .command('verify')
  .description('Check the audit log’s hash chain and name the first entry altered, deleted or out of order')
  .action(async () => {
    await withDatabase(config(), async (database) => {
      const bar = progressBar('Verifying');
      const result = await verifyAuditChain(database.db, (done, total) => bar.update(done, total));
      bar.stop();
      if (result.ok) {
        console.log(`The audit log is intact: ${result.entries} entries verified`);
      } else {
        console.log(result.message);
        process.exitCode = 1;
      }
    });
  });

/** The backup module's refusals and failures, as the command line's own errors. */
async function backupCommand<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BackupError) throw new CliError(error.message);
    throw error;
  }
}

program
  .command('backup')
  .description(
    'Back up the whole database to one file with a SHA-256 checksum: the embedded one in DATA_DIR (stop the server first), or PostgreSQL at DATABASE_URL with pg_dump',
  )
  .argument(
    '<file>',
    'the backup file to write (it holds personal data: it is made readable by its owner only)',
  )
  .action(async (file: string) => {
    const cfg = config();
    if (fs.existsSync(file)) throw new CliError(`${file} exists already: choose another name`);
    const manifest = await backupCommand(() => backupDatabase(cfg, file));
    console.log(
      `Backed up the ${manifest.kind === 'pglite' ? 'embedded database' : 'PostgreSQL database'} to ${file}: ${Object.keys(manifest.rows).length} tables, ${manifest.auditEntries} audit entries, migration ${manifest.migration ?? '(none)'}`,
    );
  });

program
  .command('restore')
  .description(
    'Restore a backup into DATA_DIR or DATABASE_URL: the checksum is checked first, then the audit chain and every table’s rows after',
  )
  .argument('<file>', 'a file written by "safeguarding backup"')
  .option(
    '--force',
    'replace a database that is not empty (on the embedded database the old one is kept aside)',
  )
  .action(async (file: string, options: { force?: boolean }) => {
    const cfg = config();
    const result = await backupCommand(() => restoreDatabase(cfg, file, { force: options.force ?? false }));
    console.log(
      `Restored ${file} (made ${result.manifest.createdAt}): ${result.tables} tables, the audit log is intact with ${result.auditEntries} entries`,
    );
    if (result.replacedMovedTo)
      console.log(
        `The database it replaced is kept in ${result.replacedMovedTo}: delete it once you are sure`,
      );
    if (result.manifest.migration) console.log('The service applies any newer migrations when it starts.');
  });

program
  .command('calendar')
  .description('Bank holidays and term dates')
  .command('import-bank-holidays')
  .description('Replace the stored bank holidays with a gov.uk bank-holidays.json file (England and Wales)')
  .argument('<file>', 'the bank-holidays.json file')
  .action(async (file: string) => {
    let feed: unknown;
    try {
      feed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    await withDatabase(config(), async (database) => {
      const count = await importBankHolidays(database.db, feed);
      console.log(`Imported ${count} England and Wales bank holidays`);
    });
  });

program
  .command('api-clients')
  .description('Machine clients of the JSON API (e.g. a police record system)')
  .command('create')
  .description('Create an API client and print its bearer token, once (only its hash is stored)')
  .requiredOption('--name <name>', 'what the client is, e.g. "West Severn Police record system"')
  .requiredOption(
    '--organisation <code>',
    'the organisation it acts for (a police force for encompass:incidents)',
  )
  .option('--scope <scope...>', 'what it may do', ['encompass:incidents'])
  .action(async (options: { name: string; organisation: string; scope: string[] }) => {
    await withDatabase(config(), async (database) => {
      try {
        const client = await createApiClient(database.db, {
          name: options.name,
          organisationCode: options.organisation,
          scopes: options.scope,
        });
        console.log(`Created API client ${client.id}. Its token, shown only now:`);
        console.log(client.token);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
    });
  });

program
  .command('encompass')
  .description('Operation Encompass')
  .command('escalate')
  .description(
    'Escalate every notice not acknowledged by the start of its school day (the background job does this at each deadline)',
  )
  .option(
    '--at <datetime>',
    'escalate as at this moment (ISO 8601 with its offset, not in the future), e.g. to catch up after an outage',
    undefined,
  )
  .option('--dry-run', 'list what would be escalated, and change nothing', false)
  .action(async (options: { at?: string; dryRun?: boolean }) => {
    const moment = escalationMoment(options.at, clock.now());
    if (!moment.ok) throw new CliError(moment.message);
    const now = moment.at;
    await withDatabase(config(), async (database) => {
      if (options.dryRun) {
        const due = await withServices(database, { jobs: false }, (services) =>
          services.encompass.dueForEscalation(now),
        );
        for (const notice of due)
          console.log(
            `${notice.id}\t${notice.settingName}\t${notice.policeReference}\tdue ${notice.dueAt.toISOString()}`,
          );
        console.log(
          `Would escalate ${due.length} notice${due.length === 1 ? '' : 's'} as at ${now.toISOString()} (dry run: nothing changed)`,
        );
        return;
      }
      const count = await withServices(database, { jobs: true }, (services) =>
        services.encompass.escalateOverdue(now),
      );
      console.log(`Escalated ${count} notice${count === 1 ? '' : 's'}`);
    });
  });

program
  .command('deadline')
  .description(
    'Print a statutory due date: the last line is the date (YYYY-MM-DD), or for encompass the moment (ISO 8601)',
  )
  .addOption(
    new Option('--kind <kind>', 'what is due')
      .choices([...DEADLINE_KINDS, 'encompass'])
      .makeOptionMandatory(),
  )
  .requiredOption(
    '--from <date>',
    'the start: a date (YYYY-MM-DD), or for encompass the moment of the incident (ISO 8601)',
  )
  .option('--setting <urn>', 'for encompass: the URN of the child’s setting')
  .action(async (options: { kind: string; from: string; setting?: string }) => {
    await withDatabase(config(), async (database) => {
      const calendar = await loadWorkingDayCalendar(database.db);
      if (options.kind !== 'encompass') {
        try {
          console.log(dueDate(calendar, options.kind as DeadlineKind, options.from));
        } catch (error) {
          throw new CliError((error as Error).message);
        }
        return;
      }
      if (!options.setting) throw new CliError('--setting URN is needed for --kind encompass');
      const moment = new Date(options.from);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(options.from) || Number.isNaN(moment.getTime())) {
        throw new CliError(
          '--from must be a date and time for encompass, like 2026-12-18T22:30:00Z or 2026-12-18T22:30+00:00',
        );
      }
      const settingCalendar = await settingCalendarByUrn(database.db, options.setting);
      if (!settingCalendar) throw new CliError(`There is no setting with URN ${options.setting}`);
      try {
        console.log(formatLondon(nextSchoolDayStart(settingCalendar, calendar, moment)));
      } catch (error) {
        throw new CliError((error as Error).message);
      }
    });
  });

/** One bar per stage of a linkage run, on stderr so that stdout stays the summary. */
function linkageProgress(): { onProgress: Progress; stop(): void } {
  const labels = {
    prepare: 'Preparing records',
    block: 'Blocking',
    train: 'Estimating the model',
    score: 'Scoring pairs',
    cluster: 'Clustering',
  } as const;
  let stage: keyof typeof labels | null = null;
  let bar: ReturnType<typeof progressBar> | null = null;
  return {
    onProgress(next, done, total) {
      if (next !== stage) {
        bar?.stop();
        stage = next;
        bar = progressBar(labels[next].padEnd(21));
      }
      bar!.update(done, total);
    },
    stop: () => bar?.stop(),
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];
const probability = (value: string) => {
  const p = Number(value);
  if (!(p > 0 && p < 1)) throw new CliError(`${value} is not a probability between 0 and 1`);
  return p;
};

function linkageOptions(options: {
  map: string[];
  truth?: string;
  out?: string;
  linkThreshold: number;
  reviewThreshold: number;
}): LinkageCommandOptions & { stop(): void } {
  const progress = linkageProgress();
  return {
    ...options,
    onProgress: progress.onProgress,
    stop: progress.stop,
    print: (line) => console.log(line),
  };
}

async function linkageCommand(work: () => unknown, stop: () => void) {
  try {
    work();
  } catch (error) {
    if (error instanceof LinkageCommandError) throw new CliError(error.message);
    throw error;
  } finally {
    stop();
  }
}

const linkageHelp = `
Columns with the standard names are used as they are: given_name, family_name, sex,
date_of_birth (YYYY-MM-DD or YYYYMMDD), postcode, address, nhs_number. Map others with
--map THEIR_COLUMN=standard_name (several columns mapped to address are joined in order).
--truth COLUMN names a column whose equal values mark the same person: it is never used for
matching, and the last line printed is "precision=P recall=R f1=F" for the linked pairs.`;

/** The options dedupe and link share: column mapping, the truth, the output and the thresholds. */
function withLinkageOptions(command: Command, files: { map: string; truth: string }): Command {
  return command
    .option(
      '--map <THEIR_COLUMN=standard_name>',
      `use a column under a standard name${files.map} (repeatable)`,
      collect,
      [],
    )
    .option(
      '--truth <column>',
      `a column${files.truth} whose equal values mark the same person, to measure accuracy`,
    )
    .option(
      '--out <file>',
      'write the pairs (each with every field’s level and weight) to this file; without it none are written',
    )
    .option(
      '--link-threshold <probability>',
      'link at or above this probability',
      probability,
      DEFAULT_THRESHOLDS.link,
    )
    .option(
      '--review-threshold <probability>',
      'write pairs at or above this probability for review',
      probability,
      DEFAULT_THRESHOLDS.review,
    )
    .addHelpText('after', linkageHelp);
}

withLinkageOptions(
  program
    .command('dedupe')
    .description('Find likely duplicates within one CSV file of people, with weights and explanations')
    .argument('<file>', 'a CSV file with a header row (UTF-8)'),
  { map: '', truth: '' },
).action(async (file: string, options) => {
  const o = linkageOptions(options);
  await linkageCommand(() => runDedupeCommand(file, o), o.stop);
});

withLinkageOptions(
  program
    .command('link')
    .description('Find likely matches between two CSV files of people, with weights and explanations')
    .requiredOption('--left <file>', 'the first CSV file (e.g. ours)')
    .requiredOption('--right <file>', 'the second CSV file (e.g. another agency’s extract)')
    .option(
      '--one-to-one',
      'each file holds each person at most once: a record links to at most one of the other file',
    ),
  { map: ', in both files', truth: ' in both files' },
).action(async (options) => {
  const o = linkageOptions(options);
  await linkageCommand(() => runLinkCommand(options.left, options.right, o), o.stop);
});

// Each module's own commands (imports, KPIs, …), from its manifest.
const groups = new Map<string, Command>();
for (const module of MODULES as readonly Module<string, never, object>[]) {
  module.commands?.({
    program,
    group(name, description) {
      let group = groups.get(name) ?? program.commands.find((c) => c.name() === name);
      if (!group) group = program.command(name).description(description);
      groups.set(name, group);
      return group;
    },
    withServices: (work, options) =>
      withDatabase(config(), (database) =>
        withServices(
          database,
          { jobs: options?.jobs ?? false },
          work as (services: Services) => Promise<never>,
        ),
      ),
    progress: progressBar,
    fail(message): never {
      throw new CliError(message);
    },
  });
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
