import { BasePage, type Landing } from './base-page.ts';

export interface IncidentNoticeRow {
  child: string;
  sentTo: string;
  why: string;
  status: string;
  due: string;
  timeline: string;
  /** From the row's "Withdraw" link, which the recording force sees. */
  noticeId: string | null;
}

/** GET /encompass/incidents/:id: the incident and how each child's notice stands. */
export class IncidentPage extends BasePage {
  open(id: string): Promise<Landing> {
    return this.goto(`/encompass/incidents/${id}`, `incident ${id}`);
  }

  /** The incident's id, from the address of the page shown. */
  get id(): string {
    const match = /\/encompass\/incidents\/([0-9a-f-]{36})/.exec(this.path);
    if (!match) throw new Error(`Not an incident's page: ${this.path}`);
    return match[1]!;
  }

  async notices(): Promise<IncidentNoticeRow[]> {
    return this.main.locator('table.govuk-table tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = Array.from(row.querySelectorAll('th, td'), (c) =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        );
        const withdraw = row.querySelector('a[href$="/withdraw"]')?.getAttribute('href') ?? '';
        return {
          child: cells[0] ?? '',
          sentTo: cells[1] ?? '',
          why: cells[2] ?? '',
          status: cells[3] ?? '',
          due: cells[4] ?? '',
          timeline: cells[5] ?? '',
          noticeId: /\/encompass\/notices\/([0-9a-f-]{36})\/withdraw$/.exec(withdraw)?.[1] ?? null,
        };
      }),
    );
  }
}
