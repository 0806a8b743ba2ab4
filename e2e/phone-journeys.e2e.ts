/**
 * The main journeys of Operation Encompass on a phone (375 pixels wide), as an officer on a night
 * shift and a DSL at the start of the school day would walk them: the police officer records an
 * incident through its pages (the incident, the child, add another, check your answers), and the
 * DSL opens a notice from their list and acknowledges it. Every page must fit the screen (nothing
 * wider than 375 pixels) and pass axe, which each page object's step checks.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BasePage } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';

const WIDTH = 375;
const hub = useHub();

/** How wide the page shown now is: more than the window means a sideways scroll on a phone. */
const widthOf = (page: BasePage) => page.page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);

/** A London wall-clock date and time a few hours ago, as the form's boxes take them. */
function hoursAgo(hours: number): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() - hours * 3_600_000));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  };
}

describe('Operation Encompass on a phone, 375 pixels wide', () => {
  it('the police officer records an incident page by page, each page fitting the screen', async () => {
    const officer = await signInAs(hub, 'police_officer');
    await officer.session.page.setViewportSize({ width: WIDTH, height: 740 });
    const form = officer.pages.incidentForm;
    const widths: Record<string, number> = {};

    expect((await form.open()).status).toBe(200);
    await form.startAgain();
    widths.incident = await widthOf(form);
    const district = await officer.session.page
      .locator('select#districtCode option')
      .evaluateAll((options) =>
        options.find((o) => (o as HTMLOptionElement).value !== '')?.textContent?.trim(),
      );
    expect(district).toBeTruthy();
    const occurred = hoursAgo(3);
    await form.fillIncident({
      policeReference: `E2E/PHONE/${randomBytes(3).toString('hex').toUpperCase()}`,
      occurredDate: occurred.date,
      occurredTime: occurred.time,
      place: 'The family home',
      district: district ?? '',
      circumstances: 'Officers attended an argument between two adults. No arrests were made.',
      riskLevel: 'Standard',
    });
    const saved = await form.saveAndContinue();
    expect(saved).toEqual({ status: 200, path: '/encompass/incidents/new/children/1' });
    widths.child = await widthOf(form);
    await form.fillChild({
      givenName: 'Robin',
      familyName: 'Phonewidth',
      dateOfBirth: '2016-05-04',
      address: '1 Made Up Lane',
      postcode: 'WR1 2AB',
      presence: 'Elsewhere in the home',
      spokenTo: 'No',
    });
    const childSaved = await form.saveAndContinue();
    expect(childSaved).toEqual({ status: 200, path: '/encompass/incidents/new/children' });
    widths.addAnother = await widthOf(form);
    expect(await form.addAnother('No')).toEqual({ status: 200, path: '/encompass/incidents/new/check' });
    widths.check = await widthOf(form);
    const recorded = await form.submit();
    expect(recorded.status).toBe(200);
    expect(recorded.path).toMatch(/^\/encompass\/incidents\/[0-9a-f-]{36}\?recorded=1$/);
    widths.recorded = await widthOf(form);

    const tooWide = Object.entries(widths).filter(([, width]) => width > WIDTH);
    expect(tooWide, `pages wider than ${WIDTH}px`).toEqual([]);
  });

  it('the DSL opens a notice from their list and acknowledges it, each page fitting the screen', async () => {
    const dsl = await signInAs(hub, 'dsl');
    await dsl.session.page.setViewportSize({ width: WIDTH, height: 740 });
    const { notices, notice } = dsl.pages;
    const widths: Record<string, number> = {};

    expect((await notices.open()).status).toBe(200);
    widths.list = await widthOf(notices);
    // The lived-in demo year gives the demo DSL's school notices; one still to acknowledge is taken
    // if there is one, else any (an acknowledged notice is read without the form).
    const rows = await notices.notices();
    expect(rows.length).toBeGreaterThan(0);
    const open = rows.find((r) => !/Acknowledged/i.test(r.status)) ?? rows[0]!;
    expect((await notices.openNotice(open.id)).status).toBe(200);
    widths.notice = await widthOf(notice);
    if (await notice.acknowledgeButton.count()) {
      const done = await notice.acknowledge({
        action: 'Monitoring',
        note: 'Checked in with the child at registration.',
      });
      expect(done.status).toBe(200);
      widths.acknowledged = await widthOf(notice);
    }

    const tooWide = Object.entries(widths).filter(([, width]) => width > WIDTH);
    expect(tooWide, `pages wider than ${WIDTH}px`).toEqual([]);
  });
});
