/**
 * The second factor in a browser, with the requirement on (as in production): the demo
 * partnership admin sets up TOTP on first sign-in (the code is computed here from the key the page
 * shows as text, as a person without a camera would type it), signs out, signs in with a code, and
 * is asked again before a merge of children once STEP_UP_MINUTES (1 here) have passed. axe-core
 * checks every page on the way.
 */
import { describe, expect, it } from 'vitest';
import { timeStep, totpCode } from '../src/platform/auth/totp.ts';
import { pagesOf } from './pages/index.ts';
import { DEMO_PASSWORD, demoEmail } from './support/accounts.ts';
import { useHub } from './support/hub.ts';

const hub = useHub({ env: { SECOND_FACTOR_REQUIRED: 'on', STEP_UP_MINUTES: '1' } });

describe('the second factor and the step-up, in a browser', () => {
  it('sets up TOTP, signs in with a code, and is asked again before a merge', async () => {
    const session = await hub.session('partnership admin');
    const pages = pagesOf(session);
    const page = session.page;
    // Each code is used once: the next one is always of a later 30-second step.
    let lastStep = 0;
    const freshCode = (secret: string) => {
      lastStep = Math.max(timeStep(new Date()), lastStep + 1);
      return totpCode(secret, lastStep);
    };

    await pages.signIn.open();
    const setUp = await pages.signIn.signIn(
      demoEmail('partnership_admin'),
      DEMO_PASSWORD,
      'set up a second factor',
    );
    expect(setUp).toEqual({ status: 200, path: '/second-factor/set-up' });
    expect(await pages.start.headingText()).toBe('Set up your second factor');
    await expect.poll(() => page.locator('svg[role="img"][aria-label^="QR code"]').count()).toBe(1);
    expect(await pages.start.isSignedIn()).toBe(false);
    const secret = (await page.locator('#secret').getAttribute('data-secret'))!;
    expect((await page.locator('#secret').textContent())!.replace(/\s/g, '')).toBe(secret);

    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Turn on the second factor' }).click();
    await page.waitForLoadState('load');
    await session.checkPage('set-up with a wrong code');
    expect(await pages.start.errorSummaryLinks()).toEqual([
      {
        text: 'The code is not right: check the key in your app, then enter the code it shows now',
        href: '#code',
      },
    ]);

    await page.getByLabel('Code from your authenticator app').fill(freshCode(secret));
    await page.getByRole('button', { name: 'Turn on the second factor' }).click();
    await page.waitForURL(/\/second-factor\/recovery-codes/);
    await session.checkPage('recovery codes, shown once');
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await page.locator('#continue').click();
    await page.waitForURL((url) => url.pathname === '/');
    await session.checkPage('start page after setting up');
    expect(await pages.start.isSignedIn()).toBe(true);

    await pages.start.goto('/account/second-factor', 'the second factor on the account page');
    expect(await pages.start.summaryValue('Second factor')).toContain('On');

    const out = await pages.start.signOut();
    expect(out.path).toBe('/sign-in');
    await pages.signIn.signIn(demoEmail('partnership_admin'), DEMO_PASSWORD, 'asked for the code');
    expect(new URL(page.url()).pathname).toBe('/second-factor');
    await page.getByLabel('Code from your authenticator app').fill(freshCode(secret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await session.checkPage('start page after the code');

    // The step-up: more than a minute after signing in, a pair of likely duplicates asks again.
    await new Promise((resolve) => setTimeout(resolve, 61_000));
    await pages.duplicates.open();
    const pairs = await pages.duplicates.pairs();
    const asked = await pages.duplicates.followLink(pairs[0]!.records);
    expect(asked.path).toMatch(/^\/confirm-identity\?returnTo=%2Fchildren%2Fduplicates%2F\d+$/);
    expect(await pages.start.headingText()).toBe('Confirm it is you');
    await page.getByLabel('Code from your authenticator app').fill(freshCode(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(/\/children\/duplicates\/\d+$/);
    await session.checkPage('the pair after confirming');
    expect(await pages.duplicate.headingText()).toBe('Are these one child?');
    const merged = await pages.duplicate.merge('A', 'merge, keeping record A');
    expect(merged.status).toBe(200);
    expect(await pages.duplicate.notificationBanner.textContent()).toContain('The records were merged');
  }, 180_000);
});
