/** The API's answer to input the platform's boundary refuses: the field's path, in words. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, buildTestApp, seedSmallPartnership } from '../../../platform/testing/app.ts';
import { createApiClient } from '../index.ts';

describe('the API at the input boundary', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await buildTestApp();
    await seedSmallPartnership(t.db);
    token = (
      await createApiClient(t.db, {
        name: 'Boundary test force',
        organisationCode: 'POL',
        scopes: ['encompass:incidents'],
      })
    ).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a lone surrogate in the API with the field’s path', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/encompass/incidents',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: `{"policeReference":"SUR/1","occurredAt":"2026-11-27T20:00:00Z","place":"Home","districtCode":"NORTH","circumstances":"x","riskLevel":"low","officerName":"PC","children":[{"givenName":"\\ud800Aaron","familyName":"B","dateOfBirth":"2018-01-01","address":"1 Row","presence":"in_room","spokenTo":false}]}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().problems, response.body).toEqual([
      {
        path: 'children.0.givenName',
        message:
          '“Given name” contains half of a character (a broken emoji or symbol): remove it and try again',
      },
    ]);
  });
});
