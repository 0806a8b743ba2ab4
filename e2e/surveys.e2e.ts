/**
 * Surveys end to end, in a browser with axe on every page: a young person answers the online
 * safety survey on a phone-sized window (375 px) by its anonymous link, is told plainly about an
 * answer out of range, and sends their answers; the QA lead builds a survey, reads the LADO
 * survey's 36 returns (a chart and a table per question), marks a quote for the yearly report and
 * downloads the CSV; the executive reads results as figures only (no free text) and cannot build.
 */
import { describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';
import type { Session } from './support/session.ts';

class SurveyPages extends BasePage {
  constructor(session: Session) {
    super(session);
  }
  override navigate(action: () => Promise<void>, label: string, expectUrl?: RegExp): Promise<Landing> {
    return super.navigate(action, label, expectUrl);
  }
  press(button: string | RegExp, label = `press "${String(button)}"`): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: button }).first().click(), label);
  }
  async fill(label: string, value: string) {
    // A date is a GOV.UK date input: the group its legend names, with day, month and year boxes.
    const date = this.main.getByRole('group', { name: label, exact: true });
    if (await date.getByLabel('Day').count()) return this.fillDate(label, value);
    await this.main.getByLabel(label).fill(value);
  }
  async choose(group: string, answer: string) {
    await this.main.getByRole('group', { name: group }).getByLabel(answer, { exact: true }).check();
  }
  /** Nothing wider than the window: no sideways scrolling on a phone. */
  scrollWidth(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth);
  }
}

function today(n = 0): string {
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

describe('surveys and the voice of the child', () => {
  const hub = useHub({ children: 200 });

  it('a young person answers the online safety survey on a phone', async () => {
    const session = await hub.session('young person');
    await session.page.setViewportSize({ width: 375, height: 812 });
    const p = new SurveyPages(session);
    expect((await p.goto('/s/demo-online-safety')).status).toBe(200);
    expect(await p.headingText()).toBe('Staying safe online');
    expect(await p.main.textContent()).toContain('Nobody will know which answers are yours');
    expect(await p.scrollWidth()).toBeLessThanOrEqual(375);

    await p.fill('1. How old are you?', '25');
    expect((await p.press('Send my answers', 'answers with an age out of range')).status).toBe(400);
    expect(await p.errorSummaryLinks()).toContainEqual(
      expect.objectContaining({ text: 'Enter a whole number from 10 to 19' }),
    );
    expect(await p.scrollWidth()).toBeLessThanOrEqual(375);

    await p.fill('1. How old are you?', '14');
    await p.choose(
      '2. Are there any rules or limits on what you can do on your phone or other devices?',
      'No',
    );
    await p.choose('3. Does anyone check what you are doing, or who you are talking to, online?', 'Yes');
    await p.choose('4. Has anyone talked to you about staying safe online?', 'Yes');
    await p.choose('5. Who talked to you most about staying safe online?', 'School');
    await p.choose('6. If you or a friend felt unsafe online, what would you do?', 'Talk to a friend');
    await p.choose('7. I know where to get help if something goes wrong online', 'Really agree');
    await p.fill(
      '8. Is there anything else you want to tell us? (you can skip this)',
      'Assemblies about it help.',
    );
    const sent = await p.press('Send my answers');
    expect(sent.path).toBe('/s/demo-online-safety/thanks');
    expect(await p.main.textContent()).toContain('Thank you');
    expect(await p.scrollWidth()).toBeLessThanOrEqual(375);
  });

  it('the QA lead builds a survey, reads the LADO returns, marks a quote and downloads the CSV', async () => {
    const qa = await signInAs(hub, 'qa_lead');
    const p = new SurveyPages(qa.session);
    await p.goto('/surveys');
    await p.navigate(
      () => p.main.getByRole('button', { name: 'Build a survey' }).click(),
      'build',
      /\/surveys\/new$/,
    );
    await p.fill('Title', 'Multi-agency training: what changed?');
    await p.choose('Who is it for?', 'Practitioners of chosen agencies');
    await p.choose('Agencies whose practitioners are asked (for practitioners)', 'West Severn Police');
    await p.choose('How do people answer?', 'Anyone with the link, without signing in (anonymous)');
    await p.fill('Opening date', today());
    await p.fill('Closing date', today(14));
    const built = await p.press('Save and add questions');
    expect(built.path).toMatch(/^\/surveys\/\d+$/);
    await p.choose('Kind of question', 'A number');
    await p.fill('Question, or the statement to agree with', 'How many colleagues have you shared it with?');
    await p.fill('Smallest answer (for a number)', '0');
    expect((await p.press('Add question', 'a number question without its largest answer')).status).toBe(400);
    expect(await p.fieldError('maxValue')).toBe('Enter the largest answer, as a whole number');
    await p.fill('Largest answer (for a number)', '50');
    await p.press('Add question');
    expect(await p.main.textContent()).toContain('How many colleagues have you shared it with?');

    await p.goto('/surveys');
    await p.followLink(/^Results of Your experience of the LADO service/);
    expect(await p.headingText()).toBe('Your experience of the LADO service');
    expect((await p.main.textContent())?.replace(/\s+/g, ' ')).toContain('36 returns');
    expect(await p.main.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    expect(await p.main.locator('table.govuk-table').count()).toBeGreaterThan(0);
    const marked = await p.press(/^Mark for the yearly report/, 'mark a quote');
    expect(marked.path).toMatch(/\/results$/);
    expect(await p.main.textContent()).toContain('For the yearly report');
    const csv = await p.page.request.get(`${p.page.url().replace(/#.*$/, '')}.csv`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).trim().split('\n')).toHaveLength(37);

    const exec = await signInAs(hub, 'executive');
    const e = new SurveyPages(exec.session);
    expect((await e.goto('/surveys')).status).toBe(200);
    expect((await e.goto('/surveys/new')).status).toBe(403);
    // Figures only: the counts and charts, no word anyone wrote (not in the page at all), no quote buttons.
    await e.goto('/surveys');
    await e.followLink(/^Results of Your experience of the LADO service/);
    expect((await e.main.textContent())?.replace(/\s+/g, ' ')).toContain('36 returns');
    expect(await e.main.locator('blockquote').count()).toBe(0);
    expect(await e.main.textContent()).toContain('What people wrote is not shown to your role');
    expect(await e.main.getByRole('button', { name: /Mark for the yearly report/ }).count()).toBe(0);
  });
});
