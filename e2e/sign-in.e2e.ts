/** Signing in: a wrong password, then the first half of the roles (see support/role-sign-ins.ts). */
import { describe, expect, it } from 'vitest';
import { pagesOf } from './pages/index.ts';
import { demoEmail } from './support/accounts.ts';
import { useHub } from './support/hub.ts';
import { itSignsInEachRole, roleBatch } from './support/role-sign-ins.ts';

const hub = useHub();

describe('signing in', () => {
  it('a wrong password shows the error summary and leaves the person signed out', async () => {
    const session = await hub.session('someone with a wrong password');
    const pages = pagesOf(session);
    await pages.signIn.open();

    const landing = await pages.signIn.signIn(
      demoEmail('executive'),
      'not-the-right-password',
      'sign-in page with a wrong password',
    );
    expect(landing).toEqual({ status: 401, path: '/sign-in' });
    expect(await pages.signIn.errorSummaryTitle()).toBe('There is a problem');
    expect(await pages.signIn.errorSummaryLinks()).toEqual([
      { text: 'Enter a correct email address and password', href: '#email' },
    ]);
    expect(await pages.signIn.fieldError('email')).toBe('Enter a correct email address and password');
    expect(await session.page.title()).toMatch(/^Error: Sign in/);
    // The email address is kept; the password is not.
    expect(await pages.signIn.emailInput.inputValue()).toBe(demoEmail('executive'));
    expect(await pages.signIn.passwordInput.inputValue()).toBe('');
    expect(await pages.signIn.isSignedIn()).toBe(false);

    const start = await pages.start.goto('/', 'start page without signing in');
    expect(start).toEqual({ status: 200, path: '/sign-in' });
    expect(await session.context.cookies()).not.toContainEqual(
      expect.objectContaining({ name: 'sgh_session' }),
    );
  });

  itSignsInEachRole(hub, roleBatch(0));
});
