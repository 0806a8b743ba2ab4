/**
 * "Forgotten your password?" in a real browser with a real mailbox: ask for a link, receive it by
 * email, set a new password (with the account rules' errors on the way), be signed out of the
 * other session, sign in with the new password; the link does not work twice; an unknown email
 * gets the same answer and no email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from './support/accounts.ts';
import { useHub } from './support/hub.ts';
import { type Mailbox, startMailbox } from './support/mailbox.ts';
import { signIn, signInAs } from './support/people.ts';

let mailbox: Mailbox | undefined;
beforeAll(async () => {
  mailbox = await startMailbox();
});
afterAll(async () => {
  await mailbox?.close();
});

const hub = useHub(() => ({ env: { SMTP_URL: mailbox!.url, JOBS: 'on' } }));

async function waitForEmailTo(address: string, count: number) {
  for (let i = 0; i < 100; i++) {
    const mine = mailbox!.messages.filter((m) => m.to.includes(address));
    if (mine.length >= count) return mine;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No email reached ${address}`);
}

describe('forgotten your password', () => {
  it('sends a one-time link, sets a new password and ends the other sessions', async () => {
    const email = demoEmail('trainer');
    const elsewhere = await signInAs(hub, 'trainer');

    const session = await hub.session('the trainer, who forgot');
    const page = session.page;
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await page.waitForURL('**/forgotten-password');
    await session.checkPage('forgotten password');
    await page.getByLabel('Email address').fill('not an email');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.waitForLoadState('load');
    await session.checkPage('forgotten password with an error');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Enter an email address in the correct format',
    );
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.waitForURL('**/forgotten-password');
    await session.checkPage('check your email');
    expect(await page.locator('h1').innerText()).toBe('Check your email');

    const [message] = await waitForEmailTo(email, 1);
    const link = /(http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(message!.text)?.[1];
    expect(link).toBeDefined();
    expect(message!.text).toContain('30 minutes');

    await page.goto(link!);
    await session.checkPage('set a new password');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Enter the new password again').fill('short');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForLoadState('load');
    await session.checkPage('set a new password with an error');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Password must be at least 12 characters',
    );

    const newPassword = 'walnut-harbour-ribbon-82';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Enter the new password again').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForLoadState('load');
    await session.checkPage('password changed');
    expect(await page.locator('h1').innerText()).toBe('Your password has been changed');

    // The other browser was signed out.
    await elsewhere.session.page.goto('/');
    expect(new URL(elsewhere.session.page.url()).pathname).toBe('/sign-in');

    // The link works once.
    await page.goto(link!);
    await session.checkPage('a used link');
    expect(session.documentStatus).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('This link does not work any more');

    // The new password signs in; the old one does not (checked last: it counts as a failure).
    await signIn(hub, email, newPassword);
    const old = await hub.session('the old password');
    await old.page.goto('/sign-in');
    await old.page.getByLabel('Email address').fill(email);
    await old.page.getByLabel('Password').fill(DEMO_PASSWORD);
    await old.page.getByRole('button', { name: 'Sign in' }).click();
    await old.page.waitForLoadState('load');
    expect(old.documentStatus).toBe(401);
  });

  it('answers an unknown email the same, and sends nothing', async () => {
    const session = await hub.session('someone without an account');
    const page = session.page;
    await page.goto('/forgotten-password');
    await page.getByLabel('Email address').fill('no.one@demo.safeguarding-hub.example');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.waitForLoadState('load');
    await session.checkPage('check your email (unknown)');
    expect(await page.locator('h1').innerText()).toBe('Check your email');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mailbox!.messages.filter((m) => m.to.includes('no.one@demo.safeguarding-hub.example'))).toEqual(
      [],
    );
  });
});
