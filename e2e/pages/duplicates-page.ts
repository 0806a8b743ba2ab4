import { BasePage, type Landing } from './base-page.ts';

/** GET /children/duplicates: the data quality officer's queue of likely duplicate children. */
export class DuplicatesPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/children/duplicates', 'likely duplicate children');
  }

  /** The pairs listed: their link text and the probability shown. */
  async pairs(): Promise<{ records: string; probability: string; href: string }[]> {
    return this.main.locator('table.govuk-table tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = Array.from(row.querySelectorAll('td, th'), (c) =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        );
        return {
          records: cells[0] ?? '',
          probability: cells[2] ?? '',
          href: row.querySelector('a')?.getAttribute('href') ?? '',
        };
      }),
    );
  }

  /** Starts a search, then looks again (as a person would) until the search has finished. */
  async searchAgain(): Promise<Landing> {
    let landing = await this.navigate(
      () => this.main.getByRole('button', { name: 'Search the child index for duplicates' }).click(),
      'likely duplicates, while searching',
      /\/children\/duplicates$/,
    );
    for (
      let attempt = 0;
      attempt < 60 && (await this.main.getByText('Searching the child index').count()) > 0;
      attempt++
    ) {
      await this.page.waitForTimeout(500);
      landing = await this.open();
    }
    return landing;
  }
}

/** GET /children/duplicates/:id: a pair side by side, with the waterfall and the decision. */
export class DuplicatePage extends BasePage {
  /** The rows of the "how the match weight adds up" table. */
  waterfallRows(): Promise<string[][]> {
    return this.tableRows(
      this.main.locator('table.govuk-table', {
        has: this.page.locator('caption', { hasText: 'How the match weight adds up' }),
      }),
    );
  }

  merge(keep: 'A' | 'B' | null, label: string): Promise<Landing> {
    return this.navigate(async () => {
      if (keep)
        await this.main.getByRole('radio', { name: new RegExp(`Record ${keep}:`) }).check({ force: true });
      await this.main.getByRole('button', { name: 'Merge these records' }).click();
    }, label);
  }

  notTheSameChild(reason: string, label: string): Promise<Landing> {
    return this.navigate(async () => {
      await this.main.getByLabel('They are not the same child: how do you know?').fill(reason);
      await this.main.getByRole('button', { name: 'Not the same child' }).click();
    }, label);
  }

  unmerge(reason: string, label: string): Promise<Landing> {
    return this.navigate(async () => {
      await this.main.getByLabel('Why were they not one child?').fill(reason);
      await this.main.getByRole('button', { name: 'Unmerge' }).click();
    }, label);
  }
}

/** GET /children/find: search the index; candidates with their probabilities. */
export class FindChildPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/children/find', 'find a child');
  }

  search(
    fields: { givenName: string; familyName: string; dateOfBirth: string; postcode?: string },
    label: string,
  ): Promise<Landing> {
    return this.navigate(async () => {
      await this.main.getByLabel('Given name').fill(fields.givenName);
      await this.main.getByLabel('Family name').fill(fields.familyName);
      await this.fillDate('Date of birth', fields.dateOfBirth);
      await this.main.getByLabel('Postcode (optional)').fill(fields.postcode ?? '');
      await this.main.getByRole('button', { name: 'Search' }).click();
    }, label);
  }

  async candidateTitles(): Promise<string[]> {
    return this.main
      .locator('.govuk-summary-card__title')
      .evaluateAll((titles) => titles.map((t) => (t.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }
}

/** /children/reconcile: upload an extract, match its columns, read the four lists. */
export class ReconcilePage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/children/reconcile', 'reconcile an extract');
  }

  upload(name: string, file: { name: string; content: string }, label: string): Promise<Landing> {
    return this.navigate(async () => {
      await this.main.getByLabel('What is this extract?').fill(name);
      await this.main
        .getByLabel('CSV file')
        .setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.content) });
      await this.main.getByRole('button', { name: 'Upload and continue' }).click();
    }, label);
  }

  reconcile(label: string): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: 'Reconcile' }).click(), label);
  }

  /** The four lists' counts, from the summary at the top. */
  async counts(): Promise<Record<string, string>> {
    return this.main
      .locator('.govuk-summary-list__row')
      .evaluateAll((rows) =>
        Object.fromEntries(
          rows.map((row) => [
            (row.querySelector('.govuk-summary-list__key')?.textContent ?? '').trim(),
            (row.querySelector('.govuk-summary-list__value')?.textContent ?? '').trim(),
          ]),
        ),
      );
  }
}
