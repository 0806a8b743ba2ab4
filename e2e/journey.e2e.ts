/**
 * The journey's KPIs in the browser: the analyst reads the dashboard (a chart and a table for every
 * KPI, the previous period beside it) and opens the records behind a figure; an executive sees the
 * figures but no records; the QA lead writes a note kept with the period; the admin is stopped by a
 * comparator that is not a number. axe checks every page on the way.
 */
import { describe, expect, it } from 'vitest';
import { BasePage } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';

const hub = useHub();

const today = new Date().toISOString().slice(0, 10);
const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
const DASHBOARD = `/journey/kpis?from=${yearAgo}&to=${today}`;

class KpiPage extends BasePage {
  open(path = DASHBOARD) {
    return this.goto(path, 'the KPI dashboard');
  }
  section(id: string) {
    return this.page.locator(`section[aria-labelledby="${id}"]`);
  }
  openRecords(id: string) {
    return this.navigate(
      () =>
        this.section(id)
          .getByRole('link', { name: /See the records behind this figure/ })
          .click(),
      `the records behind ${id}`,
    );
  }
  press(button: string, label: string) {
    return this.navigate(() => this.page.getByRole('button', { name: button }).click(), label);
  }
  saveNote(id: string, strengths: string) {
    const section = this.section(id);
    return this.navigate(async () => {
      await section.locator('summary').filter({ hasText: 'Write the strengths' }).click();
      await section.getByLabel('Strengths').fill(strengths);
      await section.getByRole('button', { name: 'Save the note' }).click();
    }, 'saving a note');
  }
}

describe('the journey KPIs', () => {
  it('shows the analyst every KPI with a chart and a table, and the records behind a figure', async () => {
    const { session } = await signInAs(hub, 'analyst');
    const kpis = new KpiPage(session);
    expect((await kpis.open()).status).toBe(200);
    expect(await kpis.headingText()).toBe('The child’s journey: KPIs');
    const plans = kpis.section('cp_plans_at_end');
    await expect(plans.locator('svg[role="img"]').count()).resolves.toBe(1);
    const table = plans.locator('table').first();
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect((await table.textContent()) ?? '').toContain('Previous period');
    // The demo seeds about 600 children on a plan: the figure is a real count.
    const count = Number(
      ((await table.locator('tbody tr').first().locator('td').first().textContent()) ?? '').replace(/,/g, ''),
    );
    expect(count).toBeGreaterThan(100);
    expect(await kpis.section('cp_rate_per_10k').textContent()).toMatch(/1 in \d+ children/);

    const records = await kpis.openRecords('cp_plans_at_end');
    expect(records.status).toBe(200);
    expect(await kpis.headingText()).toContain('the records');
    // The page counts the children behind the figure, each once: the same number as the dashboard.
    expect(await kpis.main.textContent()).toContain(`${count} counted in the numerator`);
    expect(await kpis.main.locator('tbody tr').count()).toBeGreaterThanOrEqual(Math.min(count, 1000));
  });

  it('shows an executive the figures but not the records', async () => {
    const { session } = await signInAs(hub, 'executive');
    const kpis = new KpiPage(session);
    expect((await kpis.open()).status).toBe(200);
    expect(await kpis.main.getByRole('link', { name: /See the records/ }).count()).toBe(0);
    const refused = await kpis.goto(`/journey/kpis/cp_plans_at_end/records?from=${yearAgo}&to=${today}`);
    expect([403, 404]).toContain(refused.status);
  });

  it('keeps the QA lead’s note with the KPI and the period', async () => {
    const { session } = await signInAs(hub, 'qa_lead');
    const kpis = new KpiPage(session);
    await kpis.open();
    const saved = await kpis.saveNote('assessments_within_45wd', 'Most assessments are authorised on time');
    expect(saved.status).toBe(200);
    expect(await kpis.section('assessments_within_45wd').textContent()).toContain(
      'Most assessments are authorised on time',
    );
  });

  it('stops the admin at a comparator that is not a number, on the field', async () => {
    const { session } = await signInAs(hub, 'partnership_admin');
    const page = new KpiPage(session);
    expect((await page.goto('/journey/comparators')).status).toBe(200);
    await page.page.locator('#cp_rate_per_10k__england').fill('about forty');
    const refused = await page.press('Save the comparators', 'comparators with a bad value');
    expect(refused.status).toBe(400);
    expect(await page.errorSummaryLinks()).toEqual([
      {
        text: 'England for Children on a plan per 10,000 children must be a number, 0 or more',
        href: '#cp_rate_per_10k__england',
      },
    ]);
  });

  it('lets data quality import a return: the progress, the refused rows by row number, nothing kept of a refused file', async () => {
    const { session } = await signInAs(hub, 'data_quality');
    const page = new KpiPage(session);
    expect((await page.goto('/journey/imports')).status).toBe(200);
    // Nothing chosen: the errors are on the fields.
    const empty = await page.press('Upload and import', 'an import without a file');
    expect(empty.status).toBe(400);
    expect((await page.errorSummaryLinks()).map((l) => l.text)).toEqual([
      'Select what the file is',
      'Select a file',
    ]);

    const upload = async (name: string, content: string) => {
      await page.page.getByLabel('Ofsted Annex A return').check();
      await page.page
        .locator('#file')
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
      let landing = await page.press('Upload and import', `uploading ${name}`);
      // The import runs in the background; its page says how far it has got until it is done.
      for (let k = 0; k < 20 && (await page.page.getByText('See how far it has got').count()) > 0; k++) {
        await page.page.waitForTimeout(250);
        landing = await page.followLink('See how far it has got');
      }
      return landing;
    };
    const done = await upload(
      'List_3.csv',
      [
        'Child Unique ID,Gender,Date of Birth,Date of Referral,Referral Source,Referral NFA?',
        'E2E-1,b) Female,2014-06-01,2025-03-10,2A,No',
        'E2E-2,a) Male,2013-02-11,someday,6,Yes',
      ].join('\n'),
    );
    expect(done.status).toBe(200);
    expect(await page.page.getByText('The import is finished').count()).toBe(1);
    expect(await page.summaryValue('Rows read')).toBe('2');
    expect(await page.summaryValue('Rows imported')).toBe('1');
    expect(await page.tableRows()).toEqual([
      [
        'annex-a.csv',
        '3',
        'Date of Referral: "someday" is not a date (expected a date, DD/MM/YYYY or YYYY-MM-DD)',
      ],
    ]);

    await page.goto('/journey/imports');
    await upload(
      'List_6.csv',
      'Child Unique ID,Gender,Date of Birth,CIN Start Date\nE2E-3,Male,2013-02-11,2025-01-01\n',
    );
    expect(await page.page.getByText('The file was not imported').count()).toBe(1);
    expect(await page.page.getByText('Nothing from this file was kept').count()).toBe(1);
  });
});
