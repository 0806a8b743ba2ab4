import { BasePage, type Landing } from './base-page.ts';

export interface OverdueRow {
  id: string;
  child: string;
  for: string;
  wasDue: string;
  escalation: string;
}

/** GET /encompass/queue: the coordinator's queue and overdue notices. */
export class QueuePage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/encompass/queue', 'queue and overdue notices');
  }

  async overdue(): Promise<OverdueRow[]> {
    const table = this.main.locator('table.govuk-table', {
      has: this.page.locator('caption', { hasText: 'Overdue notices' }),
    });
    return table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = Array.from(row.querySelectorAll('th, td'), (c) =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        );
        const href = row.querySelector('a')?.getAttribute('href') ?? '';
        return {
          id: /\/encompass\/notices\/([0-9a-f-]{36})$/.exec(href)?.[1] ?? '',
          child: cells[0] ?? '',
          for: cells[1] ?? '',
          wasDue: cells[2] ?? '',
          escalation: cells[3] ?? '',
        };
      }),
    );
  }
}
