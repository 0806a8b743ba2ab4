import { BasePage, type Landing } from './base-page.ts';

export interface NoticeRow {
  id: string;
  child: string;
  dateOfBirth: string;
  for: string;
  due: string;
  status: string;
}

/** GET /encompass/notices: the notices for the signed-in Key Adult or team. */
export class NoticesPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/encompass/notices', 'Operation Encompass notices');
  }

  async notices(): Promise<NoticeRow[]> {
    return this.main.locator('table.govuk-table tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = Array.from(row.querySelectorAll('th, td'), (c) =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        );
        const href = row.querySelector('a')?.getAttribute('href') ?? '';
        return {
          id: /\/encompass\/notices\/([0-9a-f-]{36})$/.exec(href)?.[1] ?? '',
          child: cells[0] ?? '',
          dateOfBirth: cells[1] ?? '',
          for: cells[2] ?? '',
          due: cells[3] ?? '',
          status: cells[4] ?? '',
        };
      }),
    );
  }

  /** Follows the child's link of one notice. */
  openNotice(id: string): Promise<Landing> {
    return this.navigate(
      () => this.main.locator(`a[href="/encompass/notices/${id}"]`).click(),
      `notice ${id}, from the list`,
      new RegExp(`/encompass/notices/${id}$`),
    );
  }
}
