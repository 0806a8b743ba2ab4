/**
 * Writes src/modules/linkage/default-model.ts: the model estimated, without labels, on
 * 100,000 synthetic children. The product scores candidates with it until the first scan of
 * its own child index has estimated a model from real records.
 *   node --import tsx bench/linkage/default-model.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { dedupe } from '../../src/modules/linkage/index.ts';
import { generatePeople, personRecordOf } from '../../src/synthetic/people.ts';

const people = generatePeople({ records: 100_000, seed: 2026 });
const result = dedupe(people.map(personRecordOf));
const round = (x: number) => Number(x.toPrecision(6));
const model = {
  prior: round(result.model.prior),
  comparisons: result.model.comparisons.map((c) => ({ key: c.key, m: c.m.map(round), u: c.u.map(round) })),
};
const out = path.resolve(import.meta.dirname, '../../src/modules/linkage/default-model.ts');
fs.writeFileSync(
  out,
  `/**
 * Written by bench/linkage/default-model.ts: the model estimated without labels on 100,000
 * synthetic children. Used to score candidates until a scan of the real index replaces it.
 */
import type { LinkageModel } from './model.ts';

export const DEFAULT_MODEL: LinkageModel = ${JSON.stringify(model)};
`,
);
console.log(`Wrote ${out}`);
