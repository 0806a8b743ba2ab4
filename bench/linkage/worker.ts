/**
 * One linkage measurement in its own process, so that its time and peak memory are its own:
 *   febrl DATASET          the FEBRL dedupe, accuracy and time
 *   scale RECORDS          synthetic children with realistic errors, deduplicated
 *   all-pairs DATASET      the baseline: every pair of a FEBRL dataset compared, no blocking
 *   febrl4                 the FEBRL link task (4a against 4b) through `safeguarding link`
 * Prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  comparePair,
  COMPARISONS,
  dedupe,
  DEFAULT_THRESHOLDS,
  evaluate,
  preparePeople,
} from '../../src/modules/linkage/index.ts';
import { FEBRL_DIR, loadFebrl, runFebrl, runFebrl4 } from './febrl.ts';
import { generatePeople, personRecordOf } from '../../src/synthetic/people.ts';

/** The process's peak resident memory, from the kernel. */
function peakRssMb(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const [kind, arg] = process.argv.slice(2);
if (kind === 'febrl') {
  console.log(JSON.stringify({ ...runFebrl(arg ?? 'dataset3'), peakRssMb: peakRssMb() }));
} else if (kind === 'febrl4') {
  console.log(JSON.stringify({ ...runFebrl4(), peakRssMb: peakRssMb() }));
} else if (kind === 'all-pairs') {
  const data = loadFebrl(path.join(FEBRL_DIR, `${arg ?? 'dataset1'}.csv`));
  const people = preparePeople(data.records);
  const levels = new Int8Array(COMPARISONS.length);
  const started = performance.now();
  let pairs = 0;
  for (let i = 0; i < people.size; i++) {
    for (let j = i + 1; j < people.size; j++) {
      comparePair(people, i, people, j, levels);
      pairs++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ pairs, seconds, perSecond: pairs / seconds }));
} else if (kind === 'scale') {
  const records = Number(arg ?? 1_000_000);
  const generated = generatePeople({ records, seed: 1 });
  const truth = generated.map((p) => p.person_id);
  const input = generated.map(personRecordOf);
  generated.length = 0;
  const started = performance.now();
  const result = dedupe(input);
  const seconds = (performance.now() - started) / 1000;
  const scored = evaluate(result.pairs, truth, null, DEFAULT_THRESHOLDS.link);
  console.log(
    JSON.stringify({
      records,
      seconds,
      stages: result.seconds,
      comparisons: result.comparisons.total,
      comparisonsPerSecond: result.comparisons.total / (result.seconds.train + result.seconds.score),
      precision: scored.atThreshold.precision,
      recall: scored.atThreshold.recall,
      f1: scored.atThreshold.f1,
      peakRssMb: peakRssMb(),
    }),
  );
} else {
  console.error('usage: worker.ts febrl DATASET | febrl4 | all-pairs DATASET | scale RECORDS');
  process.exit(2);
}
