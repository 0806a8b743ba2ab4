/**
 * The second factor's pages: the code asked after the password, enrolment (QR code, the key as
 * text, a first code to confirm it), recovery codes shown once, and the account page that turns
 * an optional second factor on or off. Wrong codes count in the sign-in throttle; every step is
 * audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AuditActor, writeAudit } from '../audit/audit-log.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/client.ts';
import { formError, parseForm } from '../http/forms.ts';
import { endPendingSignIn, findPendingSignIn, pendingCookieName, startPendingSignIn } from './pending.ts';
import { ROLES, isRole } from './roles.ts';
import { cookieNames, endSession, markSessionVerified, startSession } from './sessions.ts';
import { clearSignInFailures, recordSignInFailure, signInWait } from './throttle.ts';
import { noteAccountFailure, unlockAccount } from './account-lock.ts';
import {
  confirmEnrolment,
  enrolmentSecret,
  groupedSecret,
  issueRecoveryCodes,
  otpauthUri,
  qrCodeSvg,
  removeSecondFactor,
  secondFactorOf,
  secondFactorRequired,
  verifySecondFactor,
} from './totp.ts';

const codeForm = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the code from your authenticator app')
    .max(40, 'Enter the 6-digit code from your authenticator app, or a recovery code'),
});

/** Only paths on this site: never send a user on to another site after sign-in. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';
}

export interface SignInContext {
  db: Db;
  config: Config;
}

export function cookieOptions(config: Config) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, path: '/' };
}

function actorFor(
  request: FastifyRequest,
  user: { userId: string; email: string; role: string },
): AuditActor {
  return { ...request.auditActor, userId: user.userId, userEmail: user.email, role: user.role };
}

/** Whether a wrong code may be tried now, per the sign-in throttle; answers the wait in seconds. */
async function throttled(ctx: SignInContext, request: FastifyRequest, email: string): Promise<number> {
  const wait = await signInWait(ctx.db, email.toLowerCase(), request.ip ?? '', {
    freeFailures: ctx.config.signInFreeFailures,
    addressFailuresPerHour: ctx.config.signInAddressFailuresPerHour,
  });
  return Math.ceil(wait / 1000);
}

export function waitMessage(seconds: number): string {
  return `Too many wrong codes or passwords from here. Wait ${seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}, then try again.`;
}

/**
 * Checks a code (or recovery code) for a user with the throttle around it: answers null when it
 * passed, or the message for the field. Audited either way.
 */
export async function checkCode(
  ctx: SignInContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: { userId: string; email: string; role: string },
  code: string,
  action: string,
): Promise<string | null> {
  const actor = actorFor(request, user);
  const wait = await throttled(ctx, request, user.email);
  if (wait > 0) {
    reply.code(429).header('retry-after', String(wait));
    await writeAudit(ctx.db, actor, {
      action,
      recordType: 'user',
      recordId: user.userId,
      outcome: 'denied',
      reason: 'throttled',
    });
    return waitMessage(wait);
  }
  const kind = await verifySecondFactor(ctx.db, ctx.config.secondFactorKey, user.userId, code);
  if (!kind) {
    await recordSignInFailure(ctx.db, user.email.toLowerCase(), request.ip ?? '');
    await noteAccountFailure(ctx.db, user.email.toLowerCase(), actor);
    await writeAudit(ctx.db, actor, {
      action,
      recordType: 'user',
      recordId: user.userId,
      outcome: 'denied',
      reason: 'wrong, reused or expired code',
    });
    reply.code(401);
    return 'The code is not right: enter the code your app shows now (each code works once)';
  }
  await clearSignInFailures(ctx.db, user.email.toLowerCase(), request.ip ?? '');
  await writeAudit(ctx.db, actor, { action, recordType: 'user', recordId: user.userId });
  if (kind === 'recovery')
    await writeAudit(ctx.db, actor, {
      action: 'recovery-code-used',
      recordType: 'user',
      recordId: user.userId,
    });
  return null;
}

/** Signs the user in: a new session (the old cookie is never promoted), a new CSRF secret. */
export async function signInNow(
  ctx: SignInContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: { userId: string; email: string; role: string },
  options: { secondFactor: boolean; via: string },
): Promise<string> {
  const names = cookieNames(ctx.config.secureCookies);
  const oldToken = request.cookies[names.session];
  if (oldToken) await endSession(ctx.db, oldToken);
  const token = await startSession(ctx.db, user.userId, request.ip, options.secondFactor);
  await writeAudit(ctx.db, actorFor(request, user), {
    action: 'sign-in',
    recordType: 'user',
    recordId: user.userId,
    reason: `${options.via}${options.secondFactor ? ' and second factor' : ''}`,
  });
  reply.setCookie(names.session, token, cookieOptions(ctx.config));
  reply.clearCookie(names.csrf, cookieOptions(ctx.config));
  return token;
}

/**
 * After the first step (password, or the identity provider) has said who the user is: the second
 * factor if they have one, enrolment if their role needs one, else signed in. `idpMfa`: the
 * organisation's identity provider proved a second factor that its configuration trusts.
 */
export async function afterFirstStep(
  ctx: SignInContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: { userId: string; email: string; role: string },
  options: { via: string; returnTo: string; idpMfa?: boolean },
) {
  const factor = await secondFactorOf(ctx.db, user.userId);
  const role = isRole(user.role) ? user.role : null;
  const required = role !== null && secondFactorRequired(ctx.config, role);
  const askCode = factor?.confirmed === true && !options.idpMfa;
  const mustEnrol = factor?.confirmed !== true && required && !options.idpMfa;
  const pendingName = pendingCookieName(ctx.config.secureCookies);
  await endPendingSignIn(ctx.db, request.cookies[pendingName]);
  if (askCode || mustEnrol) {
    await writeAudit(ctx.db, actorFor(request, user), {
      action: 'sign-in-first-step',
      recordType: 'user',
      recordId: user.userId,
      reason: `${options.via}; ${askCode ? 'second factor asked' : 'second factor to set up'}`,
    });
    const token = await startPendingSignIn(ctx.db, user.userId, options.via, options.returnTo);
    reply.setCookie(pendingName, token, cookieOptions(ctx.config));
    // Whoever was signed in on this browser is not any more: the new person is half-way in.
    const names = cookieNames(ctx.config.secureCookies);
    const oldToken = request.cookies[names.session];
    if (oldToken) await endSession(ctx.db, oldToken);
    reply.clearCookie(names.session, cookieOptions(ctx.config));
    return reply.redirect(askCode ? '/second-factor' : '/second-factor/set-up', 303);
  }
  await signInNow(ctx, request, reply, user, { secondFactor: options.idpMfa === true, via: options.via });
  return reply.redirect(safeReturnTo(options.returnTo), 303);
}

export function secondFactorRoutes(app: FastifyInstance, ctx: SignInContext) {
  const { db, config } = ctx;
  const pendingName = pendingCookieName(config.secureCookies);

  /** Who is on the second-factor pages: the signed-in user, or a sign-in waiting for its second step. */
  const whoIs = async (request: FastifyRequest) => {
    if (request.user)
      return {
        userId: request.user.id,
        email: request.user.email,
        role: request.user.role as string,
        pending: false,
        via: 'password',
        returnTo: '/account/second-factor',
      };
    const pending = await findPendingSignIn(db, request.cookies[pendingName]);
    return pending ? { ...pending, pending: true } : null;
  };

  const verifyPage = (reply: FastifyReply, errors?: ReturnType<typeof formError>) =>
    reply.page('pages/second-factor.njk', {
      title: 'Enter the code from your authenticator app',
      lead: 'Your password was right. To finish signing in, open the authenticator app on your phone.',
      action: '/second-factor',
      cancelHref: '/sign-in',
      cancelText: 'Sign in as someone else',
      ...(errors ? { errors } : {}),
    });

  app.get('/second-factor', { config: { permission: 'public' } }, async (request, reply) => {
    const pending = await findPendingSignIn(db, request.cookies[pendingName]);
    if (!pending) return reply.redirect('/sign-in', 303);
    return verifyPage(reply);
  });

  app.post('/second-factor', { config: { permission: 'public' } }, async (request, reply) => {
    const token = request.cookies[pendingName];
    const pending = await findPendingSignIn(db, token);
    if (!pending) return reply.redirect('/sign-in', 303);
    const form = parseForm(codeForm, request.body);
    if (!form.ok) {
      reply.code(400);
      return verifyPage(reply, form.errors);
    }
    const problem = await checkCode(ctx, request, reply, pending, form.value.code, 'second-factor-verify');
    if (problem) return verifyPage(reply, formError('code', problem));
    await endPendingSignIn(db, token);
    reply.clearCookie(pendingName, cookieOptions(config));
    // A full sign-in (first step and second factor): the account-wide count starts again.
    await unlockAccount(
      db,
      pending.email.toLowerCase(),
      actorFor(request, pending),
      'password and second factor',
    );
    await signInNow(ctx, request, reply, pending, { secondFactor: true, via: pending.via });
    return reply.redirect(safeReturnTo(pending.returnTo), 303);
  });

  const setUpPage = async (
    reply: FastifyReply,
    who: { email: string; role: string; userId: string },
    secret: string,
    errors?: ReturnType<typeof formError>,
  ) => {
    const role = isRole(who.role) ? who.role : null;
    return reply.page('pages/second-factor-set-up.njk', {
      title: 'Set up your second factor',
      required: role !== null && secondFactorRequired(config, role),
      roleName: role ? ROLES[role].label : '',
      qrSvg: await qrCodeSvg(otpauthUri(secret, who.email, config.brand.serviceName)),
      secret,
      groupedSecret: groupedSecret(secret),
      ...(errors ? { errors } : {}),
    });
  };

  app.get('/second-factor/set-up', { config: { permission: 'public' } }, async (request, reply) => {
    const who = await whoIs(request);
    if (!who) return reply.redirect('/sign-in?returnTo=%2Fsecond-factor%2Fset-up', 303);
    const secret = await enrolmentSecret(db, config.secondFactorKey, who.userId);
    if (!secret) return reply.redirect('/account/second-factor', 303);
    return setUpPage(reply, who, secret);
  });

  app.post('/second-factor/set-up', { config: { permission: 'public' } }, async (request, reply) => {
    const who = await whoIs(request);
    if (!who) return reply.redirect('/sign-in', 303);
    const secret = await enrolmentSecret(db, config.secondFactorKey, who.userId);
    if (!secret) return reply.redirect('/account/second-factor', 303);
    const form = parseForm(codeForm, request.body);
    if (!form.ok) {
      reply.code(400);
      return setUpPage(reply, who, secret, form.errors);
    }
    const actor = actorFor(request, who);
    const wait = await throttled(ctx, request, who.email);
    if (wait > 0) {
      reply.code(429).header('retry-after', String(wait));
      return setUpPage(reply, who, secret, formError('code', waitMessage(wait)));
    }
    if (!(await confirmEnrolment(db, config.secondFactorKey, who.userId, form.value.code))) {
      await recordSignInFailure(db, who.email.toLowerCase(), request.ip ?? '');
      await writeAudit(db, actor, {
        action: 'second-factor-enrol',
        recordType: 'user',
        recordId: who.userId,
        outcome: 'denied',
        reason: 'wrong first code',
      });
      reply.code(400);
      return setUpPage(
        reply,
        who,
        secret,
        formError(
          'code',
          'The code is not right: check the key in your app, then enter the code it shows now',
        ),
      );
    }
    await clearSignInFailures(db, who.email.toLowerCase(), request.ip ?? '');
    await writeAudit(db, actor, { action: 'second-factor-enrol', recordType: 'user', recordId: who.userId });
    if (who.pending) {
      const token = request.cookies[pendingName];
      await endPendingSignIn(db, token);
      reply.clearCookie(pendingName, cookieOptions(config));
      await signInNow(ctx, request, reply, who, { secondFactor: true, via: who.via });
    } else {
      const session = request.cookies[cookieNames(config.secureCookies).session];
      if (session) await markSessionVerified(db, session, true);
    }
    return reply.redirect(
      `/second-factor/recovery-codes?returnTo=${encodeURIComponent(safeReturnTo(who.returnTo))}`,
      303,
    );
  });

  const recoveryPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    codes: string[] | null,
    errors?: ReturnType<typeof formError>,
  ) => {
    const user = request.user!;
    const state = await secondFactorOf(db, user.id);
    return reply.page('pages/recovery-codes.njk', {
      title: codes ? 'Your recovery codes' : 'Recovery codes',
      codes,
      left: state?.recoveryCodesLeft ?? 0,
      continueHref: safeReturnTo(
        (request.query as { returnTo?: unknown }).returnTo ?? '/account/second-factor',
      ),
      ...(errors ? { errors } : {}),
    });
  };

  // Shown once: the codes are made when the page is first shown after enrolment, never again.
  app.get('/second-factor/recovery-codes', { config: { permission: 'public' } }, async (request, reply) => {
    if (!request.user) return reply.redirect('/sign-in', 303);
    const state = await secondFactorOf(db, request.user.id);
    if (!state?.confirmed) return reply.redirect('/account/second-factor', 303);
    if (state.recoveryCodesIssued) return recoveryPage(request, reply, null);
    const codes = await issueRecoveryCodes(db, config.secondFactorKey, request.user.id);
    await writeAudit(db, request.auditActor, {
      action: 'recovery-codes-issued',
      recordType: 'user',
      recordId: request.user.id,
    });
    return recoveryPage(request, reply, codes);
  });

  app.post('/second-factor/recovery-codes', { config: { permission: 'public' } }, async (request, reply) => {
    if (!request.user) return reply.redirect('/sign-in', 303);
    const state = await secondFactorOf(db, request.user.id);
    if (!state?.confirmed) return reply.redirect('/account/second-factor', 303);
    const form = parseForm(codeForm, request.body);
    if (!form.ok) {
      reply.code(400);
      return recoveryPage(request, reply, null, form.errors);
    }
    const user = { userId: request.user.id, email: request.user.email, role: request.user.role };
    const problem = await checkCode(ctx, request, reply, user, form.value.code, 'second-factor-verify');
    if (problem) return recoveryPage(request, reply, null, formError('code', problem));
    const codes = await issueRecoveryCodes(db, config.secondFactorKey, request.user.id);
    await writeAudit(db, request.auditActor, {
      action: 'recovery-codes-issued',
      recordType: 'user',
      recordId: request.user.id,
    });
    return recoveryPage(request, reply, codes);
  });

  const accountPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors?: ReturnType<typeof formError>,
  ) => {
    const user = request.user!;
    const state = await secondFactorOf(db, user.id);
    return reply.page('pages/account-second-factor.njk', {
      title: 'Second factor',
      enrolled: state?.confirmed === true,
      required: secondFactorRequired(config, user.role),
      left: String(state?.recoveryCodesLeft ?? 0),
      ...(errors ? { errors } : {}),
    });
  };

  app.get('/account/second-factor', { config: { permission: 'public' } }, async (request, reply) => {
    if (!request.user) return reply.redirect('/sign-in?returnTo=%2Faccount%2Fsecond-factor', 303);
    return accountPage(request, reply);
  });

  // Off needs a code from the app: a borrowed session alone cannot remove the second factor.
  app.post(
    '/account/second-factor/turn-off',
    { config: { permission: 'public' } },
    async (request, reply) => {
      if (!request.user) return reply.redirect('/sign-in', 303);
      if (secondFactorRequired(config, request.user.role)) {
        reply.code(403);
        return accountPage(
          request,
          reply,
          formError('code', 'Your role needs a second factor: it cannot be turned off'),
        );
      }
      const form = parseForm(codeForm, request.body);
      if (!form.ok) {
        reply.code(400);
        return accountPage(request, reply, form.errors);
      }
      const user = { userId: request.user.id, email: request.user.email, role: request.user.role };
      const problem = await checkCode(ctx, request, reply, user, form.value.code, 'second-factor-verify');
      if (problem) return accountPage(request, reply, formError('code', problem));
      await removeSecondFactor(db, request.user.id);
      await writeAudit(db, request.auditActor, {
        action: 'second-factor-off',
        recordType: 'user',
        recordId: request.user.id,
      });
      return reply.redirect('/account/second-factor', 303);
    },
  );
}
