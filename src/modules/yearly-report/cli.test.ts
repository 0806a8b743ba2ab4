/** `safeguarding report pdf`: bad input ends with exit code 2 and a message, nothing written. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-yr-cli-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
delete env.DATABASE_URL;
delete env.BASE_URL;

async function safeguarding(...args: string[]) {
  try {
    const { stdout } = await run('node', ['--import', 'tsx', 'src/cli.ts', ...args], {
      env,
      timeout: 120_000,
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}${e.stderr}` };
  }
}

describe('safeguarding report pdf', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const out = path.join(dataDir, 'report.pdf');

  it('refuses an id that is not a number, and one no published report has', async () => {
    const bad = await safeguarding('report', 'pdf', '--id', 'x', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--id must be a whole number');
    const missing = await safeguarding('report', 'pdf', '--id', '999', '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('No published yearly report has the id 999');
    expect(fs.existsSync(out)).toBe(false);
  }, 180_000);
});
