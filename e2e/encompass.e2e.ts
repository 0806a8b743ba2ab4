/**
 * Operation Encompass end to end: the police officer records an incident with three children;
 * two schools' DSLs and the health visiting team read and acknowledge their own child's notice
 * (a third school's DSL cannot open it); the audit log shows every look; the arrival emails,
 * really delivered to an SMTP server on loopback, carry no child's details; and, on PostgreSQL,
 * a notice left unacknowledged is escalated by the CLI with a controllable clock.
 *
 * The server runs with SMTP_URL pointing at the mailbox below and JOBS=on. Its database is a
 * PostgreSQL database made for this file when E2E_DATABASE_URL or TEST_DATABASE_URL is set, or
 * PGlite. Either way it is seeded with the CLI before the server starts and read with `pg` to
 * find the children: PGlite can only be opened by one process, so it is read before the server
 * opens it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, demoEmail } from './support/accounts.ts';
import {
  POSTGRES_URL,
  type ScratchDatabase,
  type SqlClient,
  connect,
  createScratchDatabase,
  openPglite,
} from './support/database.ts';
import { useHub } from './support/hub.ts';
import { type Mailbox, type ReceivedEmail, startMailbox } from './support/mailbox.ts';
import { type Person, signIn, signInAs } from './support/people.ts';
import { type ServerSetup, runCli } from './support/server.ts';

const CHILDREN = 200;

// ---------------------------------------------------------------------------------------------
// Dates as the service shows and takes them.

const CIVIL_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' });

/** A moment as the officer's form takes it: a date and a 24-hour time, UK time. */
function londonWallClock(at: Date): { date: string; time: string } {
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
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** "6 December 2026 at 10:30pm", as the Encompass pages write a moment (10am, midday, midnight). */
function readableMoment(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h12',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const minute = parts.minute === '00' ? '' : `:${parts.minute}`;
  const period = (parts.dayPeriod ?? '').toLowerCase().replace(/[.\s]/g, '');
  const time =
    parts.minute === '00' && parts.hour === '12'
      ? period === 'am'
        ? 'midnight'
        : 'midday'
      : `${parts.hour}${minute}${period}`;
  return `${parts.day} ${parts.month} ${parts.year} at ${time}`;
}

/** '2019-08-30' → '30 August 2019', as on the service's pages. */
const civilDate = (iso: string) => CIVIL_DATE.format(new Date(`${iso}T00:00:00Z`));

// The incident happened three hours ago: the children's rolls and ages are taken on its date.
const OCCURRED = londonWallClock(new Date(Date.now() - 3 * 3_600_000));
// The police were told just now (a minute ago, for clocks): each notice is due before the next
// school day after this, so it is not yet overdue whatever the time of day the tests run.
const ATTENDED = londonWallClock(new Date(Date.now() - 60_000));
const RUN = randomBytes(3).toString('hex').toUpperCase();
const FIRST_REFERENCE = `E2E/${RUN}/0001`;
const SECOND_REFERENCE = `E2E/${RUN}/0002`;

// ---------------------------------------------------------------------------------------------
// The children and settings of the journey, found in the seeded database.

interface Setting {
  id: number;
  name: string;
  urn: string;
  safeguardingEmail: string;
}

interface IndexedChild {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  address: string | null;
  postcode: string | null;
}

interface Journey {
  /** The demo DSL's school and a child on its roll. */
  first: { setting: Setting; child: IndexedChild };
  /** Another joined school (with a deputy or head, who are told of an escalation) and its pupil. */
  second: { setting: Setting; child: IndexedChild; escalationTo: string[] };
  /** A third joined school, whose DSL has no notice. */
  third: { setting: Setting };
  /** Under 5, on no roll, in the district of the demo health visitor's team. */
  baby: IndexedChild & { districtName: string; teamName: string; teamEmail: string };
}

const CHILD_COLUMNS = `
  c.given_name AS "givenName", c.family_name AS "familyName",
  to_char(c.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", c.address, c.postcode`;
/** Exactly one child in the index has these names and date of birth: the service will match it. */
const MATCHES_ONE = `
  (SELECT count(*) FROM child o
    WHERE lower(o.given_name) = lower(c.given_name) AND lower(o.family_name) = lower(c.family_name)
      AND o.date_of_birth = c.date_of_birth) = 1`;

/** A child under 18, on the roll of exactly one setting on the incident's date, that setting joined. */
function pupilQuery(settingCondition: string, order: string): string {
  return `
    WITH on_roll AS (
      SELECT e.child_id, e.setting_id FROM child_enrolment e
      WHERE e.on_roll_from <= $1::date AND (e.on_roll_to IS NULL OR e.on_roll_to >= $1::date))
    SELECT ${CHILD_COLUMNS},
      s.id AS "settingId", s.name AS "settingName", s.urn, s.safeguarding_email AS "safeguardingEmail"
    FROM child c
    JOIN on_roll r ON r.child_id = c.id
    JOIN setting s ON s.id = r.setting_id
    JOIN encompass_enrolment en ON en.setting_id = s.id
    WHERE en.status = 'joined' AND ${settingCondition}
      AND c.date_of_birth <= $1::date AND c.date_of_birth > $1::date - interval '18 years'
      AND (SELECT count(*) FROM on_roll r2 WHERE r2.child_id = c.id) = 1
      AND ${MATCHES_ONE}
    ORDER BY ${order}
    LIMIT 1`;
}

type PupilRow = IndexedChild & {
  settingId: number;
  settingName: string;
  urn: string;
  safeguardingEmail: string;
};

const pupil = (row: PupilRow) => ({
  setting: {
    id: row.settingId,
    name: row.settingName,
    urn: row.urn,
    safeguardingEmail: row.safeguardingEmail,
  },
  child: {
    givenName: row.givenName,
    familyName: row.familyName,
    dateOfBirth: row.dateOfBirth,
    address: row.address,
    postcode: row.postcode,
  },
});

async function findJourney(sql: SqlClient, incidentDate: string): Promise<Journey> {
  const hint = `in the demo partnership with ${CHILDREN} children on ${incidentDate}: raise CHILDREN`;
  const [dslSetting] = await sql.query<{ settingId: number }>(
    `SELECT u.setting_id AS "settingId" FROM app_user u JOIN encompass_enrolment en ON en.setting_id = u.setting_id
      WHERE u.email = $1 AND en.status = 'joined'`,
    [demoEmail('dsl')],
  );
  if (!dslSetting) throw new Error('The demo DSL has no setting that has joined Operation Encompass');

  const [first] = await sql.query<PupilRow>(pupilQuery('s.id = $2', 'c.family_name, c.given_name'), [
    incidentDate,
    dslSetting.settingId,
  ]);
  if (!first) throw new Error(`No child to match on the demo DSL's setting's roll ${hint}`);

  const hasEscalationContacts = `EXISTS (SELECT 1 FROM setting_staff k
    WHERE k.setting_id = s.id AND k.staff_role IN ('deputy_dsl', 'head'))`;
  const [second] = await sql.query<PupilRow>(
    pupilQuery('s.id <> $2', `${hasEscalationContacts} DESC, s.id, c.family_name, c.given_name`),
    [incidentDate, dslSetting.settingId],
  );
  if (!second) throw new Error(`No child to match on another joined setting's roll ${hint}`);
  const escalationTo = await sql.query<{ email: string }>(
    `SELECT DISTINCT email FROM setting_staff WHERE setting_id = $1 AND staff_role IN ('deputy_dsl', 'head')`,
    [second.settingId],
  );

  const [third] = await sql.query<Setting>(
    `SELECT s.id, s.name, s.urn, s.safeguarding_email AS "safeguardingEmail" FROM setting s
      JOIN encompass_enrolment en ON en.setting_id = s.id
      WHERE en.status = 'joined' AND s.id <> ALL($1::int[])
        AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.setting_id = s.id)
      ORDER BY s.id LIMIT 1`,
    [[first.settingId, second.settingId]],
  );
  if (!third) throw new Error('No third joined setting');

  const [baby] = await sql.query<Journey['baby']>(
    `SELECT ${CHILD_COLUMNS}, d.name AS "districtName", t.name AS "teamName", t.email AS "teamEmail"
      FROM child c
      JOIN district d ON d.id = c.district_id
      JOIN team t ON t.district_id = d.id AND t.kind = 'health_visiting'
      JOIN app_user u ON u.team_id = t.id AND u.email = $2
      WHERE NOT EXISTS (SELECT 1 FROM child_enrolment e WHERE e.child_id = c.id)
        AND c.date_of_birth <= $1::date AND c.date_of_birth > $1::date - interval '5 years'
        AND ${MATCHES_ONE}
      ORDER BY c.date_of_birth DESC, c.family_name LIMIT 1`,
    [incidentDate, demoEmail('health_visitor')],
  );
  if (!baby) throw new Error(`No baby on no roll in the demo health visitor's district ${hint}`);

  return {
    first: pupil(first),
    second: { ...pupil(second), escalationTo: escalationTo.map((r) => r.email).sort() },
    third: { setting: third },
    baby,
  };
}

// ---------------------------------------------------------------------------------------------
// The file's server: a mailbox and (with PostgreSQL) a database of its own, made before it starts.

let mailbox: Mailbox | undefined;
let database: ScratchDatabase | undefined;
let server: ServerSetup | undefined;
let found: Journey | undefined;

// Registered before useHub: these run before the server starts, and (hooks stack) after it stops.
beforeAll(async () => {
  mailbox = await startMailbox();
  if (POSTGRES_URL) database = await createScratchDatabase(POSTGRES_URL, 'encompass');
});
afterAll(async () => {
  await mailbox?.close();
  await database?.drop();
});

const hub = useHub(() => ({
  children: CHILDREN,
  env: { SMTP_URL: mailbox!.url, JOBS: 'on' },
  ...(database ? { databaseUrl: database.url } : {}),
  async beforeStart(setup) {
    server = setup;
    // The same seed as `serve --seed-if-empty`, done first so the database can be read now.
    const seeded = await runCli(['seed', '--children', String(CHILDREN)], setup.env);
    if (seeded.code !== 0) throw new Error(`safeguarding seed failed:\n${seeded.stdout}\n${seeded.stderr}`);
    const sql = setup.env.DATABASE_URL
      ? await connect(setup.env.DATABASE_URL)
      : await openPglite(setup.dataDir);
    try {
      found = await findJourney(sql, OCCURRED.date);
    } finally {
      await sql.close();
    }
  },
}));

function journey(): Journey {
  if (!found) throw new Error('The journey’s children were not found: see the set-up’s error');
  return found;
}

// ---------------------------------------------------------------------------------------------
// What the tests share: the new DSLs, the notices, and checks of the emails.

const fullName = (child: IndexedChild) => `${child.givenName} ${child.familyName}`;

const newDsl = (label: string) => ({
  givenName: 'Morwenna',
  familyName: `Keyadult-${label}-${RUN}`,
  email: `dsl.${label}.${RUN.toLowerCase()}@e2e.safeguarding-hub.example`,
  password: `correct horse battery ${label} ${RUN}`,
});
const secondDsl = newDsl('second');
const thirdDsl = newDsl('third');

const CIRCUMSTANCES = 'Officers attended a verbal argument between two adults. No arrests were made.';
const FIRST_VOICE = 'I stayed in my room and turned my music up.';

/** The notices of the first incident, by child, from the officer's incident page. */
const notices: { first?: string; second?: string; baby?: string; escalated?: string } = {};

function noticeId(which: keyof typeof notices): string {
  const id = notices[which];
  if (!id) throw new Error(`The ${which} notice was not recorded: see the officer's test`);
  return id;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * No email, raw or decoded, names a child, gives a date of birth or the police reference. A
 * single given or family name is looked for as a capitalised word once the recipient's own name
 * (a setting or team, which may share a word with a child's name) is taken out.
 */
function expectNoChildDetails(emails: readonly ReceivedEmail[], recipientNames: string[]): void {
  const { first, second, baby } = journey();
  const children = [first.child, second.child, baby];
  for (const email of emails) {
    for (const [part, content] of [
      ['raw message', email.raw],
      ['subject', email.subject],
      ['body', email.text],
    ] as const) {
      // Undo quoted-printable soft line breaks and header folding, which may split a name.
      let text = content.replace(/=\r?\n/g, '').replace(/\s+/g, ' ');
      for (const name of recipientNames) text = text.split(name).join(' ');
      const where = `the ${part} of the email "${email.subject}" to ${email.to.join(', ')}`;
      for (const reference of [FIRST_REFERENCE, SECOND_REFERENCE])
        expect(text.toLowerCase(), `${where}: police reference`).not.toContain(reference.toLowerCase());
      for (const child of children) {
        const [y, m, d] = child.dateOfBirth.split('-');
        for (const date of [child.dateOfBirth, civilDate(child.dateOfBirth), `${d}/${m}/${y}`])
          expect(text, `${where}: date of birth`).not.toContain(date);
        expect(text.toLowerCase(), `${where}: child's name`).not.toContain(fullName(child).toLowerCase());
        for (const name of [child.givenName, child.familyName])
          expect(text, `${where}: child's name`).not.toMatch(new RegExp(`\\b${escapeRegExp(name)}\\b`));
      }
    }
  }
}

/** The start page's "Notices" task: the Key Adult's or team's list. */
async function openNotices(person: Person) {
  const list = await person.pages.start.openTask('Notices');
  expect(list).toEqual({ status: 200, path: '/encompass/notices' });
  expect(await person.pages.notices.headingText()).toBe('Operation Encompass notices');
  return person.pages.notices.notices();
}

/**
 * A Key Adult opens their notice from the list and acknowledges it: first "No action" without
 * saying why (refused), then what they did.
 */
async function readAndAcknowledge(
  person: Person,
  expected: { id: string; child: IndexedChild; setting: Setting; voice: string; others: IndexedChild[] },
  done: { action: string | string[]; note: string },
): Promise<void> {
  const rows = await openNotices(person);
  // Only their own setting's notices (the demo DSL also has the seed's demo notices).
  expect(new Set(rows.map((r) => r.for))).toEqual(new Set([expected.setting.name]));
  const names = rows.map((r) => r.child);
  for (const other of expected.others) expect(names).not.toContain(fullName(other));
  expect(rows.find((r) => r.id === expected.id)).toEqual(
    expect.objectContaining({
      child: fullName(expected.child),
      dateOfBirth: civilDate(expected.child.dateOfBirth),
      status: 'New',
    }),
  );

  const opened = await person.pages.notices.openNotice(expected.id);
  expect(opened).toEqual({ status: 200, path: `/encompass/notices/${expected.id}` });
  const page = person.pages.notice;
  expect(await page.headingText()).toBe(fullName(expected.child));
  expect(await page.details()).toEqual(
    expect.objectContaining({
      'Date of birth': civilDate(expected.child.dateOfBirth),
      'Police reference': FIRST_REFERENCE,
      'The child’s voice': expected.voice,
      Circumstances: CIRCUMSTANCES,
      For: expected.setting.name,
    }),
  );

  const refused = await page.acknowledge(
    { action: 'No action' },
    'acknowledging "No action" without a reason',
  );
  expect(refused).toEqual({ status: 400, path: `/encompass/notices/${expected.id}/acknowledge` });
  expect(await page.errorSummaryTitle()).toBe('There is a problem');
  expect(await page.errorSummaryLinks()).toEqual([
    { text: 'Say why no action was needed', href: '#actionNote' },
  ]);
  expect(await page.fieldError('actionNote')).toBe('Say why no action was needed');

  const acknowledged = await page.acknowledge(done);
  expect(acknowledged).toEqual({ status: 200, path: `/encompass/notices/${expected.id}?acknowledged=1` });
  await expect.poll(() => page.notificationBanner.textContent()).toContain('Notice acknowledged');
  expect(await page.details()).toEqual(
    expect.objectContaining({
      'What was done': ([] as string[]).concat(done.action).join(', '),
      Note: done.note,
    }),
  );
  expect(await page.acknowledgeButton.count()).toBe(0);
}

// ---------------------------------------------------------------------------------------------

describe('Operation Encompass, from the police officer to the Key Adults', () => {
  it('the partnership admin adds a DSL for the second school and one for a third', async () => {
    const { second, third } = journey();
    const admin = await signInAs(hub, 'partnership_admin');
    for (const [dsl, setting] of [
      [secondDsl, second.setting],
      [thirdDsl, third.setting],
    ] as const) {
      expect((await admin.pages.userForm.open()).status).toBe(200);
      await admin.pages.userForm.fill({ ...dsl, role: ROLES.dsl.label, settingUrn: setting.urn });
      const added = await admin.pages.userForm.add();
      expect(added).toEqual({ status: 200, path: '/registry/users?created=1' });
      expect(await admin.pages.users.users()).toContainEqual(
        expect.objectContaining({ email: dsl.email, role: ROLES.dsl.label, worksIn: setting.name }),
      );
    }
  });

  it('the police officer records an incident with three children, after fixing an error', async () => {
    const { first, second, baby } = journey();
    const officer = await signInAs(hub, 'police_officer');
    const { incidentForm: form, incident } = officer.pages;

    expect(await officer.pages.start.taskNames()).toContain('Record an incident');
    const opened = await officer.pages.start.openTask('Record an incident');
    expect(opened).toEqual({ status: 200, path: '/encompass/incidents/new' });
    expect(await form.headingText()).toBe('The incident');
    // A draft from an earlier run of this account is dropped.
    await form.startAgain();

    await form.fillIncident({
      policeReference: FIRST_REFERENCE,
      occurredDate: OCCURRED.date,
      occurredTime: OCCURRED.time,
      attendedDate: ATTENDED.date,
      attendedTime: ATTENDED.time,
      place: 'The family home',
      district: baby.districtName,
      circumstances: CIRCUMSTANCES,
      riskLevel: 'Medium',
    });
    expect(await form.saveAndContinue()).toEqual({
      status: 200,
      path: '/encompass/incidents/new/children/1',
    });
    expect(await form.headingText()).toBe('Child 1');
    const asIndexed = (child: IndexedChild) => ({
      givenName: child.givenName,
      familyName: child.familyName,
      dateOfBirth: child.dateOfBirth,
      address: child.address ?? 'Not known',
      postcode: child.postcode ?? '',
    });
    await form.fillChild({
      ...asIndexed(first.child),
      presence: 'Elsewhere in the home',
      spokenTo: 'Yes',
      childVoice: FIRST_VOICE,
      demeanour: 'Quiet, but settled',
    });
    expect(await form.saveAndContinue()).toEqual({ status: 200, path: '/encompass/incidents/new/children' });
    expect(await form.headingText()).toBe('You have added 1 child');
    expect(await form.addAnother('Yes')).toEqual({
      status: 200,
      path: '/encompass/incidents/new/children/2',
    });

    // The second child's "Did an officer speak with the child?" is left unanswered.
    await form.fillChild({ ...asIndexed(second.child), presence: 'In the room' });
    const refused = await form.saveAndContinue('a child’s question unanswered');
    expect(refused).toEqual({ status: 400, path: '/encompass/incidents/new/children/2' });
    expect(await form.errorSummaryTitle()).toBe('There is a problem');
    const message = 'Child 2: Say whether an officer spoke with the child';
    expect(await form.errorSummaryLinks()).toEqual([{ text: message, href: '#spokenTo' }]);
    expect(await form.fieldError('spokenTo')).toBe(message);
    expect(await officer.session.page.title()).toMatch(/^Error: Child 2/);
    // What was entered is kept, and the summary's link takes the keyboard to the question.
    const [, month] = second.child.dateOfBirth.split('-');
    expect(await officer.session.page.locator('#dateOfBirth-month').inputValue()).toBe(String(Number(month)));
    await form.errorSummary.getByRole('link', { name: message }).click();
    await expect.poll(() => officer.session.page.evaluate(() => document.activeElement?.id)).toBe('spokenTo');
    await form.answerSpokenTo('No');
    expect(await form.saveAndContinue()).toEqual({ status: 200, path: '/encompass/incidents/new/children' });
    expect(await form.addAnother('Yes')).toEqual({
      status: 200,
      path: '/encompass/incidents/new/children/3',
    });
    await form.fillChild({ ...asIndexed(baby), presence: 'Elsewhere in the home', spokenTo: 'No' });
    await form.saveAndContinue();
    expect(await form.headingText()).toBe('You have added 3 children');
    expect(await form.addAnother('No')).toEqual({ status: 200, path: '/encompass/incidents/new/check' });

    // Check your answers: the incident and each child, with change links; nothing recorded yet.
    expect(await form.headingText()).toBe('Check your answers before recording the incident');
    expect(await form.checkHeadings()).toEqual(
      expect.arrayContaining([
        'The incident',
        `Child 1: ${fullName(first.child)}`,
        `Child 2: ${fullName(second.child)}`,
        `Child 3: ${fullName(baby)}`,
      ]),
    );
    expect(await form.change('Change demeanour for child 1')).toEqual({
      status: 200,
      path: '/encompass/incidents/new/children/1?return=check',
    });
    await officer.session.page.locator('#demeanour').fill('Quiet, but settled once officers explained');
    expect(await form.saveAndContinue()).toEqual({ status: 200, path: '/encompass/incidents/new/check' });
    expect(await form.main.textContent()).toContain('Quiet, but settled once officers explained');

    const recorded = await form.submit();
    expect(recorded.status).toBe(200);
    expect(recorded.path).toMatch(/^\/encompass\/incidents\/[0-9a-f-]{36}\?recorded=1$/);
    await expect.poll(() => incident.notificationBanner.textContent()).toContain('Incident recorded');
    expect(await incident.headingText()).toBe(FIRST_REFERENCE);

    const rows = await incident.notices();
    expect(rows).toHaveLength(3);
    const byChild = (child: IndexedChild) => rows.find((r) => r.child === fullName(child));
    expect(byChild(first.child)).toEqual(
      expect.objectContaining({
        sentTo: first.setting.name,
        why: `On the roll of ${first.setting.name}`,
        status: 'Sent',
      }),
    );
    expect(byChild(second.child)).toEqual(
      expect.objectContaining({
        sentTo: second.setting.name,
        why: `On the roll of ${second.setting.name}`,
        status: 'Sent',
      }),
    );
    expect(byChild(baby)).toEqual(
      expect.objectContaining({
        sentTo: baby.teamName,
        why: 'Not yet of compulsory school age and on no setting’s roll',
        status: 'Sent',
      }),
    );
    notices.first = byChild(first.child)?.noticeId ?? undefined;
    notices.second = byChild(second.child)?.noticeId ?? undefined;
    notices.baby = byChild(baby)?.noticeId ?? undefined;
    expect(Object.values(notices).every((id) => /^[0-9a-f-]{36}$/.test(id ?? ''))).toBe(true);
  });

  it('the demo DSL sees only their pupil, reads the child’s voice and acknowledges it', async () => {
    const { first, second, baby } = journey();
    const dsl = await signInAs(hub, 'dsl');
    await readAndAcknowledge(
      dsl,
      {
        id: noticeId('first'),
        child: first.child,
        setting: first.setting,
        voice: FIRST_VOICE,
        others: [second.child, baby],
      },
      { action: 'Support in school or at the setting', note: 'Key Adult checked in at breakfast club' },
    );
  });

  it('the second school’s new DSL sees only their pupil and acknowledges it', async () => {
    const { first, second, baby } = journey();
    const dsl = await signIn(hub, secondDsl.email, secondDsl.password);
    expect(await dsl.pages.start.headingText()).toContain(ROLES.dsl.label);
    await readAndAcknowledge(
      dsl,
      {
        id: noticeId('second'),
        child: second.child,
        setting: second.setting,
        voice: 'An officer did not speak with the child',
        others: [first.child, baby],
      },
      // "What did you do?" takes several actions.
      {
        action: ['Monitoring', 'Spoke with the child'],
        note: 'Class teacher asked to keep an eye on them this week',
      },
    );
    expect((await dsl.pages.notices.open()).status).toBe(200);
    expect((await dsl.pages.notices.notices()).map((r) => [r.child, r.status])).toEqual([
      [fullName(second.child), 'Acknowledged'],
    ]);
  });

  it('the health visitor sees the baby, and only the baby', async () => {
    const { first, second, baby } = journey();
    const visitor = await signInAs(hub, 'health_visitor');
    const rows = await openNotices(visitor);
    expect(rows.map((r) => r.child)).toContain(fullName(baby));
    expect(rows.map((r) => r.child)).not.toContain(fullName(first.child));
    expect(rows.map((r) => r.child)).not.toContain(fullName(second.child));
    expect(new Set(rows.map((r) => r.for))).toEqual(new Set([baby.teamName]));

    const opened = await visitor.pages.notices.openNotice(noticeId('baby'));
    expect(opened.status).toBe(200);
    expect(await visitor.pages.notice.headingText()).toBe(fullName(baby));
    expect(await visitor.pages.notice.details()).toEqual(
      expect.objectContaining({
        'Date of birth': civilDate(baby.dateOfBirth),
        'The child’s voice': 'An officer did not speak with the child',
        For: baby.teamName,
      }),
    );
  });

  it('a third school’s DSL has no notices, gets "Page not found" for another school’s and stays signed in', async () => {
    const dsl = await signIn(hub, thirdDsl.email, thirdDsl.password);
    expect(await openNotices(dsl)).toEqual([]);
    expect(await dsl.pages.notices.main.textContent()).toContain('There are no notices for you.');

    const other = await dsl.pages.notice.open(noticeId('first'), 'another school’s notice, as the third DSL');
    expect(other).toEqual({ status: 404, path: `/encompass/notices/${noticeId('first')}` });
    expect(await dsl.pages.error.headingText()).toBe('Page not found');
    expect(await dsl.pages.error.main.textContent()).not.toContain(fullName(journey().first.child));
    expect(await dsl.pages.error.isSignedIn()).toBe(true);
    const start = await dsl.pages.start.open();
    expect(start).toEqual({ status: 200, path: '/' });
    expect(await dsl.pages.start.headingText()).toContain(ROLES.dsl.label);
  });

  it('the partnership admin finds every look at a notice in the audit log, and the refused one', async () => {
    const admin = await signInAs(hub, 'partnership_admin');
    expect((await admin.pages.audit.open()).status).toBe(200);
    for (const [email, id] of [
      [demoEmail('dsl'), noticeId('first')],
      [secondDsl.email, noticeId('second')],
      [demoEmail('health_visitor'), noticeId('baby')],
    ] as const) {
      const search = await admin.pages.audit.searchByUser(email);
      expect(search.status).toBe(200);
      const entries = await admin.pages.audit.entries();
      expect(new Set(entries.map((e) => e.who))).toEqual(new Set([email]));
      expect(entries.every((e) => e.lane !== '' && Number.isInteger(e.seq))).toBe(true);
      // The audit page names record types, actions, roles and outcomes in words, and the child by
      // name ("Operation Encompass notice …, about …").
      const record = expect.stringContaining(`notice ${id}`);
      expect(entries, `${email} viewed notice ${id}`).toContainEqual(
        expect.objectContaining({ action: 'Viewed', record, outcome: 'success' }),
      );
      if (email !== demoEmail('health_visitor')) {
        expect(entries, `${email} acknowledged notice ${id}`).toContainEqual(
          expect.objectContaining({
            action: 'Acknowledged',
            record,
            outcome: 'success',
            role: 'Designated safeguarding lead',
          }),
        );
      }
    }
    await admin.pages.audit.searchByUser(thirdDsl.email);
    const refused = await admin.pages.audit.entries();
    expect(refused).toContainEqual(
      expect.objectContaining({
        who: thirdDsl.email,
        role: 'Designated safeguarding lead',
        action: 'Viewed',
        record: expect.stringContaining(`notice ${noticeId('first')}`),
        outcome: 'not found (out of scope)',
      }),
    );
    expect(refused.filter((e) => /notice [0-9a-f-]{36}/.test(e.record) && e.outcome === 'success')).toEqual(
      [],
    );
  });

  it('an arrival email reached each school and the team, with a link and no child’s details', async () => {
    const { first, second, baby } = journey();
    const arrivals = () =>
      (mailbox?.messages ?? []).filter((m) => m.subject.startsWith('Operation Encompass: a new notice for '));
    await expect.poll(() => arrivals().length, { timeout: 30_000, interval: 500 }).toBe(3);

    for (const [name, address, id] of [
      [first.setting.name, first.setting.safeguardingEmail, noticeId('first')],
      [second.setting.name, second.setting.safeguardingEmail, noticeId('second')],
      [baby.teamName, baby.teamEmail, noticeId('baby')],
    ] as const) {
      const email = arrivals().find((m) => m.subject === `Operation Encompass: a new notice for ${name}`);
      expect(email, `the arrival email for ${name}`).toBeDefined();
      expect(email!.to).toContain(address);
      expect(email!.text).toContain(`${hub.baseUrl}/encompass/notices/${id}`);
      expect(email!.text).toContain('This email does not contain any details of the child, by design.');
    }
    expectNoChildDetails(arrivals(), [first.setting.name, second.setting.name, baby.teamName]);
  });

  it('the coordinator’s dashboard and enrolment pages, and the officer’s amend and withdraw forms, have no accessibility problems', async () => {
    const coordinator = await signInAs(hub, 'encompass_coordinator');
    for (const path of [
      '/encompass/dashboard',
      '/encompass/enrolment',
      '/encompass/enrolment?status=in_training',
    ]) {
      expect((await coordinator.pages.start.goto(path)).status, path).toBe(200);
    }
    const setting = await coordinator.session.page.locator('#table-to-join a').first().getAttribute('href');
    expect(setting).toMatch(/^\/encompass\/enrolment\/\d+$/);
    expect((await coordinator.pages.start.goto(setting!)).status).toBe(200);

    const officer = await signInAs(hub, 'police_officer');
    expect((await officer.pages.start.goto('/encompass/incidents')).status).toBe(200);
    const incident = await officer.session.page
      .getByRole('link', { name: FIRST_REFERENCE })
      .getAttribute('href');
    expect(incident).toMatch(/^\/encompass\/incidents\/[0-9a-f-]{36}$/);
    expect((await officer.pages.start.goto(`${incident}/amend`)).status).toBe(200);
    expect((await officer.pages.start.goto(`/encompass/notices/${noticeId('first')}/withdraw`)).status).toBe(
      200,
    );
  });

  // The CLI and the server must open the same database at once: PGlite allows one process only.
  it.skipIf(!POSTGRES_URL)(
    'a notice not acknowledged by the school day is escalated by the CLI at a chosen time (PostgreSQL only: PGlite cannot be opened by the CLI while the server runs)',
    async () => {
      const { second } = journey();
      const env = server!.env;

      const officer = await signInAs(hub, 'police_officer');
      await officer.pages.incidentForm.open();
      const again = londonWallClock(new Date(Date.now() - 2 * 3_600_000));
      await officer.pages.incidentForm.startAgain();
      await officer.pages.incidentForm.enter(
        {
          policeReference: SECOND_REFERENCE,
          occurredDate: again.date,
          occurredTime: again.time,
          attendedDate: ATTENDED.date,
          attendedTime: ATTENDED.time,
          place: 'The family home',
          district: journey().baby.districtName,
          circumstances: CIRCUMSTANCES,
          riskLevel: 'Standard',
        },
        [
          {
            givenName: second.child.givenName,
            familyName: second.child.familyName,
            dateOfBirth: second.child.dateOfBirth,
            address: second.child.address ?? 'Not known',
            presence: 'Not present (normally lives there)',
            spokenTo: 'No',
          },
        ],
      );
      const recorded = await officer.pages.incidentForm.submit('after recording the second incident');
      expect(recorded.path).toMatch(/\?recorded=1$/);
      const [row] = await officer.pages.incident.notices();
      expect(row).toEqual(expect.objectContaining({ sentTo: second.setting.name, status: 'Sent' }));
      const id = row!.noticeId!;
      notices.escalated = id;

      const sql = await connect(env.DATABASE_URL!);
      try {
        const state = async () =>
          (
            await sql.query<{ dueAt: Date; escalatedAt: Date | null }>(
              'SELECT due_at AS "dueAt", escalated_at AS "escalatedAt" FROM encompass_notice WHERE id = $1',
              [id],
            )
          )[0]!;
        const { dueAt } = await state();
        // Due at the start of the next school day after the police were told (just now).
        expect(dueAt.getTime()).toBeGreaterThan(Date.now());

        // The CLI refuses a moment in the future: notices not yet due are not escalated.
        const future = await runCli(
          ['encompass', 'escalate', '--at', new Date(Date.now() + 3_600_000).toISOString()],
          env,
        );
        expect(future.code).not.toBe(0);
        expect(`${future.stdout}${future.stderr}`).toContain('in the future');

        // A deadline ten minutes ago, then the CLI's clock: a minute before it nothing happens…
        const deadline = new Date(Date.now() - 10 * 60_000);
        await sql.query('UPDATE encompass_notice SET due_at = $2 WHERE id = $1', [id, deadline]);
        const early = await runCli(
          ['encompass', 'escalate', '--at', new Date(deadline.getTime() - 60_000).toISOString()],
          env,
        );
        expect(early.code, early.stderr).toBe(0);
        expect((await state()).escalatedAt).toBeNull();

        // …a dry run a minute after it lists the notice and changes nothing…
        const at = new Date(deadline.getTime() + 60_000);
        const dry = await runCli(['encompass', 'escalate', '--at', at.toISOString(), '--dry-run'], env);
        expect(dry.code, dry.stderr).toBe(0);
        expect(dry.stdout).toContain(id);
        expect(dry.stdout).toMatch(/Would escalate [1-9]\d* notices?/);
        expect((await state()).escalatedAt).toBeNull();

        // …and the real run escalates it at that moment.
        const late = await runCli(['encompass', 'escalate', '--at', at.toISOString()], env);
        expect(late.code, late.stderr).toBe(0);
        expect(late.stdout).toMatch(/Escalated [1-9]\d* notices?/);
        expect((await state()).escalatedAt?.toISOString()).toBe(at.toISOString());

        // The coordinator's overdue list asks the real clock (notices due before now), and the
        // deadline is still a school morning to come: move the deadline an hour into the past.
        await sql.query(`UPDATE encompass_notice SET due_at = now() - interval '1 hour' WHERE id = $1`, [id]);

        const coordinator = await signInAs(hub, 'encompass_coordinator');
        const queue = await coordinator.pages.start.openTask('Queue and overdue');
        expect(queue).toEqual({ status: 200, path: '/encompass/queue' });
        expect(await coordinator.pages.queue.headingText()).toBe('Queue and overdue notices');
        expect(await coordinator.pages.queue.overdue()).toContainEqual(
          expect.objectContaining({
            id,
            child: fullName(second.child),
            for: second.setting.name,
            escalation: `Escalated ${readableMoment(at)}`,
          }),
        );
      } finally {
        await sql.close();
      }

      // The deputies and the head are told, by the server's email worker; still no child's details.
      const subject = `Operation Encompass: a notice for ${second.setting.name} has not been acknowledged`;
      const escalations = () => (mailbox?.messages ?? []).filter((m) => m.subject === subject);
      if (second.escalationTo.length) {
        await expect.poll(() => escalations().length, { timeout: 30_000, interval: 500 }).toBe(1);
        const [email] = escalations();
        expect([...email!.to].sort()).toEqual(second.escalationTo);
        expect(email!.text).toContain(`${hub.baseUrl}/encompass/notices/${id}`);
      }
      expectNoChildDetails(mailbox?.messages ?? [], [
        journey().first.setting.name,
        second.setting.name,
        journey().baby.teamName,
      ]);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Issue 15: the lists' filters and pages, the print view, the coordinator's setting chosen by
// name, and what's new, each page checked with axe as it is reached.

const HELD_REFERENCE = `E2E/${RUN}/0003`;

describe('Operation Encompass lists, print view, the coordinator’s autocomplete and what’s new', () => {
  it('the coordinator filters the notices with a GET form kept in the address, and pages through them', async () => {
    const coordinator = await signInAs(hub, 'encompass_coordinator');
    const { page } = coordinator.session;
    expect((await coordinator.pages.start.goto('/encompass/notices')).status).toBe(200);
    await page.getByLabel('Status').selectOption('acknowledged');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/encompass\/notices\?.*status=acknowledged/);
    await coordinator.session.checkPage('filtered notices');
    const count = await page.locator('#list-count').textContent();
    expect(count).toMatch(/^\s*[\d,]+ notices?/);
    const next = page.locator('.govuk-pagination__next a');
    if (await next.count()) {
      await next.click();
      await page.waitForURL(/page=2/);
      await coordinator.session.checkPage('filtered notices, page 2');
      // The filter is kept on the next page, and the form shows it.
      expect(page.url()).toContain('status=acknowledged');
      expect(await page.getByLabel('Status').inputValue()).toBe('acknowledged');
    }
    expect(
      (await coordinator.pages.start.goto('/encompass/notices?status=acknowledged&page=999')).status,
    ).toBe(200);
    await expect.poll(() => page.locator('main').textContent()).toContain('There is no page 999');
    // A date that is not real is refused on its boxes.
    expect(
      (await coordinator.pages.start.goto('/encompass/notices?from-day=31&from-month=2&from-year=2026'))
        .status,
    ).toBe(400);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'The incident date from must be a real date',
    );
  });

  it('a notice prints with all it says and nothing else', async () => {
    const dsl = await signInAs(hub, 'dsl');
    const { page } = dsl.session;
    const id = noticeId('first');
    expect((await dsl.pages.start.goto(`/encompass/notices/${id}`)).status).toBe(200);
    await page.getByRole('link', { name: 'Print this notice' }).click();
    await page.waitForURL(`**/encompass/notices/${id}/print`);
    await dsl.session.checkPage('print view');
    const main = await page.locator('main').textContent();
    expect(main).toContain(FIRST_REFERENCE);
    expect(main).toContain(CIRCUMSTANCES);
    expect(await page.locator('header, nav, footer, button, form').count()).toBe(0);
  });

  it('the coordinator sees what the officer entered for an unmatched child and picks the setting by name, with and without JavaScript', async () => {
    const { first } = journey();
    const officer = await signInAs(hub, 'police_officer');
    await officer.pages.incidentForm.open();
    await officer.pages.incidentForm.startAgain();
    await officer.pages.incidentForm.enter(
      {
        policeReference: HELD_REFERENCE,
        occurredDate: OCCURRED.date,
        occurredTime: OCCURRED.time,
        attendedDate: ATTENDED.date,
        attendedTime: ATTENDED.time,
        place: 'The family home',
        district: journey().baby.districtName,
        circumstances: CIRCUMSTANCES,
        riskLevel: 'Standard',
      },
      [
        {
          givenName: 'Zephyrine',
          familyName: `Unmatched${RUN}`,
          dateOfBirth: '2016-03-09',
          address: '99 Nowhere Close',
          presence: 'Not present (normally lives there)',
          spokenTo: 'No',
        },
      ],
    );
    expect(
      (await officer.pages.incidentForm.submit('recording a child the index does not know')).path,
    ).toMatch(/\?recorded=1$/);

    const coordinator = await signInAs(hub, 'encompass_coordinator');
    const { page } = coordinator.session;
    expect((await coordinator.pages.start.goto('/encompass/queue')).status).toBe(200);
    const href = await page
      .getByRole('row', { name: new RegExp(HELD_REFERENCE.replace(/\//g, '\\/')) })
      .getByRole('link')
      .first()
      .getAttribute('href');
    expect(href).toMatch(/^\/encompass\/notices\/[0-9a-f-]{36}$/);

    // With JavaScript: the select of settings becomes a type-ahead (checked with axe once enhanced).
    expect((await coordinator.pages.start.goto(href!)).status).toBe(200);
    const main = await page.locator('main').textContent();
    expect(main).toContain('99 Nowhere Close');
    expect(main).toContain(HELD_REFERENCE);
    const input = page.locator('input#settingUrn');
    await expect.poll(() => input.count()).toBe(1);
    await input.fill(first.setting.name.slice(0, 5));
    const option = page.getByRole('option', { name: new RegExp(`^${escapeRegExp(first.setting.name)}`) });
    await option.first().click();
    await coordinator.session.checkPage('the notice with the setting autocomplete');
    expect(await page.locator('select#settingUrn-select').inputValue()).toBe(first.setting.urn);

    // Without JavaScript: the GOV.UK select itself, posted as it is.
    const browser = coordinator.session.context.browser()!;
    const context = await browser.newContext({ baseURL: hub.baseUrl, javaScriptEnabled: false });
    try {
      await context.addCookies(await coordinator.session.context.cookies());
      const noScript = await context.newPage();
      await noScript.goto(href!);
      const select = noScript.locator('select#settingUrn');
      expect(await select.count()).toBe(1);
      await select.selectOption({ value: first.setting.urn });
      await noScript.getByLabel('A setting (its Key Adults)').check();
      await noScript
        .getByLabel('How you established where the child belongs')
        .fill('The school confirmed by phone');
      await noScript.getByRole('button', { name: 'Send notice' }).click();
      await noScript.waitForURL(/\?routed=1$/);
      expect(await noScript.locator('main').textContent()).toContain(first.setting.name);
    } finally {
      await context.close();
    }
  });

  it('what’s new: a count in the header on every page, cleared once the list is seen', async () => {
    const dsl = await signInAs(hub, 'dsl');
    const { page } = dsl.session;
    const link = page.locator('#whats-new');
    expect(await link.textContent()).toMatch(/What’s new/);
    const counted = await page.locator('.app-whats-new-count').count();
    expect((await dsl.pages.start.goto('/encompass/notices')).status).toBe(200);
    expect(await page.locator('.app-whats-new-count').count()).toBe(counted);
    await link.click();
    await page.waitForURL('**/whats-new');
    await dsl.session.checkPage('what’s new');
    expect(await page.locator('h1').textContent()).toBe('What’s new for you');
    if (counted) expect(await page.locator('main').textContent()).toContain('Notices for you');
    expect(await page.locator('.app-whats-new-count').count()).toBe(0);
    expect((await dsl.pages.start.goto('/')).status).toBe(200);
    expect(await page.locator('.app-whats-new-count').count()).toBe(0);
  });
});
