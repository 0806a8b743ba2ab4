/** Sign-in, sign-out and the start page that takes each role to its work. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { writeAudit } from '../audit/audit-log.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/client.ts';
import { formError, parseForm } from '../http/forms.ts';
import type { NavigationItem } from '../modules/define-module.ts';
import { ROLES } from './roles.ts';
import * as clock from '../clock.ts';
import { type WorkingDayCalendar, londonDate } from '../calendar/index.ts';
import { coverageWarning } from '../calendar/coverage.ts';
import { checkSignIn, cookieNames, endSession, startSession } from './sessions.ts';
import { clearSignInFailures, recordSignInFailure, signInWait } from './throttle.ts';

const signInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.org'),
  password: z.string().min(1, 'Enter your password').max(200, 'Password must be 200 characters or fewer'),
  returnTo: z.string().optional(),
});

/** Only paths on this site: never send a user on to another site after sign-in. */
function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';
}

export function authRoutes(
  app: FastifyInstance,
  deps: { db: Db; config: Config; navigation: NavigationItem[]; calendar: WorkingDayCalendar },
) {
  const { db, config, navigation, calendar } = deps;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    path: '/',
  };
  const names = cookieNames(config.secureCookies);

  app.get('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    const { returnTo } = request.query as { returnTo?: string };
    return reply.page('pages/sign-in.njk', { title: 'Sign in', returnTo: safeReturnTo(returnTo) });
  });

  app.post('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    const form = parseForm(signInForm, request.body);
    const values = { email: (request.body as { email?: string } | undefined)?.email ?? '' };
    if (!form.ok) {
      reply.code(400);
      return reply.page('pages/sign-in.njk', { title: 'Sign in', errors: form.errors, values });
    }
    const email = form.value.email.toLowerCase();
    const address = request.ip ?? '';
    const policy = {
      freeFailures: config.signInFreeFailures,
      addressFailuresPerHour: config.signInAddressFailuresPerHour,
    };
    const refuse = async (status: number, reason: string, message: string) => {
      await writeAudit(db, request.auditActor, {
        action: 'sign-in',
        recordType: 'user',
        recordId: null,
        outcome: 'denied',
        reason,
      });
      reply.code(status);
      return reply.page('pages/sign-in.njk', {
        title: 'Sign in',
        errors: formError('email', message),
        values,
      });
    };
    // Known or unknown, the same checks in the same order, so the answer tells nothing about the email.
    const wait = await signInWait(db, email, address, policy);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      reply.header('retry-after', String(seconds));
      return refuse(
        429,
        'throttled',
        `Too many failed attempts to sign in from here. Wait ${seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}, then try again.`,
      );
    }
    const result = await checkSignIn(db, email, form.value.password);
    if (!result.ok) {
      await recordSignInFailure(db, email, address);
      return refuse(401, 'invalid', 'Enter a correct email address and password');
    }
    await clearSignInFailures(db, email, address);
    // A new session id at every sign-in: an old or planted cookie is never promoted.
    const oldToken = request.cookies[names.session];
    if (oldToken) await endSession(db, oldToken);
    const token = await startSession(db, result.userId, request.ip);
    await writeAudit(
      db,
      { ...request.auditActor, userId: result.userId, userEmail: form.value.email },
      { action: 'sign-in', recordType: 'user', recordId: result.userId },
    );
    reply.setCookie(names.session, token, cookieOptions);
    // A new CSRF secret too: tokens from before signing in are worthless after it.
    reply.clearCookie(names.csrf, cookieOptions);
    return reply.redirect(safeReturnTo(form.value.returnTo), 303);
  });

  app.post('/sign-out', { config: { permission: 'public' } }, async (request, reply) => {
    const token = request.cookies[names.session];
    if (token) await endSession(db, token);
    reply.clearCookie(names.session, cookieOptions);
    return reply.redirect('/sign-in', 303);
  });

  app.get('/', { config: { permission: 'public' } }, async (request, reply) => {
    if (!request.user) return reply.redirect('/sign-in', 303);
    const role = request.user.role;
    const tasks = navigation.filter((item) => request.permissions.allows(item.permission));
    return reply.page('pages/home.njk', {
      title: `${ROLES[role].label}: your start page`,
      roleDescription: ROLES[role].description,
      tasks,
      // The admin is told, well before, that the official bank holidays run out.
      calendarWarning: request.permissions.allows('calendar:manage')
        ? coverageWarning(calendar, londonDate(clock.now()))
        : null,
    });
  });

  app.get('/accessibility', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.page('pages/static-page.njk', {
      title: 'Accessibility statement',
      paragraphs: [
        'This service is built with the GOV.UK Design System and aims to meet WCAG 2.2 at level AA.',
        'Every page works without JavaScript and is checked automatically for accessibility problems.',
        'If you find a problem, tell the partnership business unit.',
      ],
    }),
  );

  app.get('/privacy', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.page('pages/static-page.njk', {
      title: 'Privacy',
      paragraphs: [
        'The partnership processes children’s personal data to safeguard them, under the Children Act 2004 and Working Together to Safeguard Children 2023.',
        'Each person sees only what their work needs, and every view of a child’s record is written to an audit log.',
      ],
    }),
  );
}
