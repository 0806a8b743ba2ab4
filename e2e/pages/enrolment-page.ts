import { BasePage, type Landing } from './base-page.ts';

/** GET /encompass/enrolment/:settingId: one setting's Operation Encompass enrolment, moved on a step at a time. */
export class EnrolmentPage extends BasePage {
  open(settingId: number): Promise<Landing> {
    return this.goto(`/encompass/enrolment/${settingId}`, `enrolment of setting ${settingId}`);
  }

  /** The enrolment as the page states it ("Not joined", "In training", "Joined"). */
  status(): Promise<string> {
    return this.summaryValue('Enrolment');
  }

  /** Fills the date of the next step (an ISO date) and presses the step's button. */
  async moveOn(date: string, button: string): Promise<Landing> {
    const [year, month, day] = date.split('-') as [string, string, string];
    await this.page.locator('#date-day').fill(String(Number(day)));
    await this.page.locator('#date-month').fill(String(Number(month)));
    await this.page.locator('#date-year').fill(year);
    return this.navigate(
      () => this.main.getByRole('button', { name: button }).click(),
      `enrolment, after "${button}"`,
    );
  }
}
