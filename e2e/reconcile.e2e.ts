/**
 * Reconciliation in the browser, as data quality, on the demo partnership: the child index's
 * reconciliation and GET SAFE's flag-list check each show the children held only here as counts
 * by district, offer the names (within the extract's scope) behind a reason, and refuse an empty
 * reason on its field. axe-core checks every page on the way.
 */
import { describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';

const hub = useHub();

class ReconcilePage extends BasePage {
  press(button: string, label: string, expectUrl?: RegExp): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('button', { name: button }).first().click(),
      label,
      expectUrl,
    );
  }

  async upload(nameField: string, name: string, file: { name: string; content: string }) {
    await this.page.locator(`#${nameField}`).fill(name);
    await this.page.locator('#file').setInputFiles({
      name: file.name,
      mimeType: 'text/csv',
      buffer: Buffer.from(file.content),
    });
  }
}

const EXTRACT = 'Forename,Surname,DOB,Flag type\nNobody,Knownhere,2010-10-10,County lines\n';

describe('reconciliation, as data quality', () => {
  it('counts the children held only here and asks why before giving names', async () => {
    const { session } = await signInAs(hub, 'data_quality');
    const page = new ReconcilePage(session);

    // ---- the child index ----
    expect((await page.goto('/children/reconcile', 'reconcile an extract')).status).toBe(200);
    await page.upload('name', 'Police list', { name: 'header-only.csv', content: 'Forename,Surname\n' });
    const empty = await page.press('Upload and continue', 'reconcile: a file with no rows');
    expect(empty.status).toBe(400);
    expect(await page.errorSummaryLinks()).toEqual([{ text: 'This file has no rows', href: '#file' }]);
    await page.upload('name', 'Police list', { name: 'police-cl.csv', content: EXTRACT });
    const columns = await page.press('Upload and continue', 'reconcile: the columns', /\/columns$/);
    expect(columns.status).toBe(200);
    expect(await page.main.textContent()).toContain('police-cl.csv');
    const result = await page.press(
      'Reconcile',
      'reconcile: the lists',
      /\/children\/reconcile\/[0-9a-f-]{36}$/,
    );
    expect(result.status).toBe(200);
    expect(await page.main.textContent()).toContain('Only in the child index');
    const names = await page.goto(`${result.path}/ours`, 'reconcile: ask for the names');
    expect(names.status).toBe(200);
    const noReason = await page.press('Download the names', 'reconcile: names without a reason');
    expect(noReason.status).toBe(400);
    expect(await page.errorSummaryLinks()).toEqual([
      { text: 'Enter why you need these children’s names', href: '#reason' },
    ]);

    // ---- GET SAFE's flag list ----
    expect((await page.goto('/exploitation/reconcile', 'check a flag list')).status).toBe(200);
    await page.upload('agency', 'Police county lines flags', { name: 'flags.csv', content: EXTRACT });
    expect((await page.press('Upload and continue', 'flag list: the columns', /\/columns$/)).status).toBe(
      200,
    );
    const flags = await page.press('Check the list', 'flag list: checked', /\/exploitation\/reconcile\/\d+$/);
    expect(flags.status).toBe(200);
    expect(await page.main.textContent()).toContain('Flagged here, not there: by district');
    const ask = await page.goto(`${flags.path}/ours`, 'flag list: ask for the names');
    expect(ask.status).toBe(200);
    const refused = await page.press('Download the names', 'flag list: names without a reason');
    expect(refused.status).toBe(400);
  }, 240_000);
});
