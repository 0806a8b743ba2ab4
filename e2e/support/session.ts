/**
 * One person's browser session (a browser context and its page), which checks every page it
 * lands on: axe-core violations, script errors and failed requests for the page's own assets.
 */
import type { BrowserContext, Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import { type AxeViolation, describeViolations, runAxe } from './accessibility.ts';

export interface PageCheck {
  label: string;
  url: string;
  violations: AxeViolation[];
  problems: string[];
}

export class Session {
  readonly checks: PageCheck[] = [];
  /** The HTTP status of the document now shown (the last response of the main frame's navigation). */
  documentStatus: number | null = null;
  private problems: string[] = [];

  constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('response', (response) => this.onResponse(response));
    page.on('pageerror', (error) => this.problems.push(`script error: ${error.message}`));
    page.on('requestfailed', (request) => {
      if (request.isNavigationRequest()) return;
      this.problems.push(
        `request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`,
      );
    });
  }

  private onResponse(response: Response) {
    const request = response.request();
    if (request.isNavigationRequest() && response.frame() === this.page.mainFrame()) {
      this.documentStatus = response.status();
    } else if (response.status() >= 400) {
      this.problems.push(`${response.status()} for ${request.method()} ${response.url()}`);
    }
  }

  /**
   * Runs axe on the page as it is now and records the result. A soft assertion: the test goes on,
   * so one run reports every page with a problem, each with a message listing its violations.
   */
  async checkPage(label: string): Promise<PageCheck> {
    await this.page.waitForLoadState('load');
    const url = this.page.url();
    const violations = await runAxe(this.page);
    const problems = this.problems;
    this.problems = [];
    const check: PageCheck = { label, url, violations, problems };
    this.checks.push(check);
    expect
      .soft(
        violations.length,
        `${violations.length} accessibility violation(s) on "${label}" (${url}), as ${this.name}:\n${describeViolations(violations)}\n`,
      )
      .toBe(0);
    expect.soft(problems, `Problems loading "${label}" (${url}), as ${this.name}`).toEqual([]);
    return check;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
