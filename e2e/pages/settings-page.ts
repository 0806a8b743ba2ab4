import { BasePage, type Landing } from './base-page.ts';

export interface SettingFilters {
  phase?: string;
  district?: string;
  encompass?: string;
  q?: string;
  page?: number;
}

/** GET /registry/settings: the filters, the count, the table and the pagination. */
export class SettingsPage extends BasePage {
  open(filters: SettingFilters = {}): Promise<Landing> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters))
      if (value !== undefined && value !== '') query.set(key, String(value));
    const search = query.toString();
    return this.goto(
      `/registry/settings${search ? `?${search}` : ''}`,
      `settings list${search ? ` (${search})` : ''}`,
    );
  }

  /** "726 settings, page 1 of 15." → 726 */
  async count(): Promise<number> {
    const text =
      (await this.main
        .getByText(/^\s*\d+ settings?\b/)
        .first()
        .textContent()) ?? '';
    const match = /(\d+) settings?/.exec(text);
    if (!match) throw new Error(`No settings count on the page: "${text}"`);
    return Number(match[1]);
  }

  /** "page 2 of 15" → { page: 2, pages: 15 }; one page shows no such text. */
  async pageOf(): Promise<{ page: number; pages: number }> {
    const text =
      (await this.main
        .getByText(/^\s*\d+ settings?\b/)
        .first()
        .textContent()) ?? '';
    const match = /page (\d+) of (\d+)/.exec(text);
    return match ? { page: Number(match[1]), pages: Number(match[2]) } : { page: 1, pages: 1 };
  }

  /** The options of a filter's select (`phase`, `district`, `encompass`), without the "All …" one. */
  async filterOptions(id: 'phase' | 'district' | 'encompass'): Promise<{ value: string; label: string }[]> {
    const options = await this.page
      .locator(`select#${id} option`)
      .evaluateAll((els) =>
        els.map((o) => ({ value: (o as HTMLOptionElement).value, label: (o.textContent ?? '').trim() })),
      );
    return options.filter((o) => o.value !== '');
  }

  /** Chooses filters by their visible labels (e.g. phase "Primary") and presses Filter. */
  async filter(choice: {
    phase?: string;
    district?: string;
    encompass?: string;
    q?: string;
  }): Promise<Landing> {
    if (choice.phase !== undefined)
      await this.page.locator('select#phase').selectOption({ label: choice.phase });
    if (choice.district !== undefined)
      await this.page.locator('select#district').selectOption({ label: choice.district });
    if (choice.encompass !== undefined)
      await this.page.locator('select#encompass').selectOption({ label: choice.encompass });
    if (choice.q !== undefined) await this.page.locator('input#q').fill(choice.q);
    const summary = Object.entries(choice)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return this.navigate(
      () => this.main.getByRole('button', { name: 'Filter' }).click(),
      `settings filtered (${summary})`,
      /\/registry\/settings\?/,
    );
  }

  get nextPageLink() {
    return this.page.locator('.govuk-pagination a[rel="next"]');
  }

  get previousPageLink() {
    return this.page.locator('.govuk-pagination a[rel="prev"]');
  }

  nextPage(): Promise<Landing> {
    return this.navigate(() => this.nextPageLink.click(), 'settings list, next page', /[?&]page=\d+/);
  }

  /** The settings in the table, with the id from each name's link. */
  async settings(): Promise<{ id: number; name: string; urn: string; phase: string; district: string }[]> {
    return this.main.locator('table.govuk-table tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = Array.from(row.querySelectorAll('td, th'), (c) => (c.textContent ?? '').trim());
        const href = row.querySelector('a')?.getAttribute('href') ?? '';
        return {
          id: Number(/\/registry\/settings\/(\d+)/.exec(href)?.[1] ?? Number.NaN),
          name: cells[0] ?? '',
          urn: cells[1] ?? '',
          phase: cells[2] ?? '',
          district: cells[3] ?? '',
        };
      }),
    );
  }

  addSetting(): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('link', { name: 'Add a setting' }).click(),
      'add a setting form',
      /\/registry\/settings\/new$/,
    );
  }
}
