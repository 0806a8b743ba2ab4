/**
 * Dates everywhere in the GOV.UK date input (issue 15), in a browser on the demo partnership, one
 * form of each family: a governance meeting (a form that saves), GET SAFE's MACE meeting (a half
 * date refused), the journey dashboard's period (From later than To refused) and the audit search
 * in names and words. Each page, error states included, is checked by axe.
 */
import { describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';

const hub = useHub();

class DatesPage extends BasePage {
  /** Types into the day, month and year boxes of the date input `name`. */
  async typeDate(name: string, day: string, month: string, year: string) {
    await this.page.locator(`#${name}-day`).fill(day);
    await this.page.locator(`#${name}-month`).fill(month);
    await this.page.locator(`#${name}-year`).fill(year);
  }
  press(button: string, label: string): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('button', { name: button, exact: true }).first().click(),
      label,
    );
  }
  follow(action: () => Promise<void>, label: string): Promise<Landing> {
    return this.navigate(action, label);
  }
}

describe('dates in day, month and year boxes', () => {
  it('a governance meeting is recorded on the day typed, a half date refused first', async () => {
    const admin = await signInAs(hub, 'partnership_admin');
    const p = new DatesPage(admin.session);
    expect((await p.goto('/governance/groups')).status).toBe(200);
    await p.follow(() => p.main.getByRole('link', { name: 'Executive Group' }).click(), 'the executive');
    expect(await p.page.locator('input[name="heldOn"]').count()).toBe(0);
    await p.typeDate('heldOn', '6', '', '2026');
    const half = await p.press('Record meeting', 'a meeting with a half date');
    expect(half.status).toBe(400);
    expect(await p.errorSummaryLinks()).toEqual(
      expect.arrayContaining([
        { text: 'The date of the meeting must include a month', href: '#heldOn-month' },
      ]),
    );
    expect(await p.page.locator('#heldOn-day').inputValue()).toBe('6');
    expect(await p.page.locator('#heldOn-month').getAttribute('class')).toContain('govuk-input--error');
    // The summary's link moves to the box at fault.
    await p.errorSummary.getByRole('link', { name: /must include a month/ }).click();
    expect(await p.page.evaluate(() => document.activeElement?.id)).toBe('heldOn-month');
    await p.typeDate('heldOn', '6', '12', '2026');
    await p.page.getByRole('checkbox').first().check();
    const saved = await p.press('Record meeting', 'a meeting on 6 December 2026');
    expect(saved.status).toBe(200);
    expect((await p.main.textContent()) ?? '').toContain('6 December 2026');
  });

  it('a MACE meeting refuses a date that is not real, then arranges it', async () => {
    const coordinator = await signInAs(hub, 'get_safe_coordinator');
    const p = new DatesPage(coordinator.session);
    expect((await p.goto('/exploitation/mace/new')).status).toBe(200);
    await p.page.locator('select#districtId').selectOption({ index: 1 });
    await p.page.locator('#chair').fill('Superintendent Dates');
    await p.typeDate('meetsOn', '31', '4', '2027');
    const unreal = await p.press('Arrange the meeting', 'a MACE meeting on 31 April');
    expect(unreal.status).toBe(400);
    expect(await p.fieldError('meetsOn')).toBe('The meeting date must be a real date');
    await p.typeDate('meetsOn', '30', '4', '2027');
    const arranged = await p.press('Arrange the meeting', 'a MACE meeting on 30 April 2027');
    expect(arranged.status).toBe(200);
    expect(arranged.path).toMatch(/^\/exploitation\/mace\/\d+/);
  });

  it('the journey dashboard refuses a period that ends before it starts', async () => {
    const analyst = await signInAs(hub, 'analyst');
    const p = new DatesPage(analyst.session);
    expect((await p.goto('/journey/kpis')).status).toBe(200);
    await p.typeDate('from', '1', '4', '2026');
    await p.typeDate('to', '1', '3', '2026');
    const backwards = await p.press('Show figures', 'the dashboard, From later than To');
    expect(backwards.status).toBe(400);
    expect(await p.errorSummaryLinks()).toEqual([
      { text: 'The last day must be on or after the first day', href: '#to-day' },
    ]);
    await p.typeDate('to', '31', '3', '2027');
    const shown = await p.press('Show figures', 'the dashboard for 2026 to 2027');
    expect(shown.status).toBe(200);
    expect((await p.main.textContent()) ?? '').toContain('1 April 2026');
  });

  it('the audit search reads dates from boxes and speaks in names and words', async () => {
    const admin = await signInAs(hub, 'partnership_admin');
    const p = new DatesPage(admin.session);
    expect((await p.goto('/audit')).status).toBe(200);
    await p.typeDate('from', '7', '12', '2026');
    await p.typeDate('to', '1', '12', '2026');
    const backwards = await p.press('Search', 'the audit search, From later than To');
    expect(backwards.status).toBe(400);
    expect(await p.fieldError('to')).toBe('The last date must be the same as or after the first');
    await p.page.locator('#from-day').fill('');
    await p.page.locator('#from-month').fill('');
    await p.page.locator('#from-year').fill('');
    await p.page.locator('#to-day').fill('');
    await p.page.locator('#to-month').fill('');
    await p.page.locator('#to-year').fill('');
    await p.page.locator('#user').fill('Nobody Atall');
    const nobody = await p.press('Search', 'the audit search, a name no account has');
    expect(nobody.status).toBe(400);
    expect(await p.fieldError('user')).toContain('No user is called Nobody Atall');
    const all = await p.goto('/audit', 'the audit log');
    expect(all.status).toBe(200);
    const text = (await p.main.textContent()) ?? '';
    // Times read like "6 December 2026 at 10:30pm"; who did it by name.
    expect(text).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}:\d{2}[ap]m|midnight|midday)/);
    expect(text).not.toMatch(/use [a-z-]+ [a-z-]+/);
  });
});
