/**
 * Training end to end, in the browser with axe on every page: the business unit adds a session
 * (after a session in the past is refused) delivered by the demo trainer; a practitioner without
 * an account books it, gets the link by email (a real SMTP server on loopback), confirms it and
 * gets the booking email with its calendar invitation; the trainer marks them attended on a
 * phone-sized screen; they get the certificate (a PDF) and give feedback; the DSL, the business
 * unit and an executive see their pages.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { POSTGRES_URL, type ScratchDatabase, createScratchDatabase } from './support/database.ts';
import { useHub } from './support/hub.ts';
import { type Mailbox, type ReceivedEmail, startMailbox } from './support/mailbox.ts';
import { signInAs } from './support/people.ts';
import type { Session } from './support/session.ts';

const RUN = randomBytes(3).toString('hex');
const PRACTITIONER = {
  givenName: 'Morgan',
  familyName: `Fosterer-${RUN}`,
  organisationName: 'Horizon Fostering',
  email: `morgan.fosterer.${RUN}@horizon-fostering.example`,
};

/** A London wall-clock date and time, `minutes` from now. */
function londonIn(minutes: number): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(Date.now() + minutes * 60_000))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Any page of the training module: forms filled by label, buttons pressed, every landing checked by axe. */
class TrainingPage extends BasePage {
  open(path: string, label = `GET ${path}`): Promise<Landing> {
    return this.goto(path, label);
  }
  async fill(fields: Record<string, string>) {
    for (const [label, value] of Object.entries(fields)) {
      // A date is a GOV.UK date input: its day, month and year boxes in the group of that name.
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) await this.fillDate(label, value);
      else await this.main.getByLabel(label, { exact: true }).fill(value);
    }
  }
  press(button: string, label = `after pressing "${button}"`): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: button, exact: true }).click(), label);
  }
  link(name: string | RegExp): Promise<Landing> {
    return this.followLink(name);
  }
}

let mailbox: Mailbox | undefined;
let database: ScratchDatabase | undefined;
beforeAll(async () => {
  mailbox = await startMailbox();
  if (POSTGRES_URL) database = await createScratchDatabase(POSTGRES_URL, 'training');
});
afterAll(async () => {
  await mailbox?.close();
  await database?.drop();
});

const hub = useHub(() => ({
  children: 200,
  env: { SMTP_URL: mailbox!.url, JOBS: 'on' },
  ...(database ? { databaseUrl: database.url } : {}),
}));

/** The email to `to` whose subject starts with `subject`, once the job queue has sent it. */
async function emailTo(to: string, subject: string): Promise<ReceivedEmail> {
  let found: ReceivedEmail | undefined;
  await expect
    .poll(
      () => {
        found = mailbox!.messages.find((m) => m.to.includes(to) && m.subject.startsWith(subject));
        return found !== undefined;
      },
      { timeout: 30_000, interval: 250 },
    )
    .toBe(true);
  return found!;
}

/** The path of the booking link in an email. */
const bookingPath = (email: ReceivedEmail) => {
  const path = /\/training\/booking\/\d+-[A-Za-z0-9_-]{43}/.exec(email.text.replace(/=\r?\n/g, ''))?.[0];
  expect(path, `a booking link in "${email.subject}"`).toBeTruthy();
  return path!;
};

const state: { sessionId?: number; bookingPath?: string } = {};

describe('training, from the business unit to the certificate', () => {
  it('the business unit adds a session for later today, after a session in the past is refused', {
    timeout: 15 * 60_000,
  }, async () => {
    const admin = await signInAs(hub, 'partnership_admin');
    const page = new TrainingPage(admin.session);
    expect((await page.open('/training/courses')).status).toBe(200);
    expect((await page.link('Signs of Safety Partnership Training')).status).toBe(200);
    expect((await page.press('Add a session')).status).toBe(200);
    const past = londonIn(-24 * 60);
    const fields = (
      start: { date: string; time: string },
      end: { date: string; time: string },
      deadline: { date: string; time: string },
    ) => ({
      Date: start.date,
      'Start time': start.time,
      'End time': end.time,
      'Venue (if in person)': 'County Hall, Worcester',
      'Number of places': '12',
      'Booking deadline: date': deadline.date,
      'Booking deadline: time': deadline.time,
      'Attendees may cancel until: date': deadline.date,
      'Attendees may cancel until: time': deadline.time,
    });
    await page.fill(fields(past, londonIn(-24 * 60 + 120), londonIn(-48 * 60)));
    await page.main.getByLabel('Adam da Silva', { exact: true }).check();
    const refused = await page.press('Save session', 'a session in the past, refused');
    expect(refused.status).toBe(400);
    expect(await page.errorSummaryLinks()).toContainEqual({
      text: 'The session must start in the future',
      href: '#date-day',
    });
    expect(await page.fieldError('date')).toBe('The session must start in the future');

    // Later today (the register can be marked on the session's day): in the last minutes of a
    // day, wait for the next one.
    while (londonIn(12).date !== londonIn(0).date) await new Promise((r) => setTimeout(r, 20_000));
    await page.fill(fields(londonIn(10), londonIn(11), londonIn(6)));
    const saved = await page.press('Save session');
    expect(saved.status).toBe(200);
    const id = /\/training\/sessions\/(\d+)\/manage/.exec(saved.path)?.[1];
    expect(id).toBeTruthy();
    state.sessionId = Number(id);
    expect(await page.main.textContent()).toContain('Adam da Silva');
    for (const path of [
      '/training/courses/new',
      '/training/feedback',
      '/training/completions/new',
      '/training/mandatory',
      `/training/sessions/${id}/edit`,
    ])
      expect((await page.open(path)).status, path).toBe(200);
  });

  it('a practitioner without an account books it and confirms by the link emailed to them', async () => {
    const visitor = await hub.session('practitioner');
    const page = new TrainingPage(visitor);
    expect((await page.open('/training')).status).toBe(200);
    expect((await page.open(`/training/sessions/${state.sessionId}`)).status).toBe(200);
    await page.fill({
      'Given name': PRACTITIONER.givenName,
      'Family name': PRACTITIONER.familyName,
      'Organisation you work for': PRACTITIONER.organisationName,
      'Work email address': 'not-an-email',
    });
    await page.main
      .getByLabel('Kind of organisation')
      .selectOption({ label: 'Independent fostering agency' });
    const refused = await page.press('Send me the link to confirm', 'booking with a bad email address');
    expect(refused.status).toBe(400);
    expect(await page.fieldError('email')).toContain('Enter your work email address in the correct format');
    await page.fill({ 'Work email address': PRACTITIONER.email });
    const asked = await page.press('Send me the link to confirm');
    expect(asked).toEqual({ status: 200, path: `/training/sessions/${state.sessionId}/requested` });
    expect(await page.headingText()).toBe('Check your email');

    const confirm = await emailTo(PRACTITIONER.email, 'Confirm your place');
    state.bookingPath = bookingPath(confirm);
    expect((await page.open(state.bookingPath, 'the booking page from the email')).status).toBe(200);
    const confirmed = await page.press('Confirm my booking');
    expect(confirmed.status).toBe(200);
    expect(await page.notificationBanner.textContent()).toContain('Your place is booked');
    expect(await page.main.textContent()).toContain('Booked');

    const booked = await emailTo(PRACTITIONER.email, 'Booked:');
    // The calendar invitation is attached (nodemailer writes it in base64 or quoted-printable).
    expect(booked.raw).toContain('text/calendar');
    const part = booked.raw.split(/\r?\n--/).find((p) => p.includes('training.ics'));
    const body =
      part
        ?.split(/\r?\n\r?\n/)
        .slice(1)
        .join('\n') ?? '';
    const decoded = /base64/i.test(part ?? '')
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : body;
    expect(decoded).toContain('BEGIN:VCALENDAR');
    expect(decoded).toContain(`UID:training-session-${state.sessionId}@safeguarding-hub`);
  });

  it('the trainer marks the register on a phone-sized screen', async () => {
    const trainer = await signInAs(hub, 'trainer');
    await trainer.session.page.setViewportSize({ width: 375, height: 740 });
    const page = new TrainingPage(trainer.session);
    expect((await page.open('/training/registers')).status).toBe(200);
    expect((await page.open(`/training/registers/${state.sessionId}`)).status).toBe(200);
    const name = `${PRACTITIONER.givenName} ${PRACTITIONER.familyName}`;
    const group = page.main.getByRole('group', { name: new RegExp(name) });
    await group.getByLabel('Attended', { exact: true }).check();
    const saved = await page.press('Save register');
    expect(saved).toEqual({ status: 200, path: `/training/registers/${state.sessionId}?saved=1` });
    await expect.poll(() => group.getByLabel('Attended', { exact: true }).isChecked()).toBe(true);
  });

  it('the practitioner gets the certificate and gives feedback', async () => {
    const thanks = await emailTo(PRACTITIONER.email, 'Thank you for attending');
    expect(thanks.text).toContain('/certificate.pdf');
    const visitor: Session = await hub.session('practitioner again');
    const page = new TrainingPage(visitor);
    expect((await page.open(state.bookingPath!)).status).toBe(200);
    const response = await visitor.page.request.get(`${state.bookingPath}/certificate.pdf`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');

    expect((await page.link('Tell us what you thought of the session')).status).toBe(200);
    const refused = await page.press('Send feedback', 'feedback with nothing chosen');
    expect(refused.status).toBe(400);
    for (const [legend, value] of [
      ['Overall, how good was the session?', '5 – excellent'],
      ['How far were the learning outcomes met?', '4'],
      ['How confident were you in this subject before the session?', '2'],
      ['How confident are you now?', '4'],
    ] as const)
      await page.main.getByRole('group', { name: legend }).getByLabel(value, { exact: true }).check();
    await page.main
      .getByLabel(/What would you tell a colleague/)
      .fill('Practical, and the case studies helped');
    const sent = await page.press('Send feedback');
    expect(sent.status).toBe(200);
    expect(await page.notificationBanner.textContent()).toContain('Thank you for your feedback');
  });

  it('the DSL sees their staff’s training, and an executive the year’s figures', async () => {
    const dsl = await signInAs(hub, 'dsl');
    expect((await new TrainingPage(dsl.session).open('/training/my-setting')).status).toBe(200);
    expect((await new TrainingPage(dsl.session).open('/training/my-bookings')).status).toBe(200);
    const executive = await signInAs(hub, 'executive');
    const page = new TrainingPage(executive.session);
    const lastYear =
      Number(londonIn(0).date.slice(0, 4)) - (Number(londonIn(0).date.slice(5, 7)) >= 4 ? 1 : 2);
    expect((await page.open(`/training/figures?year=${lastYear}`)).status).toBe(200);
    const text = (await page.main.textContent()) ?? '';
    expect(text).toContain('377 at 14 sessions');
    expect((await page.open('/training/mandatory')).status).toBe(403);
  });
});
