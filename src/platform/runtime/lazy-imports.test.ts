import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle } from './start.mjs';

/**
 * Libraries that only a few pages or commands use, loaded there with `await import(...)`: at the
 * top of a server file they stay in memory for the life of every process (with exceljs alone,
 * some 400 modules), and the idle server on PostgreSQL must stay under 150 MB (npm run bench -- rss).
 */
const LOADED_WHEN_USED = [
  'exceljs',
  'pdf-lib',
  'qrcode',
  'ics',
  'xmllint-wasm',
  'fast-xml-parser',
  'openid-client',
  'pg-boss',
  'cli-progress',
  'vega',
  'vega-lite',
  'piscina',
];

/** A value import at the top of a file (not `import type`), across lines; group 1 is the module. */
const topImports = (text: string) =>
  [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((match) => match[1]!);

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function serverFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverFiles(file);
    // A worker thread's entry (chart-worker.mjs) loads its library for that thread alone.
    const isWorkerEntry = /-worker\.mjs$/.test(entry.name);
    return /\.(ts|mjs)$/.test(entry.name) &&
      !/\.(test|e2e)\.ts$/.test(entry.name) &&
      !/\.d\.m?ts$/.test(entry.name) &&
      !isWorkerEntry
      ? [file]
      : [];
  });
}

describe('libraries loaded when first used', () => {
  it('are never imported at the top of a server file (types only)', () => {
    const eager: string[] = [];
    for (const file of serverFiles(src)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const name of topImports(text)) {
        if (LOADED_WHEN_USED.some((library) => name === library || name.startsWith(`${library}/`)))
          eager.push(`${path.relative(src, file)} imports ${name}`);
      }
    }
    expect(eager).toEqual([]);
  });

  it('finds an eager import when there is one (the check can fail)', () => {
    const text = "import type ExcelJS from 'exceljs';\nimport {\n  PDFDocument,\n} from 'pdf-lib';\n";
    expect(topImports(text)).toEqual(['pdf-lib']);
  });

  // A relative import of a file that imports one (a worker's entry, say) brings it into npm start's
  // bundle as a static import all the same: vega was loaded at start this way once.
  const buildDir = path.join(src, '..', '.build', `lazy-${process.pid}`);
  afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));

  it('are not imported at the top of npm start’s bundle either', async () => {
    const bundle = fs.readFileSync(await buildBundle(buildDir), 'utf8');
    const eager = topImports(bundle.replace(/"/g, "'")).filter((name) =>
      LOADED_WHEN_USED.some((library) => name === library || name.startsWith(`${library}/`)),
    );
    expect(eager).toEqual([]);
  }, 60_000);
});
