import { BasePage } from './base-page.ts';

/** The service's error pages (404, 403, 429, 500): a heading and some paragraphs. */
export class ErrorPage extends BasePage {
  async paragraphs(): Promise<string[]> {
    return (await this.main.locator('p.govuk-body').allTextContents()).map((t) => t.trim());
  }
}
