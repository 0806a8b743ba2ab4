/** Signing people in: a new browser session per person, checked at every page on the way. */
import { expect } from 'vitest';
import { type Pages, pagesOf } from '../pages/index.ts';
import { DEMO_PASSWORD, ROLES, type Role, demoEmail } from './accounts.ts';
import type { Hub } from './hub.ts';
import type { Session } from './session.ts';

export interface Person {
  session: Session;
  pages: Pages;
}

/** A new session that signs in with the sign-in form and lands on the start page. */
export async function signIn(hub: Hub, email: string, password: string): Promise<Person> {
  const session = await hub.session(email);
  const pages = pagesOf(session);
  const opened = await pages.signIn.open();
  expect(opened.status, 'GET /sign-in').toBe(200);
  const landing = await pages.signIn.signIn(email, password);
  expect(landing, `signing in as ${email}`).toEqual({ status: 200, path: '/' });
  return { session, pages };
}

/** A demo account of the seed, by role. */
export async function signInAs(hub: Hub, role: Role): Promise<Person> {
  const person = await signIn(hub, demoEmail(role), DEMO_PASSWORD);
  expect(await person.pages.start.headingText()).toContain(ROLES[role].label);
  return person;
}
