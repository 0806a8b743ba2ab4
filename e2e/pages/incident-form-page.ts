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

/** A YYYY-MM-DD date typed into a GOV.UK date input's three boxes. */
async function fillDate(page: import('playwright-core').Page, name: string, date: string): Promise<void> {
  const [year = '', month = '', day = ''] = date.split('-');
  await page.locator(`#${name}-day`).fill(day ? String(Number(day)) : '');
  await page.locator(`#${name}-month`).fill(month ? String(Number(month)) : '');
  await page.locator(`#${name}-year`).fill(year);
}

/**
 * The officer's incident journey: GET /encompass/incidents/new (the incident), a page per child
 * (/encompass/incidents/new/children/N), "Do you need to add another child?", and "Check your
 * answers" (/encompass/incidents/new/check), where the incident is recorded.
 */
export class IncidentFormPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/encompass/incidents/new', 'record an incident form');
  }

  /** "Start again": drops a draft left from an earlier run. */
  startAgain(): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: 'Start again' }).click(), 'start again');
  }

  async fillIncident(values: IncidentValues): Promise<void> {
    const page = this.page;
    await page.locator('#policeReference').fill(values.policeReference);
    await fillDate(page, 'occurredDate', values.occurredDate);
    await page.locator('#occurredTime').fill(values.occurredTime);
    if (values.attendedDate !== undefined) await fillDate(page, 'attendedDate', values.attendedDate);
    if (values.attendedTime !== undefined) await page.locator('#attendedTime').fill(values.attendedTime);
    await page.locator('#place').fill(values.place);
    await page.locator('select#districtCode').selectOption({ label: values.district });
    await page.locator('#circumstances').fill(values.circumstances);
    await page.getByRole('radio', { name: values.riskLevel, exact: true }).check();
    if (values.officerName !== undefined) await page.locator('#officerName').fill(values.officerName);
  }

  /** Fills the child's page (the page open now). */
  async fillChild(child: IncidentChild): Promise<void> {
    const page = this.page;
    await page.locator('#givenName').fill(child.givenName);
    await page.locator('#familyName').fill(child.familyName);
    await fillDate(page, 'dateOfBirth', child.dateOfBirth);
    await page.locator('#address').fill(child.address);
    await page.locator('#postcode').fill(child.postcode ?? '');
    await this.main.getByRole('radio', { name: child.presence, exact: true }).check();
    if (child.spokenTo) await this.answerSpokenTo(child.spokenTo);
    await page.locator('#childVoice').fill(child.childVoice ?? '');
    await page.locator('#demeanour').fill(child.demeanour ?? '');
    await page.locator('#injuries').fill(child.injuries ?? '');
  }

  /** "Did an officer speak with the child?" on the child's page. */
  async answerSpokenTo(answer: 'Yes' | 'No'): Promise<void> {
    await this.main
      .getByRole('group', { name: 'Did an officer speak with the child?' })
      .getByRole('radio', { name: answer, exact: true })
      .check();
  }

  /** "Save and continue" on the incident's or a child's page. */
  saveAndContinue(label = 'after saving a page of the incident'): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: 'Save and continue' }).click(), label);
  }

  /** Answers "Do you need to add another child?" and continues. */
  async addAnother(answer: 'Yes' | 'No'): Promise<Landing> {
    await this.main
      .getByRole('group', { name: 'Do you need to add another child?' })
      .getByRole('radio', { name: answer, exact: true })
      .check();
    return this.navigate(
      () => this.main.getByRole('button', { name: 'Continue' }).click(),
      'after the add another child question',
    );
  }

  /** The headings of "Check your answers" (The incident, Child 1: …). */
  async checkHeadings(): Promise<string[]> {
    return this.main.locator('h2').allTextContents();
  }

  /** A change link on "Check your answers", by its full (visually hidden) name. */
  change(name: string): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('link', { name }).click(), `change ${name}`);
  }

  /** Presses the button on "Check your answers": the incident's page when recorded. */
  submit(label = 'after recording the incident'): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('button', { name: 'Record incident and send notices' }).click(),
      label,
    );
  }

  /** Walks the whole journey: the incident, each child, no more children. Ends on check your answers. */
  async enter(values: IncidentValues, children: IncidentChild[]): Promise<Landing> {
    await this.fillIncident(values);
    let landing = await this.saveAndContinue();
    for (const [i, child] of children.entries()) {
      await this.fillChild(child);
      landing = await this.saveAndContinue(`after saving child ${i + 1}`);
      if (landing.status !== 200) return landing;
      landing = await this.addAnother(i < children.length - 1 ? 'Yes' : 'No');
    }
    return landing;
  }
}
