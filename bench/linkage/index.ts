/**
 * `npm run bench -- linkage`: accuracy and speed of the record linkage engine.
 *   - FEBRL datasets 1–3 (dedupe): precision, recall and F1 at the product's link threshold
 *     and the best F1 over thresholds, without labels; time beside the Python recordlinkage
 *     toolkit's 3.3 s on dataset 3 (quoted in the issue, measured on this machine) and beside a
 *     same-run baseline: every pair of the dataset compared with no blocking, extrapolated from
 *     dataset 1's measured rate.
 *   - FEBRL dataset 4a against 4b (the link task) through `safeguarding link --one-to-one`,
 *     without labels: F1 and seconds beside the Python toolkit's 0.9999 in 7.0 s (quoted).
 *   - 1,000,000 synthetic children with realistic errors, deduplicated: time, comparisons a
 *     second (beside the all-pairs rate measured in the same run) and peak memory.
 * Each measurement runs in its own process.
 */
import path from 'node:path';
import { run } from '../lib/processes.ts';
import { type Row, fmt, ratio } from '../lib/report.ts';

const root = path.resolve(import.meta.dirname, '../..');

const GOALS = {
  /** The best of the references on dataset 3, without labels (recordlinkage ECM). */
  f1Dataset3: 0.9988,
  /** At least ten times faster than the Python toolkit's 3.3 s on dataset 3. */
  dataset3Seconds: 3.3 / 10,
  /** FEBRL 4 (link task) without labels: the Python toolkit reaches 0.9999 here in 7.0 s. */
  f1Dataset4: 0.999,
  dataset4Seconds: 7.0 / 10,
  scaleSeconds: 60,
  scaleRssMb: 2048,
};

export interface LinkageBenchOptions {
  records: number;
  logFile: string;
  env: (extra: Record<string, string>) => NodeJS.ProcessEnv;
  progress: (line: string) => void;
}

async function worker(options: LinkageBenchOptions, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    `linkage ${args.join(' ')}`,
    process.execPath,
    ['--import', 'tsx', 'bench/linkage/worker.ts', ...args],
    {
      cwd: root,
      env: options.env({}),
      logFile: options.logFile,
      timeoutMs: 600_000,
    },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Record<string, unknown>;
}

const n = (x: unknown) => Number(x);

export async function runLinkageBench(options: LinkageBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  options.progress('linkage: every pair of FEBRL dataset 1 compared (the baseline)…');
  const allPairs = await worker(options, 'all-pairs', 'dataset1');
  const allPairsRate = n(allPairs.perSecond);
  for (const dataset of ['dataset1', 'dataset2', 'dataset3']) {
    options.progress(`linkage: FEBRL ${dataset}…`);
    const r = await worker(options, 'febrl', dataset);
    const records = n(r.records);
    const allPairsSeconds = (records * (records - 1)) / 2 / allPairsRate;
    const goalF1 = dataset === 'dataset3' ? GOALS.f1Dataset3 : null;
    rows.push(
      {
        part: 'linkage',
        measure: `FEBRL ${dataset.slice(-1)} (${fmt(records)} records, ${fmt(n(r.truePairs))} true pairs): precision / recall / F1 at p ≥ 0.9`,
        value: `${n(r.precision).toFixed(4)} / ${n(r.recall).toFixed(4)} / ${n(r.f1).toFixed(4)}`,
        baseline: `Splink 0.9929, recordlinkage 0.9988 (quoted, dataset 3)`,
        ratio: '',
        goal: goalF1 ? `F1 ≥ ${goalF1}` : '',
        status: goalF1 ? (n(r.f1) >= goalF1 ? 'PASS' : 'MISSED') : '',
      },
      {
        part: 'linkage',
        measure: `FEBRL ${dataset.slice(-1)}: best F1 over thresholds (at p = ${n(r.bestAtProbability).toFixed(3)})`,
        value: n(r.bestF1).toFixed(4),
        baseline: 'Splink best 0.9954 (quoted, dataset 3)',
        ratio: '',
        goal: '',
        status: '',
      },
      {
        part: 'linkage',
        measure: `FEBRL ${dataset.slice(-1)}: seconds, read to clusters (${fmt(n(r.comparisons))} comparisons, EM ${n(r.iterations)} rounds)`,
        value: n(r.seconds).toFixed(3),
        baseline:
          dataset === 'dataset3'
            ? `recordlinkage 3.3 s (quoted); all pairs ${allPairsSeconds.toFixed(1)} s (same run)`
            : `all pairs ${allPairsSeconds.toFixed(1)} s (same run)`,
        ratio:
          dataset === 'dataset3'
            ? `${ratio(3.3, n(r.seconds))} faster`
            : `${ratio(allPairsSeconds, n(r.seconds))} faster`,
        goal: dataset === 'dataset3' ? `≤ ${GOALS.dataset3Seconds.toFixed(2)} s (10× faster)` : '',
        status: dataset === 'dataset3' ? (n(r.seconds) <= GOALS.dataset3Seconds ? 'PASS' : 'MISSED') : '',
      },
    );
  }

  options.progress('linkage: FEBRL 4, dataset4a linked to dataset4b through safeguarding link…');
  const f4 = await worker(options, 'febrl4');
  rows.push(
    {
      part: 'linkage',
      measure: `FEBRL 4 link (${fmt(n(f4.records))} records, ${fmt(n(f4.truePairs))} true links), safeguarding link --one-to-one: precision / recall / F1`,
      value: `${n(f4.precision).toFixed(4)} / ${n(f4.recall).toFixed(4)} / ${n(f4.f1).toFixed(4)}`,
      baseline: `recordlinkage 0.9999 (quoted); same run at p ≥ 0.9 without one-to-one ${n(f4.f1WithoutOneToOne).toFixed(4)}`,
      ratio: '',
      goal: `F1 ≥ ${GOALS.f1Dataset4}`,
      status: n(f4.f1) >= GOALS.f1Dataset4 ? 'PASS' : 'MISSED',
    },
    {
      part: 'linkage',
      measure: `FEBRL 4 link: seconds, read both files to the pairs written (${fmt(n(f4.comparisons))} comparisons, EM ${n(f4.iterations)} rounds)`,
      value: n(f4.seconds).toFixed(3),
      baseline: 'recordlinkage 7.0 s (quoted)',
      ratio: `${ratio(7.0, n(f4.seconds))} faster`,
      goal: `≤ ${GOALS.dataset4Seconds.toFixed(2)} s (10× faster)`,
      status: n(f4.seconds) <= GOALS.dataset4Seconds ? 'PASS' : 'MISSED',
    },
  );

  options.progress(`linkage: ${fmt(options.records)} synthetic children, deduplicated…`);
  const s = await worker(options, 'scale', String(options.records));
  rows.push(
    {
      part: 'linkage',
      measure: `${fmt(n(s.records))} children deduplicated: seconds (${fmt(n(s.comparisons))} comparisons)`,
      value: n(s.seconds).toFixed(1),
      baseline: '',
      ratio: '',
      goal: `< ${GOALS.scaleSeconds} s`,
      status: n(s.seconds) < GOALS.scaleSeconds ? 'PASS' : 'MISSED',
    },
    {
      part: 'linkage',
      measure: `${fmt(n(s.records))} children: comparisons a second (training and scoring)`,
      value: fmt(n(s.comparisonsPerSecond)),
      baseline: `${fmt(allPairsRate)} (all pairs of FEBRL 1, same run)`,
      ratio: ratio(n(s.comparisonsPerSecond), allPairsRate),
      goal: '',
      status: '',
    },
    {
      part: 'linkage',
      measure: `${fmt(n(s.records))} children: peak RSS of the process (generating the records included), MB`,
      value: fmt(n(s.peakRssMb)),
      baseline: '',
      ratio: '',
      goal: `< ${fmt(GOALS.scaleRssMb)} MB`,
      status: n(s.peakRssMb) < GOALS.scaleRssMb ? 'PASS' : 'MISSED',
    },
    {
      part: 'linkage',
      measure: `${fmt(n(s.records))} children: precision / recall / F1 at p ≥ 0.9`,
      value: `${n(s.precision).toFixed(4)} / ${n(s.recall).toFixed(4)} / ${n(s.f1).toFixed(4)}`,
      baseline: 'recordlinkage 0.95–0.98 at 50,000 × 50,000 (quoted)',
      ratio: '',
      goal: '',
      status: '',
    },
  );
  return rows;
}
