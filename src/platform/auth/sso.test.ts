/**
 * Single sign-on end to end against a real OpenID provider (oidc-provider) started on loopback in
 * this test: the app sends the browser there, the provider's own login and consent pages are
 * answered over HTTP, and the provider sends the browser back with a code the app redeems. No
 * part of either side is mocked.
 */
import { randomBytes, createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as clock from '../clock.ts';
import {
  TestClient,
  type TestApp,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../testing/app.ts';
import { idpProvedMfa } from './sso.ts';

const APP_BASE = 'http://localhost:3000';
const CALLBACK = `${APP_BASE}/sign-in/sso/testshire/callback`;
const OTHER_CALLBACK = 'http://127.0.0.1:9/callback';
const HUB_SECRET = randomBytes(24).toString('hex');
const OTHER_SECRET = randomBytes(24).toString('hex');

interface RealProvider {
  issuer: string;
  /** When set, the token endpoint answers this ID token instead of its own (a substituted token). */
  substitute: string | null;
  close(): Promise<void>;
}

async function startProvider(): Promise<RealProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'safeguarding-hub',
        client_secret: HUB_SECRET,
        redirect_uris: [CALLBACK],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: 'another-service',
        client_secret: OTHER_SECRET,
        redirect_uris: [OTHER_CALLBACK],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    // The login typed on the provider's page is the account's email.
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, email: sub, email_verified: true }),
    }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(16).toString('hex')] },
  });
  const state: RealProvider = {
    issuer,
    substitute: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (state.substitute && ctx.path === '/token' && body?.id_token)
      ctx.body = { ...body, id_token: state.substitute };
  });
  server.on('request', provider.callback());
  return state;
}

/**
 * A browser at the provider: follows its redirects, signs in on its login page with `login` and
 * agrees on its consent page, until it is sent to an address starting with `stopAt`.
 */
async function throughProvider(start: string, login: string, stopAt: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(start);
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(stopAt)) return next;
      url = next;
      init = {};
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
    if (!action || !prompt)
      throw new Error(`The provider answered ${response.status}: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url);
    init = {
      method: 'POST',
      body: new URLSearchParams(
        prompt === 'login' ? { prompt, login, password: 'any' } : { prompt },
      ).toString(),
    };
  }
  throw new Error('Too many redirects at the provider');
}

describe('single sign-on with an organisation’s OpenID provider', () => {
  let idp: RealProvider;
  let t: TestApp;
  let police: number;

  beforeAll(async () => {
    idp = await startProvider();
    t = await buildTestApp({
      env: {
        BASE_URL: APP_BASE,
        SSO_TESTSHIRE_SECRET: HUB_SECRET,
        SSO_PROVIDERS: JSON.stringify([
          {
            id: 'testshire',
            organisationCode: 'POL',
            label: 'Testshire Police',
            issuer: idp.issuer,
            clientId: 'safeguarding-hub',
            clientSecretVariable: 'SSO_TESTSHIRE_SECRET',
          },
        ]),
      },
    });
    police = (await seedSmallPartnership(t.db)).organisations.police;
  });
  afterAll(async () => {
    clock.resetClock();
    await t?.close();
    await idp?.close();
  });

  /** The app's side: the button, the provider, and back to the callback (answered by the app). */
  async function signInWithSso(client: TestClient, login: string) {
    const page = await client.get('/sign-in');
    expect(page.body).toContain('Sign in with Testshire Police');
    const start = await client.get('/sign-in/sso/testshire');
    expect(start.statusCode).toBe(303);
    const authUrl = new URL(start.headers.location as string);
    const callback = await throughProvider(authUrl.href, login, CALLBACK);
    return { authUrl, callback, response: await client.get(`${callback.pathname}${callback.search}`) };
  }

  const lastSsoAudit = async () =>
    t.db
      .selectFrom('auditLog')
      .select(['outcome', 'reason', 'action', 'userId'])
      .where('action', 'in', ['sso-sign-in', 'sign-in', 'sign-in-first-step'])
      .orderBy('at', 'desc')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();

  it('signs in an officer whose account has the email, with PKCE, state and nonce', async () => {
    const officer = await createTestUser(t.db, 'police_officer', { organisationId: police });
    const client = new TestClient(t.app);
    const { authUrl, response } = await signInWithSso(client, officer.email.toUpperCase());
    expect(authUrl.origin).toBe(idp.issuer);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authUrl.searchParams.get('state')).toBeTruthy();
    expect(authUrl.searchParams.get('nonce')).toBeTruthy();
    expect(response.statusCode, JSON.stringify(await lastSsoAudit())).toBe(303);
    expect(response.headers.location).toBe('/');
    expect((await client.get('/')).body).toContain('your start page');
    expect(await lastSsoAudit()).toMatchObject({
      action: 'sign-in',
      outcome: 'success',
      userId: officer.id,
      reason: 'sso:testshire',
    });
  });

  it('refuses a replayed state, even with the code that came with it', async () => {
    const officer = await createTestUser(t.db, 'police_officer', { organisationId: police });
    const client = new TestClient(t.app);
    const { callback, response } = await signInWithSso(client, officer.email);
    expect(response.statusCode).toBe(303);
    const replay = await client.get(`${callback.pathname}${callback.search}`);
    expect(replay.statusCode).toBe(403);
    expect(replay.body).toContain('You could not be signed in');
    expect(await lastSsoAudit()).toMatchObject({
      outcome: 'denied',
      reason: 'testshire: unknown or already used state',
    });
  });

  it('refuses a callback carried to another browser (no state cookie there)', async () => {
    const officer = await createTestUser(t.db, 'police_officer', { organisationId: police });
    const attacker = new TestClient(t.app);
    await attacker.get('/sign-in');
    const start = await attacker.get('/sign-in/sso/testshire');
    const callback = await throughProvider(start.headers.location as string, officer.email, CALLBACK);
    const victim = new TestClient(t.app);
    const r = await victim.get(`${callback.pathname}${callback.search}`);
    expect(r.statusCode).toBe(403);
    expect(await lastSsoAudit()).toMatchObject({ reason: 'testshire: state not from this browser' });
  });

  it('refuses an email with no account here, creates none, and says so', async () => {
    const before = await t.db.selectFrom('appUser').select('id').execute();
    const client = new TestClient(t.app);
    const { response } = await signInWithSso(client, 'stranger@police.test.example');
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('no active account of your organisation here has that email address');
    expect(response.body).toContain('Accounts are never made by signing in');
    expect(await t.db.selectFrom('appUser').select('id').execute()).toHaveLength(before.length);
    expect(await lastSsoAudit()).toMatchObject({
      outcome: 'denied',
      reason: 'testshire: no active account of the organisation with this email',
    });
    // Not signed in.
    expect((await client.get('/')).headers.location).toBe('/sign-in');
  });

  it('refuses an account of another organisation with the same email', async () => {
    const council = await t.db
      .selectFrom('organisation')
      .select('id')
      .where('code', '=', 'LA')
      .executeTakeFirstOrThrow();
    const worker = await createTestUser(t.db, 'front_door_practitioner', { organisationId: council.id });
    const { response } = await signInWithSso(new TestClient(t.app), worker.email);
    expect(response.statusCode).toBe(403);
  });

  it('refuses an ID token issued to another client (wrong audience), though signed by the provider with our nonce', async () => {
    const officer = await createTestUser(t.db, 'police_officer', { organisationId: police });
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const start = await client.get('/sign-in/sso/testshire');
    const authUrl = new URL(start.headers.location as string);
    // A real token for another client of the same provider, for the same person, with our nonce.
    const verifier = randomBytes(32).toString('base64url');
    const other = new URL(`${idp.issuer}/auth`);
    other.search = new URLSearchParams({
      client_id: 'another-service',
      response_type: 'code',
      scope: 'openid email',
      redirect_uri: OTHER_CALLBACK,
      state: 'x',
      nonce: authUrl.searchParams.get('nonce')!,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const otherCallback = await throughProvider(other.href, officer.email, OTHER_CALLBACK);
    const token = (await (
      await fetch(`${idp.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: otherCallback.searchParams.get('code')!,
          redirect_uri: OTHER_CALLBACK,
          code_verifier: verifier,
          client_id: 'another-service',
          client_secret: OTHER_SECRET,
        }).toString(),
      })
    ).json()) as { id_token: string };
    expect(JSON.parse(Buffer.from(token.id_token.split('.')[1]!, 'base64url').toString()).aud).toBe(
      'another-service',
    );

    idp.substitute = token.id_token;
    try {
      const callback = await throughProvider(authUrl.href, officer.email, CALLBACK);
      const r = await client.get(`${callback.pathname}${callback.search}`);
      expect(r.statusCode).toBe(403);
      expect((await lastSsoAudit()).reason).toMatch(/^testshire: token refused: .*"aud"/);
      expect((await client.get('/')).headers.location).toBe('/sign-in');
    } finally {
      idp.substitute = null;
    }
  });

  it('refuses an expired ID token (judged on the product clock)', async () => {
    const officer = await createTestUser(t.db, 'police_officer', { organisationId: police });
    // The provider issues tokens for an hour; here it is two hours later when the token arrives.
    clock.freezeClockAt(new Date(Date.now() + 2 * 3_600_000));
    try {
      const client = new TestClient(t.app);
      const { response } = await signInWithSso(client, officer.email);
      expect(response.statusCode).toBe(403);
      expect((await lastSsoAudit()).reason).toMatch(/^testshire: token refused: .*"exp"/);
    } finally {
      clock.resetClock();
    }
  });

  it('still asks our second factor of a role that needs one', async () => {
    const admin = await createTestUser(t.db, 'partnership_admin', { organisationId: police });
    const client = new TestClient(t.app);
    const { response } = await signInWithSso(client, admin.email);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/second-factor/set-up');
    expect((await client.get('/')).headers.location).toBe('/sign-in');
    expect((await client.get('/second-factor/set-up')).body).toContain('Set up your second factor');
  });
});

describe('trusting an identity provider’s own MFA', () => {
  it('counts only when the organisation trusts it and the token shows it', () => {
    const trusting = { trustedMfa: { amr: ['mfa', 'otp'], acr: ['urn:example:loa:3'] } };
    expect(idpProvedMfa(trusting, { amr: ['pwd', 'mfa'] })).toBe(true);
    expect(idpProvedMfa(trusting, { acr: 'urn:example:loa:3' })).toBe(true);
    expect(idpProvedMfa(trusting, { amr: ['pwd'], acr: 'urn:example:loa:1' })).toBe(false);
    expect(idpProvedMfa({ trustedMfa: null }, { amr: ['mfa'] })).toBe(false);
  });
});
