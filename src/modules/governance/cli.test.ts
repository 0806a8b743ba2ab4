/**
 * `safeguarding budget import` run as the command line runs it (a child process on its own PGlite
 * database; skipped where TEST_DATABASE_URL points the command at a shared server): exit code 0 with
 * the disagreements (plain and JSON) for Appendix A; non-zero, a clear message and nothing saved for
 * a file without the expected columns.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-budget-'));
const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
delete env.DATABASE_URL;
delete env.BASE_URL;
const appendixA = path.resolve('src/modules/governance/fixtures/appendix-a.csv');

async function safeguarding(...args: string[]) {
  try {
    const { stdout } = await run('node', ['--import', 'tsx', 'src/cli.ts', ...args], {
      env,
      cwd: process.cwd(),
      timeout: 120_000,
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('safeguarding budget import', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints each disagreement, as JSON with --format json, and refuses a file without the columns', async () => {
    const json = await safeguarding('budget', 'import', appendixA, '--year', '2023-24', '--format', 'json');
    expect(json.code).toBe(0);
    const list = JSON.parse(json.out.slice(json.out.indexOf('['))) as unknown[];
    expect(list).toEqual([
      { fund: 'Training Delivery', row: 'Total Expenditure', stated: 0, computed: 60 },
      { fund: 'Total', row: 'Total Expenditure', stated: 208471, computed: 208411 },
      { fund: 'Training Delivery', row: 'Net Position for 2023/2024', stated: 0, computed: -60 },
      { fund: 'Total', row: 'Net Position for 2023/2024', stated: 28309, computed: 28369 },
    ]);

    const plain = await safeguarding('budget', 'import', appendixA, '--year', '2023-24');
    expect(plain.code).toBe(0);
    expect(plain.out).toContain('Training Delivery, Total Expenditure: stated 0, re-added 60');

    const bad = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(bad, 'Partner,Amount\nPolice,100\n');
    const refused = await safeguarding('budget', 'import', bad, '--year', '2023-24');
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('no header row with the funds as columns and a Total column');
    expect(refused.out).toContain('nothing was saved');
  }, 240_000);
});
