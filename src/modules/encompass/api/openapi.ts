/**
 * The OpenAPI 3.1 description of the Operation Encompass JSON API, served at /api/v1/openapi.json.
 * The request schema is written out by hand so that it reads well; api.test.ts keeps it in step
 * with the zod schema the route validates with (schema.ts), and every response in the tests is
 * checked against the schema documented for its status.
 */
import type { NoticeRecipient, NoticeStatus } from '../tables.ts';
import { ACTIONS } from '../schema.ts';

/** A JSON Schema (draft 2020-12, OpenAPI 3.1's dialect): the keywords this document uses. */
export interface SchemaObject {
  $ref?: string;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: readonly (string | null)[];
  const?: string | number | boolean | null;
  properties?: Record<string, SchemaObject>;
  required?: readonly string[];
  additionalProperties?: boolean | SchemaObject;
  items?: SchemaObject;
  minItems?: number;
  maxItems?: number;
  anyOf?: SchemaObject[];
  examples?: unknown[];
}
type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
type Ref = { $ref: string };

export interface ExampleObject {
  summary?: string;
  description?: string;
  value: unknown;
}

export interface MediaTypeObject {
  schema: SchemaObject;
  examples?: Record<string, ExampleObject>;
}

export interface HeaderObject {
  description?: string;
  required?: boolean;
  schema: SchemaObject;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject | Ref>;
  content?: Record<string, MediaTypeObject>;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  description?: string;
  required?: boolean;
  schema: SchemaObject;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: { description?: string; required?: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject | Ref>;
  security?: Record<string, string[]>[];
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
export type PathItemObject = Partial<Record<HttpMethod, OperationObject>>;

export interface SecuritySchemeObject {
  type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  scheme?: string;
  bearerFormat?: string;
  description?: string;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: {
    title: string;
    version: string;
    summary?: string;
    description?: string;
    contact?: { name?: string; email?: string };
  };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, SchemaObject>;
    responses?: Record<string, ResponseObject>;
    headers?: Record<string, HeaderObject>;
    securitySchemes?: Record<string, SecuritySchemeObject>;
  };
}

/** Every recipient and status a notice can have; the compiler checks these lists are complete. */
const NOTICE_RECIPIENTS = [
  'setting',
  'health_visiting',
  'family_front_door',
  'coordinator',
] as const satisfies readonly NoticeRecipient[];
const NOTICE_STATUSES = [
  'sent',
  'queued',
  'acknowledged',
  'withdrawn',
] as const satisfies readonly NoticeStatus[];
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const allRecipientsListed: Missing<NoticeRecipient, (typeof NOTICE_RECIPIENTS)[number]> = true;
const allStatusesListed: Missing<NoticeStatus, (typeof NOTICE_STATUSES)[number]> = true;
void allRecipientsListed;
void allStatusesListed;

export const INCIDENTS_SCOPE = 'encompass:incidents';

const ref = (name: string): Ref => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string): Ref => ({ $ref: `#/components/responses/${name}` });
const json = (
  schema: SchemaObject,
  examples?: Record<string, ExampleObject>,
): Record<string, MediaTypeObject> => ({
  'application/json': examples ? { schema, examples } : { schema },
});
const instant = (description: string): SchemaObject => ({ type: 'string', format: 'date-time', description });
const optionalInstant = (description: string): SchemaObject => ({
  type: ['string', 'null'],
  format: 'date-time',
  description,
});
const requiredText = (description: string, maxLength: number, examples?: string[]): SchemaObject => ({
  type: 'string',
  minLength: 1,
  maxLength,
  description: `${description} Surrounding spaces are removed; it must not be blank.`,
  ...(examples ? { examples } : {}),
});
const optionalText = (description: string, maxLength: number): SchemaObject => ({
  type: ['string', 'null'],
  maxLength,
  description: `${description} Optional: leave it out, or send null or an empty string.`,
});

/** An incident as the examples in this document send it (all made up). */
const EXAMPLE_INCIDENT = {
  policeReference: 'WSP/2026/004217',
  occurredAt: '2026-11-27T22:30:00Z',
  place: 'The family home',
  districtCode: 'NORTH',
  circumstances: 'Neighbours reported shouting. Two adults argued; a door was damaged. No arrests.',
  riskLevel: 'medium',
  officerName: 'PC 1234 Example Officer',
  children: [
    {
      givenName: 'Alex',
      familyName: 'Sample',
      dateOfBirth: '2017-03-09',
      address: '1 Example Road, Northvale',
      postcode: 'WR1 2AB',
      presence: 'in_room',
      spokenTo: true,
      childVoice: 'I went to my room and put my headphones on.',
      demeanour: 'Quiet, answered questions',
      injuries: null,
    },
    {
      givenName: 'Sam',
      familyName: 'Sample',
      dateOfBirth: '2012-10-21',
      address: '1 Example Road, Northvale',
      nhsNumber: '9434765919',
      presence: 'not_present',
      spokenTo: false,
    },
  ],
};

export const ENCOMPASS_OPENAPI: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Safeguarding Hub: Operation Encompass API',
    version: '1.0.0',
    summary: 'How a police record system sends domestic abuse incidents to which children were exposed.',
    description: [
      'A police force sends each incident attended at which children were present, or normally live, as soon as it is',
      'recorded. Safeguarding Hub finds each child in the child index and sends one notice per child to the Key Adult',
      'of the school or early-years setting the child attends, before the start of the next school day, or to the',
      'health visiting team (children under 5 on no roll), the Family Front Door (school-age children on no roll) or',
      'the Operation Encompass coordinator (a child who cannot be matched exactly).',
      '',
      'Authenticate with the bearer token issued for your record system: `Authorization: Bearer sgh_…`. The token',
      `needs the scope \`${INCIDENTS_SCOPE}\`. A client acts for its own force only.`,
      '',
      'An incident is saved whole or not at all. A police reference is accepted once: sending it again (for',
      'example, retrying after a timeout) answers 409 with the id of the incident already recorded, so a retry is',
      'always safe. Notices are listed in the order of the children sent; keep their ids to follow them.',
      '',
      'Times are ISO 8601 with an offset (`2026-11-27T22:30:00Z`), dates are `YYYY-MM-DD`. Every answer is JSON;',
      'errors never repeat a child’s details.',
    ].join('\n'),
  },
  tags: [{ name: 'Operation Encompass', description: 'Incidents and the notices sent for each child' }],
  security: [{ bearerAuth: [INCIDENTS_SCOPE] }],
  paths: {
    '/api/v1/encompass/incidents': {
      post: {
        operationId: 'recordIncident',
        summary: 'Record an incident',
        description:
          'Checks the incident, saves it and sends one notice per child, all in one transaction. When anything is wrong, nothing is saved and every problem is listed.',
        tags: ['Operation Encompass'],
        requestBody: {
          required: true,
          content: json(ref('IncidentInput'), {
            twoChildren: { summary: 'An incident with two children', value: EXAMPLE_INCIDENT },
            oneChild: {
              summary: 'One child, the fewest details',
              value: {
                policeReference: 'WSP/2026/004218',
                occurredAt: '2026-11-26T19:05:00+00:00',
                place: 'Outside 4 Sample Close',
                districtCode: 'SOUTH',
                circumstances:
                  'An argument between ex-partners on the doorstep; the child watched from the hallway.',
                riskLevel: 'standard',
                officerName: 'PC 5678 Sample Officer',
                children: [
                  {
                    givenName: 'Jo',
                    familyName: 'Example',
                    dateOfBirth: '2019-06-30',
                    address: '4 Sample Close, Southmere',
                    presence: 'elsewhere_in_home',
                    spokenTo: false,
                  },
                ],
              },
            },
          }),
        },
        responses: {
          '201': {
            description: 'Recorded. One notice per child, in the order the children were sent.',
            headers: { Location: { $ref: '#/components/headers/Location' } },
            content: json(ref('IncidentRecorded'), {
              recorded: {
                summary: 'Two notices: one sent to a school, one waiting for the coordinator',
                value: {
                  incidentId: '0b8f5a4e-3c1d-4e55-9a1f-2d6c7e8f9a01',
                  notices: [
                    {
                      id: '5e1c2d3a-4b5c-4d6e-8f70-8192a3b4c5d6',
                      recipient: 'setting',
                      status: 'sent',
                      dueAt: '2026-11-30T08:45:00.000Z',
                    },
                    {
                      id: '6f2d3e4b-5c6d-4e7f-9a81-92a3b4c5d6e7',
                      recipient: 'coordinator',
                      status: 'queued',
                      dueAt: '2026-11-30T09:00:00.000Z',
                    },
                  ],
                },
              },
            }),
          },
          '400': response('ValidationFailed'),
          '401': response('Unauthorised'),
          '403': response('Forbidden'),
          '409': {
            description:
              'An incident with this police reference has already been recorded; nothing was saved. `incidentId` names it when it is your own force’s.',
            content: json(ref('DuplicateReference')),
          },
          '413': response('TooLarge'),
          '415': response('NotJson'),
        },
      },
    },
    '/api/v1/encompass/incidents/{id}': {
      get: {
        operationId: 'getIncident',
        summary: 'How an incident’s notices stand',
        description:
          'The incident and, for each child, whether the notice was sent, first viewed and acknowledged, and what the setting did. Incidents of other forces are not found.',
        tags: ['Operation Encompass'],
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The `incidentId` returned when it was recorded',
            schema: { type: 'string', format: 'uuid' },
          },
        ],
        responses: {
          '200': { description: 'The incident and its notices', content: json(ref('IncidentStatus')) },
          '401': response('Unauthorised'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
        },
      },
    },
    '/api/v1/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        security: [],
        responses: {
          '200': {
            description: 'The OpenAPI 3.1 description of this API',
            content: json({ type: 'object' }),
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'sgh_ followed by 43 characters',
        description:
          'The token issued for your record system. It is shown once when the client is created; ask the partnership for a new one if it is lost.',
      },
    },
    headers: {
      Location: {
        description: 'Where the recorded incident can be read',
        required: true,
        schema: {
          type: 'string',
          examples: ['/api/v1/encompass/incidents/0b8f5a4e-3c1d-4e55-9a1f-2d6c7e8f9a01'],
        },
      },
      'WWW-Authenticate': {
        description: 'The authentication scheme expected (RFC 6750)',
        required: true,
        schema: { type: 'string', examples: ['Bearer realm="safeguarding-hub"'] },
      },
    },
    responses: {
      ValidationFailed: {
        description: 'The incident is not right: every problem is listed; nothing was saved.',
        content: json(ref('ValidationError'), {
          noChildren: {
            summary: 'No children and an incident in the future',
            value: {
              error: 'The incident was not recorded: correct the problems and send it again',
              problems: [
                { path: 'occurredAt', message: 'The incident cannot be in the future' },
                { path: 'children', message: 'Add at least one child' },
              ],
            },
          },
        }),
      },
      Unauthorised: {
        description: 'No token, or one that is malformed, unknown or revoked.',
        headers: { 'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' } },
        content: json(ref('Error')),
      },
      Forbidden: {
        description: `The token lacks the scope \`${INCIDENTS_SCOPE}\`.`,
        content: json(ref('Error')),
      },
      NotFound: { description: 'No such incident for your force.', content: json(ref('Error')) },
      TooLarge: { description: 'The body is larger than 1 MB.', content: json(ref('Error')) },
      NotJson: {
        description: 'The body must be JSON (`Content-Type: application/json`).',
        content: json(ref('Error')),
      },
    },
    schemas: {
      IncidentInput: {
        type: 'object',
        description:
          'An incident as the police record it. Properties not listed here are ignored. The incident must not be in the future (five minutes’ grace for clocks), and every child must be under 18 on its date.',
        required: [
          'policeReference',
          'occurredAt',
          'place',
          'districtCode',
          'circumstances',
          'riskLevel',
          'officerName',
          'children',
        ],
        properties: {
          policeReference: {
            type: 'string',
            pattern: '^[A-Za-z0-9/-]{3,40}$',
            description:
              'The force’s reference: 3 to 40 letters, digits, slashes or hyphens. Accepted once (letter case does not matter).',
            examples: ['WSP/2026/004217'],
          },
          occurredAt: instant('When the incident happened, with the offset (Z or ±hh:mm).'),
          attendedAt: optionalInstant(
            'When the police attended or were first told of it, with the offset. Optional: when left out, when it happened. Not before it happened, and not after it is sent here (five minutes’ grace). Each notice is due before the next school day after this moment.',
          ),
          place: requiredText('Where it happened.', 300),
          districtCode: requiredText('The district it happened in: its code or its name.', 20, ['NORTH']),
          circumstances: requiredText('What happened, for the Key Adult.', 4000),
          riskLevel: {
            type: 'string',
            enum: ['standard', 'medium', 'high'],
            description: 'The DASH risk level.',
          },
          officerName: requiredText('The attending officer, as the Key Adult may contact them.', 200),
          children: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            items: ref('ChildInput'),
            description: 'The children present or normally living there: 1 to 10.',
          },
        },
      },
      ChildInput: {
        type: 'object',
        description: 'A child present at the incident or normally living there.',
        required: ['givenName', 'familyName', 'dateOfBirth', 'address', 'presence', 'spokenTo'],
        properties: {
          givenName: requiredText('The child’s given name.', 100),
          familyName: requiredText('The child’s family name.', 100),
          dateOfBirth: {
            type: 'string',
            format: 'date',
            pattern: '^\\d{4}-\\d{2}-\\d{2}$',
            description:
              'A real date, YYYY-MM-DD, not after the incident; the child must be under 18 on the incident’s date.',
          },
          address: requiredText('Where the child lives.', 300),
          postcode: optionalText('A real UK postcode, like WR1 2AB.', 10),
          nhsNumber: optionalText('10 digits (spaces allowed) whose check digit is right.', 20),
          presence: {
            type: 'string',
            enum: ['in_room', 'elsewhere_in_home', 'not_present'],
            description: 'In the room, elsewhere in the home, or not present (but normally lives there).',
          },
          spokenTo: {
            type: 'boolean',
            description: 'Whether an officer spoke with the child. Required: true or false.',
          },
          childVoice: optionalText(
            'What the child said, in their words. Required when spokenTo is true.',
            2000,
          ),
          demeanour: optionalText('How the child seemed.', 1000),
          injuries: optionalText('Any injuries seen.', 1000),
        },
      },
      IncidentRecorded: {
        type: 'object',
        additionalProperties: false,
        required: ['incidentId', 'notices'],
        properties: {
          incidentId: { type: 'string', format: 'uuid' },
          notices: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            items: ref('NoticeSummary'),
            description: 'One per child, in the order sent.',
          },
        },
      },
      NoticeSummary: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'recipient', 'status', 'dueAt'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          recipient: ref('Recipient'),
          status: ref('NoticeStatus'),
          dueAt: instant('When it should be read: the start of the setting’s next school day.'),
        },
      },
      IncidentStatus: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'policeReference', 'occurredAt', 'attendedAt', 'recordedAt', 'riskLevel', 'notices'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          policeReference: { type: 'string' },
          occurredAt: instant('When the incident happened.'),
          attendedAt: instant('When the police attended or were told of it.'),
          recordedAt: instant('When Safeguarding Hub recorded it.'),
          riskLevel: { type: 'string', enum: ['standard', 'medium', 'high'] },
          notices: { type: 'array', items: ref('NoticeProgress') },
        },
      },
      NoticeProgress: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'recipient',
          'status',
          'dueAt',
          'createdAt',
          'sentAt',
          'firstViewedAt',
          'acknowledgedAt',
          'escalatedAt',
          'withdrawnAt',
          'action',
        ],
        properties: {
          id: { type: 'string', format: 'uuid' },
          recipient: ref('Recipient'),
          status: ref('NoticeStatus'),
          dueAt: instant('When it should be read.'),
          createdAt: instant('When the notice was made.'),
          sentAt: optionalInstant(
            'When it was sent to its recipient (null while the coordinator finds the child).',
          ),
          firstViewedAt: optionalInstant('When the recipient first opened it.'),
          acknowledgedAt: optionalInstant('When the recipient acknowledged it.'),
          escalatedAt: optionalInstant('When it was escalated for not being acknowledged in time.'),
          withdrawnAt: optionalInstant('When it was withdrawn.'),
          action: {
            type: ['string', 'null'],
            enum: [...Object.keys(ACTIONS), null],
            description: 'What the recipient did, given when acknowledging.',
          },
        },
      },
      Recipient: {
        type: 'string',
        enum: NOTICE_RECIPIENTS,
        description:
          'setting: the child’s school or early-years setting; health_visiting: under 5 on no roll; family_front_door: of school age on no roll; coordinator: the child could not be matched exactly.',
      },
      NoticeStatus: {
        type: 'string',
        enum: NOTICE_STATUSES,
        description: 'sent, queued (with the coordinator, not yet sent), acknowledged, or withdrawn.',
      },
      Problem: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'message'],
        properties: {
          path: {
            type: 'string',
            description: 'The property at fault, dotted: `children.0.dateOfBirth`; empty for the whole body.',
            examples: ['children.0.nhsNumber'],
          },
          message: { type: 'string', description: 'What is wrong, in words to show a person.' },
        },
      },
      ValidationError: {
        type: 'object',
        additionalProperties: false,
        required: ['error', 'problems'],
        properties: {
          error: { type: 'string' },
          problems: { type: 'array', minItems: 1, items: ref('Problem') },
          requestId: { type: 'string', description: 'Quote it when asking for help.' },
        },
      },
      DuplicateReference: {
        type: 'object',
        additionalProperties: false,
        required: ['error', 'problems'],
        properties: {
          error: { type: 'string' },
          problems: { type: 'array', minItems: 1, items: ref('Problem') },
          incidentId: {
            type: 'string',
            format: 'uuid',
            description: 'The incident already recorded with this reference, when it is your force’s.',
          },
          requestId: { type: 'string' },
        },
      },
      Error: {
        type: 'object',
        additionalProperties: false,
        required: ['error'],
        properties: {
          error: { type: 'string', description: 'What went wrong.' },
          requestId: { type: 'string', description: 'Quote it when asking for help.' },
        },
      },
    },
  },
};

/** The request examples, for tests and for anyone reading this file. */
export const EXAMPLE_INCIDENT_INPUT = EXAMPLE_INCIDENT;
