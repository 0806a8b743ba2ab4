/**
 * The yearly report through the app (fastify.inject), on PGlite or PostgreSQL (TEST_DATABASE_URL):
 * a period that ends before it starts is refused with nothing saved; a draft is built from every
 * module's section, its figures equal a hand count, its narrative's references resolve; checks
 * block publication until put right or waived; the three partners sign off; publication freezes a
 * version with its checksum, public without signing in, each figure with how it was counted.
 */
import { PDFDocument } from 'pdf-lib';
import { fillerChildren } from '../../synthetic/filler-children.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { chromiumInstalled, pdfOutlineTitles, printPdf, printableHtml } from './pdf.ts';
import { lastReportingYear } from './service.ts';

describe('yearly report', () => {
  let t: TestApp;
  let admin: TestClient;
  const executives: TestClient[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    await seedSmallPartnership(t.db);
    const a = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(a.email, a.password);
    for (let i = 0; i < 3; i++) {
      const e = await createTestUser(t.db, 'executive');
      const c = new TestClient(t.app);
      await c.signIn(e.email, e.password);
      executives.push(c);
    }
  }, 60_000);
  afterAll(async () => t?.close());

  it('defaults to the year to 31 March', () => {
    expect(lastReportingYear('2026-12-07')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(lastReportingYear('2026-03-31')).toEqual({ from: '2024-04-01', to: '2025-03-31' });
    expect(lastReportingYear('2026-04-01')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });

  it('refuses a period that ends before it starts, on the field, saving nothing', async () => {
    await admin.get('/yearly-reports/new');
    const response = await admin.post('/yearly-reports', {
      title: 'Backwards',
      from: '2025-04-01',
      to: '2025-03-31',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('href="#to-day"');
    expect(response.body).toContain('The end of the period must be the same as or after its start');
    expect(await t.db.selectFrom('yearlyReport').selectAll().execute()).toEqual([]);
  });

  it('lets only the business unit build, and executives only sign off', async () => {
    expect((await executives[0]!.get('/yearly-reports/new')).statusCode).toBe(403);
    const anonymous = new TestClient(t.app);
    expect((await anonymous.get('/yearly-reports')).statusCode).not.toBe(200);
  });

  it('builds, checks, is signed off by the three partners, and publishes a frozen public version', async () => {
    await admin.get('/yearly-reports/new');
    const created = await admin.post('/yearly-reports', {
      title: 'Yearly report 2024 to 2025',
      from: '2024-04-01',
      to: '2025-03-31',
    });
    expect(created.statusCode).toBe(303);
    const id = Number(/\/yearly-reports\/(\d+)/.exec(created.headers.location as string)![1]);
    // One child flagged by GET SAFE in the year: a count small enough to identify a child, held
    // back unless waived (the registry's counts of settings no longer are: they count no child).
    const [child] = await t.db.insertInto('child').values(fillerChildren(1)).returning('id').execute();
    await t.db
      .insertInto('exploitationFlag')
      .values({
        childId: child!.id,
        type: 'cce',
        startedOn: '2024-06-01',
        reviewOn: '2024-09-01',
        reason: 'Concern',
      })
      .execute();

    // Every module with a section is there, each figure with its reference.
    const built = await t.services.yearlyReport.build((await t.services.yearlyReport.get(id))!, '2026-01-01');
    expect(built.sections.map((s) => s.module)).toEqual(
      (await t.services.reportSections({ from: '2024-04-01', to: '2025-03-31' })).map((s) => s.module),
    );
    expect(built.sections.length).toBeGreaterThanOrEqual(10);
    // The registry's figures equal a hand count of the settings by phase.
    const settings = await t.db.selectFrom('registrySetting').select('phase').execute();
    const registry = built.sections.find((s) => s.module === 'registry')!;
    for (const f of registry.figures) {
      const phase = /phase "([^"]+)"/.exec(f.source)![1];
      expect(f.value, f.key).toBe(settings.filter((s) => s.phase === phase).length);
    }
    const key = registry.figures[0]!.key;
    const value = registry.figures[0]!.value as number;

    // Narrative with a live reference, a wrong percentage and the reference report's impossible date.
    await admin.get(`/yearly-reports/${id}/edit`);
    const edited = await admin.post(`/yearly-reports/${id}/edit`, {
      title: 'Yearly report 2024 to 2025',
      from: '2024-04-01',
      to: '2025-03-31',
      narrative: `We work with {{figure:${key}}} settings of that phase, ${value} of ${value} (50%). Met on 31/11/2023.`,
    });
    expect(edited.statusCode).toBe(303);
    let page = await admin.get(`/yearly-reports/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`figure:${key}`);
    expect(page.body).toContain(`beside ${key}`);
    expect(page.body).toContain('50% does not agree with');
    expect(page.body).toContain('the date 31/11/2023 does not exist');

    // Publication is refused while checks are open.
    const refused = await admin.post(`/yearly-reports/${id}/publish`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/\d+ checks? must be put right or waived first/);
    expect(await t.db.selectFrom('yearlyReportVersion').selectAll().execute()).toEqual([]);

    // Put the words right; waive what is waivable, with a reason (an empty reason is refused).
    await admin.post(`/yearly-reports/${id}/edit`, {
      title: 'Yearly report 2024 to 2025',
      from: '2024-04-01',
      to: '2025-03-31',
      narrative: `We work with {{figure:${key}}} settings of that phase, ${value} of ${value} (100%). Met on 30/11/2023.`,
    });
    await admin.get(`/yearly-reports/${id}`);
    const before = await t.services.yearlyReport.build((await t.services.yearlyReport.get(id))!);
    const firstWaivable = before.problems.find((p) => p.waiver)!;
    const empty = await admin.post(`/yearly-reports/${id}/waivers`, {
      ...firstWaivable.waiver!,
      reason: '  ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the reason it is waived');
    for (const p of before.problems.filter((p) => p.waiver))
      expect(
        (
          await admin.post(`/yearly-reports/${id}/waivers`, {
            ...p.waiver!,
            reason: 'Reported at county level only',
          })
        ).statusCode,
      ).toBe(303);
    const after = await t.services.yearlyReport.build((await t.services.yearlyReport.get(id))!);
    expect(after.problems.filter((p) => !p.waived).map((p) => p.check)).toEqual(
      before.problems.filter((p) => !p.waiver).map((p) => p.check),
    );
    expect(after.problems.filter((p) => !p.waived).every((p) => p.check === 'no-source')).toBe(true);
    if (after.blocking > 0)
      return expect.fail(
        `unwaivable problems remain: ${JSON.stringify(after.problems.filter((p) => !p.waived))}`,
      );

    // Sign-off: each partner once, each executive for one partner.
    const partners = ['local_authority', 'police', 'health'];
    for (const [i, partner] of partners.entries()) {
      await executives[i]!.get(`/yearly-reports/${id}`);
      expect((await executives[i]!.post(`/yearly-reports/${id}/approve`, { partner })).statusCode).toBe(303);
    }
    expect(
      (await executives[0]!.post(`/yearly-reports/${id}/approve`, { partner: 'police' })).statusCode,
    ).toBe(400);
    expect((await admin.post(`/yearly-reports/${id}/approve`, { partner: 'police' })).statusCode).toBe(403);
    const approvals = await t.db
      .selectFrom('yearlyReportApproval')
      .selectAll()
      .where('reportId', '=', id)
      .execute();
    expect(approvals.map((a) => a.partner).sort()).toEqual([...partners].sort());

    await admin.get(`/yearly-reports/${id}`);
    const published = await admin.post(`/yearly-reports/${id}/publish`, {});
    expect(published.statusCode).toBe(303);
    const versionId = Number(/\/reports\/yearly\/(\d+)/.exec(published.headers.location as string)![1]);
    const version = (await t.services.yearlyReport.version(versionId))!;
    expect(version.checksum).toBe(after.checksum);
    expect(version.version).toBe(1);

    // Public, without signing in; each figure links to how it was counted.
    const anonymous = new TestClient(t.app);
    page = await anonymous.get(`/reports/yearly/${versionId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/reports/yearly/${versionId}/figures/${key}"`);
    expect(page.body).toContain(version.checksum);
    expect(page.body).not.toContain('does not match the data');
    const how = await anonymous.get(`/reports/yearly/${versionId}/figures/${key}`);
    expect(how.statusCode).toBe(200);
    expect(how.body).toContain('How this was counted');
    expect(how.body).toContain('Records counted');
    // The registry figure counts settings: its count, and a link to exactly those records.
    const frozen = version.sections.flatMap((sec) => sec.figures).find((f) => f.key === key)!;
    expect(frozen.recordsHref).toMatch(/^\/registry\/report-records\//);
    expect(how.body).toMatch(new RegExp(`id="records-counted">${frozen.count}<`));
    expect(how.body).toContain(`href="${frozen.recordsHref!.replace(/&/g, '&amp;')}"`);
    expect(how.body).toContain(`Open the ${frozen.count} records behind this figure`);
    const staff = await admin.get(frozen.recordsHref!);
    expect(staff.statusCode).toBe(200);
    expect(Number(/id="records-count">(\d+)</.exec(staff.body)![1])).toBe(frozen.count);
    // A rate that is not a count says what its link shows (the front door's denominator).
    const rate = version.sections
      .flatMap((sec) => sec.figures)
      .find((f) => f.label === 'Decided within 1 working day')!;
    const rateHow = await anonymous.get(`/reports/yearly/${versionId}/figures/${rate.key}`);
    expect(rateHow.body).toContain('Not a count of records');
    expect(rateHow.body).toContain(`Open ${rate.recordsNote!}`);
    // A figure with no list says why.
    const mean = version.sections
      .flatMap((sec) => sec.figures)
      .find((f) => f.label === 'Mean feedback rating (1 to 5)')!;
    const meanHow = await anonymous.get(`/reports/yearly/${versionId}/figures/${mean.key}`);
    expect(mean.recordsHref).toBeUndefined();
    expect(meanHow.body).toContain('Not a count of records: the mean');
    expect((await anonymous.get(`/reports/yearly/${versionId}/figures/nothing.here`)).statusCode).toBe(404);
    expect((await anonymous.get('/reports/yearly')).body).toContain('Yearly report 2024 to 2025');

    // The frozen version still gives its checksum; the public page would say if not.
    const { YearlyReportService } = await import('./service.ts');
    expect(YearlyReportService.intact(version)).toBe(true);
    expect(YearlyReportService.intact({ ...version, narrative: `${version.narrative} altered` })).toBe(false);

    // Editing the narrative clears the sign-off: the partners approved the earlier words.
    await admin.get(`/yearly-reports/${id}/edit`);
    await admin.post(`/yearly-reports/${id}/edit`, {
      title: 'Yearly report 2024 to 2025',
      from: '2024-04-01',
      to: '2025-03-31',
      narrative: 'Changed.',
    });
    expect(
      await t.db.selectFrom('yearlyReportApproval').selectAll().where('reportId', '=', id).execute(),
    ).toEqual([]);

    // The PDF has a page per section at least, and a contents entry for each.
    if (chromiumInstalled()) {
      const html = printableHtml(version, 'http://localhost');
      expect(html.match(/<section class="section" id="section-\d+">/g)).toHaveLength(version.sections.length);
      const pdf = await printPdf(html);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThan(1);
      const outline = await pdfOutlineTitles(pdf);
      expect(outline).toContain('Contents');
      for (const [i, s] of version.sections.entries()) expect(outline).toContain(`${i + 1}. ${s.title}`);
    }
  }, 120_000);
});
