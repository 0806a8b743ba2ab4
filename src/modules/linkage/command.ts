/**
 * `safeguarding dedupe` and `safeguarding link`: the engine on CSV files, for the data quality
 * role and for checking the engine against a known truth. Writes every pair worth a look, with
 * its weight and the waterfall that explains it, and prints what it did.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { COMPARISONS } from './comparisons.ts';
import { CsvInputError, type PeopleFromCsv, peopleFromCsv } from './csv-input.ts';
import {
  DEFAULT_THRESHOLDS,
  type LinkageResult,
  type Progress,
  TooManyComparisonsError,
  dedupe,
  link,
} from './engine.ts';
import { accuracyOfLinks } from './evaluation.ts';
import { explainPair } from './model.ts';

export class LinkageCommandError extends Error {}

export interface LinkageCommandOptions {
  map: string[];
  truth?: string | undefined;
  out?: string | undefined;
  linkThreshold: number;
  reviewThreshold: number;
  /** Link only: each file holds each person at most once (see the engine's assignOneToOne). */
  oneToOne?: boolean;
  onProgress?: Progress;
  print: (line: string) => void;
}

/** `THEIR_COLUMN=standard_name` options into a mapping. */
export function parseMap(entries: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    if (at <= 0 || at === entry.length - 1)
      throw new LinkageCommandError(`--map ${entry}: write it as THEIR_COLUMN=standard_name`);
    map[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return map;
}

function read(file: string, options: LinkageCommandOptions): PeopleFromCsv {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new LinkageCommandError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return peopleFromCsv(bytes, { map: parseMap(options.map), truth: options.truth });
  } catch (error) {
    if (error instanceof CsvInputError)
      throw new LinkageCommandError(`${file}: nothing was read.\n${error.message}`);
    throw error;
  }
}

function warn(file: string, input: PeopleFromCsv, print: (line: string) => void) {
  if (!input.warnings.length) return;
  const first = input.warnings[0]!;
  print(
    `${file}: ${input.warnings.length} value(s) look wrong but were read, e.g. row ${first.row}, column “${first.column}”: ${first.message}.`,
  );
}

function pairsCsv(result: LinkageResult, leftRows: number[], rightRows: number[]): string {
  const header = [
    'left_row',
    'right_row',
    'decision',
    'probability',
    'match_weight',
    'cluster',
    'prior_weight',
  ];
  for (const c of COMPARISONS)
    header.push(`${c.key}_left`, `${c.key}_right`, `${c.key}_level`, `${c.key}_weight`);
  const rows: (string | number)[][] = [header];
  for (const pair of result.pairs) {
    const explanation = explainPair(result.scorer, result.sides, pair.left, pair.right);
    const row: (string | number)[] = [
      leftRows[pair.left]!,
      rightRows[pair.right]!,
      pair.decision,
      pair.probability.toFixed(6),
      pair.weight.toFixed(3),
      result.clustering ? leftRows[result.clustering.clusterOf[pair.left]!]! : '',
      explanation.priorWeight.toFixed(3),
    ];
    for (const c of explanation.contributions)
      row.push(c.values[0], c.values[1], c.level ?? 'missing', c.weight.toFixed(3));
    rows.push(row);
  }
  return stringify(rows);
}

function report(result: LinkageResult, options: LinkageCommandOptions, out: string | undefined) {
  const { print } = options;
  print(`Compared ${result.comparisons.total.toLocaleString('en-GB')} pairs found by blocking:`);
  for (const rule of result.comparisons.byRule)
    print(`  ${rule.comparisons.toLocaleString('en-GB').padStart(14)}  ${rule.label}`);
  const model = {
    labelled: 'Model: m counted from labelled pairs; u from random pairs.',
    estimated: `Model: m estimated without labels in ${result.training.iterations} rounds (${result.training.converged ? 'converged' : 'not converged'}); u from random pairs; prior ${result.model.prior.toExponential(3)}.`,
    default: 'Model: the default one (too few records to estimate one from them).',
    given: 'Model: as given.',
  };
  print(model[result.training.source]);
  const linked = result.pairs.filter((p) => p.decision === 'link').length;
  const rule = options.oneToOne
    ? `one to one: each record at most once; probability ≥ ${options.linkThreshold}, or ≥ ${options.reviewThreshold} when no other pair contests either record`
    : `probability ≥ ${options.linkThreshold}`;
  print(
    `Linked ${linked.toLocaleString('en-GB')} pairs (${rule}); ${(result.pairs.length - linked).toLocaleString('en-GB')} more to review (≥ ${options.reviewThreshold}).`,
  );
  if (result.clustering)
    print(`Clusters of two or more records: ${result.clustering.clusters.length.toLocaleString('en-GB')}.`);
  const perSecond = result.comparisons.total / Math.max(result.seconds.score, 1e-9);
  print(
    `Took ${result.seconds.total.toFixed(2)} s (${Math.round(perSecond).toLocaleString('en-GB')} comparisons a second when scoring).`,
  );
  print(
    out
      ? `Wrote the pairs, with each field's level and weight, to ${path.resolve(out)}`
      : 'The pairs were not written: give --out FILE to write them, with each field’s level and weight.',
  );
}

function thresholds(options: LinkageCommandOptions) {
  const t = { link: options.linkThreshold, review: options.reviewThreshold };
  if (!(t.review > 0 && t.review <= t.link && t.link < 1)) {
    throw new LinkageCommandError(
      'Thresholds are probabilities with 0 < --review-threshold ≤ --link-threshold < 1',
    );
  }
  return t;
}

function run(work: () => LinkageResult): LinkageResult {
  try {
    return work();
  } catch (error) {
    if (error instanceof TooManyComparisonsError) throw new LinkageCommandError(error.message);
    throw error;
  }
}

function accuracyLine(result: LinkageResult, leftTruth: string[], rightTruth: string[] | null): string {
  // The pairs the run linked: at or above the link threshold and not held, or as the
  // one-to-one assignment decided.
  const atThreshold = accuracyOfLinks(result.pairs, leftTruth, rightTruth);
  return `precision=${atThreshold.precision.toFixed(4)} recall=${atThreshold.recall.toFixed(4)} f1=${atThreshold.f1.toFixed(4)}`;
}

export function runDedupeCommand(file: string, options: LinkageCommandOptions): LinkageResult {
  const input = read(file, options);
  // The pairs hold people's details: written only where asked (--out), never into the working folder unasked.
  const out = options.out;
  const result = run(() =>
    dedupe(input.records, {
      thresholds: thresholds(options),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }),
  );
  if (out) fs.writeFileSync(out, pairsCsv(result, input.rows, input.rows));
  options.print(`Read ${input.records.length.toLocaleString('en-GB')} records from ${file}.`);
  warn(file, input, options.print);
  report(result, options, out);
  if (input.truth) options.print(accuracyLine(result, input.truth, null));
  return result;
}

export function runLinkCommand(
  leftFile: string,
  rightFile: string,
  options: LinkageCommandOptions,
): LinkageResult {
  const left = read(leftFile, options);
  const right = read(rightFile, options);
  const out = options.out;
  const result = run(() =>
    link(left.records, right.records, {
      thresholds: thresholds(options),
      ...(options.oneToOne ? { oneToOne: true } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }),
  );
  if (out) fs.writeFileSync(out, pairsCsv(result, left.rows, right.rows));
  options.print(
    `Read ${left.records.length.toLocaleString('en-GB')} records from ${leftFile} and ${right.records.length.toLocaleString('en-GB')} from ${rightFile}.`,
  );
  warn(leftFile, left, options.print);
  warn(rightFile, right, options.print);
  report(result, options, out);
  if (left.truth && right.truth) options.print(accuracyLine(result, left.truth, right.truth));
  return result;
}

export { DEFAULT_THRESHOLDS };
