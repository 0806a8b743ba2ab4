/**
 * The service's own identity in a real browser: the partnership's name, logo and footer links, no
 * crown or Royal Arms, no GDS Transport anywhere (not even loaded), the demo's people with real-
 * looking names, and an accessibility statement and privacy notice with content, all axe-clean.
 */
import { describe, expect, it } from 'vitest';
import { demoPeopleNames } from '../src/modules/registry/seed.ts';
import { ROLE_NAMES } from './support/accounts.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';

const hub = useHub();

describe('the partnership’s own identity', () => {
  it('shows the partnership, not GOV.UK: no crown, no Royal Arms, no GDS Transport', async () => {
    const session = await hub.session('a visitor');
    const page = session.page;
    await page.goto('/sign-in');
    await session.checkPage('sign-in page');

    const header = page.locator('header.govuk-template__header');
    expect(await header.locator('.govuk-generic-header').innerText()).toContain(
      'Severnshire Safeguarding Children Partnership',
    );
    expect(
      await header
        .locator('img.app-partnership-header__logo')
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);

    const footer = page.locator('footer.govuk-template__footer');
    // The crown (govukLogo's SVG) and the Royal Arms (the copyright logo) are GOV.UK's alone.
    expect(await footer.locator('svg').count()).toBe(0);
    expect(
      await page.locator('.govuk-footer__crown, .govuk-footer__copyright-logo, .govuk-logo').count(),
    ).toBe(0);
    expect(await footer.innerText()).not.toContain('Crown copyright');
    const links = await footer
      .locator('a')
      .evaluateAll((as) => as.map((a) => ({ text: a.textContent!.trim(), href: a.getAttribute('href') })));
    expect(links.map((l) => l.text)).toEqual(
      expect.arrayContaining([
        'Contact the partnership',
        'Help',
        'Accessibility statement',
        'Privacy notice',
      ]),
    );
    expect(links).toContainEqual({
      text: 'Contact the partnership',
      href: 'mailto:safeguarding.partnership@severnshire.example',
    });

    // Every element's typeface is the system's, and no GDS Transport face is declared or loaded.
    const families = await page.evaluate(() => [
      ...new Set([...document.querySelectorAll('*')].map((e) => getComputedStyle(e).fontFamily)),
    ]);
    expect(families.join(' | ')).not.toMatch(/GDS Transport/i);
    expect(families).toContain('arial, helvetica, sans-serif');
    const faces = await page.evaluate(() => [...document.fonts].map((f) => f.family));
    expect(faces.join(' ')).not.toMatch(/GDS Transport/i);
    const fontRequests = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((r) => r.name)
        .filter((n) => /\.woff2?$/.test(n)),
    );
    expect(fontRequests).toEqual([]);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/static/partnership-logo.svg');
  });

  it('has an accessibility statement, a privacy notice and help with content to adapt', async () => {
    const session = await hub.session('a reader of the statements');
    const page = session.page;
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Accessibility statement' }).click();
    await page.waitForURL('**/accessibility');
    await session.checkPage('accessibility statement');
    const statement = await page.locator('main').innerText();
    expect(statement).toContain('Web Content Accessibility Guidelines version 2.2');
    expect(statement).toContain('axe-core');
    expect(statement).toContain('Enforcement procedure');
    expect(statement).toContain('Equality and Human Rights Commission');

    await page.getByRole('link', { name: 'Privacy notice' }).click();
    await page.waitForURL('**/privacy');
    await session.checkPage('privacy notice');
    const notice = await page.locator('main').innerText();
    for (const part of [
      'Article 6(1)(e)',
      'Article 9(2)(g)',
      'Children Act 2004',
      'Working Together',
      'audit log',
      'Information Commissioner’s Office',
    ])
      expect(notice).toContain(part);

    await page.getByRole('link', { name: 'Help', exact: true }).click();
    await page.waitForURL('**/help');
    await session.checkPage('help');
    expect(await page.locator('h1').innerText()).toBe('Help');
  });

  it('greets a demo person by a real-looking name, not "Demo Dsl"', async () => {
    const { session } = await signInAs(hub, 'dsl');
    const bar = await session.page.locator('.app-user-bar').innerText();
    const person = demoPeopleNames(ROLE_NAMES).get('dsl')!;
    expect(bar).toContain(`Signed in as ${person.givenName} ${person.familyName}`);
    expect(bar).not.toContain('Demo');
    expect(await session.page.title()).toContain('Severnshire Safeguarding Children Partnership');
  });
});
