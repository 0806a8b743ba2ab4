import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import type { KyselyPlugin } from 'kysely';
import { PermissionTable, Permissions, type SignedInUser } from '../../platform/auth/permissions.ts';
import { COUNT_TTL_MS, type WhatsNewSource, WhatsNewCounts } from '../../platform/whats-new.ts';
import { encompassPolicy } from './policy.ts';
import { encompassWhatsNew } from './whats-new.ts';
import { incidentInput } from './schema.ts';

/** Encompass's own permissions: a module's test does not import the composition root's table. */
const encompassPermissions = new PermissionTable([{ module: 'encompass', policy: encompassPolicy }]);

/** The header's count of what is new ("What’s new 2 new"), or 0 when it shows none. */
function headerCount(body: string): number {
  const link = /<a class="govuk-link" href="\/whats-new" id="whats-new">([\s\S]*?)<\/a>/.exec(body);
  if (!link) throw new Error('no what’s new link in the header');
  const count = /app-whats-new-count">(\d+)/.exec(link[1]!);
  return count ? Number(count[1]) : 0;
}

describe('What’s new for me (the platform contract, implemented by Operation Encompass)', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let dsl: TestClient;
  let otherDsl: TestClient;
  let officer: TestClient;
  let coordinator: TestClient;
  let reference = 0;

  /** Records an incident now with one child at Oakfield (known to the index), and returns its notice. */
  async function noticeAtOakfield(name: string) {
    reference++;
    const kid = {
      givenName: name,
      familyName: 'Newsfamily',
      dateOfBirth: `2016-04-${String(reference + 10).padStart(2, '0')}`,
      address: '5 News Street',
      presence: 'in_room' as const,
      spokenTo: false,
    };
    const found = await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { ...kid, sex: 'unknown' },
      { districtId: place.districts.north },
    );
    if (found.status === 'ambiguous') throw new Error('fixture children must be unique');
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: found.childId, settingId: place.settings.oakfield, onRollFrom: '2024-09-01' })
      .execute();
    const result = await t.services.encompass.recordIncident(
      SYSTEM_ACTOR,
      { organisationId: place.organisations.police, userId: null },
      incidentInput.parse({
        policeReference: `NEWS/${reference}`,
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        place: 'The family home',
        districtCode: 'NORTH',
        circumstances: 'Synthetic incident for what’s new.',
        riskLevel: 'standard',
        officerName: 'PC Synthetic',
        children: [kid],
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return t.db
      .selectFrom('encompassNotice')
      .select(['id', 'incidentId'])
      .where('incidentId', '=', result.incidentId)
      .executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    const signIn = async (role: Parameters<typeof createTestUser>[1], where = {}) => {
      const user = await createTestUser(t.db, role, where);
      const client = new TestClient(t.app);
      await client.signIn(user.email, user.password);
      return client;
    };
    dsl = await signIn('dsl', { settingId: place.settings.oakfield });
    otherDsl = await signIn('dsl', { settingId: place.settings.riverside });
    officer = await signIn('police_officer', { organisationId: place.organisations.police });
    coordinator = await signIn('encompass_coordinator');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts new notices for a setting in the header of every page, and lists them', async () => {
    await noticeAtOakfield('Nina');
    await noticeAtOakfield('Omar');
    const home = await dsl.get('/');
    expect(headerCount(home.body)).toBe(2);
    expect(headerCount((await dsl.get('/encompass/notices')).body)).toBe(2);
    // Not another setting's.
    expect(headerCount((await otherDsl.get('/')).body)).toBe(0);
    const list = await dsl.get('/whats-new');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Notices for you (2)');
    expect(list.body).toContain('New notice: Nina Newsfamily (NEWS/1)');
    expect(list.body).toContain('Omar Newsfamily');
    expect(headerCount(list.body)).toBe(0);
    // Each child listed is in the audit log.
    const audited = await t.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'list')
      .where('recordType', '=', 'encompass-notice')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBeGreaterThanOrEqual(2);
  });

  it('counts from when the person last looked: opening the list clears the count at once', async () => {
    expect(headerCount((await dsl.get('/')).body)).toBe(0);
    expect((await dsl.get('/whats-new')).body).toContain('Nothing is new for you since you last looked.');
    expect(headerCount((await dsl.get('/')).body)).toBe(0); // counted now, kept for a minute
    await noticeAtOakfield('Pia');
    // The count is kept for up to a minute, until the list is opened: no count per page.
    expect(headerCount((await dsl.get('/')).body)).toBe(0);
    expect((await dsl.get('/whats-new')).body).toContain('Pia Newsfamily');
  });

  it('tells the police of feedback on their incidents, and the coordinator of escalations', async () => {
    const notice = await noticeAtOakfield('Quin');
    await officer.get('/whats-new'); // nothing so far: from now on
    await coordinator.get('/whats-new');
    const later = new Date(Date.now() + 1000);
    await t.db
      .updateTable('encompassNotice')
      .set({
        status: 'acknowledged',
        acknowledgedAt: later,
        action: 'monitoring',
        feedback: 'late',
        escalatedAt: later,
      })
      .where('id', '=', notice.id)
      .execute();
    const police = await officer.get('/whats-new');
    expect(police.body).toContain('Feedback on your incidents (1)');
    expect(police.body).toContain('It arrived too late to help that day');
    expect(police.body).toContain(`href="/encompass/incidents/${notice.incidentId}"`);
    const coordination = await coordinator.get('/whats-new');
    expect(coordination.body).toContain('Escalated: not acknowledged in time (1)');
    expect(coordination.body).toContain('Quin Newsfamily');
  });

  it('counts in one query, and in none for someone Operation Encompass has nothing for', async () => {
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => args.node,
      // Called once for each statement sent to the database.
      transformResult: async (args) => {
        queries++;
        return args.result;
      },
    };
    const source = encompassWhatsNew(t.db.withPlugin(counter));
    const reader = (role: SignedInUser['role'], where: Partial<SignedInUser> = {}) => {
      const user: SignedInUser = {
        id: '00000000-0000-4000-8000-000000000001',
        email: 'reader@test.example',
        givenName: 'Test',
        familyName: 'Reader',
        role,
        organisationId: null,
        teamId: null,
        teamDistrictId: null,
        settingId: null,
        ...where,
      };
      return { userId: user.id, permissions: new Permissions(user, encompassPermissions) };
    };
    expect(await source.count(reader('dsl', { settingId: place.settings.oakfield }))).toBeGreaterThan(0);
    expect(queries).toBe(1);
    await source.count(reader('police_officer', { organisationId: place.organisations.police }));
    expect(queries).toBe(2);
    await source.count(reader('encompass_coordinator'));
    expect(queries).toBe(3);
    // The audited page's benchmark signs in as the partnership admin: no query at all.
    expect(await source.count(reader('partnership_admin'))).toBe(0);
    expect(queries).toBe(3);
  });

  it('keeps each person’s count for a minute in the process, counting again when they open the list', async () => {
    let counted = 0;
    const source: WhatsNewSource = {
      async count() {
        counted++;
        return 3;
      },
      list: async () => [],
      looked: async () => {},
    };
    let now = 1_000_000;
    const counts = new WhatsNewCounts([source], () => now);
    const reader = { userId: 'a', permissions: null as never };
    expect(await counts.count(reader)).toBe(3);
    expect(await counts.count(reader)).toBe(3);
    expect(counted).toBe(1);
    now += COUNT_TTL_MS - 1;
    await counts.count(reader);
    expect(counted).toBe(1);
    now += 1;
    await counts.count(reader);
    expect(counted).toBe(2);
    counts.forget('a');
    await counts.count(reader);
    expect(counted).toBe(3);
    await counts.count({ ...reader, userId: 'b' });
    expect(counted).toBe(4);
  });
});
