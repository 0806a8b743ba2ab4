/**
 * The journey's commands as an operator runs them (on PGlite in a directory of its own): a refused
 * workbook exits 2 and changes nothing; a good one goes in; `kpi --format json` prints the figures.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-journey-cli-'));
const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
delete env.DATABASE_URL;
delete env.BASE_URL;

async function safeguarding(...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli.ts', ...args], {
      env,
      cwd: process.cwd(),
      timeout: 120_000,
      maxBuffer: 32 * 2 ** 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('safeguarding import and kpi', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a bad list with exit code 2, imports a good one, and prints the KPIs as JSON', {
    timeout: 300_000,
  }, async () => {
    const bad = path.join(dataDir, 'List_3.csv');
    fs.writeFileSync(
      bad,
      'Child Unique ID,Gender,Date of Birth,Date of Referal,Referral Source,Referral NFA?\n1,Male,40000,44000,6,No\n',
    );
    const refused = await safeguarding('import', 'annex-a', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('has no column "Date of Referral"');

    const good = path.join(dataDir, 'list-3-good.csv');
    fs.writeFileSync(
      good,
      'Child Unique ID,Gender,Date of Birth,Date of Referral,Referral Source,Referral NFA?\nK1,Male,2015-01-01,2026-05-05,6,Yes\nK2,Female,2016-02-02,2026-05-06,2A,No\nK3,Female,2016-02-02,not a date,2A,No\n',
    );
    const imported = await safeguarding('import', 'annex-a', good);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('list-3-good.csv, row 4: Date of Referral: "not a date" is not a date');
    expect(imported.stdout).toContain('3 rows read, 2 imported, 1 not readable');

    const kpis = await safeguarding('kpi', '--from', '2026-05-01', '--to', '2026-05-31', '--format', 'json');
    expect(kpis.code).toBe(0);
    const figures = JSON.parse(kpis.stdout) as {
      id: string;
      numerator: number;
      denominator: number | null;
      value: number | null;
      by?: string;
      group?: string;
    }[];
    const overall = (id: string) => figures.find((f) => f.id === id && f.by === undefined);
    expect(overall('referrals')).toEqual({ id: 'referrals', numerator: 2, denominator: null, value: 2 });
    expect(overall('referrals_nfa')).toEqual({
      id: 'referrals_nfa',
      numerator: 1,
      denominator: 2,
      value: 0.5,
    });
    expect(overall('referral_rate_from_contacts')).toEqual({
      id: 'referral_rate_from_contacts',
      numerator: 2,
      denominator: 0,
      value: null,
    });
    expect(
      figures.find((f) => f.id === 'referrals' && f.by === 'source_agency' && f.group === 'police'),
    ).toMatchObject({ numerator: 1 });

    const badDate = await safeguarding('kpi', '--from', '2026-05-01', '--to', '31/05/2026');
    expect(badDate.code).toBe(2);
  });
});
