import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { demoPartnership } from './modules/registry/demo/index.ts';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-cli-'));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
};
if (!env.DATABASE_URL) delete (env as Record<string, string | undefined>).DATABASE_URL;
// Vitest sets BASE_URL for its own use; the CLI must not take it as the service's address.
delete (env as Record<string, string | undefined>).BASE_URL;

async function safeguarding(...args: string[]) {
  try {
    const { stdout } = await run('node', ['--import', 'tsx', 'src/cli.ts', ...args], {
      env,
      cwd: process.cwd(),
      timeout: 150_000,
    });
    return { code: 0, lines: stdout.trim().split('\n') };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, lines: `${e.stdout}${e.stderr}`.trim().split('\n') };
  }
}

describe('the safeguarding command', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  // Only the working-day kinds: no partnership data is needed for them.
  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    'prints statutory due dates on the last line',
    async () => {
      const rapid = await safeguarding('deadline', '--kind', 'rapid-review', '--from', '2026-12-21');
      expect(rapid.code).toBe(0);
      expect(rapid.lines.at(-1)).toBe('2027-01-14');
      const sin = await safeguarding(
        'deadline',
        '--kind',
        'serious-incident-notification',
        '--from',
        '2026-12-21',
      );
      expect(sin.lines.at(-1)).toBe('2026-12-30');
    },
    300_000,
  );

  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    'explains bad input and exits non-zero',
    async () => {
      const badKind = await safeguarding('deadline', '--kind', 'lunch', '--from', '2026-12-21');
      expect(badKind.code).not.toBe(0);
      expect(badKind.lines.join('\n')).toContain('Allowed choices are threshold-decision');
      const badDate = await safeguarding('deadline', '--kind', 'icpc', '--from', '2026-13-45');
      expect(badDate.code).toBe(2);
      const noSetting = await safeguarding(
        'deadline',
        '--kind',
        'encompass',
        '--from',
        '2026-12-18T22:30:00Z',
        '--setting',
        '999999',
      );
      expect(noSetting.code).toBe(2);
      expect(noSetting.lines.at(-1)).toBe('There is no setting with URN 999999');
    },
    300_000,
  );

  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    'seeds the demo partnership and gives a setting’s next school-day start',
    async () => {
      const seeded = await safeguarding('seed', '--children', '0');
      expect(seeded.code).toBe(0);
      expect(seeded.lines.join('\n')).toContain('partnership.admin@demo.safeguarding-hub.example');
      const school = demoPartnership().settings.find(
        (s) => s.phase === 'primary' && s.closures.every((c) => c.date !== '2027-01-04'),
      )!;
      // Friday night, the last day of the autumn term: the answer is the first morning of spring term.
      const due = await safeguarding(
        'deadline',
        '--kind',
        'encompass',
        '--from',
        '2026-12-18T22:30:00Z',
        '--setting',
        school.urn,
      );
      expect(due.lines.at(-1)).toBe(`2027-01-04T${school.schoolDayStartsAt}:00+00:00`);
      const again = await safeguarding('seed');
      expect(again.code).toBe(2);
      expect(again.lines.at(-1)).toContain('already holds a partnership');
    },
    300_000,
  );

  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    'verifies an empty audit log and has help on every command',
    async () => {
      const verify = await safeguarding('audit', 'verify');
      expect(verify.code).toBe(0);
      expect(verify.lines.at(-1)).toMatch(/^The audit log is intact: \d+ entries verified$/);
      const help = await safeguarding('users', 'create', '--help');
      expect(help.lines.join('\n')).toContain('--setting <urn>');
    },
    300_000,
  );

  // No database: these run on either server.
  it('deduplicates a CSV file, writing the pairs, and ends with precision, recall and F1 against the truth', async () => {
    const file = path.join(dataDir, 'people.csv');
    fs.writeFileSync(
      file,
      [
        'ref,forename,family_name,date_of_birth,postcode',
        'P1,Olivia,Hartley,2015-03-07,WR11 4AB',
        'P1,Olivia,Hartly,20150307,WR11 4AB',
        'P2,Jack,Pemberton,2013-11-21,WR1 2AB',
        'P2,Jack,Pemberton,2013-11-21,',
        'P3,Ruby,Ashdown,2012-05-01,HR1 1AA',
        'P4,Theo,Bexley,2011-07-09,GL1 1AA',
      ].join('\n'),
    );
    const out = path.join(dataDir, 'pairs.csv');
    const run = await safeguarding(
      'dedupe',
      file,
      '--map',
      'forename=given_name',
      '--truth',
      'ref',
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    expect(run.lines.join('\n')).toContain('Read 6 records');
    expect(run.lines.at(-1)).toMatch(/^precision=1\.0000 recall=1\.0000 f1=1\.0000$/);
    const written = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(written[0]).toContain('match_weight');
    expect(written).toHaveLength(3);
    fs.writeFileSync(file, 'given_name,family_name,date_of_birth\nAva,Smith,07/03/2015\n');
    const bad = await safeguarding('dedupe', file);
    expect(bad.code).toBe(2);
    expect(bad.lines.join('\n')).toContain('Row 2, column “date_of_birth”: “07/03/2015” is not a date');
  }, 120_000);
});
