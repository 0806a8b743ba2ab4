import { BasePage, type Landing } from './base-page.ts';

export interface AuditRow {
  /** The entry's lane of the hash chain, and its number in that lane: the "Entry" column, "lane·seq". */
  lane: string;
  seq: number;
  when: string;
  /** The actor's email (the page shows "Name (email)"). */
  who: string;
  /** The actor's name, when the page shows one. */
  name: string;
  role: string;
  action: string;
  record: string;
  outcome: string;
  from: string;
}

/** "Alex Admin (alex@example)" → the email and the name; an email alone stays as it is. */
function actor(cell: string): { who: string; name: string } {
  const m = /^(.*) \(([^()]+@[^()]+)\)$/.exec(cell);
  return m ? { who: m[2]!, name: m[1]! } : { who: cell, name: '' };
}

/** GET /audit: the audit log search. */
export class AuditPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/audit', 'audit log');
  }

  /** Fills in "User’s email" and presses Search. */
  searchByUser(email: string): Promise<Landing> {
    return this.navigate(
      async () => {
        await this.page.locator('#user').fill(email);
        await this.main.getByRole('button', { name: 'Search' }).click();
      },
      `audit log for ${email}`,
      /\/audit\?/,
    );
  }

  async entries(): Promise<AuditRow[]> {
    return (await this.tableRows()).map(
      ([entry = '', when = '', who = '', role = '', action = '', record = '', outcome = '', from = '']) => ({
        lane: entry.includes('·') ? entry.slice(0, entry.lastIndexOf('·')) : '',
        seq: Number(entry.slice(entry.lastIndexOf('·') + 1)),
        when,
        ...actor(who),
        role,
        action,
        record,
        outcome,
        from,
      }),
    );
  }
}
