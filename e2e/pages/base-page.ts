/**
 * What every page of the service has: the layout's heading, error summary, notification banner
 * and Sign out button. Every way of arriving at a page — `goto`, a link, a form — ends in
 * `checkAccessibility`, so no page a test visits escapes axe.
 */
import type { Locator, Page } from 'playwright-core';
import type { PageCheck, Session } from '../support/session.ts';

export interface Landing {
  /** The HTTP status of the page landed on (after any redirects). */
  status: number;
  /** The path and query of the page landed on. */
  path: string;
}

export type UrlMatch = string | RegExp | ((url: URL) => boolean);

export class BasePage {
  constructor(readonly session: Session) {}

  get page(): Page {
    return this.session.page;
  }

  /** The path and query of the page shown now. */
  get path(): string {
    const url = new URL(this.page.url());
    return url.pathname + url.search;
  }

  /** Opens a path of the service, then checks the page it lands on. */
  async goto(path: string, label = `GET ${path}`): Promise<Landing> {
    const response = await this.page.goto(path, { waitUntil: 'load' });
    await this.checkAccessibility(label);
    return { status: response?.status() ?? this.session.documentStatus ?? 0, path: this.path };
  }

  /**
   * Does something that loads a new document (a link, a form submission, a redirect), waits until
   * that document has loaded — at `expectUrl` when given — and checks it.
   */
  protected async navigate(
    action: () => Promise<void>,
    label: string,
    expectUrl?: UrlMatch,
  ): Promise<Landing> {
    const page = this.page;
    const navigated = page.waitForEvent('framenavigated', {
      predicate: (frame) => frame === page.mainFrame(),
    });
    await action();
    await navigated;
    if (expectUrl) await page.waitForURL(expectUrl, { waitUntil: 'load' });
    await page.waitForLoadState('load');
    await this.checkAccessibility(label);
    return { status: this.session.documentStatus ?? 0, path: this.path };
  }

  /** axe-core on the page shown now; every page-object action that lands on a page calls it. */
  checkAccessibility(label: string): Promise<PageCheck> {
    return this.session.checkPage(label);
  }

  /** Follows a link (by its accessible name) inside the main content. */
  followLink(name: string | RegExp, expectUrl?: UrlMatch): Promise<Landing> {
    const link = this.main.getByRole('link', { name, exact: typeof name === 'string' }).first();
    return this.navigate(() => link.click(), `link "${String(name)}"`, expectUrl);
  }

  /**
   * Fills a GOV.UK date input (the group named by its legend) with a date written YYYY-MM-DD, or
   * empties its boxes for ''.
   */
  async fillDate(legend: string | RegExp, date: string): Promise<void> {
    const group = this.main.getByRole('group', { name: legend, exact: typeof legend === 'string' });
    const [year = '', month = '', day = ''] = date ? date.split('-') : [];
    await group.getByLabel('Day').fill(day ? String(Number(day)) : '');
    await group.getByLabel('Month').fill(month ? String(Number(month)) : '');
    await group.getByLabel('Year').fill(year);
  }

  get main(): Locator {
    return this.page.locator('main');
  }

  get heading(): Locator {
    return this.page.locator('h1');
  }

  async headingText(): Promise<string> {
    return ((await this.heading.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  get signOutButton(): Locator {
    return this.page.getByRole('button', { name: 'Sign out' });
  }

  async isSignedIn(): Promise<boolean> {
    return (await this.signOutButton.count()) > 0;
  }

  /** Presses Sign out and lands on the sign-in page. */
  signOut(): Promise<Landing> {
    return this.navigate(() => this.signOutButton.click(), 'after signing out', /\/sign-in$/);
  }

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary');
  }

  async errorSummaryTitle(): Promise<string> {
    return ((await this.errorSummary.locator('.govuk-error-summary__title').textContent()) ?? '').trim();
  }

  /** The error summary's links: the message and the field it points to (`#urn`). */
  async errorSummaryLinks(): Promise<{ text: string; href: string }[]> {
    return this.errorSummary
      .locator('.govuk-error-summary__list a')
      .evaluateAll((links) =>
        links.map((a) => ({ text: (a.textContent ?? '').trim(), href: a.getAttribute('href') ?? '' })),
      );
  }

  /** The message shown beside a field in error. */
  async fieldError(id: string): Promise<string | null> {
    const message = this.page.locator(`#${id}-error`);
    if (!(await message.count())) return null;
    return ((await message.textContent()) ?? '').replace(/^\s*Error:\s*/, '').trim();
  }

  get notificationBanner(): Locator {
    return this.page.locator('.govuk-notification-banner');
  }

  /** The value of a GOV.UK summary list row, by its key. */
  async summaryValue(key: string): Promise<string> {
    const row = this.page
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('.govuk-summary-list__key', { hasText: key }) });
    return ((await row.locator('.govuk-summary-list__value').first().textContent()) ?? '').trim();
  }

  /** A GOV.UK table's body as text cells, one array a row. */
  async tableRows(table: Locator = this.main.locator('table.govuk-table').first()): Promise<string[][]> {
    return table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) =>
          Array.from(row.querySelectorAll('th, td'), (cell) =>
            (cell.textContent ?? '').replace(/\s+/g, ' ').trim(),
          ),
        ),
      );
  }
}
