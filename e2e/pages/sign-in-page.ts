import { BasePage, type Landing } from './base-page.ts';

/** GET /sign-in and its form. */
export class SignInPage extends BasePage {
  open(returnTo?: string): Promise<Landing> {
    return this.goto(
      returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in',
      'sign-in page',
    );
  }

  get emailInput() {
    return this.page.locator('#email');
  }

  get passwordInput() {
    return this.page.locator('#password');
  }

  /** Fills in the form and presses Sign in; lands on the start page (or `returnTo`) or back here with errors. */
  async signIn(email: string, password: string, label = `after signing in as ${email}`): Promise<Landing> {
    await this.emailInput.fill(email);
    await this.passwordInput.fill(password);
    const landing = await this.navigate(
      () => this.page.getByRole('button', { name: 'Sign in', exact: true }).click(),
      label,
    );
    if (landing.status === 429) {
      throw new Error(
        'POST /sign-in was rate limited (429): a test file may make at most 10 sign-in attempts a minute',
      );
    }
    return landing;
  }
}
