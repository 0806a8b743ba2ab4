import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../../platform/testing/database.ts';
import { FileRefused, importAnnexA, importCinCensus } from './imports.ts';
import { date, sex, withoutPrefix } from './normalise.ts';

const DATA = '/work/shared/data/csc';
const ANNEX_A = path.join(DATA, 'annex-a', 'Annex_A.xlsx');

async function eventCount(db: TestDatabase['db']) {
  const r = await db
    .selectFrom('journeyEvent')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A copy of the Annex A workbook with a change made to it. */
async function alteredWorkbook(dir: string, name: string, change: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(ANNEX_A);
  change(wb);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('normalising return values', () => {
  it('reads Excel serial numbers and text dates alike', () => {
    expect(date(44090, 'd')).toBe('2020-09-16');
    expect(date('44090', 'd')).toBe('2020-09-16');
    expect(date('15/09/2020', 'd')).toBe('2020-09-15');
    expect(date('2020-09-15', 'd')).toBe('2020-09-15');
    expect(date(new Date(Date.UTC(2020, 8, 15)), 'd')).toBe('2020-09-15');
    expect(date('', 'd')).toBeNull();
    expect(() => date('31/02/2020', 'Date of Referral')).toThrow(
      'Date of Referral: "31/02/2020" is not a real date',
    );
    expect(() => date('soon', 'd')).toThrow('not a date');
  });

  it('drops letter prefixes and reads the child’s sex', () => {
    expect(withoutPrefix('b) Female')).toBe('Female');
    expect(sex('b) Female')).toBe('female');
    expect(sex('Female')).toBe('female');
    expect(sex('a) Male')).toBe('male');
    expect(sex('c) Not stated/recorded')).toBe('unknown');
    expect(sex('2')).toBe('female');
  });
});

describe('importing returns', () => {
  let database: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-imports-'));
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a workbook with a misspelt sheet, naming it, and changes nothing', async () => {
    const file = await alteredWorkbook(dir, 'bad-sheet.xlsx', (wb) => {
      wb.getWorksheet('List 3')!.name = 'List3';
    });
    const refused = importAnnexA(database.db, file);
    await expect(refused).rejects.toBeInstanceOf(FileRefused);
    await expect(importAnnexA(database.db, file)).rejects.toThrow(
      /no sheet "List 3" \(sheets found: .*"List3"/,
    );
    expect(await eventCount(database.db)).toBe(0);
  });

  it('refuses a workbook with a misspelt column, naming the column and the sheet', async () => {
    const file = await alteredWorkbook(dir, 'bad-column.xlsx', (wb) => {
      wb.getWorksheet('List 7')!.getCell('G1').value = 'Child Protection Plan Strat Date';
    });
    await expect(importAnnexA(database.db, file)).rejects.toThrow(
      'Sheet "List 7", header row 1 (List 7, child protection plans) has no column "Child Protection Plan Start Date"',
    );
    expect(await eventCount(database.db)).toBe(0);
  });

  it('keeps nothing of a workbook refused part-way, after earlier lists were written batch by batch', async () => {
    const children = async () =>
      Number(
        (
          await database.db
            .selectFrom('child')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await children();
    const file = await alteredWorkbook(dir, 'bad-late-column.xlsx', (wb) => {
      wb.getWorksheet('List 8')!.getCell('A1').value = 'Child Unique Identifier';
    });
    const written: number[] = [];
    // Batches of 5 rows: lists 1 to 7 go to the database (children added, events written) before
    // List 8's header is read.
    await expect(
      importAnnexA(
        database.db,
        file,
        { reading: () => {}, writing: (done) => written.push(done) },
        { rowsPerBatch: 5 },
      ),
    ).rejects.toThrow(
      'Sheet "List 8", header row 1 (List 8, children looked after) has no column "Child Unique ID"',
    );
    expect(written.length).toBeGreaterThan(1);
    expect(await eventCount(database.db)).toBe(0);
    expect(await children()).toBe(before);
    expect(await database.db.selectFrom('journeyImport').selectAll().execute()).toHaveLength(0);
  });

  it('reads and writes the same in small batches as in one: the same events, row reports and counts', async () => {
    const scratch = await createTestDatabase();
    try {
      const small = await importAnnexA(scratch.db, ANNEX_A, undefined, { rowsPerBatch: 3 });
      const whole = await importAnnexA(database.db, ANNEX_A);
      expect(small).toEqual(whole);
      const events = (db: TestDatabase['db']) =>
        db
          .selectFrom('journeyEvent')
          .select(['kind', 'occurredOn', 'sourceRef', 'episodeRef', 'sourceAgency', 'details'])
          .orderBy('kind')
          .orderBy('sourceRef')
          .execute();
      expect(await events(scratch.db)).toEqual(await events(database.db));
      // Rolled back for the next test: it imports the file itself.
      await database.db.deleteFrom('journeyEvent').execute();
      await database.db.deleteFrom('journeyImport').execute();
    } finally {
      await scratch.close();
    }
  });

  it('imports the readable rows, reports the others row by row, and a second import changes nothing', async () => {
    const first = await importAnnexA(database.db, ANNEX_A);
    expect(first.rowsRead).toBeGreaterThan(40);
    expect(first.eventsInserted).toBeGreaterThan(40);
    // Every refused row is named with its sheet, row and reason.
    for (const p of first.problems) expect(p.where).toMatch(/^Sheet "List \d", row \d+$/);
    expect(first.rowsImported + first.problems.length).toBe(first.rowsRead);
    const events = await eventCount(database.db);
    expect(events).toBe(first.eventsInserted);
    const imports = await database.db.selectFrom('journeyImport').selectAll().execute();
    expect(imports).toHaveLength(1);

    const again = await importAnnexA(database.db, ANNEX_A);
    expect(again).toMatchObject({ eventsInserted: 0, eventsUpdated: 0, childrenAdded: 0 });
    expect(again.eventsUnchanged).toBe(first.eventsInserted);
    expect(await eventCount(database.db)).toBe(events);
    expect(await database.db.selectFrom('journeyImport').selectAll().execute()).toHaveLength(1);
  });

  it('reads one list from a CSV, with bad rows reported and good rows in', async () => {
    const file = path.join(dir, 'List_3.csv');
    fs.writeFileSync(
      file,
      [
        'Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Date of Referral,Referral Source,Referral NFA?,Number of Referrals in Last 12 Months',
        'CSV1,b) Female,a) WBRI,40000,10,15/09/2020,q) 6: Police,a) Yes,0',
        'CSV2,Male,a) WBRI,2012-01-01,10,44090,2A,No,0',
        'CSV3,Male,a) WBRI,2012-01-01,10,someday,2A,No,0',
        ',Male,a) WBRI,2012-01-01,10,44090,2A,No,0',
        'CSV4,Male,a) WBRI,2012-01-01,10,44090,2A,Perhaps,0',
      ].join('\n'),
    );
    const report = await importAnnexA(database.db, file);
    expect(report.rowsRead).toBe(5);
    expect(report.rowsImported).toBe(2);
    expect(report.problems).toEqual([
      {
        where: 'List_3.csv, row 4',
        reason: 'Date of Referral: "someday" is not a date (expected a date, DD/MM/YYYY or YYYY-MM-DD)',
      },
      { where: 'List_3.csv, row 5', reason: 'Child Unique ID is empty' },
      { where: 'List_3.csv, row 6', reason: 'Referral NFA?: "Perhaps" is not yes or no' },
    ]);
    const referrals = await database.db
      .selectFrom('journeyEvent')
      .select(['occurredOn', 'sourceAgency', 'details', 'sourceRef'])
      .where('sourceRef', 'like', 'L3:CSV%')
      .orderBy('sourceRef')
      .execute();
    expect(referrals).toEqual([
      {
        occurredOn: '2020-09-15',
        sourceAgency: 'police',
        details: { nfa: true },
        sourceRef: 'L3:CSV1:2020-09-15',
      },
      {
        occurredOn: '2020-09-16',
        sourceAgency: 'school',
        details: { nfa: false },
        sourceRef: 'L3:CSV2:2020-09-16',
      },
    ]);
  });

  it('refuses a CSV list with a missing column', async () => {
    const file = path.join(dir, 'List_6.csv');
    fs.writeFileSync(file, 'Child Unique ID,Gender,Date of Birth,CIN Start Date\n1,Male,40000,44000\n');
    await expect(importAnnexA(database.db, file)).rejects.toThrow('has no column "CIN Closure Date"');
  });

  it('imports a valid CIN census and refuses one that does not match the schema', async () => {
    const before = await eventCount(database.db);
    await expect(importCinCensus(database.db, path.join(DATA, 'cin', 'CIN_Census_2024.xml'))).rejects.toThrow(
      /does not match the Children in Need census schema[\s\S]*line \d+/,
    );
    expect(await eventCount(database.db)).toBe(before);
    const report = await importCinCensus(database.db, path.join(DATA, 'cin', 'cin-2022.xml'));
    expect(report.problems).toEqual([]);
    // Referral, CIN start and end, assessment start and authorisation, section 47, ICPC, plan start, review, end.
    expect(report.eventsInserted).toBe(10);
    const again = await importCinCensus(database.db, path.join(DATA, 'cin', 'cin-2022.xml'));
    expect(again.eventsInserted + again.eventsUpdated).toBe(0);
  });

  it('finds a child again by the authority’s id, and adds unknown children as imported records', async () => {
    const rows = await database.db
      .selectFrom('child')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const file = path.join(dir, 'List_3-again.csv');
    fs.writeFileSync(
      file,
      'Child Unique ID,Gender,Date of Birth,Date of Referral,Referral Source,Referral NFA?\nCSV1,Female,40000,2021-01-05,6,No\n',
    );
    const report = await importAnnexA(database.db, file);
    expect(report).toMatchObject({ childrenAdded: 0, childrenMatched: 1, eventsInserted: 1 });
    const after = await database.db
      .selectFrom('child')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(rows.n));
  });
});
