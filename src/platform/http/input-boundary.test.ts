import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestApp,
  TestClient,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../testing/app.ts';
import { humanField, inputProblems } from './input-boundary.ts';

describe('inputProblems', () => {
  it('finds NUL and other controls, lone surrogates and bidi overrides, and names where', () => {
    expect(inputProblems({ q: 'a\u0000b' }, 'query')).toEqual([
      { path: 'query.q', field: 'q', message: 'contains a null character, which cannot be stored' },
    ]);
    expect(inputProblems({ children: [{ givenName: '\ud800Aaron' }] }, 'body')[0]).toMatchObject({
      path: 'body.children.0.givenName',
      message: 'contains half of a character (a broken emoji or symbol)',
    });
    expect(inputProblems({ familyName: 'Smith\u202Eevil' }, 'body')[0]?.message).toBe(
      'contains a hidden character that changes the direction of text',
    );
    expect(inputProblems({ note: 'line\u0007bell' }, 'body')[0]?.message).toBe(
      'contains a hidden control character',
    );
  });

  it('lets ordinary text through: accents, emoji, tabs and new lines', () => {
    expect(inputProblems({ a: 'Zoë Ó Dúill 👍🏽\tone\r\ntwo', b: ['x', 1, null, true] }, 'body')).toEqual([]);
  });

  it('reads an uploaded text file, and leaves a binary one to its handler', () => {
    expect(inputProblems({ file: Buffer.from('name\nAmy\u0000\n') }, 'body')).toHaveLength(1);
    expect(inputProblems({ file: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe]) }, 'body')).toEqual(
      [],
    );
  });

  it('names a field in words', () => {
    expect(humanField('children.0.givenName')).toBe('“Given name”');
    expect(humanField('child0_dateOfBirth')).toBe('“Date of birth”');
    expect(humanField('q')).toBe('“Q”');
  });
});

describe('the input boundary on every route', () => {
  let t: TestApp;
  let admin: TestClient;
  let officer: TestClient;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;

  beforeAll(async () => {
    t = await buildTestApp();
    place = await seedSmallPartnership(t.db);
    const adminUser = await createTestUser(t.db, 'partnership_admin');
    admin = new TestClient(t.app);
    await admin.signIn(adminUser.email, adminUser.password);
    const police = await createTestUser(t.db, 'police_officer', {
      organisationId: place.organisations.police,
    });
    officer = new TestClient(t.app);
    await officer.signIn(police.email, police.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a NUL in a search with a 400 naming the field', async () => {
    const response = await admin.get('/registry/settings?q=a%00b');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('“Q” contains a null character, which cannot be stored');
  });

  it('refuses a NUL in an incident’s place, and saves nothing', async () => {
    await officer.get('/encompass/incidents/new');
    const response = await officer.post('/encompass/incidents', {
      policeReference: 'NUL/2026/0001',
      occurredDate: '2026-11-27',
      occurredTime: '22:30',
      place: 'The family\u0000 home',
      districtCode: 'NORTH',
      circumstances: 'An argument.',
      riskLevel: 'medium',
      officerName: 'PC Test',
      child0_givenName: 'Amy',
      child0_familyName: 'Boundary',
      child0_dateOfBirth: '2018-01-01',
      child0_address: '1 Row',
      child0_presence: 'in_room',
      child0_spokenTo: 'no',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('“Place” contains a null character');
    const incidents = await t.db.selectFrom('encompassIncident').select('id').execute();
    expect(incidents).toHaveLength(0);
  });

  it('answers a date that does not exist in an address with 404', async () => {
    await admin.get(`/registry/settings/${place.settings.oakfield}`);
    const response = await admin.post(
      `/registry/settings/${place.settings.oakfield}/closures/2026-02-30/remove`,
      {},
    );
    expect(response.statusCode).toBe(404);
  });

  it('refuses an uploaded CSV with a NUL in it', async () => {
    await admin.get('/children/reconcile');
    const response = await admin.postMultipart(
      '/children/reconcile',
      { name: 'Police flags' },
      { name: 'file', filename: 'flags.csv', content: 'given_name,family_name\nAmy\u0000,Boundary\n' },
    );
    expect(response.statusCode, response.body.slice(0, 3000)).toBe(400);
    expect(response.body).toContain('contains a null character');
  });
});

describe('errorForLog', () => {
  it('keeps the kind, codes and stack of an error, never the values its message quotes', async () => {
    const { errorForLog } = await import('../logging/logger.ts');
    const error = Object.assign(new Error('invalid input syntax for type uuid: "943 476 5919" near Amy'), {
      code: '22P02',
      routine: 'string_to_uuid',
    });
    const logged = errorForLog(error);
    expect(logged).toMatchObject({ type: 'Error', code: '22P02', routine: 'string_to_uuid' });
    expect(JSON.stringify(logged)).not.toMatch(/943|476|5919/);
    expect(logged.message).toBe('invalid input syntax for type uuid: "…" near Amy');
  });
});
