import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { asciiOnly, buildBundle, currentBundle } from './start.mjs';

const startModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start.mjs');

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// Inside the repository, so that the bundle finds node_modules as the real one does.
const buildDir = path.join(root, '.build', `test-${process.pid}`);

describe('npm start’s bundle', () => {
  afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));

  it('is built from the sources, and runs the CLI with every file finding what sits beside it', async () => {
    const bundle = await buildBundle(buildDir);
    expect(currentBundle(buildDir)).toBe(bundle);
    // One byte a character: V8 keeps the source, twice the size if a single character is wider.
    expect(fs.readFileSync(bundle, 'utf8')).not.toMatch(/[\u0080-\uffff]/);
    const help = await run(process.execPath, [bundle, '--help'], { cwd: root });
    expect(help.stdout).toContain('serve');
    // The migrations are read from migrations/, found from the migration code's own import.meta.url.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-bundle-'));
    try {
      const migrate = await run(process.execPath, [bundle, 'migrate'], {
        cwd: root,
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, NODE_ENV: 'test' },
      });
      expect(migrate.stdout).toMatch(/Applied: 0001_platform/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('writes characters outside ASCII as escapes that mean the same in expressions and comments', () => {
    const source =
      'const dash = /^[-–—]$/; const pound = /[£,\\s]/g; const face = /😀/u; // Fisher–Yates\nexport { dash, pound, face };';
    const escaped = asciiOnly(source);
    expect(escaped).not.toMatch(/[\u0080-\uffff]/);
    const load = (text: string) =>
      new Function(
        `${text.replace('export { dash, pound, face };', '')} return { dash, pound, face };`,
      )() as {
        dash: RegExp;
        pound: RegExp;
        face: RegExp;
      };
    const before = load(source);
    const after = load(escaped);
    for (const text of ['–', '—', '-', '−', 'a']) expect(after.dash.test(text)).toBe(before.dash.test(text));
    expect('£1,200 00'.replace(after.pound, '')).toBe('£1,200 00'.replace(before.pound, ''));
    expect(after.face.test('😀')).toBe(true);
    expect(after.face.test('\ud83d')).toBe(before.face.test('\ud83d'));
  });

  it('names the TypeScript file and line in a stack trace, reading the source map only then', async () => {
    fs.mkdirSync(buildDir, { recursive: true });
    const dir = fs.mkdtempSync(path.join(buildDir, 'trace-'));
    const source = path.join(dir, 'referral.ts');
    fs.writeFileSync(
      source,
      [
        'interface Referral { id: number }',
        'class ThresholdDecision {',
        '  decide(referral: Referral): never {',
        '    throw new Error(`no decision for referral ${referral.id}`);',
        '  }',
        '}',
        'export const decide = () => new ThresholdDecision().decide({ id: 7 });',
      ].join('\n'),
    );
    const { build } = await import('esbuild');
    const bundle = path.join(dir, 'bundle.mjs');
    await build({
      entryPoints: [source],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: bundle,
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
    });
    const script = [
      `import { mapStackTraces } from ${JSON.stringify(pathToFileURL(startModule).href)};`,
      `mapStackTraces(${JSON.stringify(bundle)});`,
      `const { decide } = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
      'try { decide(); } catch (error) { console.log(error.stack); }',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout).toContain('Error: no decision for referral 7');
    expect(stdout).toMatch(
      new RegExp(`at ThresholdDecision\\.decide \\(${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:11\\)`),
    );
    expect(stdout).toContain(`${source}:7:`);
    expect(stdout).not.toContain('bundle.mjs');
  }, 60_000);

  it('is built again once a file it was built from has changed', async () => {
    await buildBundle(buildDir);
    const manifestFile = path.join(buildDir, 'cli.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const [first] = Object.keys(manifest.inputs);
    manifest.inputs[first!] = '0:0';
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(currentBundle(buildDir)).toBeNull();
  }, 60_000);
});
