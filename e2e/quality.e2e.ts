/**
 * A multi-agency audit end to end, on the demo partnership: the QA lead plans an audit in the
 * year's programme (refused first without agencies), finds a child in the index and selects
 * them, and moves the audit to the agencies; the local authority's named auditor completes the
 * agency's self-audit; the panel grades the case (refused without reasons where it differs),
 * records the family's feedback, a finding and an action (refused without an owning agency); the
 * QA lead writes and publishes a learning briefing, as a page and a PDF. The figures page is
 * opened as an executive; the published briefing read without signing in. axe checks every page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoChildren, demoPartnership } from '../src/modules/registry/index.ts';
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

class QualityPage extends BasePage {
  async fill(fields: Record<string, string>) {
    for (const [id, value] of Object.entries(fields)) {
      // A date is a GOV.UK date input: three boxes.
      if (await this.page.locator(`#${id}-day`).count()) await fillDateBoxes(this.page, id, value);
      else await this.page.locator(`#${id}`).fill(value);
    }
  }
  select(id: string, label: string) {
    return this.page.locator(`select#${id}`).selectOption({ label });
  }
  check(name: string | RegExp) {
    return this.main.getByRole('checkbox', { name }).first().check();
  }
  choose(fieldset: string, label: string) {
    return this.main
      .getByRole('group', { name: fieldset })
      .getByRole('radio', { name: label, exact: true })
      .check();
  }
  navigateBy(action: () => Promise<void>, label: string): Promise<Landing> {
    return this.navigate(action, label);
  }
  submit(button: string | RegExp, label: string): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: button }).first().click(), label);
  }
}

const q = (session: Session) => new QualityPage(session);

// A child of the demo partnership (the seed's first), found in the index by name and date of birth.
const child = demoChildren(demoPartnership(), 1).next().value!;

describe('a multi-agency audit, from the programme to a published briefing', () => {
  it('plans, selects, self-audits, grades, acts and publishes', async () => {
    const lead = await signInAs(hub, 'qa_lead');
    const l = q(lead.session);
    expect((await l.goto('/quality')).status).toBe(200);
    const programme = await l.followLink(/^\d{4}-\d{2}$/);
    expect(programme.status).toBe(200);
    expect((await l.tableRows()).length).toBe(6);
    // "Plan an audit" is a GOV.UK button that is a link.
    await l.navigateBy(
      () => l.main.getByRole('button', { name: 'Plan an audit' }).click(),
      'plan an audit form',
    );
    await l.fill({
      title: 'E2E: repeat strategy discussions',
      selectionRule: 'Two or more strategy discussions in twelve months',
      casesWanted: '1',
      startsOn: '2026-01-05',
      panelOn: '2026-02-02',
      questions: 'What did your agency know and do?\nWas the child seen alone?',
    });
    await l.select('theme', 'Repeat strategy discussions');
    const refused = await l.submit('Plan audit', 'plan an audit with no agencies');
    expect(refused.status).toBe(400);
    expect(await l.fieldError('agencies')).toBe('Select the agencies asked to self-audit');
    await l.check('Severnshire Children First');
    await l.check('Millie Harding');
    const planned = await l.submit('Plan audit', 'plan an audit');
    expect(planned.status).toBe(200);
    const auditPath = planned.path;
    expect(auditPath).toMatch(/^\/quality\/audits\/\d+$/);

    // Cases found from the journey: references and ages, never names (the demo journey's children).
    expect((await l.followLink('Find cases from the journey', /\/journey$/)).status).toBe(200);
    expect(await l.headingText()).toBe('Find cases from the journey');
    await l.fill({ from: '2025-01-05', to: '2026-01-05', sample: '3' });
    expect((await l.submit('Find cases', 'find cases from the journey')).status).toBe(200);
    expect(await l.main.locator('#found').textContent()).toMatch(
      /\d+ child(ren)? found from 5 January 2025 to 5 January 2026/,
    );
    expect((await l.goto(auditPath)).status).toBe(200);

    await l.fill({
      givenName: child.givenName,
      familyName: child.familyName,
      dateOfBirth: child.dateOfBirth,
    });
    const found = await l.submit('Find child', 'find a child for the audit');
    expect(found.status).toBe(200);
    expect(await l.main.textContent()).toContain(`${child.givenName} ${child.familyName}`);
    const added = await l.submit(new RegExp(`^Add ${child.givenName}`), 'add the child to the audit');
    expect(added.status).toBe(200);
    expect(await l.notificationBanner.textContent()).toContain('Child added');
    expect((await l.submit('Move to: Agencies self-auditing', 'move to self-audits')).status).toBe(200);
    const caseLink = l.main.getByRole('link', { name: /^RS-\d+-01$/ });
    const casePath = (await caseLink.getAttribute('href'))!;

    const auditor = await signInAs(hub, 'auditor');
    const a = q(auditor.session);
    expect((await a.goto('/quality')).status).toBe(200);
    expect((await a.goto(casePath)).status).toBe(200);
    expect(await a.headingText()).toBe(`${child.givenName} ${child.familyName}`);
    await a.fill({
      answer1: 'Two strategy discussions a month apart',
      strengths: 'Prompt information sharing',
      learning: 'Minutes were hard to follow',
    });
    const missing = await a.submit('Save self-audit', 'self-audit with a question unanswered');
    expect(missing.status).toBe(400);
    expect(await a.fieldError('answer2')).toBe('Answer question 2');
    await a.fill({ answer2: 'Yes, at school' });
    await a.choose('Your agency’s grade', 'Good');
    expect((await a.submit('Save self-audit', 'self-audit')).status).toBe(200);

    expect((await l.goto(auditPath)).status).toBe(200);
    expect((await l.submit('Move to: Multi-agency panel', 'move to the panel')).status).toBe(200);
    expect((await l.goto(casePath)).status).toBe(200);
    await l.choose('The grade the panel agreed', 'Requires improvement');
    const noReasons = await l.submit('Record panel grade', 'panel grade without reasons');
    expect(noReasons.status).toBe(400);
    expect(await l.fieldError('panelReasons')).toContain('differs');
    await l.fill({
      panelReasons: 'The second strategy discussion repeated the first without new information',
    });
    expect((await l.submit('Record panel grade', 'panel grade')).status).toBe(200);
    await l.choose('Was the family approached for feedback?', 'Yes');
    await l.choose('Did they respond?', 'Yes');
    await l.fill({ familyFeedback: 'They explained what would happen next' });
    expect((await l.submit('Record family feedback', 'family feedback')).status).toBe(200);

    expect((await l.goto(auditPath)).status).toBe(200);
    await l.choose('Strength or learning?', 'Learning');
    await l.fill({ text: 'Strategy discussion minutes need a clear template' });
    expect((await l.submit('Record finding', 'record a finding')).status).toBe(200);
    await l.choose('Single-agency or multi-agency?', 'Multi-agency');
    await l.fill({
      description: 'Agree one strategy discussion minute template',
      ownerName: 'Principal Social Worker',
      dueOn: '2099-03-31',
      measurableOutcome: 'Template used in 10 of 10 sampled minutes',
    });
    const noAgency = await l.submit('Agree action', 'action with no owning agency');
    expect(noAgency.status).toBe(400);
    expect(await l.fieldError('owningOrganisationId')).toBe('Select the agency that owns the action');
    await l.select('owningOrganisationId', 'Severnshire Children First');
    expect((await l.submit('Agree action', 'agree an action')).status).toBe(200);
    expect(await l.main.textContent()).toContain('Agree one strategy discussion minute template');
    expect((await l.followLink(/^A-\d+$/)).status).toBe(200);

    expect((await l.goto('/quality/briefings/new')).status).toBe(200);
    await l.fill({
      title: 'E2E briefing: repeat strategy discussions',
      summary: 'We looked at one child with repeat strategy discussions.',
      keyMessages: 'Use one minute template\nRecord new information at each discussion',
    });
    await l.check('E2E: repeat strategy discussions');
    const written = await l.submit('Save briefing', 'write a briefing');
    expect(written.status).toBe(200);
    expect((await l.submit('Publish version 1', 'publish the briefing')).status).toBe(200);
    const pdfHref = (await l.main.getByRole('link', { name: /PDF/ }).getAttribute('href'))!;
    const pdf = await lead.session.context.request.get(pdfHref);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // The published briefing is a public page (no sign-in), with its PDF.
    const publicHref = (await l.main
      .getByRole('link', { name: 'the public page of this briefing' })
      .getAttribute('href'))!;
    expect(publicHref).toMatch(/^\/learning-briefings\/\d+$/);
    expect((await l.goto('/quality/briefings')).status).toBe(200);
    const reader = q(await hub.session('member of the public'));
    expect((await reader.goto(publicHref)).status).toBe(200);
    expect(await reader.headingText()).toBe('E2E briefing: repeat strategy discussions');
    expect(await reader.main.textContent()).toContain('Use one minute template');
    expect((await reader.goto('/learning-briefings')).status).toBe(200);
    expect((await reader.followLink('E2E briefing: repeat strategy discussions')).path).toBe(publicHref);
    const publicPdf = await reader.session.context.request.get(`${publicHref}/pdf`);
    expect(publicPdf.status()).toBe(200);
    expect((await publicPdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const executive = await signInAs(hub, 'executive');
    const e = q(executive.session);
    expect((await e.goto('/quality/figures')).status).toBe(200);
    expect(await e.summaryValue('Audits')).toBe('7');
    expect(await e.main.locator('svg[role="img"]').count()).toBe(2);
    expect((await e.goto('/actions/figures')).status).toBe(200);
  });
});
