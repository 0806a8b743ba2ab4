/**
 * The Family Front Door end to end, on the seeded demo: the demo DSL refers a child (found in the
 * child index first; new only after the candidates were shown), is stopped without the child's
 * voice, and submits; the front door practitioner finds it in the inbox, is stopped without a
 * rationale or feedback, and decides with feedback to the school's safeguarding lead; the DSL sees
 * the decision and the feedback; a strategy discussion without health shows as not quorate. The
 * QA lead's audit programme, the auditor's cases and the dashboards are opened too: axe checks
 * every page on the way.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';
import type { Session } from './support/session.ts';

const hub = useHub();

/** The front door's pages as a person uses them: by labels and buttons, like a browser user. */
class FrontDoorPages extends BasePage {
  open(path: string): Promise<Landing> {
    return this.goto(path, `GET ${path}`);
  }

  async fill(label: string, value: string) {
    // A date is a GOV.UK date input: the group its legend names, with day, month and year boxes.
    const date = this.main.getByRole('group', { name: label, exact: true });
    if (await date.getByLabel('Day').count()) return this.fillDate(label, value);
    await this.main.getByLabel(label, { exact: true }).fill(value);
  }

  async choose(label: string) {
    await this.main.getByLabel(label, { exact: true }).check();
  }

  press(button: string, label = `press "${button}"`): Promise<Landing> {
    return this.navigate(
      () => this.main.getByRole('button', { name: button, exact: true }).first().click(),
      label,
    );
  }
}

const pagesFor = (session: Session) => new FrontDoorPages(session);
// A child no demo record has: the search shows no candidate, and only then may the DSL add them.
const SUFFIX = randomBytes(2).toString('hex');
const CHILD = { given: 'Ellery', family: `Endtoend${SUFFIX}`, born: '2017-02-03' };

describe('a referral to the Family Front Door', () => {
  it('a DSL refers; the front door decides with feedback; the DSL sees it; a discussion without health is not quorate', async () => {
    const dsl = await signInAs(hub, 'dsl');
    const referrer = pagesFor(dsl.session);
    expect((await referrer.open('/front-door')).status).toBe(200);

    // Find the child first.
    expect((await referrer.open('/front-door/referrals/new')).status).toBe(200);
    await referrer.fill('Given name', CHILD.given);
    await referrer.fill('Family name', CHILD.family);
    await referrer.fill('Date of birth', CHILD.born);
    expect((await referrer.press('Search the child index', 'search the index')).status).toBe(200);
    expect(await referrer.main.textContent()).toContain('None of these is the child');

    // Adding a new child without saying none of the candidates is them is refused.
    await referrer.choose('Not known');
    const refused = await referrer.press('Add a new child to the index', 'add a child, unconfirmed');
    expect(refused.status).toBe(400);
    expect(await referrer.errorSummaryLinks()).toEqual([
      { text: 'Confirm that none of the children found is this child', href: '#confirmNotListed' },
    ]);
    await referrer.choose('Not known');
    await referrer.choose('I have checked: none of the children above is this child');
    const drafted = await referrer.press('Add a new child to the index', 'add a new child');
    expect(drafted.status).toBe(200);
    expect(drafted.path).toMatch(/^\/front-door\/referrals\/\d+\/edit$/);
    const referralId = /referrals\/(\d+)/.exec(drafted.path)![1]!;

    // The referral form: without the child's voice it is not submitted.
    await referrer.fill('Your name', 'Demo DSL');
    await referrer.fill('Your role', 'Designated safeguarding lead');
    await referrer.fill('Your email', 'dsl@demo.safeguarding-hub.example');
    await referrer.fill('Family and household', 'Lives with mother and her partner.');
    await referrer.fill(
      'The concerns, in your own words',
      'A bruise to the cheek; she said it happened at home.',
    );
    await referrer.choose('Level 4: specialist (children’s social care)');
    await referrer.fill('Early help already in place', 'The school’s pastoral support.');
    await referrer.main.locator('#settingEarlyHelpOffer').check();
    await referrer.choose('Consent not sought because seeking it would increase the risk to the child');
    await referrer.choose('Urgent: a decision is needed today');
    const noVoice = await referrer.press('Submit the referral', 'submit without the child’s voice');
    expect(noVoice.status).toBe(400);
    expect(await referrer.fieldError('childVoice')).toBe('Enter what the child said, or why it is not known');
    await referrer.fill('The child’s voice', 'She said: “I don’t want to go home tonight.”');
    const submitted = await referrer.press('Submit the referral', 'submit the referral');
    expect(submitted).toEqual({ status: 200, path: `/front-door/referrals/${referralId}?submitted=1` });
    expect(await referrer.notificationBanner.textContent()).toContain('Referral submitted');

    // The front door: the inbox, a refused decision, then the decision with feedback.
    const fd = await signInAs(hub, 'front_door_practitioner');
    const practitioner = pagesFor(fd.session);
    expect((await practitioner.open('/front-door/inbox')).status).toBe(200);
    expect(await practitioner.main.textContent()).toContain(`${CHILD.given} ${CHILD.family}`);
    await practitioner.followLink(`Referral ${referralId}`);
    expect((await practitioner.open(`/front-door/referrals/${referralId}/decision`)).status).toBe(200);
    await practitioner.choose('Strategy discussion (section 47 concerns)');
    const noRationale = await practitioner.press(
      'Record the decision and send feedback',
      'decide without rationale',
    );
    expect(noRationale.status).toBe(400);
    const problems = (await practitioner.errorSummaryLinks()).map((l) => l.href);
    expect(problems).toEqual(
      expect.arrayContaining(['#rationale', '#feedbackOutcome', '#feedbackNextSteps', '#feedbackContact']),
    );
    await practitioner.fill('Rationale', 'An injury with a disclosure: section 47 concerns.');
    await practitioner.choose('Level 4: specialist (children’s social care)');
    await practitioner.fill('Outcome', 'A strategy discussion is being held today.');
    await practitioner.fill('Next steps', 'A social worker will contact you today.');
    await practitioner.fill('Whom to contact', 'The duty team manager on 01234 567890');
    await practitioner.choose('Their organisation’s safeguarding lead');
    const decided = await practitioner.press('Record the decision and send feedback', 'decide');
    expect(decided).toEqual({ status: 200, path: `/front-door/referrals/${referralId}?decided=1` });

    // The DSL sees the decision and the feedback.
    expect((await referrer.open('/front-door')).status).toBe(200);
    expect(await referrer.main.textContent()).toContain('Decided: feedback given');
    await referrer.open(`/front-door/referrals/${referralId}`);
    expect(await referrer.summaryValue('Outcome')).toBe('A strategy discussion is being held today.');
    expect(await referrer.summaryValue('Whom to contact')).toBe('The duty team manager on 01234 567890');

    // A strategy discussion without health: not quorate.
    await practitioner.open(`/front-door/referrals/${referralId}`);
    await practitioner.followLink(new RegExp(`record a strategy discussion about ${CHILD.given}`));
    await practitioner.fill('Date held', new Date().toISOString().slice(0, 10));
    await practitioner.fill('Children’s social care', 'Sam Social');
    await practitioner.fill('Police', 'DC Pat Police');
    await practitioner.fill('Information shared', 'School shared the disclosure; police hold no record.');
    await practitioner.choose('Section 47 enquiries begin');
    await practitioner.main.locator('#action0_description').fill('Police to check the partner’s history');
    const recorded = await practitioner.press(
      'Record the strategy discussion',
      'record the strategy discussion',
    );
    expect(recorded.status).toBe(200);
    expect(recorded.path).toMatch(/^\/front-door\/strategy-discussions\/\d+$/);
    expect(await practitioner.main.locator('#quorum').textContent()).toMatch(
      /Not quorate\s+Missing: Health\./,
    );
    expect(await practitioner.main.textContent()).toContain('Not SMART');
    expect((await practitioner.open('/front-door/clocks')).status).toBe(200);
    expect((await practitioner.open('/front-door/dashboard')).status).toBe(200);
  });

  it('the QA lead’s audit programme, the auditor’s cases and the executive’s dashboard pass axe', async () => {
    const qa = pagesFor((await signInAs(hub, 'qa_lead')).session);
    expect((await qa.open('/front-door/audits')).status).toBe(200);
    const lastMonth = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 7);
    // The month of the sample, by its id: the settings' date input has a Month box of its own.
    await qa.page.locator('#month').fill(lastMonth);
    const proposed = await qa.press('Propose the sample', 'propose a sample');
    expect(proposed.status).toBe(200);
    expect(proposed.path).toMatch(/^\/front-door\/audits\/samples\/\d+$/);
    expect((await qa.open('/front-door/audits/learning')).status).toBe(200);
    expect(await qa.main.locator('#conversion-statement').textContent()).toMatch(
      /improved in \d+ of \d+ \(\d+ %\)|No institution/,
    );

    const auditor = pagesFor((await signInAs(hub, 'auditor')).session);
    expect((await auditor.open('/front-door/audits/cases')).status).toBe(200);
    // The demo confirms each month's sample for the demo auditor: their cases are listed and open.
    const first = auditor.main.locator('a[href^="/front-door/audits/cases/"]').first();
    expect(await first.count()).toBe(1);
    const landing = await auditor.followLink((await first.textContent())!.trim());
    expect(landing.status).toBe(200);
    expect(await auditor.headingText()).toMatch(/^Audit of referral \d+$/);

    const executive = pagesFor((await signInAs(hub, 'executive')).session);
    expect((await executive.open('/front-door/dashboard')).status).toBe(200);
    expect((await executive.open('/front-door/inbox')).status).toBe(403);
  });
});
