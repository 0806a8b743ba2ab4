import { BasePage, type Landing } from './base-page.ts';

/** GET /registry/settings/:id/closures/new: an INSET day or other closure in term. */
export class ClosureFormPage extends BasePage {
  async fill(values: {
    date: string;
    reason: 'INSET day (staff training)' | 'Another closure';
  }): Promise<void> {
    await this.fillDate('Date', values.date);
    await this.page.getByRole('radio', { name: values.reason, exact: true }).check();
  }

  add(label = 'after adding a closure'): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: 'Add closure' }).click(), label);
  }
}
