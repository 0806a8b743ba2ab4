/**
 * The service's own identity: it is not on GOV.UK, so no crown, no Royal Arms and no GDS Transport
 * (the Design System asks services off GOV.UK not to use them), and the partnership's name, logo,
 * colour and links, as it configures them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, TestClient, buildTestApp } from '../testing/app.ts';
import { loadConfig } from '../config/index.ts';

const BRAND = {
  PARTNERSHIP_NAME: 'Lowmoor Safeguarding Children Partnership',
  BRAND_COLOUR: '#4c2c92',
  CONTACT_EMAIL: 'hello@lowmoor-scp.example',
  HELP_URL: 'https://lowmoor-scp.example/help',
  DPO_EMAIL: 'dpo@lowmoor-scp.example',
};

describe('the partnership’s own identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: BRAND });
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the partnership’s name, logo and footer links, and no crown or Royal Arms', async () => {
    const page = await new TestClient(t.app).get('/sign-in');
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain('Lowmoor Safeguarding Children Partnership');
    expect(html).toContain('src="/static/partnership-logo.svg"');
    expect(html).toContain('href="mailto:hello@lowmoor-scp.example"');
    expect(html).toContain('href="https://lowmoor-scp.example/help"');
    expect(html).toContain('href="/accessibility"');
    expect(html).toContain('href="/privacy"');
    expect(html).toContain('<meta name="theme-color" content="#4c2c92">');
    // GOV.UK's crown (govukLogo), the Royal Arms (the copyright logo), Crown copyright and its icons.
    for (const govuk of [
      'govuk-logo',
      'govuk-footer__crown',
      'govuk-footer__copyright-logo',
      'Crown copyright',
      'govuk-icon',
      'favicon',
      'govuk-frontend.min.css',
      'GOV.UK',
    ])
      expect(html, govuk).not.toContain(govuk);
    expect(html).toMatch(
      /<title>Sign in – Safeguarding Hub – Lowmoor Safeguarding Children Partnership<\/title>/,
    );
  });

  it('serves GOV.UK Frontend’s styles without GDS Transport, in the system fonts and the partnership’s colour', async () => {
    const css = await new TestClient(t.app).get('/static/partnership.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).not.toMatch(/GDS Transport/i);
    expect(css.body).not.toContain('/assets/fonts/');
    expect(css.body).toContain('.govuk-body');
    expect(css.body).toContain('font-family:arial,helvetica,sans-serif');
    expect(css.body).toContain('--govuk-brand-colour:#4c2c92');
    const own = await new TestClient(t.app).get('/static/app.css');
    expect(own.body).not.toMatch(/GDS Transport/i);
  });

  it('has a logo of its own and a help page', async () => {
    const logo = await new TestClient(t.app).get('/static/partnership-logo.svg');
    expect(logo.statusCode).toBe(200);
    expect(logo.body).toContain('<svg');
    const help = await new TestClient(t.app).get('/help');
    expect(help.statusCode).toBe(200);
    expect(help.body).toContain('hello@lowmoor-scp.example');
  });

  it('has an accessibility statement and a privacy notice with real content', async () => {
    const accessibility = (await new TestClient(t.app).get('/accessibility')).body;
    for (const part of [
      'WCAG',
      '2.2',
      'AA',
      'axe-core',
      'Enforcement procedure',
      'Equality and Human Rights Commission',
      'partially compliant',
      'hello@lowmoor-scp.example',
    ])
      expect(accessibility, part).toContain(part);
    const privacy = (await new TestClient(t.app).get('/privacy')).body;
    for (const part of [
      'Article 6(1)(e)',
      'Article 9(2)(g)',
      'Article 9(2)(h)',
      'Children Act 2004',
      'Working Together to Safeguard Children 2023',
      'audit log',
      'How long we keep it',
      'Your rights',
      'dpo@lowmoor-scp.example',
      'Information Commissioner’s Office',
      'Lowmoor Safeguarding Children Partnership',
    ])
      expect(privacy, part).toContain(part);
  });

  it('refuses a brand colour that is not a colour', () => {
    expect(() => loadConfig({ BRAND_COLOUR: 'red; background:url(x)' })).toThrow(/BRAND_COLOUR/);
    expect(loadConfig({}).brand.partnershipName).toBe('Severnshire Safeguarding Children Partnership');
  });
});
