import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../platform/testing/shared-data.ts';
import { COMPARISONS } from './comparisons.ts';
import { accuracyOfLinks } from './evaluation.ts';
import { LinkageCommandError, runDedupeCommand, runLinkCommand } from './command.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgh-linkage-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** FEBRL dataset 1 with the truth as a column of equal values, as another agency might send it. */
function febrlWithTruth(): { file: string; rows: Record<string, string>[] } {
  const rows: Record<string, string>[] = parse(
    fs.readFileSync(sharedDataPath('febrl/dataset1.csv'), 'utf8'),
    { columns: true, trim: true },
  );
  const out = rows.map((r) => ({ ...r, person: /^rec-(\d+)-/.exec(r.rec_id!)![1]! }));
  const file = path.join(dir, 'febrl1.csv');
  fs.writeFileSync(file, stringify(out, { header: true }));
  return { file, rows: out };
}

const map = [
  'surname=family_name',
  'street_number=address',
  'address_1=address',
  'suburb=address',
  'soc_sec_id=nhs_number',
];

describe('safeguarding dedupe', () => {
  it('writes pairs with weights and explanations, and ends with precision, recall and F1', () => {
    const { file } = febrlWithTruth();
    const lines: string[] = [];
    const out = path.join(dir, 'pairs.csv');
    runDedupeCommand(file, {
      map,
      truth: 'person',
      out,
      linkThreshold: 0.9,
      reviewThreshold: 0.5,
      print: (l) => lines.push(l),
    });
    const last = lines.at(-1)!;
    expect(last).toMatch(/^precision=\d\.\d{4} recall=\d\.\d{4} f1=\d\.\d{4}$/);
    const f1 = Number(/f1=([\d.]+)/.exec(last)![1]);
    expect(f1).toBeGreaterThan(0.99);
    expect(lines.join('\n')).toContain('Compared');
    const pairs: Record<string, string>[] = parse(fs.readFileSync(out, 'utf8'), { columns: true });
    expect(pairs.length).toBeGreaterThan(450);
    const first = pairs[0]!;
    // The waterfall in the file adds up to the pair's weight (to the 3 decimals written).
    const sum =
      Number(first.prior_weight) + COMPARISONS.reduce((a, c) => a + Number(first[`${c.key}_weight`]), 0);
    expect(Math.abs(sum - Number(first.match_weight))).toBeLessThan(0.01);
    expect(['link', 'review']).toContain(first.decision);
  });

  it('writes no pairs file unless asked with --out, and says so', () => {
    const { file } = febrlWithTruth();
    const lines: string[] = [];
    const before = new Set(fs.readdirSync(process.cwd()));
    runDedupeCommand(file, {
      map,
      truth: 'person',
      linkThreshold: 0.9,
      reviewThreshold: 0.5,
      print: (l) => lines.push(l),
    });
    expect(fs.readdirSync(process.cwd()).filter((f) => !before.has(f))).toEqual([]);
    expect(lines.join('\n')).toContain('The pairs were not written: give --out FILE');
  });

  it('never matches on the truth column', () => {
    const { file } = febrlWithTruth();
    expect(() =>
      runDedupeCommand(file, {
        map: [...map, 'person=nhs_number'],
        truth: 'person',
        out: path.join(dir, 'x.csv'),
        linkThreshold: 0.9,
        reviewThreshold: 0.5,
        print: () => {},
      }),
    ).toThrow(/cannot also be used for matching/);
  });

  it('refuses a bad map option and a missing file with a clear message', () => {
    const options = {
      map: ['nonsense'],
      out: path.join(dir, 'y.csv'),
      linkThreshold: 0.9,
      reviewThreshold: 0.5,
      print: () => {},
    };
    const { file } = febrlWithTruth();
    expect(() => runDedupeCommand(file, options)).toThrow(LinkageCommandError);
    expect(() => runDedupeCommand(path.join(dir, 'absent.csv'), { ...options, map: [] })).toThrow(
      /Cannot read .*ENOENT/,
    );
  });
});

describe('safeguarding link', () => {
  it('links two files and measures the links against the truth in both', () => {
    const { rows } = febrlWithTruth();
    // Originals on the left, duplicates on the right: every right record has one match.
    const left = rows.filter((r) => r.rec_id!.endsWith('-org'));
    const right = rows.filter((r) => !r.rec_id!.endsWith('-org'));
    const leftFile = path.join(dir, 'left.csv');
    const rightFile = path.join(dir, 'right.csv');
    fs.writeFileSync(leftFile, stringify(left, { header: true }));
    fs.writeFileSync(rightFile, stringify(right, { header: true }));
    const lines: string[] = [];
    runLinkCommand(leftFile, rightFile, {
      map,
      truth: 'person',
      out: path.join(dir, 'links.csv'),
      linkThreshold: 0.9,
      reviewThreshold: 0.5,
      print: (l) => lines.push(l),
    });
    expect(Number(/f1=([\d.]+)/.exec(lines.at(-1)!)![1])).toBeGreaterThan(0.99);
  });
});

describe('safeguarding link --one-to-one (FEBRL 4, two files that each hold a person once)', () => {
  const febrl4map = [...map, 'address_2=address'];
  const run = (oneToOne: boolean) => {
    const lines: string[] = [];
    const result = runLinkCommand(
      sharedDataPath('febrl/dataset4a.csv'),
      sharedDataPath('febrl/dataset4b.csv'),
      {
        map: febrl4map,
        out: path.join(dir, `febrl4-${oneToOne}.csv`),
        linkThreshold: 0.9,
        reviewThreshold: 0.5,
        oneToOne,
        print: (l) => lines.push(l),
      },
    );
    const truth = (file: string) =>
      (
        parse(fs.readFileSync(sharedDataPath(file), 'utf8'), { columns: true, trim: true }) as Record<
          string,
          string
        >[]
      ).map((r) => /^rec-(\d+)-/.exec(r.rec_id!)![1]!);
    return { result, left: truth('febrl/dataset4a.csv'), right: truth('febrl/dataset4b.csv'), lines };
  };

  it('links each record at most once, and uncontested pairs held as twins or below the threshold', () => {
    const plain = run(false);
    const one = run(true);
    const links = one.result.pairs.filter((p) => p.decision === 'link');
    expect(new Set(links.map((p) => p.left)).size).toBe(links.length);
    expect(new Set(links.map((p) => p.right)).size).toBe(links.length);
    const plainF1 = accuracyOfLinks(plain.result.pairs, plain.left, plain.right).f1;
    const oneF1 = accuracyOfLinks(one.result.pairs, one.left, one.right).f1;
    expect(plainF1).toBeGreaterThan(0.99);
    expect(oneF1).toBeGreaterThanOrEqual(0.999);
    expect(oneF1).toBeGreaterThan(plainF1);
    expect(one.lines.join('\n')).toContain('one to one');
  });
});
