import { BasePage, type Landing } from './base-page.ts';

export interface UserFormValues {
  givenName: string;
  familyName: string;
  email: string;
  /** The role's label, like "Designated safeguarding lead". */
  role: string;
  organisation?: string;
  team?: string;
  settingUrn?: string;
  password: string;
}

/** GET /registry/users/new: add a user. */
export class UserFormPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/registry/users/new', 'add a user form');
  }

  async fill(values: UserFormValues): Promise<void> {
    const page = this.page;
    await page.locator('#givenName').fill(values.givenName);
    await page.locator('#familyName').fill(values.familyName);
    await page.locator('#email').fill(values.email);
    await page.locator('select#role').selectOption({ label: values.role });
    if (values.organisation !== undefined)
      await page.locator('select#organisationCode').selectOption({ label: values.organisation });
    if (values.team !== undefined) await page.locator('select#teamCode').selectOption({ label: values.team });
    if (values.settingUrn !== undefined) await page.locator('#settingUrn').fill(values.settingUrn);
    await page.locator('#password').fill(values.password);
  }

  /** Presses Add user: the users list when added, this form with errors when not. */
  add(): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('button', { name: 'Add user' }).click(),
      'after adding a user',
    );
  }
}
