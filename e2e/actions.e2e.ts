/**
 * The action tracker end to end: the business unit records an action from a partnership decision
 * (refused first without an owning agency, and with a due date before today), the owning
 * agency's police officer finds it among their agency's open actions, records progress with a
 * link and an evidence file, and marks it done; the business unit, who owns decisions, judges
 * its impact. The overdue list and the figures are opened too. axe checks every page.
 */
import { describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';
import type { Session } from './support/session.ts';

const hub = useHub();

/** Any page of the tracker: its forms filled by their fields' ids, submitted by their button. */
class TrackerPage extends BasePage {
  async fill(fields: Record<string, string>) {
    for (const [id, value] of Object.entries(fields)) {
      // A date (or '' for none) in a GOV.UK date input: its day, month and year boxes.
      if (await this.page.locator(`#${id}-day`).count()) {
        const [year = '', month = '', day = ''] = value ? value.split('-') : [];
        await this.page.locator(`#${id}-day`).fill(day ? String(Number(day)) : '');
        await this.page.locator(`#${id}-month`).fill(month ? String(Number(month)) : '');
        await this.page.locator(`#${id}-year`).fill(year);
      } else await this.page.locator(`#${id}`).fill(value);
    }
  }
  select(id: string, label: string) {
    return this.page.locator(`select#${id}`).selectOption({ label });
  }
  choose(label: string) {
    return this.page.getByRole('radio', { name: label, exact: true }).check();
  }
  submit(button: string, label: string): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: button, exact: true }).click(), label);
  }
}

const tracker = (session: Session) => new TrackerPage(session);

describe('an action from a partnership decision, to done and its impact', () => {
  it('is recorded, worked by its agency with evidence, closed and judged', async () => {
    const admin = await signInAs(hub, 'partnership_admin');
    const a = tracker(admin.session);
    expect((await a.goto('/actions/new')).status).toBe(200);
    const decision = `Partnership executive, E2E ${Date.now()}`;
    await a.fill({
      decision,
      description: 'Publish the escalation policy for professional disagreements',
      dueOn: '2020-01-01',
    });
    const refused = await a.submit('Record action', 'record an action with no agency and a past due date');
    expect(refused.status).toBe(400);
    expect((await a.errorSummaryLinks()).map((l) => l.href)).toEqual(
      expect.arrayContaining(['#owningOrganisationId']),
    );
    expect(await a.fieldError('owningOrganisationId')).toBe('Select the agency that owns the action');
    await a.select('owningOrganisationId', 'West Severn Police');
    const tooEarly = await a.submit('Record action', 'record an action due before today');
    expect(tooEarly.status).toBe(400);
    expect(await a.fieldError('dueOn')).toContain('The due date must be on or after');
    await a.fill({ dueOn: '' });
    const saved = await a.submit('Record action', 'record an action without a due date');
    expect(saved.status).toBe(200);
    expect(saved.path).toMatch(/^\/actions\/\d+\?created=1$/);
    const actionPath = saved.path.split('?')[0]!;
    // No due date, no named owner, no outcome: shown as not SMART.
    expect(await a.main.textContent()).toContain('Not SMART');

    const officer = await signInAs(hub, 'police_officer');
    const o = tracker(officer.session);
    expect((await o.goto('/actions')).status).toBe(200);
    expect(await o.main.textContent()).toContain('Publish the escalation policy');
    expect((await o.goto(actionPath)).status).toBe(200);
    await o.fill({
      note: 'Draft agreed with the force’s safeguarding lead',
      link: 'https://intranet.example/policy',
    });
    await o.page.locator('#file').setInputFiles({
      name: 'policy.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Escalation policy, version 1'),
    });
    await o.fill({ fileTitle: 'Escalation policy draft' });
    const updated = await o.submit('Record update', 'record progress with a file');
    expect(updated.status).toBe(200);
    expect(await o.main.textContent()).toContain('Escalation policy draft.txt');
    const refusedDone = await o.submit('Mark done', 'mark done with no note');
    expect(refusedDone.status).toBe(400);
    await o.fill({ doneNote: 'Published on the partnership website' });
    expect((await o.submit('Mark done', 'mark done')).status).toBe(200);
    expect(await o.summaryValue('Status')).toBe('Done');
    // The agency does not judge its own impact.
    expect(await o.main.getByRole('button', { name: 'Record judgement' }).count()).toBe(0);

    expect((await a.goto(actionPath)).status).toBe(200);
    await a.choose('Partly evidenced');
    await a.fill({ evidence: 'Two of three escalations in the dip sample followed the policy' });
    expect((await a.submit('Record judgement', 'judge the impact')).status).toBe(200);
    expect(await a.main.textContent()).toContain('Two of three escalations');

    expect((await a.goto('/actions/overdue')).status).toBe(200);
    expect((await a.goto('/actions/figures')).status).toBe(200);
    expect(await a.main.locator('svg[role="img"]').count()).toBe(1);
    expect((await a.goto('/actions/leads')).status).toBe(200);
  });
});
