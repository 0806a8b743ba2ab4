import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SYSTEM_ACTOR, auditWriterFor, verifyAuditChain } from '../../../platform/audit/audit-log.ts';
import {
  type TestApp,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../../platform/testing/app.ts';
import { encompassChildInput, incidentInput } from '../schema.ts';
import { authenticateApiClient, createApiClient, hashApiToken } from './clients.ts';
import { ENCOMPASS_OPENAPI, type HttpMethod, type ResponseObject, type SchemaObject } from './openapi.ts';

const INCIDENTS = '/api/v1/encompass/incidents';

const buildApiTestApp = (): Promise<TestApp> => buildTestApp();

// ---- The OpenAPI document as a validator of what the API answers ----

// ajv-formats is CommonJS: its default export arrives as the module or as the plugin itself.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
const COMPONENTS_ID = 'urn:safeguarding-hub:openapi:components';
/** OpenAPI's `#/components/schemas/X` as a reference ajv can follow. */
const forAjv = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/$defs/`));
ajv.addSchema({ $id: COMPONENTS_ID, $defs: forAjv(ENCOMPASS_OPENAPI.components.schemas) });
const validators = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: SchemaObject): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(forAjv(schema));
    validators.set(key, validate);
  }
  return validate;
}

function documentedResponse(method: HttpMethod, path: string, status: number): ResponseObject {
  const operation = ENCOMPASS_OPENAPI.paths[path]?.[method];
  if (!operation) throw new Error(`${method} ${path} is not documented`);
  const entry = operation.responses[String(status)];
  if (!entry) throw new Error(`${method} ${path} answered ${status}, which is not documented`);
  if ('$ref' in entry) {
    const found = ENCOMPASS_OPENAPI.components.responses?.[entry.$ref.replace('#/components/responses/', '')];
    if (!found) throw new Error(`Unresolved ${entry.$ref}`);
    return found;
  }
  return entry;
}

/** Checks an answer against the document: documented status, JSON, its schema, its headers. */
function expectDocumented(method: HttpMethod, path: string, response: LightMyRequestResponse) {
  const documented = documentedResponse(method, path, response.statusCode);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const schema = documented.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${path} ${response.statusCode} has no JSON schema`);
  const validate = validatorFor(`${method} ${path} ${response.statusCode}`, schema);
  const body = response.json();
  expect(validate(body), `${method} ${path} ${response.statusCode}: ${ajv.errorsText(validate.errors)}`).toBe(
    true,
  );
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    const required =
      '$ref' in header
        ? ENCOMPASS_OPENAPI.components.headers?.[header.$ref.replace('#/components/headers/', '')]?.required
        : header.required;
    if (required) expect(response.headers[name.toLowerCase()], `header ${name}`).toBeTruthy();
  }
  return body;
}

// ---- Incidents as a police record system sends them (all made up) ----

const CHILDREN = {
  amira: {
    givenName: 'Amira',
    familyName: 'Apitestfamily',
    dateOfBirth: '2018-05-04',
    address: '7 Api Row',
    presence: 'in_room',
    spokenTo: true,
    childVoice: 'I stayed in my room',
  },
  ben: {
    givenName: 'Ben',
    familyName: 'Apitestfamily',
    dateOfBirth: '2012-02-10',
    address: '7 Api Row',
    presence: 'elsewhere_in_home',
    spokenTo: false,
  },
};

let references = 0;
function incident(
  overrides: Record<string, unknown> = {},
  children: Record<string, unknown>[] = [CHILDREN.amira],
) {
  references += 1;
  return {
    policeReference: `API/2026/${String(references).padStart(4, '0')}`,
    // Two hours ago: recent, and never in the future however the suite is timed.
    occurredAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    place: 'The family home',
    districtCode: 'NORTH',
    circumstances: 'A verbal argument between adults; a door was damaged.',
    riskLevel: 'medium',
    officerName: 'PC 0000 Api Officer',
    children,
    ...overrides,
  };
}

describe('the Operation Encompass JSON API', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let otherForceId: number;
  const tokens = { police: '', noScope: '', otherForce: '' };
  const CLIENT_NAME = 'Testshire Police record system';

  const post = (body: unknown, token: string | null = tokens.police, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: INCIDENTS,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (url: string, token: string | null = tokens.police) =>
    t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const counts = async () => ({
    incidents: Number(
      (
        await t.db
          .selectFrom('encompassIncident')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    children: Number(
      (
        await t.db
          .selectFrom('encompassChild')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    notices: Number(
      (
        await t.db
          .selectFrom('encompassNotice')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  beforeAll(async () => {
    t = await buildApiTestApp();
    place = await seedSmallPartnership(t.db);
    for (const [child, settingId] of [
      [CHILDREN.amira, place.settings.oakfield],
      [CHILDREN.ben, place.settings.riverside],
    ] as const) {
      const found = await t.services.children.findOrCreateChild(
        SYSTEM_ACTOR,
        { ...child, sex: 'unknown' },
        { districtId: place.districts.north },
      );
      if (found.status === 'ambiguous') throw new Error('test child is ambiguous');
      await t.db
        .insertInto('childEnrolment')
        .values({ childId: found.childId, settingId, onRollFrom: '2024-09-01' })
        .execute();
    }
    const other = await t.db
      .insertInto('organisation')
      .values({ code: 'APIOTHERPOL', name: 'Other Test Police', kind: 'police' })
      .returning('id')
      .executeTakeFirstOrThrow();
    otherForceId = other.id;
    tokens.police = (
      await createApiClient(t.db, {
        name: CLIENT_NAME,
        organisationCode: 'POL',
        scopes: ['encompass:incidents'],
      })
    ).token;
    tokens.noScope = (
      await createApiClient(t.db, { name: 'Testshire Police reporting', organisationCode: 'pol', scopes: [] })
    ).token;
    tokens.otherForce = (
      await createApiClient(t.db, {
        name: 'Other force record system',
        organisationCode: 'APIOTHERPOL',
        scopes: ['encompass:incidents'],
      })
    ).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('the OpenAPI document', () => {
    it('is served to anyone, as JSON, with this server in it', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const served = response.json();
      expect(served).toEqual({
        ...JSON.parse(JSON.stringify(ENCOMPASS_OPENAPI)),
        servers: [{ url: t.services.config.baseUrl }],
      });
      expect(served.openapi).toBe('3.1.0');
    });

    it('is well formed: every reference resolves, every schema compiles, every operation is complete', () => {
      const refs: string[] = [];
      const walk = (value: unknown) => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') {
          for (const [k, v] of Object.entries(value)) {
            if (k === '$ref' && typeof v === 'string') refs.push(v);
            else walk(v);
          }
        }
      };
      walk(ENCOMPASS_OPENAPI);
      expect(refs.length).toBeGreaterThan(10);
      for (const ref of refs) {
        expect(ref.startsWith('#/'), ref).toBe(true);
        let target: unknown = ENCOMPASS_OPENAPI;
        for (const part of ref.slice(2).split('/'))
          target = (target as Record<string, unknown> | undefined)?.[
            part.replaceAll('~1', '/').replaceAll('~0', '~')
          ];
        expect(target, `${ref} resolves`).toBeTruthy();
      }
      for (const name of Object.keys(ENCOMPASS_OPENAPI.components.schemas)) {
        expect(ajv.getSchema(`${COMPONENTS_ID}#/$defs/${name}`), name).toBeTruthy();
      }
      const operationIds = new Set<string>();
      for (const [path, item] of Object.entries(ENCOMPASS_OPENAPI.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          expect(operationIds.has(operation.operationId)).toBe(false);
          operationIds.add(operation.operationId);
          expect(
            Object.keys(operation.responses).some((s) => s.startsWith('2')),
            `${method} ${path} has a success`,
          ).toBe(true);
          for (const param of path.match(/\{(\w+)\}/g) ?? []) {
            expect(
              operation.parameters?.some((p) => p.in === 'path' && p.required && `{${p.name}}` === param),
              `${method} ${path} ${param}`,
            ).toBe(true);
          }
          // Every route documented here exists.
          expect(
            t.app.hasRoute({ method: method.toUpperCase() as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') }),
            `${method} ${path}`,
          ).toBe(true);
        }
      }
      expect(ENCOMPASS_OPENAPI.components.securitySchemes?.bearerAuth).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
    });

    it('describes exactly the properties the zod schema takes, with the same rules', () => {
      const schemas = ENCOMPASS_OPENAPI.components.schemas;
      const incidentProperties = schemas.IncidentInput!.properties!;
      const childProperties = schemas.ChildInput!.properties!;
      expect(Object.keys(incidentProperties).sort()).toEqual(Object.keys(incidentInput.shape).sort());
      expect(Object.keys(childProperties).sort()).toEqual(Object.keys(encompassChildInput.shape).sort());

      // zod's own JSON Schema of what it accepts, compared rule by rule.
      const generated = z.toJSONSchema(incidentInput, {
        io: 'input',
        unrepresentable: 'any',
      }) as SchemaObject;
      const generatedChild = generated.properties!.children!.items!;
      const facts = (schema: SchemaObject) => {
        const alternatives = schema.anyOf ?? [schema];
        const types = alternatives
          .flatMap((a) => (Array.isArray(a.type) ? a.type : a.type ? [a.type] : []))
          .sort();
        const main = alternatives.find((a) => a.type !== 'null') ?? schema;
        return {
          types,
          enum: main.enum ?? schema.enum,
          minLength: main.minLength,
          maxLength: main.maxLength,
          minItems: main.minItems,
          maxItems: main.maxItems,
        };
      };
      const compare = (documented: SchemaObject, fromZod: SchemaObject) => {
        expect([...(documented.required ?? [])].sort()).toEqual([...(fromZod.required ?? [])].sort());
        for (const [name, property] of Object.entries(fromZod.properties ?? {})) {
          const ours = documented.properties![name]!;
          const theirs = facts(property);
          const mine = facts(ours);
          // `enum` on a nullable property also lists null; zod lists the values.
          if (mine.enum && theirs.enum) mine.enum = mine.enum.filter((v) => v !== null);
          expect(mine, name).toEqual(theirs);
          if (property.format) expect(ours.format, name).toBe(property.format);
          else if (property.pattern) expect(ours.pattern, name).toBe(property.pattern);
        }
      };
      compare(schemas.IncidentInput!, generated);
      compare(schemas.ChildInput!, generatedChild);
    });

    it('gives request examples that the API accepts', () => {
      const operation = ENCOMPASS_OPENAPI.paths[INCIDENTS]!.post!;
      const media = operation.requestBody!.content['application/json']!;
      const examples = Object.entries(media.examples ?? {});
      expect(examples.length).toBeGreaterThanOrEqual(2);
      const validate = validatorFor('request', media.schema);
      for (const [name, example] of examples) {
        const parsed = incidentInput.safeParse(example.value);
        expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        expect(validate(example.value), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
    });

    it('gives response examples that match their schemas', () => {
      let checked = 0;
      for (const [path, item] of Object.entries(ENCOMPASS_OPENAPI.paths)) {
        for (const [method, operation] of Object.entries(item) as [
          HttpMethod,
          NonNullable<(typeof item)[HttpMethod]>,
        ][]) {
          for (const status of Object.keys(operation.responses)) {
            const media = documentedResponse(method, path, Number(status)).content?.['application/json'];
            for (const [name, example] of Object.entries(media?.examples ?? {})) {
              const validate = validatorFor(`${method} ${path} ${status}`, media!.schema);
              expect(
                validate(example.value),
                `${path} ${status} ${name}: ${ajv.errorsText(validate.errors)}`,
              ).toBe(true);
              checked++;
            }
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(2);
    });
  });

  describe('recording an incident', () => {
    let recorded: {
      incidentId: string;
      notices: { id: string; recipient: string; status: string; dueAt: string }[];
    };

    it('records two children at two settings and answers 201 with their notices', async () => {
      const before = await counts();
      const body = incident({ policeReference: 'API/2026/FIRST' }, [
        CHILDREN.amira,
        { ...CHILDREN.ben, nhsNumber: '943 476 5919', postcode: 'wr1 2ab' },
      ]);
      const response = await post(body);
      expect(response.statusCode).toBe(201);
      recorded = expectDocumented('post', INCIDENTS, response);
      expect(response.headers.location).toBe(`${INCIDENTS}/${recorded.incidentId}`);
      expect(recorded.notices.map((n) => [n.recipient, n.status])).toEqual([
        ['setting', 'sent'],
        ['setting', 'sent'],
      ]);
      for (const n of recorded.notices)
        expect(new Date(n.dueAt).getTime()).toBeGreaterThan(Date.now() - 5 * 3_600_000);
      expect(await counts()).toEqual({
        incidents: before.incidents + 1,
        children: before.children + 2,
        notices: before.notices + 2,
      });

      const stored = await t.db
        .selectFrom('encompassNotice as n')
        .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId')
        .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
        .select([
          'n.id',
          'n.settingId',
          'c.givenName',
          'c.nhsNumber',
          'c.postcode',
          'i.organisationId',
          'i.recordedBy',
        ])
        .where('n.incidentId', '=', recorded.incidentId)
        .execute();
      const byId = new Map(stored.map((s) => [s.id, s]));
      expect(byId.get(recorded.notices[0]!.id)).toMatchObject({
        givenName: 'Amira',
        settingId: place.settings.oakfield,
      });
      expect(byId.get(recorded.notices[1]!.id)).toMatchObject({
        givenName: 'Ben',
        settingId: place.settings.riverside,
        nhsNumber: '9434765919',
        postcode: 'WR1 2AB',
      });
      expect(
        stored.every((s) => s.organisationId === place.organisations.police && s.recordedBy === null),
      ).toBe(true);
    });

    it('writes the audit entries as the API client', async () => {
      const entries = await t.db
        .selectFrom('auditLog')
        .select([
          'action',
          'recordType',
          'recordId',
          'userEmail',
          'userId',
          'role',
          'organisationId',
          'outcome',
          'childId',
        ])
        .where('userEmail', '=', `api:${CLIENT_NAME}`)
        .where('action', '=', 'create')
        .execute();
      expect(entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            recordType: 'encompass-incident',
            recordId: recorded.incidentId,
            role: 'api_client',
            userId: null,
            organisationId: place.organisations.police,
            outcome: 'success',
          }),
          expect.objectContaining({ recordType: 'encompass-notice', recordId: recorded.notices[0]!.id }),
          expect.objectContaining({ recordType: 'encompass-notice', recordId: recorded.notices[1]!.id }),
        ]),
      );
      expect(entries.find((e) => e.recordId === recorded.notices[0]!.id)!.childId).not.toBeNull();
    });

    const tooMany = Array.from({ length: 11 }, (_, i) => ({ ...CHILDREN.ben, givenName: `Ben${i}` }));
    it.each([
      ['no children', incident({}, []), 'children', 'Add at least one child'],
      ['eleven children', incident({}, tooMany), 'children', 'at most 10 children'],
      [
        'an incident in the future',
        incident({ occurredAt: '2999-01-01T00:00:00Z' }),
        'occurredAt',
        'cannot be in the future',
      ],
      [
        'a time without its offset',
        incident({ occurredAt: '2026-11-27T22:30:00' }),
        'occurredAt',
        'Enter when the incident happened',
      ],
      [
        'a time that is not a time',
        incident({ occurredAt: 'last night' }, [{ ...CHILDREN.amira, nhsNumber: '9434765918' }]),
        'occurredAt',
        'Enter when the incident happened',
      ],
      [
        'a time that is not a time, with the other problems',
        incident({ occurredAt: 'last night' }, [{ ...CHILDREN.amira, nhsNumber: '9434765918' }]),
        'children.0.nhsNumber',
        'Enter a valid NHS number',
      ],
      ['no time', incident({ occurredAt: undefined }), 'occurredAt', 'Enter when the incident happened'],
      [
        'a child aged 18',
        incident({}, [{ ...CHILDREN.amira, dateOfBirth: '2008-01-01' }]),
        'children.0.dateOfBirth',
        '18 or over',
      ],
      [
        'spokenTo missing',
        incident({}, [{ ...CHILDREN.ben, spokenTo: undefined }]),
        'children.0.spokenTo',
        'Say whether an officer spoke with the child',
      ],
      [
        'spokenTo as words',
        incident({}, [{ ...CHILDREN.ben, spokenTo: 'yes' }]),
        'children.0.spokenTo',
        'Say whether an officer spoke with the child',
      ],
      [
        'spoken to with no words recorded',
        incident({}, [{ ...CHILDREN.amira, childVoice: null }]),
        'children.0.childVoice',
        'Enter what the child said',
      ],
      [
        'an invalid NHS number',
        incident({}, [CHILDREN.ben, { ...CHILDREN.amira, nhsNumber: '9434765918' }]),
        'children.1.nhsNumber',
        'Enter a valid NHS number',
      ],
      ['an unknown risk level', incident({ riskLevel: 'severe' }), 'riskLevel', 'Select the DASH risk level'],
      ['an unknown district', incident({ districtCode: 'NOWHERE' }), 'districtCode', 'There is no district'],
      ['an array for a body', [incident()], '', 'expected object'],
    ])(
      'refuses %s with 400, saving nothing and repeating no child’s details',
      async (_label, body, path, message) => {
        const before = await counts();
        const response = await post(body);
        expect(response.statusCode).toBe(400);
        const answer = expectDocumented('post', INCIDENTS, response);
        expect(answer.problems).toEqual(
          expect.arrayContaining([{ path, message: expect.stringContaining(message) }]),
        );
        for (const secret of [
          'Amira',
          'Ben',
          'Apitestfamily',
          '7 Api Row',
          'I stayed in my room',
          '9434765918',
          '2008-01-01',
        ]) {
          expect(response.body).not.toContain(secret);
        }
        expect(await counts()).toEqual(before);
      },
    );

    it('refuses a body that is not JSON without quoting it', async () => {
      const before = await counts();
      const broken = '{"policeReference":"API/BROKEN","children":[{"givenName":"Secretname","familyName":';
      const response = await post(broken);
      expect(response.statusCode).toBe(400);
      expectDocumented('post', INCIDENTS, response);
      expect(response.body).not.toContain('Secretname');
      const form = await post('policeReference=API%2FFORM&givenName=Secretname', tokens.police, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(form.statusCode).toBe(415);
      expectDocumented('post', INCIDENTS, form);
      expect(form.body).not.toContain('Secretname');
      const xml = await post('<incident><child>Secretname</child></incident>', tokens.police, {
        'content-type': 'application/xml',
      });
      expect(xml.statusCode).toBe(415);
      expectDocumented('post', INCIDENTS, xml);
      const huge = await post(incident({ circumstances: 'x'.repeat(1_100_000) }));
      expect(huge.statusCode).toBe(413);
      expectDocumented('post', INCIDENTS, huge);
      expect(await counts()).toEqual(before);
    });

    it('answers 409 to a police reference its own force already recorded; another force may use the same one', async () => {
      const before = await counts();
      const again = await post(incident({ policeReference: 'api/2026/first' }));
      expect(again.statusCode).toBe(409);
      const answer = expectDocumented('post', INCIDENTS, again);
      expect(answer.incidentId).toBe(recorded.incidentId);
      expect(answer.problems[0]).toMatchObject({
        path: 'policeReference',
        message: expect.stringContaining('already been recorded'),
      });

      expect(await counts()).toEqual(before);
      // References are unique within a force: another force's same reference is its own incident,
      // and its answer says nothing about this force's.
      const elsewhere = await post(incident({ policeReference: 'API/2026/FIRST' }), tokens.otherForce);
      expect(elsewhere.statusCode).toBe(201);
      expect(expectDocumented('post', INCIDENTS, elsewhere).incidentId).not.toBe(recorded.incidentId);
      expect((await counts()).incidents).toBe(before.incidents + 1);
    });

    it('records an incident sent several times at once exactly once', async () => {
      const before = await counts();
      const body = incident({ policeReference: 'API/2026/RACE' });
      const responses = await Promise.all([post(body), post(body), post(body)]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      for (const response of responses) expectDocumented('post', INCIDENTS, response);
      expect((await counts()).incidents).toBe(before.incidents + 1);
    });

    it('answers 401 without a valid token, as JSON, with WWW-Authenticate', async () => {
      const revoked = await createApiClient(t.db, {
        name: 'Revoked record system',
        organisationCode: 'POL',
        scopes: ['encompass:incidents'],
      });
      await t.db.updateTable('apiClient').set({ active: false }).where('id', '=', revoked.id).execute();
      const wrong = `sgh_${'A'.repeat(43)}`;
      const cases: [string, Record<string, string>][] = [
        ['no header', {}],
        ['an unknown token', { authorization: `Bearer ${wrong}` }],
        ['a malformed token', { authorization: 'Bearer not-a-token' }],
        [
          'another scheme',
          { authorization: `Basic ${Buffer.from(`x:${tokens.police}`).toString('base64')}` },
        ],
        ['a revoked client', { authorization: `Bearer ${revoked.token}` }],
      ];
      const before = await counts();
      for (const [label, headers] of cases) {
        const response = await t.app.inject({
          method: 'POST',
          url: INCIDENTS,
          headers: { 'content-type': 'application/json', accept: 'text/html', ...headers },
          payload: JSON.stringify(incident()),
        });
        expect(response.statusCode, label).toBe(401);
        expectDocumented('post', INCIDENTS, response);
        expect(response.headers['www-authenticate'], label).toMatch(/^Bearer realm=/);
      }
      expect(await counts()).toEqual(before);
    });

    it('answers 403 to a client without the scope, and keeps the attempt', async () => {
      const before = await counts();
      const response = await post(incident(), tokens.noScope);
      expect(response.statusCode).toBe(403);
      expectDocumented('post', INCIDENTS, response);
      expect(await counts()).toEqual(before);
      const denied = await t.db
        .selectFrom('auditLog')
        .select(['outcome', 'role'])
        .where('userEmail', '=', 'api:Testshire Police reporting')
        .execute();
      expect(denied).toEqual([{ outcome: 'denied', role: 'api_client' }]);
    });

    it('answers in JSON to any other address under the API', async () => {
      const response = await t.app.inject({
        method: 'PUT',
        url: INCIDENTS,
        headers: { accept: 'text/html' },
      });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const unknown = await t.app.inject({
        method: 'GET',
        url: '/api/v1/nothing-here',
        headers: { accept: 'text/html' },
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ error: expect.any(String) });
    });

    describe('reading how its notices stand', () => {
      it('shows its own force each notice’s status and times', async () => {
        const [amira] = recorded.notices;
        const dsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield });
        const writer = auditWriterFor({ ...SYSTEM_ACTOR, userId: dsl.id, userEmail: dsl.email, role: 'dsl' });
        await t.services.encompass.viewNotice(writer, amira!.id, () => true);
        await t.services.encompass.acknowledge(writer, amira!.id, dsl.id, {
          action: ['monitoring'],
          actionNote: undefined,
          feedbackNote: undefined,
        });

        const response = await get(`${INCIDENTS}/${recorded.incidentId}`);
        expect(response.statusCode).toBe(200);
        const answer = expectDocumented('get', `${INCIDENTS}/{id}`, response);
        expect(answer).toMatchObject({
          id: recorded.incidentId,
          policeReference: 'API/2026/FIRST',
          riskLevel: 'medium',
        });
        const byId = new Map(answer.notices.map((n: { id: string }) => [n.id, n]));
        expect(byId.get(amira!.id)).toMatchObject({
          status: 'acknowledged',
          action: 'monitoring',
          sentAt: expect.any(String),
          firstViewedAt: expect.any(String),
          acknowledgedAt: expect.any(String),
        });
        expect(byId.get(recorded.notices[1]!.id)).toMatchObject({
          status: 'sent',
          firstViewedAt: null,
          acknowledgedAt: null,
          action: null,
        });
        expect(response.body).not.toContain('Amira');
        const views = await t.db
          .selectFrom('auditLog')
          .select(['outcome'])
          .where('userEmail', '=', `api:${CLIENT_NAME}`)
          .where('action', '=', 'view')
          .where('recordId', '=', recorded.incidentId)
          .execute();
        expect(views).toEqual([{ outcome: 'success' }]);
      });

      it('does not find another force’s incident, nor one that does not exist', async () => {
        const other = await get(`${INCIDENTS}/${recorded.incidentId}`, tokens.otherForce);
        expect(other.statusCode).toBe(404);
        expectDocumented('get', `${INCIDENTS}/{id}`, other);
        expect(other.body).not.toContain('API/2026/FIRST');
        const kept = await t.db
          .selectFrom('auditLog')
          .select(['outcome', 'organisationId'])
          .where('userEmail', '=', 'api:Other force record system')
          .where('action', '=', 'view')
          .execute();
        expect(kept).toEqual([{ outcome: 'not_found', organisationId: otherForceId }]);

        for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
          const missing = await get(`${INCIDENTS}/${id}`);
          expect(missing.statusCode).toBe(404);
          expectDocumented('get', `${INCIDENTS}/{id}`, missing);
        }
      });

      it('needs a token with the scope', async () => {
        const anonymous = await get(`${INCIDENTS}/${recorded.incidentId}`, null);
        expect(anonymous.statusCode).toBe(401);
        expectDocumented('get', `${INCIDENTS}/{id}`, anonymous);
        const unscoped = await get(`${INCIDENTS}/${recorded.incidentId}`, tokens.noScope);
        expect(unscoped.statusCode).toBe(403);
        expectDocumented('get', `${INCIDENTS}/{id}`, unscoped);
      });
    });

    it('leaves the audit chain whole', async () => {
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
    });
  });

  describe('API clients', () => {
    it('are given a token that is stored only as its hash', async () => {
      const created = await createApiClient(t.db, {
        name: 'Hash check system',
        organisationCode: 'POL',
        scopes: ['encompass:incidents'],
      });
      expect(created.token).toMatch(/^sgh_[A-Za-z0-9_-]{43}$/);
      const row = await t.db
        .selectFrom('apiClient')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.tokenHash).toBe(hashApiToken(created.token));
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(created.token.slice(4));
      expect(row.organisationId).toBe(place.organisations.police);
      const audit = await t.db
        .selectFrom('auditLog')
        .select(['userEmail', 'action'])
        .where('recordType', '=', 'api-client')
        .where('recordId', '=', created.id)
        .execute();
      expect(audit).toEqual([{ userEmail: 'system', action: 'create' }]);
    });

    it('are authenticated by the header, and noted as used at most once a minute', async () => {
      const created = await createApiClient(t.db, {
        name: 'Clock check system',
        organisationCode: 'POL',
        scopes: ['encompass:incidents'],
      });
      const lastUsed = async () =>
        (
          await t.db
            .selectFrom('apiClient')
            .select('lastUsedAt')
            .where('id', '=', created.id)
            .executeTakeFirstOrThrow()
        ).lastUsedAt;
      expect(await lastUsed()).toBeNull();
      const start = new Date('2026-11-28T10:00:00Z');
      const client = await authenticateApiClient(t.db, `Bearer ${created.token}`, start);
      expect(client).toEqual({
        id: created.id,
        name: 'Clock check system',
        organisationId: place.organisations.police,
        scopes: ['encompass:incidents'],
      });
      expect((await lastUsed())?.getTime()).toBe(start.getTime());
      await authenticateApiClient(t.db, `bearer ${created.token}`, new Date(start.getTime() + 30_000));
      expect((await lastUsed())?.getTime()).toBe(start.getTime());
      await authenticateApiClient(t.db, `Bearer ${created.token}`, new Date(start.getTime() + 61_000));
      expect((await lastUsed())?.getTime()).toBe(start.getTime() + 61_000);

      for (const header of [
        undefined,
        '',
        'Bearer',
        `Bearer ${created.token}x`,
        `Token ${created.token}`,
        created.token,
      ]) {
        expect(await authenticateApiClient(t.db, header), String(header)).toBeNull();
      }
      await t.db.updateTable('apiClient').set({ active: false }).where('id', '=', created.id).execute();
      expect(await authenticateApiClient(t.db, `Bearer ${created.token}`)).toBeNull();
    });

    it('act only for a known organisation, with known scopes, and record incidents only for a police force', async () => {
      await expect(
        createApiClient(t.db, { name: 'Nobody', organisationCode: 'NOSUCH', scopes: [] }),
      ).rejects.toThrow('no organisation');
      await expect(
        createApiClient(t.db, { name: 'Too much', organisationCode: 'POL', scopes: ['everything'] }),
      ).rejects.toThrow('Unknown scope');
      await expect(
        createApiClient(t.db, {
          name: 'Council system',
          organisationCode: 'LA',
          scopes: ['encompass:incidents'],
        }),
      ).rejects.toThrow('police force');
    });
  });
});
