/**
 * The step-up: before merging children, exporting lists of children or seeing a review's case
 * (routes with `config.stepUp: true`), the user proves who they are again if they last did more
 * than STEP_UP_MINUTES ago. A GET is sent to /confirm-identity and back; a form sent (POST) is
 * refused with a page that explains and links to the check, because its body cannot be kept.
 *
 * What is asked: the code from the authenticator for a user with a second factor; the password
 * for a user without one (optional roles that have not turned it on). The same pipeline step
 * sends a user whose role needs a second factor, and whose session has none (a session from
 * before the requirement), to set one up or enter it before any page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { writeAudit } from '../audit/audit-log.ts';
import * as clock from '../clock.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/client.ts';
import { formError, parseForm } from '../http/forms.ts';
import type { SignedInUser } from './permissions.ts';
import { type SignInContext, checkCode, safeReturnTo, waitMessage } from './second-factor-routes.ts';
import { checkSignIn, cookieNames, markSessionVerified } from './sessions.ts';
import { clearSignInFailures, recordSignInFailure, signInWait } from './throttle.ts';
import { secondFactorOf, secondFactorRequired } from './totp.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The user must have proved who they are within STEP_UP_MINUTES (step-up.ts). */
    stepUp?: boolean;
  }
}

/** Whether the session's last proof is older than the step-up allows (no session facts: due). */
export function stepUpDue(user: SignedInUser, minutes: number, now: Date = clock.now()): boolean {
  if (!user.session) return true;
  return now.getTime() - user.session.verifiedAt.getTime() > minutes * 60_000;
}

const confirmUrl = (returnTo: string) =>
  `/confirm-identity?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`;

/** The page a form came from, when it is on this site: where to return after the check. */
function refererPath(request: FastifyRequest): string {
  const referer = request.headers.referer;
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.host === request.host ? safeReturnTo(`${url.pathname}${url.search}`) : '/';
  } catch {
    return '/';
  }
}

/** The pipeline step (registered after the permission guard, so only allowed users reach it). */
export function registerStepUp(app: FastifyInstance, deps: { db: Db; config: Config }): void {
  const { db, config } = deps;
  app.addHook('preHandler', async (request, reply) => {
    const user = request.user;
    const permission = request.routeOptions.config?.permission;
    if (!user || !permission || permission === 'public') return;
    const isGet = request.method === 'GET' || request.method === 'HEAD';

    if (secondFactorRequired(config, user.role) && user.session && !user.session.secondFactor) {
      const enrolled = (await secondFactorOf(db, user.id))?.confirmed === true;
      if (isGet) return reply.redirect(enrolled ? confirmUrl(request.url) : '/second-factor/set-up', 303);
      return refuse(reply, enrolled ? confirmUrl(refererPath(request)) : '/second-factor/set-up');
    }

    if (!request.routeOptions.config.stepUp || !stepUpDue(user, config.stepUpMinutes)) return;
    if (isGet) return reply.redirect(confirmUrl(request.url), 303);
    await writeAudit(db, request.auditActor, {
      action: request.routeOptions.config.audit?.action ?? 'step-up',
      recordType: request.routeOptions.config.audit?.recordType ?? 'page',
      recordId: request.url.slice(0, 200),
      outcome: 'denied',
      reason: 'step-up needed',
    });
    return refuse(reply, confirmUrl(refererPath(request)));
  });

  function refuse(reply: FastifyReply, href: string) {
    reply.code(403);
    return reply.page('pages/step-up-needed.njk', {
      title: 'Confirm it is you first',
      minutes: config.stepUpMinutes,
      href,
    });
  }
}

const codeForm = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the code from your authenticator app')
    .max(40, 'Enter the 6-digit code'),
  returnTo: z.string().max(2000).optional(),
});
const passwordForm = z.object({
  password: z.string().min(1, 'Enter your password').max(200, 'Password must be 200 characters or fewer'),
  returnTo: z.string().max(2000).optional(),
});

export function stepUpRoutes(app: FastifyInstance, ctx: SignInContext): void {
  const { db, config } = ctx;
  const names = cookieNames(config.secureCookies);

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    returnTo: string,
    errors?: ReturnType<typeof formError>,
  ) => {
    const hasCode = (await secondFactorOf(db, request.user!.id))?.confirmed === true;
    return reply.page('pages/second-factor.njk', {
      title: 'Confirm it is you',
      lead: hasCode
        ? 'This page needs you to confirm who you are: enter the code your authenticator app shows now.'
        : 'This page needs you to confirm who you are: enter your password again.',
      askPassword: !hasCode,
      action: '/confirm-identity',
      returnTo,
      buttonText: 'Confirm',
      cancelHref: '/',
      cancelText: 'Go to the start page instead',
      ...(errors ? { errors } : {}),
    });
  };

  app.get('/confirm-identity', { config: { permission: 'public' } }, async (request, reply) => {
    const returnTo = safeReturnTo((request.query as { returnTo?: unknown }).returnTo);
    if (!request.user) return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303);
    return page(request, reply, returnTo);
  });

  app.post('/confirm-identity', { config: { permission: 'public' } }, async (request, reply) => {
    const user = request.user;
    if (!user) return reply.redirect('/sign-in', 303);
    const returnTo = safeReturnTo((request.body as { returnTo?: unknown } | undefined)?.returnTo);
    const token = request.cookies[names.session]!;
    const hasCode = (await secondFactorOf(db, user.id))?.confirmed === true;
    if (hasCode) {
      const form = parseForm(codeForm, request.body);
      if (!form.ok) {
        reply.code(400);
        return page(request, reply, returnTo, form.errors);
      }
      const who = { userId: user.id, email: user.email, role: user.role };
      const problem = await checkCode(ctx, request, reply, who, form.value.code, 'step-up');
      if (problem) return page(request, reply, returnTo, formError('code', problem));
      await markSessionVerified(db, token, true);
      return reply.redirect(returnTo, 303);
    }
    const form = parseForm(passwordForm, request.body);
    if (!form.ok) {
      reply.code(400);
      return page(request, reply, returnTo, form.errors);
    }
    const email = user.email.toLowerCase();
    const address = request.ip ?? '';
    const wait = await signInWait(db, email, address, {
      freeFailures: config.signInFreeFailures,
      addressFailuresPerHour: config.signInAddressFailuresPerHour,
    });
    if (wait > 0) {
      reply.code(429).header('retry-after', String(Math.ceil(wait / 1000)));
      return page(request, reply, returnTo, formError('password', waitMessage(Math.ceil(wait / 1000))));
    }
    const result = await checkSignIn(db, email, form.value.password);
    if (!result.ok || result.userId !== user.id) {
      await recordSignInFailure(db, email, address);
      await writeAudit(db, request.auditActor, {
        action: 'step-up',
        recordType: 'user',
        recordId: user.id,
        outcome: 'denied',
        reason: 'wrong password',
      });
      reply.code(401);
      return page(request, reply, returnTo, formError('password', 'The password is not right'));
    }
    await clearSignInFailures(db, email, address);
    await writeAudit(db, request.auditActor, { action: 'step-up', recordType: 'user', recordId: user.id });
    await markSessionVerified(db, token, false);
    return reply.redirect(returnTo, 303);
  });
}
