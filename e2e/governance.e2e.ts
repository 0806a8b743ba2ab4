/**
 * Governance end to end on the demo partnership: the business unit opens the budget (Appendix A's
 * Training Delivery slip flagged), imports a statement by upload (a file without the columns
 * refused first), records a meeting with a decision and its action, records progress on a
 * priority, issues a document version and responds to a scrutiny finding; the executive sees the
 * budget and the priority without evidence; a member of the public reads a published document.
 * axe checks every page.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';
import type { Session } from './support/session.ts';

/** Types a YYYY-MM-DD date (or '' for none) into GOV.UK date input `id`: its day, month and year boxes. */
async function fillDateBoxes(page: Page, id: string, date: string): Promise<void> {
  const [year = '', month = '', day = ''] = date ? date.split('-') : [];
  await page.locator(`#${id}-day`).fill(day ? String(Number(day)) : '');
  await page.locator(`#${id}-month`).fill(month ? String(Number(month)) : '');
  await page.locator(`#${id}-year`).fill(year);
}

const hub = useHub();
const appendixA = readFileSync(new URL('../src/modules/governance/fixtures/appendix-a.csv', import.meta.url));

class GovernancePage extends BasePage {
  async fill(fields: Record<string, string>) {
    for (const [id, value] of Object.entries(fields)) {
      // A date is a GOV.UK date input: three boxes.
      if (await this.page.locator(`#${id}-day`).count()) await fillDateBoxes(this.page, id, value);
      else await this.page.locator(`#${id}`).fill(value);
    }
  }
  follow(action: () => Promise<void>, label: string): Promise<Landing> {
    return this.navigate(action, label);
  }
  submit(button: string, label: string): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('button', { name: button, exact: true }).first().click(),
      label,
    );
  }
}

const pageOf = (session: Session) => new GovernancePage(session);

describe('governance and the budget', () => {
  it('is run by the business unit, seen by the executive and published to the public', async () => {
    const admin = await signInAs(hub, 'partnership_admin');
    const a = pageOf(admin.session);
    expect((await a.goto('/governance/budget')).status).toBe(200);
    let text = (await a.main.textContent()) ?? '';
    expect(text).toContain('4 stated totals in the statement do not add up');
    expect(text).toContain('Training Delivery');

    expect((await a.goto('/governance/budget/import')).status).toBe(200);
    await a.fill({ year: '2024-25' });
    await a.page.locator('#file').setInputFiles({
      name: 'wrong.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Partner,Amount\nPolice,100\n'),
    });
    const refused = await a.submit('Import statement', 'import a file without the columns');
    expect(refused.status).toBe(400);
    expect(await a.fieldError('file')).toContain('no header row with the funds as columns');
    await a.page
      .locator('#file')
      .setInputFiles({ name: 'statement.csv', mimeType: 'text/csv', buffer: appendixA });
    const imported = await a.submit('Import statement', 'import the statement');
    expect(imported.status).toBe(200);
    expect(imported.path).toBe('/governance/budget?year=2024-25&imported=1');

    expect((await a.goto('/governance/groups')).status).toBe(200);
    await a.follow(() => a.main.getByRole('link', { name: 'Executive Group' }).click(), 'open the executive');
    await a.fill({
      heldOn: '2026-11-30',
      what: 'Commission an audit of neglect in adolescents',
      why: 'Independent scrutiny found it under-recognised',
      decidedBy: 'The three safeguarding partners',
      actionDescription: 'Agree the audit tool with the QA subgroup',
      actionOwner: 'QA lead',
      actionDueOn: '2027-03-31',
    });
    await a.page.getByRole('checkbox').first().check();
    expect((await a.submit('Record meeting', 'record a meeting')).status).toBe(200);
    text = (await a.main.textContent()) ?? '';
    expect(text).toContain('Commission an audit of neglect in adolescents');
    expect(text).toContain('Agree the audit tool with the QA subgroup');

    // Change the group: a member who left needs the day they left (an error state axe checks too).
    await a.follow(
      () => a.main.getByRole('link', { name: 'Change the group or its members' }).click(),
      'change the group',
    );
    await a.page.getByRole('checkbox').first().check();
    const refusedEdit = await a.submit('Save changes', 'mark a member as left without a day');
    expect(refusedEdit.status).toBe(400);
    expect((await a.main.textContent()) ?? '').toContain('Enter the day they left the group');
    await a.fill({
      leftOn: '2026-12-01',
      addMembers: 'Nia Okafor, Head of Safeguarding, Severnshire College',
    });
    expect((await a.submit('Save changes', 'save the group')).status).toBe(200);
    text = (await a.main.textContent()) ?? '';
    expect(text).toContain('Nia Okafor');
    expect(text).toContain('Former members');

    expect((await a.goto('/governance/priorities')).status).toBe(200);
    await a.page.locator('summary').first().click();
    await a.page.locator('select[name="quarter"]').first().selectOption('1');
    await a.page.getByRole('radio', { name: 'Green', exact: true }).first().check();
    await a.page.locator('textarea[name="summary"]').first().fill('Quarter 1 delivered');
    expect((await a.submit('Record progress', 'record progress')).status).toBe(200);

    expect((await a.goto('/governance/documents')).status).toBe(200);
    expect(await a.main.textContent()).toContain('Resolving professional differences');
    await a.follow(() => a.main.getByRole('link', { name: 'Neglect Toolkit' }).click(), 'open the toolkit');
    await a.fill({
      version: '1.1',
      issuedOn: '2026-12-01',
      changes: 'Adolescent neglect section added',
      reviewOn: '2027-12-01',
    });
    expect((await a.submit('Issue version', 'issue a version')).status).toBe(200);
    expect(await a.main.textContent()).toContain('Adolescent neglect section added');

    expect((await a.goto('/governance/scrutiny')).status).toBe(200);
    expect((await a.goto(`/governance/scrutiny?year=2025-26`)).status).toBe(200);

    const executive = await signInAs(hub, 'executive');
    const e = pageOf(executive.session);
    expect((await e.goto('/governance/budget?year=2023-24')).status).toBe(200);
    expect(await e.main.textContent()).toContain('145,879');
    expect((await e.goto('/governance/priorities?year=2025-26')).status).toBe(200);
    expect(await e.main.textContent()).toContain('Learning into practice');

    const visitor = pageOf(await hub.session('member of the public'));
    expect((await visitor.goto('/documents')).status).toBe(200);
    await visitor.follow(
      () => visitor.main.getByRole('link', { name: 'Neglect Toolkit' }).click(),
      'open a published document',
    );
    expect(await visitor.main.textContent()).toContain('Adolescent neglect section added');
  });
});
