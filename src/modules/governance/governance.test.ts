/**
 * Governance through the app and its services, on PGlite or PostgreSQL (TEST_DATABASE_URL): the
 * budget statement imported by upload and by the command's work (kept row by row, its flags
 * recorded, a bad file refused with nothing saved), the budget page's figures against hand counts,
 * who may see and import, contributions and their change, and the report section.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { type TestApp, TestClient, buildTestApp, createTestUser } from '../../platform/testing/app.ts';
import { governanceModule } from './index.ts';
import { budgetImportCommand } from './cli.ts';

const audit = auditWriterFor(SYSTEM_ACTOR);
const appendixA = readFileSync(new URL('./fixtures/appendix-a.csv', import.meta.url), 'utf8');

describe('governance: the budget', () => {
  let t: TestApp;
  let admin: TestClient;
  let executive: TestClient;
  let dsl: TestClient;

  const counts = async () => ({
    statements: Number(
      (
        await t.db
          .selectFrom('governanceBudgetStatement')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    rows: Number(
      (
        await t.db
          .selectFrom('governanceBudgetRow')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    const clientFor = async (role: 'partnership_admin' | 'executive' | 'dsl') => {
      const user = await createTestUser(t.db, role);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      return client;
    };
    admin = await clientFor('partnership_admin');
    executive = await clientFor('executive');
    dsl = await clientFor('dsl');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a file without the expected columns, with the error on the field and nothing saved', async () => {
    await admin.get('/governance/budget/import');
    const response = await admin.postMultipart(
      '/governance/budget/import',
      { year: '2023-24' },
      { name: 'file', filename: 'wrong.csv', content: 'Name,Amount\nSalaries,100\n' },
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('no header row with the funds as columns and a Total column');
    expect(await counts()).toEqual({ statements: 0, rows: 0 });

    const badYear = await admin.postMultipart(
      '/governance/budget/import',
      { year: '2023-25' },
      { name: 'file', filename: 'a.csv', content: appendixA },
    );
    expect(badYear.statusCode).toBe(400);
    expect(badYear.body).toContain('Enter the financial year like 2023-24');
    expect(await counts()).toEqual({ statements: 0, rows: 0 });
  });

  it('imports Appendix A by upload, keeps its rows and shows the Training Delivery flags', async () => {
    await admin.get('/governance/budget/import');
    const response = await admin.postMultipart(
      '/governance/budget/import',
      { year: '2023-24' },
      { name: 'file', filename: 'appendix-a.csv', content: appendixA },
    );
    expect(response.statusCode).toBe(303);
    // 18 rows under the header: 11 lines, 2 totals, net, holding account, 2 headings, 1 footnote.
    expect(await counts()).toEqual({ statements: 1, rows: 18 });
    const flags = await t.db
      .selectFrom('governanceBudgetDisagreement')
      .select(['fund', 'rowLabel', 'statedPence', 'computedPence'])
      .orderBy('id')
      .execute();
    expect(flags).toContainEqual({
      fund: 'Training Delivery',
      rowLabel: 'Total Expenditure',
      statedPence: 0,
      computedPence: 6_000,
    });
    expect(flags).toHaveLength(4);

    const page = await executive.get('/governance/budget?year=2023-24');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('4 stated totals in the statement do not add up');
    // Expenditure added up from the lines: 208,411 + 60 = 208,471; income 236,780; net 28,309.
    expect(page.body).toContain('208,471');
    expect(page.body).toContain('236,780');
    expect(page.body).toContain('28,309');
    // No brought-forward row: the balances are the holding account as stated.
    expect(page.body).toContain('145,879');
    expect(page.body).toContain('One off grant provided by the Department for Education');
    // The executive sees but cannot import.
    expect(page.body).not.toContain('/governance/budget/import');
    expect((await executive.get('/governance/budget/import')).statusCode).toBe(403);
  });

  it('shows the budget to the business unit and the executive only', async () => {
    expect((await dsl.get('/governance/budget')).statusCode).toBe(403);
    expect((await admin.get('/governance/budget')).body).toContain('/governance/budget/import');
  });

  it('imports by the command’s work: JSON of each disagreement, and a clear refusal for a bad file', async () => {
    const file = path.join(os.tmpdir(), `appendix-a-${process.pid}.csv`);
    writeFileSync(file, appendixA);
    const json = await budgetImportCommand(t.services.budget, audit, file, {
      year: '2023-24',
      format: 'json',
    });
    expect('output' in json).toBe(true);
    const list = JSON.parse((json as { output: string }).output) as unknown[];
    expect(list).toContainEqual({
      fund: 'Training Delivery',
      row: 'Total Expenditure',
      stated: 0,
      computed: 60,
    });
    expect(list).toContainEqual({
      fund: 'Training Delivery',
      row: 'Net Position for 2023/2024',
      stated: 0,
      computed: -60,
    });

    const text = await budgetImportCommand(t.services.budget, audit, file, { year: '2023-24' });
    const lines = (text as { output: string }).output.split('\n');
    expect(lines[0]).toBe('Kept 11 lines across 4 funds; 4 stated totals disagree');
    expect(lines).toContain('Training Delivery, Total Expenditure: stated 0, re-added 60');

    const before = await counts();
    const bad = path.join(os.tmpdir(), `bad-${process.pid}.csv`);
    writeFileSync(bad, 'Fund,Amount\nSalaries,10\n');
    const refused = await budgetImportCommand(t.services.budget, audit, bad, { year: '2023-24' });
    expect(refused).toEqual({ error: expect.stringContaining('nothing was saved') });
    expect(await counts()).toEqual(before);
  });

  it('lists contributions with their change from the year before, and the report section', async () => {
    await t.services.budget.setContribution(audit, {
      year: '2023-24',
      source: 'West Mercia Police',
      kind: 'partner',
      amountPence: 2_000_000,
      note: null,
    });
    await t.services.budget.setContribution(audit, {
      year: '2024-25',
      source: 'West Mercia Police',
      kind: 'partner',
      amountPence: 2_040_000,
      note: null,
    });
    const change = await t.services.budget.contributions('2024-25');
    expect(change).toHaveLength(1);
    expect(change[0]).toMatchObject({ previousPence: 2_000_000, changePercent: 2 });
    const page = await admin.get('/governance/budget?year=2024-25');
    expect(page.body).toContain('+2 %');

    const section = await governanceModule.reportSection!(t.services, {
      from: '2023-04-01',
      to: '2024-03-31',
    });
    const value = (label: string) => section.figures.find((f) => f.label === label)?.value;
    expect(value('Income 2023-24 (£)')).toBe(236_780);
    expect(value('Expenditure 2023-24 (£)')).toBe(208_471);
    expect(value('Net position 2023-24 (£)')).toBe(28_309);
    expect(value('Stated totals in the statement that do not add up')).toBe(4);
    for (const f of section.figures) expect(f.source).not.toBe('');
  });
});
