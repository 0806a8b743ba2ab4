/**
 * Practice reviews end to end, in a browser with axe on every page: the review group member
 * records a serious incident notification for a child, sees the 5-working-day clock, records the
 * notification, is refused a rapid review decision without reasons and a Panel response dated
 * before the notification, records a decision to hold a CSPR (joint with a DHR), a recommendation,
 * and an action for it in the action tracker, opens the action from the review, marks it done,
 * judges its evidence of impact, and follows the action back to the review, where the impact shows. The business
 * unit's register shows the reference, never the child's name; the executive sees figures only.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';
import type { Session } from './support/session.ts';

/** A civil date n days from today, in London. */
function daysFromToday(n: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
      .formatToParts(new Date(Date.now() + n * 86_400_000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Any page of the reviews: fill in fields by label, press a button, and land (checked by axe). */
class ReviewPages extends BasePage {
  constructor(session: Session) {
    super(session);
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
  async select(label: string, option: string) {
    await this.main.getByLabel(label, { exact: true }).selectOption({ label: option });
  }
  override navigate(action: () => Promise<void>, label: string, expectUrl?: RegExp): Promise<Landing> {
    return super.navigate(action, label, expectUrl);
  }
  press(button: string, label = `press "${button}"`): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: button }).click(), label);
  }
}

const RUN = randomBytes(3).toString('hex');
const CHILD = { givenName: 'Zebedee', familyName: `Quillfeather${RUN}` };

describe('practice reviews', () => {
  const hub = useHub({ children: 200 });

  it('a serious incident notification → rapid review → CSPR decision → recommendation → action → done → impact on the review', async () => {
    const member = await signInAs(hub, 'review_group_member');
    const p = new ReviewPages(member.session);
    expect((await p.goto('/reviews')).status).toBe(200);
    // The start button is a link styled as a button.
    await p.navigate(
      () => p.main.getByRole('button', { name: 'Record a serious incident notification' }).click(),
      'start',
      /notifications\/new/,
    );
    await p.fill('Given name', CHILD.givenName);
    await p.fill('Family name', CHILD.familyName);
    await p.fill('Date of birth', '2020-02-14');
    await p.choose('Male');
    await p.fill('Date of the incident', daysFromToday(-10));
    await p.fill('What happened', 'A serious injury at home; neglect is suspected.');
    await p.fill('Date the partnership became aware', daysFromToday(-8));
    let landed = await p.press('Record the notification');
    if (landed.path.startsWith('/reviews/notifications')) {
      // Likely children of the index are shown first: this one is new.
      await p.choose('None of these: record a new child in the child index');
      landed = await p.press('Record the notification');
    }
    expect(landed.path).toMatch(/^\/reviews\/\d+$/);
    const caseUrl = landed.path;
    expect(await p.headingText()).toMatch(/^Review RR-\d{4}-\d{2}$/);
    const reference = (await p.headingText()).replace('Review ', '');
    await expect.poll(() => p.main.textContent()).toContain(`${CHILD.givenName} ${CHILD.familyName}`);
    expect(await p.summaryValue('Due (5 working days)')).toMatch(
      /Due in \d+ working days?|Due today|Overdue by/,
    );

    // The notification, then the rapid review's decision: without reasons it is refused.
    await p.goto(`${caseUrl}/notified`);
    await p.fill('Date the Panel was notified', daysFromToday(-6));
    expect((await p.press('Save')).path).toBe(`${caseUrl}?saved=1`);
    expect(await p.summaryValue('Due to the Panel (15 working days)')).toMatch(/Due in \d+ working days?/);

    await p.goto(`${caseUrl}/decision`);
    await p.choose('Hold a child safeguarding practice review (CSPR)');
    await p.fill('Date of the decision', daysFromToday(-1));
    expect((await p.press('Save', 'decision without reasons')).status).toBe(400);
    expect(await p.errorSummaryLinks()).toContainEqual({
      text: 'Enter the reasons for the decision',
      href: '#decisionReasons',
    });
    expect(await p.fieldError('decisionReasons')).toBe('Enter the reasons for the decision');
    await p.fill(
      'Reasons for the decision',
      'The criteria are met: learning about multi-agency work with domestic abuse.',
    );
    await p.fill('Date the rapid review was sent to the Panel', daysFromToday(0));
    expect((await p.press('Save')).path).toBe(`${caseUrl}?saved=1`);

    // The Panel's response: dated before the notification, refused.
    await p.goto(`${caseUrl}/panel`);
    await p.choose('Agrees with the decision');
    await p.fill('Date of the response', daysFromToday(-7));
    expect((await p.press('Save', 'panel response before the notification')).status).toBe(400);
    expect(await p.fieldError('panelResponseOn')).toMatch(/must be on or after the notification/);
    await p.fill('Date of the response', daysFromToday(0));
    expect((await p.press('Save')).path).toBe(`${caseUrl}?saved=1`);
    expect(await p.summaryValue('Publication due (6 months)')).toMatch(/Due in \d+ days/);

    await p.goto(`${caseUrl}/cspr`);
    await p.choose('Yes, a joint CSPR and DHR');
    await p.fill('Independent reviewer', 'A. Reviewer');
    await p.press('Save');
    await expect.poll(() => p.main.textContent()).toContain('joint with a domestic homicide review');

    // A recommendation, and its action in the action tracker.
    await p.followLink('Add a recommendation');
    await p.fill('Recommendation', 'Raise awareness of "think family" among practitioners.');
    await p.press('Save');
    await p.followLink(/Add an action/);
    await p.fill('What is to be done', 'Publish a Think Family newsletter');
    expect((await p.press('Add the action', 'action without an agency')).status).toBe(400);
    expect(await p.fieldError('owningOrganisationId')).toBe('Select the agency that owns the action');
    await p.select('Agency that owns the action', 'Severnshire Children First');
    await p.fill('Named owner', 'Head of safeguarding');
    await p.fill('Due date', daysFromToday(60));
    await p.fill('Measurable outcome', '80% of practitioners surveyed have read it');
    expect((await p.press('Add the action')).path).toBe(caseUrl);
    const actionLanding = await p.followLink('Publish a Think Family newsletter', /\/actions\/\d+$/);
    expect(actionLanding.status).toBe(200);
    expect(await p.main.textContent()).toContain(`practice review ${reference}`);

    // The owning agency's work is done: the action is marked done with its evidence.
    await p.fill(
      'What was done, and the evidence that it is done',
      'The newsletter went to 1,200 practitioners.',
    );
    expect((await p.press('Mark done')).path).toMatch(/\/actions\/\d+\?done=1$/);
    expect(await p.summaryValue('Status')).toContain('Done');
    const actionUrl = p.path.replace(/\?.*$/, '');

    // Evidence of impact is judged by the review group (the group that owns the source).
    expect((await p.press('Record judgement', 'judgement without a choice')).status).toBe(400);
    expect(await p.fieldError('judgement')).toMatch(/Select whether the learning is embedded/);
    await p.choose('Partly evidenced');
    await p.fill(
      'The evidence the judgement rests on',
      'A re-audit found Think Family prompts in 6 of 10 files.',
    );
    expect((await p.press('Record judgement')).path).toBe(`${actionUrl}?judged=1`);

    // The impact shows on the review's page, beside the action, and the action leads back to the review.
    await p.followLink(
      `Recommendation 1 of practice review ${reference}`,
      new RegExp(`${caseUrl}#recommendations$`),
    );
    const impactCell = p.main.getByRole('table', { name: 'Actions of recommendation 1' });
    await expect.poll(() => impactCell.textContent()).toContain('Partly evidenced, judged');
    expect(await impactCell.textContent()).toContain(
      'A re-audit found Think Family prompts in 6 of 10 files.',
    );
    expect(await impactCell.textContent()).toContain('Done');

    // The business unit sees the reference in the register, never the child's name, and not the case.
    const admin = await signInAs(hub, 'partnership_admin');
    const a = new ReviewPages(admin.session);
    await a.goto('/reviews');
    expect(await a.main.textContent()).toContain(reference);
    expect(await a.main.textContent()).not.toContain(CHILD.familyName);
    expect((await a.goto(caseUrl)).status).toBe(403);

    const executive = await signInAs(hub, 'executive');
    const e = new ReviewPages(executive.session);
    expect((await e.goto('/reviews/figures')).status).toBe(200);
    expect((await e.goto('/reviews')).status).toBe(403);
  });

  it('national reviews and their decisions', async () => {
    const member = await signInAs(hub, 'review_group_member');
    const p = new ReviewPages(member.session);
    await p.goto('/reviews/national');
    await p.followLink(/Child Protection in England/);
    expect(await p.main.textContent()).toContain('Already in place here');
    expect(await p.main.textContent()).toContain('Relevant here: act on it');
  });
});
