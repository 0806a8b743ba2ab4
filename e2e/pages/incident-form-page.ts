import type { Locator } from 'playwright-core';
import { BasePage, type Landing } from './base-page.ts';

export interface IncidentValues {
  policeReference: string;
  /** YYYY-MM-DD and HH:MM, UK time. */
  occurredDate: string;
  occurredTime: string;
  /** When the police attended or were told (optional on the form: when it happened). */
  attendedDate?: string;
  attendedTime?: string;
  place: string;
  /** The district's name, as the select shows it. */
  district: string;
  circumstances: string;
  /** "Standard", "Medium" or "High". */
  riskLevel: string;
  officerName?: string;
}

export interface IncidentChild {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  address: string;
  postcode?: string;
  /** "In the room", "Elsewhere in the home" or "Not present (normally lives there)". */
  presence: string;
  /** Left unanswered when undefined. */
  spokenTo?: 'Yes' | 'No';
  childVoice?: string;
  demeanour?: string;
  injuries?: string;
}

/** GET /encompass/incidents/new: the officer's incident, with up to four children. */
export class IncidentFormPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/encompass/incidents/new', 'record an incident form');
  }

  async fillIncident(values: IncidentValues): Promise<void> {
    const page = this.page;
    await page.locator('#policeReference').fill(values.policeReference);
    await page.locator('#occurredDate').fill(values.occurredDate);
    await page.locator('#occurredTime').fill(values.occurredTime);
    if (values.attendedDate !== undefined) await page.locator('#attendedDate').fill(values.attendedDate);
    if (values.attendedTime !== undefined) await page.locator('#attendedTime').fill(values.attendedTime);
    await page.locator('#place').fill(values.place);
    await page.locator('select#districtCode').selectOption({ label: values.district });
    await page.locator('#circumstances').fill(values.circumstances);
    await page.getByRole('radio', { name: values.riskLevel, exact: true }).check();
    if (values.officerName !== undefined) await page.locator('#officerName').fill(values.officerName);
  }

  /** The fieldset of one child (slot 0 is "Child 1"). */
  child(slot: number): Locator {
    return this.main
      .locator('fieldset')
      .filter({ has: this.page.locator(`#child${slot}_givenName`) })
      .first();
  }

  async fillChild(slot: number, child: IncidentChild): Promise<void> {
    const p = `#child${slot}_`;
    const fieldset = this.child(slot);
    await fieldset.locator(`${p}givenName`).fill(child.givenName);
    await fieldset.locator(`${p}familyName`).fill(child.familyName);
    await fieldset.locator(`${p}dateOfBirth`).fill(child.dateOfBirth);
    await fieldset.locator(`${p}address`).fill(child.address);
    await fieldset.locator(`${p}postcode`).fill(child.postcode ?? '');
    await fieldset.getByRole('radio', { name: child.presence, exact: true }).check();
    if (child.spokenTo) await this.answerSpokenTo(slot, child.spokenTo);
    await fieldset.locator(`${p}childVoice`).fill(child.childVoice ?? '');
    await fieldset.locator(`${p}demeanour`).fill(child.demeanour ?? '');
    await fieldset.locator(`${p}injuries`).fill(child.injuries ?? '');
  }

  /** "Did an officer speak with the child?" for one child. */
  async answerSpokenTo(slot: number, answer: 'Yes' | 'No'): Promise<void> {
    await this.child(slot)
      .getByRole('group', { name: 'Did an officer speak with the child?' })
      .getByRole('radio', { name: answer, exact: true })
      .check();
  }

  /** Presses the button: the incident's page when recorded, this form with errors when not. */
  submit(label = 'after recording the incident'): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('button', { name: 'Record incident and send notices' }).click(),
      label,
    );
  }
}
