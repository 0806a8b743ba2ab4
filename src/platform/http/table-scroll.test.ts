import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from './views.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('the scrollingTable macro', () => {
  it('puts a GOV.UK table in a keyboard-reachable region that scrolls sideways, named by its caption', () => {
    const env = createViewEnvironment([path.resolve(here, '../../modules')]);
    const html = env.renderString(
      '{% from "macros/table.njk" import scrollingTable %}{{ scrollingTable({ caption: "Settings & schools", head: [{ text: "Name" }], rows: [[{ text: "Oakfield" }]] }) }}',
      {},
    );
    expect(html.trim()).toMatch(
      /^<div class="app-table-scroll" tabindex="0" role="region" aria-label="Settings &amp; schools \(scrolls sideways on a small screen\)">/,
    );
    expect(html).toContain('<table class="govuk-table"');
    expect(html).toContain('Oakfield');
  });

  it('is how the wide tables of these modules are drawn', async () => {
    const { readFileSync } = await import('node:fs');
    for (const view of [
      '../../modules/registry/views/settings.njk',
      '../../modules/training/views/figures.njk',
      '../../modules/schools-audit/views/progress.njk',
      '../views/pages/audit.njk',
    ]) {
      const source = readFileSync(path.resolve(here, view), 'utf8');
      expect(source, view).toContain('scrollingTable(');
      expect(source, view).not.toContain('govukTable(');
    }
  });
});
