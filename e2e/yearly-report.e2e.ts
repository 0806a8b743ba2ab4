/**
 * The yearly report end to end, in the browser with axe on every page: the business unit refuses
 * a period that ends before it starts, opens the demo partnership's report (built from every
 * module's demo data), reads its checks and waives what may be waived with a reason; the three
 * partners' executives sign it off; the business unit publishes it; anyone reads the public page,
 * how a figure was counted (and the business unit the records behind it), and the PDF, whose
 * bookmarks hold every section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfOutlineTitles } from '../src/modules/yearly-report/pdf.ts';
import { BasePage, type Landing } from './pages/base-page.ts';
import { DEMO_PASSWORD } from './support/accounts.ts';
import { POSTGRES_URL, type ScratchDatabase, createScratchDatabase } from './support/database.ts';
import { useHub } from './support/hub.ts';
import { signIn, signInAs } from './support/people.ts';

class ReportPage extends BasePage {
  open(path: string, label = `GET ${path}`): Promise<Landing> {
    return this.goto(path, label);
  }
  async fill(fields: Record<string, string>) {
    for (const [label, value] of Object.entries(fields)) {
      // A date is a GOV.UK date input: the group its legend names, with day, month and year boxes.
      const date = this.main.getByRole('group', { name: label, exact: true });
      if (await date.getByLabel('Day').count()) await this.fillDate(label, value);
      else await this.main.getByLabel(label, { exact: true }).fill(value);
    }
  }
  act(action: () => Promise<void>, label: string): Promise<Landing> {
    return this.navigate(action, label);
  }
  press(button: string, label = `after pressing "${button}"`): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('button', { name: button, exact: true }).first().click(),
      label,
    );
  }
}

let database: ScratchDatabase | undefined;
beforeAll(async () => {
  if (POSTGRES_URL) database = await createScratchDatabase(POSTGRES_URL, 'yearly_report');
});
afterAll(async () => {
  await database?.drop();
});

const hub = useHub(() => ({ children: 200, ...(database ? { databaseUrl: database.url } : {}) }));
const state: { reportPath?: string; publicPath?: string } = {};

describe('the yearly report, from the demo data to the public page and its PDF', () => {
  it('the business unit refuses a backwards period, then checks the demo report and waives with reasons', {
    timeout: 10 * 60_000,
  }, async () => {
    const admin = await signInAs(hub, 'partnership_admin');
    const page = new ReportPage(admin.session);
    expect((await page.open('/yearly-reports/new')).status).toBe(200);
    await page.fill({
      Title: 'Backwards',
      'Start of the period': '2025-04-01',
      'End of the period': '2025-03-01',
    });
    expect((await page.press('Build the report', 'a backwards period, refused')).status).toBe(400);
    expect(await page.errorSummaryLinks()).toContainEqual({
      text: 'The end of the period must be the same as or after its start',
      href: '#to-day',
    });

    expect((await page.open('/yearly-reports')).status).toBe(200);
    const link = page.main.getByRole('link', { name: /^Yearly report \d{4} to \d{4}$/ }).first();
    state.reportPath = (await link.getAttribute('href'))!;
    expect((await page.open(state.reportPath)).status).toBe(200);
    const text = (await page.main.textContent()) ?? '';
    expect(text).toContain('Working Together 2023: the ten contents');
    expect(text).toMatch(/Referral|Encompass|Training/);
    // Every waivable problem waived, one at a time, each with its reason.
    for (let i = 0; i < 60; i++) {
      const form = page.main.locator('form[action$="/waivers"]').first();
      if (!(await form.count())) break;
      await form
        .getByRole('textbox')
        .fill('Published at partnership level, after discussion at the executive');
      await page.act(() => form.getByRole('button', { name: 'Waive' }).click(), `waiver ${i + 1}`);
    }
    expect(await page.main.locator('form[action$="/waivers"]').count()).toBe(0);
    const remaining = await page.main.locator('#problems .govuk-tag--red').allTextContents();
    expect(remaining, 'problems that cannot be waived').toEqual([]);
    expect(await page.main.textContent()).toContain('Every check is met or waived.');
  });

  it('each of the three partners signs it off', { timeout: 5 * 60_000 }, async () => {
    const signers = [
      { person: () => signInAs(hub, 'executive'), partner: 'The local authority' },
      {
        person: () => signIn(hub, 'executive.police@demo.safeguarding-hub.example', DEMO_PASSWORD),
        partner: 'The chief officer of police',
      },
      {
        person: () => signIn(hub, 'executive.health@demo.safeguarding-hub.example', DEMO_PASSWORD),
        partner: 'The integrated care board (health)',
      },
    ];
    for (const signer of signers) {
      const page = new ReportPage((await signer.person()).session);
      expect((await page.open(state.reportPath!)).status).toBe(200);
      await page.main.getByLabel(signer.partner, { exact: true }).check();
      expect((await page.press('Sign off')).status).toBe(200);
      expect(await page.main.textContent()).toMatch(
        new RegExp(`${signer.partner.replace(/[()]/g, '\\$&')}\\s*Signed off by`),
      );
    }
  });

  it('the business unit publishes it; anyone reads it, how a figure was counted, and its PDF', {
    timeout: 5 * 60_000,
  }, async () => {
    const admin = await signInAs(hub, 'partnership_admin');
    const page = new ReportPage(admin.session);
    expect((await page.open(state.reportPath!)).status).toBe(200);
    const published = await page.press('Publish this report');
    expect(published.status).toBe(200);
    expect(published.path).toMatch(/^\/reports\/yearly\/\d+$/);
    state.publicPath = published.path;

    const visitor = new ReportPage(await hub.session('the public'));
    expect((await visitor.open('/reports/yearly')).status).toBe(200);
    expect((await visitor.open(state.publicPath)).status).toBe(200);
    const sections = await visitor.main.locator('h2[id^="section-"]').allTextContents();
    expect(sections.length).toBeGreaterThanOrEqual(10);
    expect(await visitor.main.textContent()).toMatch(/SHA-256 checksum of the data: [0-9a-f]{64}/);
    const figure = visitor.main.locator('td a[href*="/figures/"]').first();
    const how = await visitor.act(() => figure.click(), 'how this was counted');
    expect(how.status).toBe(200);
    expect(await visitor.main.textContent()).toContain('Records counted');
    // Staff whose role allows it open the records behind the figure from its page: as many as it counts.
    const counted = (await visitor.main.locator('#records-counted').textContent())?.trim();
    expect((await page.open(how.path)).status).toBe(200);
    const records = await page.act(
      () => page.main.locator('#records-link a').click(),
      'the records behind a figure',
    );
    expect(records.status).toBe(200);
    expect(records.path).toMatch(/\/report-records\//);
    expect((await page.main.locator('#records-count').textContent())?.trim()).toBe(counted);

    const pdf = await visitor.page.request.get(`${state.publicPath}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const outline = await pdfOutlineTitles(await pdf.body());
    for (const [i, title] of sections.entries()) expect(outline).toContain(`${i + 1}. ${title.trim()}`);
  });
});
