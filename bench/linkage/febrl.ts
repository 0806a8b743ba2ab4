/**
 * The FEBRL deduplication benchmarks (datasets 1, 2 and 3): synthetic Australian person records
 * whose ids carry the truth ('rec-12-org', 'rec-12-dup-0' are one person). The truth is used
 * only to score the result: the model is estimated without labels and the threshold is the
 * product's default, chosen before these figures were taken.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  accuracyOfLinks,
  dedupe,
  DEFAULT_THRESHOLDS,
  evaluate,
  type PersonRecord,
  runLinkCommand,
} from '../../src/modules/linkage/index.ts';

export const FEBRL_DIR = path.resolve(import.meta.dirname, '../../../shared/data/febrl');

export interface FebrlData {
  records: PersonRecord[];
  truth: string[];
}

/** FEBRL's columns onto the standard ones: surname is the family name, soc_sec_id the identifier. */
export function loadFebrl(file: string): FebrlData {
  const rows: Record<string, string>[] = parse(fs.readFileSync(file, 'utf8'), {
    columns: true,
    trim: true,
    skip_empty_lines: true,
  });
  const records: PersonRecord[] = [];
  const truth: string[] = [];
  for (const row of rows) {
    records.push({
      givenName: row.given_name,
      familyName: row.surname,
      dateOfBirth: row.date_of_birth,
      postcode: row.postcode,
      address: [row.street_number, row.address_1, row.address_2, row.suburb].filter(Boolean).join(' '),
      nhsNumber: row.soc_sec_id,
    });
    truth.push(/^rec-(\d+)-/.exec(row.rec_id ?? '')?.[1] ?? '');
  }
  return { records, truth };
}

export interface FebrlFigures {
  dataset: string;
  records: number;
  truePairs: number;
  comparisons: number;
  seconds: number;
  precision: number;
  recall: number;
  f1: number;
  bestF1: number;
  bestAtProbability: number;
  iterations: number;
  stages: Record<string, number>;
}

export function runFebrl(dataset: string): FebrlFigures {
  const data = loadFebrl(path.join(FEBRL_DIR, `${dataset}.csv`));
  const started = performance.now();
  // Pairs down to 1 % are kept so that the best threshold can be found; the decision uses the default.
  const result = dedupe(data.records, { thresholds: { link: DEFAULT_THRESHOLDS.link, review: 0.01 } });
  const seconds = (performance.now() - started) / 1000;
  const scored = evaluate(result.pairs, data.truth, null, DEFAULT_THRESHOLDS.link);
  return {
    dataset,
    records: data.records.length,
    truePairs: scored.truePairs,
    comparisons: result.comparisons.total,
    seconds,
    precision: scored.atThreshold.precision,
    recall: scored.atThreshold.recall,
    f1: scored.atThreshold.f1,
    bestF1: scored.best.accuracy.f1,
    bestAtProbability: scored.best.probability,
    iterations: result.training.iterations,
    stages: result.seconds,
  };
}

export interface Febrl4Figures {
  records: number;
  truePairs: number;
  comparisons: number;
  /** Reading both files to writing the pairs' file, as `safeguarding link` runs it. */
  seconds: number;
  precision: number;
  recall: number;
  f1: number;
  /** The same run's pairs scored at the threshold alone, without the one-to-one assignment. */
  f1WithoutOneToOne: number;
  iterations: number;
}

/**
 * FEBRL 4: the two-file link task, through the same code as `safeguarding link --one-to-one`
 * with FEBRL's columns mapped. No truth column is given to the command: the ids are read here,
 * afterwards, only to score the links it made.
 */
export function runFebrl4(): Febrl4Figures {
  const leftFile = path.join(FEBRL_DIR, 'dataset4a.csv');
  const rightFile = path.join(FEBRL_DIR, 'dataset4b.csv');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'febrl4-'));
  const started = performance.now();
  const result = runLinkCommand(leftFile, rightFile, {
    map: [
      'surname=family_name',
      'street_number=address',
      'address_1=address',
      'address_2=address',
      'suburb=address',
      'soc_sec_id=nhs_number',
    ],
    out: path.join(dir, 'pairs.csv'),
    linkThreshold: DEFAULT_THRESHOLDS.link,
    reviewThreshold: DEFAULT_THRESHOLDS.review,
    oneToOne: true,
    print: () => {},
  });
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  const left = loadFebrl(leftFile).truth;
  const right = loadFebrl(rightFile).truth;
  const scored = accuracyOfLinks(result.pairs, left, right);
  const plain = evaluate(result.pairs, left, right, DEFAULT_THRESHOLDS.link);
  return {
    records: left.length + right.length,
    truePairs: scored.truePositives + scored.falseNegatives,
    comparisons: result.comparisons.total,
    seconds,
    precision: scored.precision,
    recall: scored.recall,
    f1: scored.f1,
    f1WithoutOneToOne: plain.atThreshold.f1,
    iterations: result.training.iterations,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const dataset of process.argv.slice(2).length
    ? process.argv.slice(2)
    : ['dataset1', 'dataset2', 'dataset3']) {
    console.log(JSON.stringify(runFebrl(dataset)));
  }
}
