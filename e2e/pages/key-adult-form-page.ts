import { BasePage, type Landing } from './base-page.ts';

/** GET /registry/settings/:id/key-adults/new: add a DSL, deputy or head to a setting. */
export class KeyAdultFormPage extends BasePage {
  async fill(values: { role: string; givenName: string; familyName: string; email: string }): Promise<void> {
    await this.page.getByRole('radio', { name: values.role, exact: true }).check();
    await this.page.locator('#givenName').fill(values.givenName);
    await this.page.locator('#familyName').fill(values.familyName);
    await this.page.locator('#email').fill(values.email);
  }

  add(label = 'after adding a Key Adult'): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: 'Add Key Adult' }).click(), label);
  }
}
