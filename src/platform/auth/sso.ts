/**
 * Sign-in with an organisation's own identity provider (OpenID Connect, openid-client 6): the
 * authorization code flow with PKCE (S256), a state and a nonce.
 * - The state, the PKCE verifier and the nonce are kept in the database (sso_sign_in_state) and
 *   used once: the callback deletes the row before anything else, so a replayed state is refused,
 *   and so is one older than STATE_MINUTES.
 * - The ID token is checked by openid-client: signature, issuer, audience (our client id), expiry
 *   (against the product's clock), nonce.
 * - The user is matched by the token's email to an existing active account of the provider's
 *   organisation. No account is ever created from single sign-on: an unknown email is refused
 *   with a page that says so, and audited.
 * - The second factor still applies after single sign-on (the same step as after a password),
 *   unless the organisation's configuration trusts its provider's MFA and the token shows it
 *   (`amr` or `acr`, see trustedMfa in sso-config.ts).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type * as OpenId from 'openid-client';
import { type AuditActor, writeAudit } from '../audit/audit-log.ts';
import * as clock from '../clock.ts';
import type { Timestamp } from '../db/schema.ts';
import { type SignInContext, afterFirstStep, cookieOptions, safeReturnTo } from './second-factor-routes.ts';
import type { SsoProvider } from './sso-config.ts';

export interface SsoSignInStateTable {
  stateHash: string;
  provider: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
  createdAt: Timestamp;
}

declare module '../db/schema.ts' {
  interface Database {
    ssoSignInState: SsoSignInStateTable;
  }
}

/** How long a user may take at their identity provider. */
export const STATE_MINUTES = 10;

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/** Whether the ID token shows an MFA the organisation's configuration trusts. */
export function idpProvedMfa(
  provider: Pick<SsoProvider, 'trustedMfa'>,
  claims: Record<string, unknown>,
): boolean {
  const trusted = provider.trustedMfa;
  if (!trusted) return false;
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  if (amr.some((v) => trusted.amr.includes(v))) return true;
  return typeof claims.acr === 'string' && trusted.acr.includes(claims.acr);
}

/** An openid-client error as one line: its code, its message, and the claim and message of its cause. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let e = error as (Error & { code?: string; cause?: unknown }) | undefined;
  for (let depth = 0; e && depth < 3; depth++) {
    const claim = (e as { claim?: unknown }).claim;
    parts.push(
      [e.code, e.message, typeof claim === 'string' ? `claim ${claim}` : ''].filter(Boolean).join(' '),
    );
    e = e.cause instanceof Error ? (e.cause as typeof e) : undefined;
  }
  return parts.join(' / ');
}

/** openid-client (with jose and oauth4webapi) is loaded when a provider is first used: most partnerships sign in by password. */
const openidClient = () => import('openid-client');

export function ssoRoutes(app: FastifyInstance, ctx: SignInContext): void {
  const { db, config } = ctx;
  const providers = new Map(config.ssoProviders.map((p) => [p.id, p]));
  // Discovery once per provider (again after a failure).
  const discovered = new Map<string, Promise<OpenId.Configuration>>();

  const stateCookie = `${config.secureCookies ? '__Host-' : ''}sgh_sso_state`;
  const redirectUri = (provider: SsoProvider) => `${config.baseUrl}/sign-in/sso/${provider.id}/callback`;

  function discover(provider: SsoProvider): Promise<OpenId.Configuration> {
    let found = discovered.get(provider.id);
    if (!found) {
      found = openidClient().then((client) =>
        client.discovery(
          new URL(provider.issuer),
          provider.clientId,
          undefined,
          client.ClientSecretPost(provider.clientSecret),
          provider.allowInsecureRequests ? { execute: [client.allowInsecureRequests] } : undefined,
        ),
      );
      found.catch(() => discovered.delete(provider.id));
      discovered.set(provider.id, found);
    }
    return found;
  }

  /** The provider's configuration, with our clock: the token's expiry is judged on the product's time. */
  async function configurationFor(provider: SsoProvider): Promise<OpenId.Configuration> {
    const server = (await discover(provider)).serverMetadata();
    const client = await openidClient();
    const configuration = new client.Configuration(
      server,
      provider.clientId,
      { [client.clockSkew]: Math.round((clock.now().getTime() - Date.now()) / 1000) },
      client.ClientSecretPost(provider.clientSecret),
    );
    if (provider.allowInsecureRequests) client.allowInsecureRequests(configuration);
    return configuration;
  }

  const refuse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    provider: SsoProvider,
    reason: string,
    actor: AuditActor = request.auditActor,
    paragraphs: string[] = [
      `${provider.label} could not sign you in here. Try again, or sign in with your email address and password.`,
    ],
  ) => {
    await writeAudit(db, actor, {
      action: 'sso-sign-in',
      recordType: 'user',
      recordId: null,
      outcome: 'denied',
      reason: `${provider.id}: ${reason}`.slice(0, 500),
    });
    reply.code(403);
    return reply.page('pages/sso-refused.njk', { title: 'You could not be signed in', paragraphs });
  };

  app.get('/sign-in/sso/:provider', { config: { permission: 'public' } }, async (request, reply) => {
    const provider = providers.get(String((request.params as { provider: string }).provider));
    if (!provider) return reply.callNotFound();
    let configuration: OpenId.Configuration;
    try {
      configuration = await configurationFor(provider);
    } catch (error) {
      // The provider is down or misconfigured: a page that says so, never a 500.
      return refuse(request, reply, provider, `discovery failed: ${describeError(error)}`);
    }
    const client = await openidClient();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const returnTo = safeReturnTo((request.query as { returnTo?: unknown }).returnTo);
    await db
      .deleteFrom('ssoSignInState')
      .where('createdAt', '<', new Date(clock.now().getTime() - 24 * 3_600_000))
      .execute();
    await db
      .insertInto('ssoSignInState')
      .values({
        stateHash: hash(state),
        provider: provider.id,
        codeVerifier,
        nonce,
        returnTo,
        createdAt: clock.now(),
      })
      .execute();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri(provider),
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    // The state also goes in a cookie of this browser: a callback carried to another browser (a
    // sign-in forced on a victim with the attacker's code) finds no match there.
    reply.setCookie(stateCookie, state, { ...cookieOptions(config), maxAge: STATE_MINUTES * 60 });
    return reply.redirect(url.href, 303);
  });

  app.get('/sign-in/sso/:provider/callback', { config: { permission: 'public' } }, async (request, reply) => {
    const provider = providers.get(String((request.params as { provider: string }).provider));
    if (!provider) return reply.callNotFound();
    const query = request.query as Record<string, unknown>;
    const state = typeof query.state === 'string' ? query.state : '';
    // Used once: deleted before anything else, so a second use of this state finds nothing.
    const saved = state
      ? await db
          .deleteFrom('ssoSignInState')
          .where('stateHash', '=', hash(state))
          .where('provider', '=', provider.id)
          .returningAll()
          .executeTakeFirst()
      : undefined;
    if (!saved) return refuse(request, reply, provider, 'unknown or already used state');
    reply.clearCookie(stateCookie, cookieOptions(config));
    if (request.cookies[stateCookie] !== state)
      return refuse(request, reply, provider, 'state not from this browser');
    if (clock.now().getTime() - new Date(saved.createdAt).getTime() > STATE_MINUTES * 60_000)
      return refuse(request, reply, provider, 'state expired');
    if (typeof query.error === 'string')
      return refuse(request, reply, provider, `provider error ${query.error}`.slice(0, 100));

    let claims: Record<string, unknown>;
    try {
      const configuration = await configurationFor(provider);
      const client = await openidClient();
      const tokens = await client.authorizationCodeGrant(
        configuration,
        new URL(request.url, config.baseUrl),
        {
          pkceCodeVerifier: saved.codeVerifier,
          expectedState: state,
          expectedNonce: saved.nonce,
          idTokenExpected: true,
        },
      );
      const idToken = tokens.claims();
      if (!idToken) throw new Error('no ID token');
      claims = { ...idToken };
      // Many providers put the email in the userinfo answer, not the ID token: asked for the
      // same subject (openid-client checks that the answer's sub is the ID token's).
      if (typeof claims.email !== 'string') {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        claims = { ...claims, email: info.email, email_verified: info.email_verified };
      }
    } catch (error) {
      // openid-client names the check that failed (audience, expiry, nonce…): kept in the audit log.
      return refuse(request, reply, provider, `token refused: ${describeError(error)}`);
    }

    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims.email_verified === false)
      return refuse(request, reply, provider, 'no verified email in the token');
    const user = await db
      .selectFrom('appUser as u')
      .innerJoin('registryOrganisation as o', 'o.id', 'u.organisationId')
      .select(['u.id', 'u.email', 'u.role'])
      .where(sql`lower(u.email)`, '=', email)
      .where('u.active', '=', true)
      .where('o.code', '=', provider.organisationCode)
      .executeTakeFirst();
    if (!user)
      return refuse(
        request,
        reply,
        provider,
        'no active account of the organisation with this email',
        request.auditActor,
        [
          `${provider.label} says you are ${email}, but no active account of your organisation here has that email address.`,
          'Accounts are never made by signing in: ask the partnership business unit to set one up, or to correct its email address.',
        ],
      );
    return afterFirstStep(
      ctx,
      request,
      reply,
      { userId: user.id, email: user.email, role: user.role },
      { via: `sso:${provider.id}`, returnTo: saved.returnTo, idpMfa: idpProvedMfa(provider, claims) },
    );
  });
}
