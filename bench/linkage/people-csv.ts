/**
 * Writes the synthetic children (src/synthetic/people.ts) as a CSV file, for the linkage
 * commands or another tool to read:
 *   node --import tsx bench/linkage/people-csv.ts 1000000 /tmp/people.csv [seed]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { generatePeople, peopleToCsv } from '../../src/synthetic/people.ts';

const records = Number(process.argv[2] ?? 1_000_000);
const file = process.argv[3] ?? '/tmp/people.csv';
const seed = Number(process.argv[4] ?? 1);
const started = performance.now();
const people = generatePeople({ records, seed });
const generated = performance.now();
writeFileSync(file, peopleToCsv(people));
const written = performance.now();
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
console.log(
  `${records} records (seed ${seed}) → ${file}: generated in ${((generated - started) / 1000).toFixed(2)} s, ` +
    `CSV written in ${((written - generated) / 1000).toFixed(2)} s, heap ${heapMb.toFixed(0)} MB`,
);
