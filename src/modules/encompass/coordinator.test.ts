import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { incidentInput } from './schema.ts';

describe('The coordinator’s page for a child the index could not match', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let coordinator: TestClient;
  let heldId: string;
  let siblingId: string;
  let incidentId: string;

  beforeAll(async () => {
    t = await buildTestApp({ env: { SIGN_IN_RATE_PER_MINUTE: '1000' } });
    place = await seedSmallPartnership(t.db);
    const known = {
      givenName: 'Rosa',
      familyName: 'Coordfamily',
      dateOfBirth: '2016-06-06',
      address: '7 Match Road',
      presence: 'in_room' as const,
      spokenTo: false,
    };
    const found = await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { ...known, sex: 'unknown' },
      { districtId: place.districts.north },
    );
    if (found.status === 'ambiguous') throw new Error('unique child expected');
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: found.childId, settingId: place.settings.oakfield, onRollFrom: '2024-09-01' })
      .execute();
    const result = await t.services.encompass.recordIncident(
      SYSTEM_ACTOR,
      { organisationId: place.organisations.police, userId: null },
      incidentInput.parse({
        policeReference: 'CRD/0001',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        place: 'The family home',
        districtCode: 'NORTH',
        circumstances: 'Synthetic incident for the coordinator.',
        riskLevel: 'standard',
        officerName: 'PC Synthetic',
        children: [
          known,
          {
            givenName: 'Sami',
            familyName: 'Unmatchedfamily',
            dateOfBirth: '2015-02-14',
            address: '12 Nowhere Lane, Northvale',
            postcode: 'WR1 2AB',
            nhsNumber: '9434765919',
            presence: 'elsewhere_in_home',
            spokenTo: false,
          },
        ],
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    incidentId = result.incidentId;
    const notices = await t.db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
      .select(['n.id', 'c.givenName', 'n.status'])
      .where('n.incidentId', '=', incidentId)
      .execute();
    heldId = notices.find((n) => n.givenName === 'Sami')!.id;
    siblingId = notices.find((n) => n.givenName === 'Rosa')!.id;
    expect(notices.find((n) => n.givenName === 'Sami')!.status).toBe('queued');
    const user = await createTestUser(t.db, 'encompass_coordinator');
    coordinator = new TestClient(t.app);
    await coordinator.signIn(user.email, user.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows everything the officer entered, and links to the incident and the child’s siblings on it', async () => {
    const page = await coordinator.get(`/encompass/notices/${heldId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('What the police recorded about this child');
    for (const text of ['12 Nowhere Lane, Northvale', 'WR1 2AB', '9434765919', '14 February 2015'])
      expect(page.body).toContain(text);
    expect(page.body).toContain(`href="/encompass/incidents/${incidentId}"`);
    expect(page.body).toMatch(new RegExp(`href="/encompass/notices/${siblingId}">Rosa Coordfamily</a>`));
  });

  it('chooses the setting by name from a GOV.UK select (no URN typed), made type-ahead by accessible-autocomplete', async () => {
    const page = await coordinator.get(`/encompass/notices/${heldId}`);
    expect(page.body).toMatch(/<select class="govuk-select[^"]*" id="settingUrn" name="settingUrn"/);
    expect(page.body).toMatch(/<option value="100001"[^>]*>Oakfield[^<]*\(URN 100001\)<\/option>/);
    expect(page.body).not.toContain('Setting URN');
    expect(page.body).toContain('src="/assets/accessible-autocomplete/accessible-autocomplete.min.js"');
    expect(page.body).toContain('enhanceSelectElement');
    const js = await coordinator.get('/assets/accessible-autocomplete/accessible-autocomplete.min.js');
    expect(js.statusCode).toBe(200);
    expect(js.body).toContain('accessibleAutocomplete');
    const css = await coordinator.get('/assets/accessible-autocomplete/accessible-autocomplete.min.css');
    expect(css.statusCode).toBe(200);
    // Sent on with the select's value, as a browser without JavaScript posts it.
    const sent = await coordinator.post(`/encompass/notices/${heldId}/route`, {
      recipient: 'setting',
      settingUrn: '100001',
      teamCode: '',
      reason: 'The school confirmed by phone',
    });
    expect(sent.statusCode).toBe(303);
    const notice = await t.db
      .selectFrom('encompassNotice')
      .select(['settingId', 'status'])
      .where('id', '=', heldId)
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({ settingId: place.settings.oakfield, status: 'sent' });
  });
});
