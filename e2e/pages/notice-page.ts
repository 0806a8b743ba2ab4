import { BasePage, type Landing } from './base-page.ts';

/** GET /encompass/notices/:id: one child's notice, and the form to acknowledge it. */
export class NoticePage extends BasePage {
  open(id: string, label = `notice ${id}`): Promise<Landing> {
    return this.goto(`/encompass/notices/${id}`, label);
  }

  /**
   * Ticks what was done (by label, like "Monitoring"; several for several) and only those, writes
   * the note and presses the button.
   */
  async acknowledge(
    values: { action: string | string[]; note?: string },
    label = 'after acknowledging the notice',
  ) {
    const wanted = ([] as string[]).concat(values.action);
    const group = this.main.getByRole('group', { name: /What did you do\?/ });
    for (const box of await group.getByRole('checkbox').all()) {
      const name = (
        await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '')
      ).trim();
      await box.setChecked(wanted.includes(name));
    }
    await this.page.locator('#actionNote').fill(values.note ?? '');
    return this.navigate(() => this.main.getByRole('button', { name: 'Acknowledge notice' }).click(), label);
  }

  /** Every summary list row on the page, by its exact key: "For" → "Hartley Wood Primary Academy". */
  async details(): Promise<Record<string, string>> {
    const rows = await this.main
      .locator('.govuk-summary-list__row')
      .evaluateAll((rows) =>
        rows.map((row) => [
          (row.querySelector('.govuk-summary-list__key')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
          (row.querySelector('.govuk-summary-list__value')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ]),
      );
    return Object.fromEntries(rows);
  }

  get acknowledgeButton() {
    return this.main.getByRole('button', { name: 'Acknowledge notice' });
  }
}
