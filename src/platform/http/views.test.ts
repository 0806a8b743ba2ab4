import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createViewEnvironment, nunjucksSpeedUps } from './views.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const modulesDir = path.resolve(here, '../../modules');
const platformViews = path.resolve(here, '../views');

function templates(dir: string, base: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.njk'))
    .map((file) => path.relative(base, path.join(dir, file)).split(path.sep).join('/'));
}

/** A context with something in most places a page looks: every page renders, most of their branches too. */
const row = {
  id: 7,
  name: 'Ash <Grove> Primary',
  givenName: 'Sam',
  familyName: "O'Neill",
  email: 'a@b.example',
  staffRole: 'dsl',
  date: '2026-01-05',
  reason: 'inset',
};
const context = {
  title: 'A page',
  user: { id: 'u', givenName: 'Pat', familyName: 'Admin', role: 'partnership_admin' },
  roleLabel: 'Partnership admin',
  cspNonce: 'nonce-value',
  csrfToken: 'csrf-token',
  navigation: [
    { text: 'Home', href: '/', active: false },
    { text: 'Settings', href: '/registry/settings', active: true },
  ],
  errors: { summary: [{ text: 'Enter a name', href: '#name' }], byField: { name: { text: 'Enter a name' } } },
  values: { name: 'Ash Grove' },
  flash: 'Changes saved',
  setting: {
    ...row,
    urn: '123456',
    districtName: 'Bromsgrove',
    schoolDayStartsAt: '08:45:00',
    safeguardingEmail: 's@b.example',
    encompassJoinedOn: '2024-09-01',
  },
  staff: [row, { ...row, id: 8, staffRole: 'head' }],
  closures: [row],
  rows: [row, { ...row, id: 9 }],
  items: [row],
  total: 2,
  canManage: true,
  phaseLabel: 'Primary',
  encompassLabel: 'Joined',
  paragraphs: ['One paragraph.', 'Another.'],
  requestId: 'request-id',
};

describe('the view environment', () => {
  const names = [
    ...templates(modulesDir, modulesDir),
    ...templates(path.join(platformViews, 'pages'), platformViews),
  ].filter((name) => !name.startsWith('layout'));

  it('renders every page exactly as plain Nunjucks does, first time and again', () => {
    expect(names.length).toBeGreaterThan(20);
    const env = createViewEnvironment([modulesDir]);
    const render = (name: string) => {
      try {
        return env.render(name, structuredClone(context));
      } catch (error) {
        // The cause, without the "Template render error" lines each enclosing template adds (how
        // many depends on how deep the render was when it failed, not on what failed).
        const lines = (error as Error).message.split('\n').map((l) => l.trim());
        return `error: ${lines.filter((l) => l && !/^(Template render error|\(.*\)$)/.test(l)).join(' ')}`;
      }
    };
    let rendered = 0;
    for (const name of names) {
      nunjucksSpeedUps.on = false;
      let plain: string;
      try {
        plain = render(name);
      } finally {
        nunjucksSpeedUps.on = true;
      }
      const fast = render(name);
      const again = render(name);
      expect(fast, name).toBe(plain);
      expect(again, name).toBe(plain);
      if (!plain.startsWith('error:')) rendered += 1;
    }
    // Most pages render with this context (those that do not fail alike in both modes).
    expect(rendered).toBeGreaterThan(names.length / 2);
  });

  it('keeps a page’s own variables apart from the imported macros', () => {
    const env = createViewEnvironment([modulesDir]);
    const first = env.render('registry/views/setting.njk', structuredClone(context));
    const other = env.render('registry/views/setting.njk', {
      ...structuredClone(context),
      setting: { ...context.setting, name: 'Birch Lane' },
    });
    expect(first).toContain('Ash &lt;Grove&gt; Primary');
    expect(other).toContain('Birch Lane');
    expect(other).not.toContain('Ash &lt;Grove&gt; Primary</h1>');
  });

  it('renders the menu of each page with its own links, though it keeps each menu once', () => {
    const env = createViewEnvironment([modulesDir]);
    const page = (navigation: { text: string; href: string; active: boolean }[]) =>
      env.render('pages/error.njk', { ...structuredClone(context), navigation });
    const settings = page([{ text: 'Settings', href: '/registry/settings', active: true }]);
    const audit = page([{ text: 'Audit log', href: '/audit', active: true }]);
    expect(settings).toContain('href="/registry/settings"');
    expect(settings).not.toContain('href="/audit"');
    expect(audit).toContain('href="/audit"');
    expect(audit).not.toContain('href="/registry/settings"');
    expect(page([{ text: 'Settings', href: '/registry/settings', active: true }])).toBe(settings);
    expect(page([{ text: 'Settings', href: '/registry/settings', active: false }])).not.toBe(settings);
  });
});
