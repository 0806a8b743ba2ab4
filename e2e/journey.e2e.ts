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
});
