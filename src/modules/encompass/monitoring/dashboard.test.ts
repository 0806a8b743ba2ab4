import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  createTestUser,
  seedSmallPartnership,
} from '../../../platform/testing/app.ts';
import { incidentInput } from '../schema.ts';
import { buildMonitoringTestApp } from './testing.ts';

const HOUR = 3_600_000;
const PERIOD = 'from=2026-11-02&to=2026-11-29';

type SettingKey = 'oakfield' | 'riverside' | 'bluebell';
interface Kid {
  name: string;
  setting: SettingKey | null;
  /** Hours from the incident to the acknowledgement; null when never acknowledged. */
  ack?: number | null;
  sentLate?: boolean;
  feedback?: string | null;
  withdrawn?: boolean;
}

/**
 * Every notice is due 12 hours after its incident; acknowledged `ack` hours after it.
 *   Oakfield (primary, Northvale):     10, 11, 12 on time; 30 late; one withdrawn      → 3 of 4
 *   Riverside (secondary, Southmere):  26 late; never acknowledged (sent late)        → 0 of 2
 *   Bluebell (early years, Southmere): 9 on time; 28 late (sent late)                 → 1 of 2
 *   plus a child not in the child index (the coordinator's queue), and an October incident.
 */
const INCIDENTS: { ref: string; recordedAt: string; kids: Kid[] }[] = [
  {
    ref: 'MON/0001',
    recordedAt: '2026-11-03T20:00:00Z',
    kids: [
      { name: 'Ava', setting: 'oakfield', ack: 10, feedback: 'good' },
      { name: 'Ben', setting: 'oakfield', ack: 11, feedback: 'good' },
    ],
  },
  {
    ref: 'MON/0002',
    recordedAt: '2026-11-05T20:00:00Z',
    kids: [
      { name: 'Cal', setting: 'oakfield', ack: 12, feedback: 'not_enough_about_child' },
      { name: 'Dan', setting: 'riverside', ack: 26, feedback: 'late' },
    ],
  },
  {
    ref: 'MON/0003',
    recordedAt: '2026-11-10T20:00:00Z',
    kids: [
      { name: 'Eve', setting: 'oakfield', ack: 30, feedback: null },
      { name: 'Fay', setting: 'bluebell', ack: 9, feedback: 'good' },
      { name: 'Gus', setting: 'oakfield', withdrawn: true },
    ],
  },
  {
    ref: 'MON/0004',
    recordedAt: '2026-11-17T20:00:00Z',
    kids: [
      { name: 'Hal', setting: 'riverside', ack: null, sentLate: true },
      { name: 'Ivy', setting: 'bluebell', ack: 28, sentLate: true, feedback: 'not_enough_about_child' },
      { name: 'Jo', setting: null },
    ],
  },
  {
    ref: 'MON/0000',
    recordedAt: '2026-10-20T20:00:00Z',
    kids: [{ name: 'Kit', setting: 'oakfield', ack: null }],
  },
];

const FAMILY = 'Monitorfamily';

/** The rows of the GOV.UK table with this id, as text: the head first. */
function htmlTable(body: string, id: string): string[][] {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(body)?.[1];
  if (!table) throw new Error(`no table ${id}`);
  const decode = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/\s+/g, ' ')
      .trim();
  const rows = [...table.replace(/<caption[\s\S]*?<\/caption>/, '').matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)];
  return rows.map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => decode(cell[1]!)),
  );
}

describe('Operation Encompass dashboard', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let coordinator: TestClient;
  let executive: TestClient;
  let settings: Record<SettingKey, number>;

  beforeAll(async () => {
    t = await buildMonitoringTestApp();
    place = await seedSmallPartnership(t.db);
    const bluebell = await t.db
      .insertInto('setting')
      .values({
        urn: '100004',
        name: 'Bluebell Pre-school',
        phase: 'early_years',
        districtId: place.districts.south,
        schoolDayStartsAt: '08:00',
        safeguardingEmail: 'safeguarding@bluebell.test.example',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('encompassEnrolment')
      .values({ settingId: bluebell.id, status: 'joined', joinedOn: '2023-02-01' })
      .execute();
    settings = {
      oakfield: place.settings.oakfield,
      riverside: place.settings.riverside,
      bluebell: bluebell.id,
    };

    for (const incident of INCIDENTS) {
      const recordedAt = new Date(incident.recordedAt);
      const occurredAt = new Date(recordedAt.getTime() - 2 * HOUR);
      const children = [];
      for (const [i, kid] of incident.kids.entries()) {
        const child = {
          givenName: kid.name,
          familyName: FAMILY,
          dateOfBirth: `2016-0${(i % 9) + 1}-1${i}`,
          address: '3 Test Lane',
          presence: 'in_room' as const,
          spokenTo: false,
        };
        if (kid.setting) {
          const found = await t.services.children.findOrCreateChild(
            SYSTEM_ACTOR,
            { ...child, sex: 'unknown' },
            { districtId: place.districts.north },
          );
          if (found.status === 'ambiguous') throw new Error('fixture children must be unique');
          await t.db
            .insertInto('childEnrolment')
            .values({ childId: found.childId, settingId: settings[kid.setting], onRollFrom: '2024-09-01' })
            .execute();
        }
        children.push(child);
      }
      const input = incidentInput.parse({
        policeReference: incident.ref,
        occurredAt: occurredAt.toISOString(),
        place: 'The family home',
        districtCode: 'NORTH',
        circumstances: 'Synthetic incident for the monitoring tests.',
        riskLevel: 'standard',
        officerName: 'PC Synthetic',
        children,
      });
      const result = await t.services.encompass.recordIncident(
        SYSTEM_ACTOR,
        { organisationId: place.organisations.police, userId: null },
        input,
        recordedAt,
      );
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      const notices = await t.db
        .selectFrom('encompassNotice as n')
        .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
        .select(['n.id', 'n.recipient', 'c.givenName'])
        .where('n.incidentId', '=', result.incidentId)
        .execute();
      for (const notice of notices) {
        const kid = incident.kids.find((k) => k.name === notice.givenName)!;
        if (!kid.setting) {
          expect(notice.recipient).toBe('coordinator');
          continue;
        }
        expect(notice.recipient).toBe('setting');
        if (incident.ref === 'MON/0000') continue; // routed and timed as the service did it
        const at = (hours: number) => new Date(occurredAt.getTime() + hours * HOUR);
        await t.db
          .updateTable('encompassNotice')
          .set({
            dueAt: at(12),
            sendBy: at(12),
            sentAt: kid.sentLate ? at(13) : at(2),
            acknowledgedAt: kid.ack ? at(kid.ack) : null,
            status: kid.withdrawn ? 'withdrawn' : kid.ack ? 'acknowledged' : 'sent',
            feedback: kid.feedback ?? null,
            withdrawnAt: kid.withdrawn ? at(3) : null,
          })
          .where('id', '=', notice.id)
          .execute();
      }
    }

    const signIn = async (role: 'encompass_coordinator' | 'executive') => {
      const user = await createTestUser(t.db, role);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      return client;
    };
    coordinator = await signIn('encompass_coordinator');
    executive = await signIn('executive');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('computes the period’s figures: counts, on-time percentages and the median', async () => {
    const page = await coordinator.get(`/encompass/dashboard?${PERIOD}`);
    expect(page.statusCode).toBe(200);
    const headline = Object.fromEntries(
      [
        ...page.body.matchAll(
          /<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/g,
        ),
      ].map((m) => [
        m[1]!.trim(),
        m[2]!
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ]),
    );
    expect(headline).toMatchObject({
      Period: '2 November 2026 to 29 November 2026',
      'Incidents recorded': '4',
      'Children in them': '10',
      Notices:
        '9 (8 to settings, 0 to health visiting or the Family Front Door, 1 with the coordinator), and 1 withdrawn, not counted',
      'Notices to settings sent before the next school day': '75% (6 of 8)',
      'Acknowledged before the school day started': '50% (4 of 8)',
      'Median time from incident to acknowledgement': '12 hours',
    });
    // Hal (this period) and Kit (October) are overdue; the withdrawn and queued notices are not.
    expect(headline['Overdue now']).toContain('2 notices not acknowledged');
    expect(headline['Overdue now']).toContain('See the overdue notices');
    expect(page.body).toContain('href="/encompass/queue"');

    expect(htmlTable(page.body, 'table-phase')).toEqual([
      [
        'Phase',
        'Notices',
        'Sent on time',
        'Acknowledged on time',
        'Late or not acknowledged',
        'Not yet due',
        '% acknowledged on time',
        'Median time from incident to acknowledgement',
      ],
      ['Early years', '2', '1', '1', '1', '0', '50%', '18 hours 30 minutes'],
      ['Primary', '4', '4', '3', '1', '0', '75%', '11 hours 30 minutes'],
      ['Secondary or high school', '2', '1', '0', '2', '0', '0%', '1 day 2 hours'],
    ]);
    expect(htmlTable(page.body, 'table-district').slice(1)).toEqual([
      ['Northvale', '4', '4', '3', '1', '0', '75%', '11 hours 30 minutes'],
      ['Southmere', '4', '2', '1', '3', '0', '25%', '1 day 2 hours'],
    ]);
    expect(htmlTable(page.body, 'table-setting').slice(1)).toEqual([
      ['Oakfield Primary School', 'Primary', 'Northvale', '4', '3', '1', '75%'],
      ['Bluebell Pre-school', 'Early years', 'Southmere', '2', '1', '1', '50%'],
      ['Riverside High School', 'Secondary or high school', 'Southmere', '2', '0', '2', '0%'],
    ]);
    // Bluebell was late with 1 of 2: not "most".
    expect(htmlTable(page.body, 'table-late').slice(1)).toEqual([
      ['Riverside High School', 'Secondary or high school', 'Southmere', '2', '1', '1', '100%'],
    ]);
    expect(htmlTable(page.body, 'table-feedback').slice(1)).toEqual([
      ['The notice told us what we needed', '3', '43%'],
      ['Not enough about the child', '2', '29%'],
      ['It arrived too late to help that day', '1', '14%'],
      ['No feedback given', '1', '14%'],
    ]);
    expect(htmlTable(page.body, 'table-weekly').slice(1)).toEqual([
      ['2 November 2026', '2', '4'],
      ['9 November 2026', '1', '2'],
      ['16 November 2026', '1', '3'],
      ['23 November 2026', '0', '0'],
    ]);
    // Aggregates only: no child's name anywhere.
    expect(page.body).not.toContain(FAMILY);
  });

  it('gives the yearly report the same figures as the dashboard, over a reporting year', async () => {
    const { encompassModule } = await import('../index.ts');
    const section = await encompassModule.reportSection!(t.services, {
      from: '2026-11-02',
      to: '2026-11-29',
    });
    const figures = Object.fromEntries(section.figures.map((f) => [f.label, f.value]));
    // The same hand count as the dashboard's headline above.
    expect(figures).toEqual({
      'Domestic abuse incidents recorded with children': 4,
      'Children named in those incidents': 10,
      'Notices to schools and early-years settings': 8,
      'Notices to health visiting and the Family Front Door': 0,
      'Notices held for the coordinator to match or route': 1,
      'Notices to settings acknowledged before the school day': 4,
    });
    expect(section.figures.every((f) => f.source.length > 0)).toBe(true);
  });

  it('draws accessible SVG charts inline that the CSP allows: no style attributes, no scripts', async () => {
    const page = await coordinator.get(`/encompass/dashboard?${PERIOD}`);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/style-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
    const svgs = [...page.body.matchAll(/<svg\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((tag) => !tag.includes('govuk-'));
    // By phase, by district, per week, and the police and sending delays.
    expect(svgs).toHaveLength(4);
    for (const tag of svgs) {
      expect(tag).toContain('role="img"');
      expect(tag).toMatch(/aria-label="[^"]{20,}"/);
    }
    expect(page.body).toContain(
      '<title>Bar chart: percentage of notices to settings acknowledged before the school day started, by phase</title>',
    );
    expect(page.body).toContain('<title>Bar chart: notices per week</title>');
    expect(page.body).not.toMatch(/\sstyle="/);
    expect(page.body).not.toMatch(/<style\b/);
    // The only scripts are the page's own files, with the nonce.
    for (const script of page.body.match(/<script\b[^>]*>/g) ?? [])
      expect(script).toMatch(/nonce=|src="\/(assets|static)\//);
    expect(page.body).toContain(
      'Percentage of notices to settings acknowledged before the school day started, by phase: Early years 50% (1 of 2); Primary 75% (3 of 4); Secondary or high school 0% (0 of 2).',
    );
    expect(page.body).toContain(
      'Notices per week from the week beginning 2 November 2026 to the week beginning 23 November 2026: 9 in total; the most, 4, in the week beginning 2 November 2026.',
    );
  });

  it('gives every table as a CSV file that matches it', async () => {
    const page = await coordinator.get(`/encompass/dashboard?${PERIOD}`);
    for (const table of ['phase', 'district', 'setting', 'late', 'feedback', 'weekly']) {
      expect(page.body).toContain(
        `href="/encompass/dashboard.csv?table=${table}&amp;${PERIOD.replace('&', '&amp;')}"`,
      );
      const response = await coordinator.get(`/encompass/dashboard.csv?table=${table}&${PERIOD}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="operation-encompass-${table}-2026-11-02-to-2026-11-29.csv"`,
      );
      const rows = parse(response.body, { bom: true }) as string[][];
      expect(rows).toEqual(htmlTable(page.body, `table-${table}`));
    }
    const bad = await coordinator.get(`/encompass/dashboard.csv?table=children&${PERIOD}`);
    expect(bad.statusCode).toBe(400);
  });

  it('shows executives aggregates only, with counts below 5 in tables of settings suppressed', async () => {
    const page = await executive.get(`/encompass/dashboard?${PERIOD}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('a count from 1 to 4 is shown as “fewer than 5”');
    expect(htmlTable(page.body, 'table-setting').slice(1)).toEqual([
      [
        'Oakfield Primary School',
        'Primary',
        'Northvale',
        'fewer than 5',
        'fewer than 5',
        'fewer than 5',
        'not shown',
      ],
      [
        'Bluebell Pre-school',
        'Early years',
        'Southmere',
        'fewer than 5',
        'fewer than 5',
        'fewer than 5',
        'not shown',
      ],
      [
        'Riverside High School',
        'Secondary or high school',
        'Southmere',
        'fewer than 5',
        '0',
        'fewer than 5',
        'not shown',
      ],
    ]);
    expect(htmlTable(page.body, 'table-late').slice(1)).toEqual([
      [
        'Riverside High School',
        'Secondary or high school',
        'Southmere',
        'fewer than 5',
        'fewer than 5',
        'fewer than 5',
        'not shown',
      ],
    ]);
    // The breakdowns by phase and district are not per setting: shown in full.
    expect(htmlTable(page.body, 'table-phase')[2]).toEqual([
      'Primary',
      '4',
      '4',
      '3',
      '1',
      '0',
      '75%',
      '11 hours 30 minutes',
    ]);
    // No child-level list and no link to one.
    expect(page.body).not.toContain('href="/encompass/queue"');
    expect(page.body).not.toContain(FAMILY);
    const csv = await executive.get(`/encompass/dashboard.csv?table=setting&${PERIOD}`);
    expect(parse(csv.body, { bom: true })).toEqual(htmlTable(page.body, 'table-setting'));
    expect(csv.body).not.toMatch(/,4,3,1,/);
  });

  it('refuses the dashboard and its downloads to a DSL', async () => {
    const user = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
    const dsl = new TestClient(t.app);
    await dsl.signIn(user.email, user.password);
    expect((await dsl.get(`/encompass/dashboard?${PERIOD}`)).statusCode).toBe(403);
    expect((await dsl.get(`/encompass/dashboard.csv?table=phase&${PERIOD}`)).statusCode).toBe(403);
  });

  it('shows the last 30 days by default, and says what is wrong with a bad period', async () => {
    const page = await coordinator.get('/encompass/dashboard');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Incidents recorded from \d{1,2} \w+ \d{4} to \d{1,2} \w+ \d{4}\./);
    const bad = await coordinator.get('/encompass/dashboard?from=2026-02-30&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('The start date must be a real date');
    expect(bad.body).toContain('href="#from-day"');
    const reversed = await coordinator.get('/encompass/dashboard?from=2026-11-10&to=2026-11-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain('The end date must be the same as or after the start date');
  });

  it('takes the period in GOV.UK date inputs (day, month, year), and shows it back in them', async () => {
    const typed = await coordinator.get(
      '/encompass/dashboard?from-day=2&from-month=11&from-year=2026&to-day=29&to-month=11&to-year=2026',
    );
    expect(typed.statusCode).toBe(200);
    expect(typed.body).toContain('Incidents recorded from 2 November 2026 to 29 November 2026.');
    expect(typed.body).toMatch(/name="from-day"[^>]*value="2"/);
    expect(typed.body).toMatch(/name="to-month"[^>]*value="11"/);
    expect(typed.body).not.toMatch(/name="from" /);
    // The same figures as the address with YYYY-MM-DD (the shortcuts' and CSV links').
    const linked = await coordinator.get(`/encompass/dashboard?${PERIOD}`);
    const figures = (body: string) => /<dl class="govuk-summary-list[\s\S]*?<\/dl>/.exec(body)?.[0];
    expect(figures(typed.body)).toBeDefined();
    expect(figures(typed.body)).toBe(figures(linked.body));
    const missing = await coordinator.get('/encompass/dashboard?from-day=2&from-month=&from-year=2026');
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('The start date must include a month');
    expect(missing.body).toContain('href="#from-month"');
  });
});
