/**
 * Test 1, shared by the files that split the roles between them (each file starts its own server,
 * so a batch of roles runs in a reasonable time).
 */
import { expect, it } from 'vitest';
import { pagesOf } from '../pages/index.ts';
import { DEMO_PASSWORD, ROLE_NAMES, ROLES, type Role, demoEmail } from './accounts.ts';
import type { Hub } from './hub.ts';

export const ROLES_PER_FILE = 9;
export const ROLE_FILES = 2;

export function roleBatch(index: number): Role[] {
  return ROLE_NAMES.slice(index * ROLES_PER_FILE, (index + 1) * ROLES_PER_FILE);
}

/** Every role of the batch signs in with its demo account, sees its start page and signs out. */
export function itSignsInEachRole(hub: Hub, roles: Role[]): void {
  it.each(roles)('%s signs in, lands on their start page and signs out', async (role) => {
    const { label } = ROLES[role];
    const session = await hub.session(role);
    const pages = pagesOf(session);

    const opened = await pages.signIn.open();
    expect(opened.status).toBe(200);
    expect(await pages.signIn.headingText()).toBe('Sign in');
    expect(await pages.signIn.isSignedIn()).toBe(false);

    const landing = await pages.signIn.signIn(demoEmail(role), DEMO_PASSWORD, `start page of ${role}`);
    expect(landing).toEqual({ status: 200, path: '/' });
    expect(await pages.start.headingText()).toContain(label);
    expect(await pages.start.isSignedIn()).toBe(true);
    await expect.poll(() => pages.start.page.locator('.app-user-bar').textContent()).toContain(`(${label})`);

    const signedOut = await pages.start.signOut();
    expect(signedOut).toEqual({ status: 200, path: '/sign-in' });
    expect(await pages.signIn.headingText()).toBe('Sign in');
    expect(await pages.signIn.isSignedIn()).toBe(false);

    // The session is gone on the server too: the start page sends them back to sign in.
    const again = await pages.start.goto('/', 'start page after signing out');
    expect(again).toEqual({ status: 200, path: '/sign-in' });
  });
}

export function itCoversEveryRole(): void {
  it('the role files between them cover every role', () => {
    const covered = Array.from({ length: ROLE_FILES }, (_, i) => roleBatch(i)).flat();
    expect(covered, 'add another role file (and raise ROLE_FILES) for the new roles').toEqual(ROLE_NAMES);
    expect(ROLE_NAMES).toHaveLength(17);
  });
}
