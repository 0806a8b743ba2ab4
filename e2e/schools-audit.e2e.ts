/**
 * The Section 175/157 audit end to end, on the demo partnership: the head teacher's first try
 * at submitting lists every required answer missing; the DSL completes the return section by
 * section (saying the school has no child-on-child abuse policy); the head submits it; the
 * education safeguarding team sees it among the submitted returns and in the results, raises a
 * follow-up of that answer with an owner and a due date; the executive sees the figures only.
 * axe-core checks every page on the way.
 */
import { describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';
import type { Session } from './support/session.ts';

const hub = useHub({ children: 200 });

/** Forty questions in nine sections, each page checked by axe: longer than most journeys. */
const JOURNEY_TIMEOUT_MS = 240_000;

/** The audit's pages as a person meets them. */
class AuditPages extends BasePage {
  constructor(session: Session) {
    super(session);
  }

  /** Presses a button (by its accessible name) in the main content and checks the page it lands on. */
  press(name: string | RegExp, expectUrl?: string | RegExp): Promise<Landing> {
    const button = this.main.getByRole('button', { name }).first();
    return this.navigate(() => button.click(), `button "${String(name)}"`, expectUrl);
  }

  /** Does something that lands on a new page, and checks it. */
  act(action: () => Promise<void>, label: string): Promise<Landing> {
    return this.navigate(action, label);
  }

  /** Answers every question of the section shown: yes, 12, a sentence, the first option, rated green. */
  async answerSection(options: { noToChildOnChildPolicy?: boolean } = {}) {
    const page = this.page;
    for (const fieldset of await page.locator('form fieldset').all()) {
      const legend = ((await fieldset.locator('legend').textContent()) ?? '').trim();
      const radios = fieldset.locator('input[type="radio"]');
      if (!(await radios.count())) continue;
      if (legend.startsWith('How would you rate'))
        await fieldset.getByLabel('Green', { exact: true }).check();
      else if (options.noToChildOnChildPolicy && /child-on-child abuse policy/.test(legend))
        await fieldset.getByLabel('No', { exact: true }).check();
      else await radios.first().check();
    }
    for (const input of await page.locator('form input[inputmode="decimal"]').all()) await input.fill('12');
    for (const area of await page.locator('form textarea').all())
      await area.fill('Recorded in the safeguarding file');
  }
}

describe('the Section 175/157 audit', () => {
  it(
    'a DSL completes the return, the head submits it, the team sees the result and follows it up',
    async () => {
      // The head's first try: nothing answered yet, so every required answer is listed.
      const head = await signInAs(hub, 'head_teacher');
      const headPages = new AuditPages(head.session);
      const start = await headPages.goto('/schools-audit/my-return');
      expect(start.status).toBe(200);
      const returnPath = start.path;
      expect(returnPath).toMatch(/^\/schools-audit\/years\/\d+\/schools\/\d+$/);
      expect(await headPages.main.locator('#return-status').textContent()).toBe('Not started');
      await headPages.press('Submit the return');
      const refused = await headPages.press('Submit the return');
      expect(refused.status).toBe(400);
      const missing = await headPages.errorSummaryLinks();
      expect(missing.length).toBeGreaterThan(30);
      expect(missing.map((l) => l.text)).toContain(
        'Answer “Does the school have its own early help offer for families?” (Early help)',
      );

      // The DSL fills the return in, section by section.
      const dsl = await signInAs(hub, 'dsl');
      const dslPages = new AuditPages(dsl.session);
      expect((await dslPages.goto('/schools-audit/my-return')).path).toBe(returnPath);
      const firstSection = (await dslPages.followLink('Leadership and management')).path;
      // A number where yes or no is asked is refused on its field, and nothing is saved.
      await dslPages.answerSection();
      const firstRadio = dslPages.main.locator('input[type="radio"][value="yes"]').first();
      await firstRadio.evaluate((radio) => {
        (radio as HTMLInputElement).value = '5';
      });
      const wrong = await dslPages.press('Save and continue');
      expect(wrong.status).toBe(400);
      expect((await dslPages.errorSummaryLinks())[0]?.text).toMatch(/with yes or no$/);
      await dslPages.goto(returnPath);
      expect(await dslPages.main.locator('#return-status').textContent()).toBe('Not started');
      await dslPages.followLink('Leadership and management');
      for (let section = 0; section < 20; section++) {
        await dslPages.answerSection({ noToChildOnChildPolicy: true });
        const next = dslPages.main.getByRole('button', { name: 'Save and continue' });
        if (await next.count()) {
          const saved = await dslPages.press('Save and continue');
          expect(saved.status).toBe(200);
        } else {
          const saved = await dslPages.press('Save and return to the overview');
          expect(saved.path).toBe(`${returnPath}?done=saved`);
          break;
        }
      }
      expect(await dslPages.main.locator('#return-status').textContent()).toBe('In progress');
      expect(await dslPages.main.getByRole('button', { name: 'Submit the return' }).count()).toBe(0);

      // The head submits it; it is read-only after.
      await headPages.goto(returnPath);
      await headPages.press('Submit the return');
      const submitted = await headPages.press('Submit the return');
      expect(submitted.path).toBe(`${returnPath}?done=submitted`);
      expect(await headPages.main.locator('#return-status').textContent()).toBe('Submitted');
      const section = await dslPages.goto(firstSection);
      expect(section.status).toBe(404);

      // The team: the return among those submitted, the figures, and the follow-up.
      const officer = await signInAs(hub, 'education_safeguarding_officer');
      const team = new AuditPages(officer.session);
      const yearPath = returnPath.replace(/\/schools\/\d+$/, '');
      await team.goto(`${yearPath}/progress?status=submitted`);
      const schoolName = (await headPages.main.locator('h1').textContent())!.trim();
      expect(await team.main.locator('#table-schools').textContent()).toContain(schoolName);

      await team.goto(`${yearPath}/results`);
      expect(await team.main.locator('#table-report').textContent()).toContain(
        'Schools with their own early help offer',
      );
      expect(await team.main.locator('svg[role="img"]').count()).toBe(1);

      await team.goto(`${yearPath}/follow-ups`);
      const card = team.main.locator('.govuk-summary-card', { hasText: schoolName });
      expect(await card.count()).toBe(1);
      await card.getByLabel('Owner').selectOption({ index: 1 });
      const due = card.getByRole('group', { name: 'Due by' });
      await due.getByLabel('Day').fill('26');
      await due.getByLabel('Month').fill('2');
      await due.getByLabel('Year').fill('2099');
      await team.act(
        () => card.getByRole('button', { name: 'Raise the follow-up' }).click(),
        'raise a follow-up',
      );
      const raised = await team.main.locator('#table-follow-ups').textContent();
      expect(raised).toContain(schoolName);
      expect(raised).toContain('26 February 2099');

      // The executive: figures, no school.
      const executive = await signInAs(hub, 'executive');
      const board = new AuditPages(executive.session);
      expect((await board.goto('/schools-audit/results')).status).toBe(200);
      expect(await board.main.locator('a[href*="/schools?"]').count()).toBe(0);
      expect((await board.goto(`${yearPath}/follow-ups`)).status).toBe(403);
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'every page of the team’s, each checked by axe, including forms with their errors',
    async () => {
      const officer = await signInAs(hub, 'education_safeguarding_officer');
      const team = new AuditPages(officer.session);
      await team.goto('/schools-audit/years');
      const year = await team.followLink('2025-26');
      expect(await team.headingText()).toBe('Section 175/157 safeguarding audit 2025-26');
      // A question's form, and an error on it.
      await team.followLink('Change question early_help_offer');
      await team.page.getByLabel('Short name').fill('Not A Code!');
      const wrong = await team.press('Save the question');
      expect(wrong.status).toBe(400);
      expect(await team.fieldError('code')).toMatch(/lower-case letters/);
      await team.goto(`${year.path}/questions/new`);
      await team.goto('/schools-audit/years/new');
      const refused = await team.press('Define the year');
      expect(refused.status).toBe(400);
      expect((await team.errorSummaryLinks()).map((l) => l.href)).toEqual(['#opensOn-day', '#closesOn-day']);

      // Results: a question by phase and district, and the schools behind a figure.
      await team.goto(`${year.path}/results`);
      await team.followLink('Schools with a child-on-child abuse policy and risk assessment');
      expect(await team.main.locator('#table-district').count()).toBe(1);
      const behind = await team.followLink(/^99% yes/);
      expect(behind.path).toContain('/schools?answer=yes');
      expect(await team.main.locator('#behind-count').textContent()).toContain('267 schools answering yes');

      // A school's submitted return, and reopening it without a reason.
      const firstSchool = team.main.locator('#table-behind a').first();
      const school = await team.act(() => firstSchool.click(), 'a school behind the figure');
      expect(school.path).toMatch(/\/schools\/\d+$/);
      await team.press('Reopen for amendment');
      const noReason = await team.press('Reopen the return');
      expect(noReason.status).toBe(400);
      expect(await team.fieldError('reason')).toBeTruthy();
      await team.goto(`${year.path}/progress`);
      expect(await team.main.locator('#progress-headline').textContent()).toContain(
        '271 of 271 schools have submitted',
      );
      await team.goto(`${year.path}/follow-ups`);
      expect(await team.main.locator('#table-follow-ups tbody tr').count()).toBe(4);
    },
    JOURNEY_TIMEOUT_MS,
  );
});
