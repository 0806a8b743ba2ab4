import type { Locator } from 'playwright-core';
import { BasePage, type Landing } from './base-page.ts';

/** GET /: each role's start page, with the role's label in its heading and its tasks. */
export class StartPage extends BasePage {
  open(): Promise<Landing> {
    return this.goto('/', 'start page');
  }

  /** The links under "Your work". */
  get taskLinks(): Locator {
    return this.main.locator('.app-task-list a');
  }

  async taskNames(): Promise<string[]> {
    return (await this.taskLinks.allTextContents()).map((t) => t.trim());
  }

  /** Follows one of the role's tasks by its name, like "Your setting". */
  openTask(name: string): Promise<Landing> {
    return this.navigate(() => this.taskLinks.getByText(name, { exact: true }).click(), `task "${name}"`);
  }
}
