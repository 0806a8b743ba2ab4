import { BasePage, type Landing } from './base-page.ts';

export interface SettingFormValues {
  urn?: string;
  name?: string;
  /** The phase's label, like "Primary". */
  phase?: string;
  /** The district's label; `{ index }` picks the nth real district. */
  district?: string | { index: number };
  schoolDayStartsAt?: string;
  safeguardingEmail?: string;
}

/** GET /registry/settings/new (and a setting's edit form): add or change a setting. */
export class SettingFormPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/registry/settings/new', 'add a setting form');
  }

  async fill(values: SettingFormValues): Promise<void> {
    const page = this.page;
    if (values.urn !== undefined) await page.locator('#urn').fill(values.urn);
    if (values.name !== undefined) await page.locator('#name').fill(values.name);
    if (values.phase !== undefined) await page.locator('select#phase').selectOption({ label: values.phase });
    if (typeof values.district === 'string')
      await page.locator('select#districtCode').selectOption({ label: values.district });
    if (typeof values.district === 'object')
      await page.locator('select#districtCode').selectOption({ index: values.district.index + 1 });
    if (values.schoolDayStartsAt !== undefined)
      await page.locator('#schoolDayStartsAt').fill(values.schoolDayStartsAt);
    if (values.safeguardingEmail !== undefined)
      await page.locator('#safeguardingEmail').fill(values.safeguardingEmail);
  }

  /** The district chosen now, by its label. */
  async selectedDistrict(): Promise<string> {
    return ((await this.page.locator('select#districtCode option:checked').textContent()) ?? '').trim();
  }

  /** Presses Save setting: the setting's page when it was saved, this form with errors when not. */
  save(label = 'after saving the setting form'): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: 'Save setting' }).click(), label);
  }
}
