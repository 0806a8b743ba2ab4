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
import { checkSignIn, cookieNames, endSession } from './sessions.ts';
import { afterFirstStep, safeReturnTo, secondFactorRoutes, signInNow } from './second-factor-routes.ts';
import { ACCOUNT_LOCKED_MESSAGE, accountLocked, noteAccountFailure, unlockAccount } from './account-lock.ts';
import { verifySecondFactor } from './totp.ts';
import { stepUpRoutes } from './step-up.ts';
import { adminResetRoutes } from './admin-reset.ts';
import { ssoRoutes } from './sso.ts';
import { clearSignInFailures, recordSignInFailure, signInWait } from './throttle.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { partnershipStylesheet } from '../http/views.ts';
import { PASSWORD_RULES } from './passwords.ts';
import { RESET_LINK_MINUTES, findResetLink, requestPasswordReset, resetPassword } from './password-reset.ts';

const emailField = z
  .string()
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.org');

const forgottenPasswordForm = z.object({ email: emailField });

/** The same rules as a new account's password (the registry's user form). */
const newPasswordForm = z
  .object({
    token: z.string().max(200).default(''),
    password: z
      .string()
      .min(1, 'Enter a new password')
      .min(PASSWORD_RULES.minLength, `Password must be at least ${PASSWORD_RULES.minLength} characters`)
      .max(PASSWORD_RULES.maxLength, `Password must be ${PASSWORD_RULES.maxLength} characters or fewer`),
    confirmPassword: z.string().min(1, 'Enter the new password again'),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match: enter the same new password twice',
  });

/**
 * Asking for a link answers no sooner than this, known email or not, so the time taken tells
 * nothing about which emails have accounts (far above the work either path does).
 */
export const RESET_ANSWER_MS = 400;

const signInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.org'),
  password: z.string().min(1, 'Enter your password').max(200, 'Password must be 200 characters or fewer'),
  // Asked with the password only while the account is locked (account-lock.ts).
  code: z
    .string()
    .trim()
    .max(40, 'Enter the 6-digit code from your authenticator app, or a recovery code')
    .default(''),
  returnTo: z.string().optional(),
});

/** A user id no account has: the locked path's code check runs the same query for every answer. */
const NO_USER = '00000000-0000-0000-0000-000000000000';

export function authRoutes(
  app: FastifyInstance,
  deps: {
    db: Db;
    config: Config;
    navigation: NavigationItem[];
    calendar: WorkingDayCalendar;
    jobs: JobQueue | null;
  },
) {
  const { db, config, navigation, calendar, jobs } = deps;
  const { brand } = config;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    path: '/',
  };
  const names = cookieNames(config.secureCookies);

  // What every sign-in page shows besides the form: the organisations' own sign-in buttons, and
  // a notice when this copy does not require the second factor (a demo or development copy).
  const signInExtras = (returnTo: string) => ({
    returnTo,
    ssoProviders: config.ssoProviders.map((p) => ({
      label: p.label,
      href: `/sign-in/sso/${p.id}${returnTo !== '/' ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
    })),
    secondFactorOff: !config.secondFactorRequired,
  });

  app.get('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    const { returnTo } = request.query as { returnTo?: string };
    return reply.page('pages/sign-in.njk', { title: 'Sign in', ...signInExtras(safeReturnTo(returnTo)) });
  });

  app.post('/sign-in', { config: { permission: 'public' } }, async (request, reply) => {
    const form = parseForm(signInForm, request.body);
    const values = { email: (request.body as { email?: string } | undefined)?.email ?? '' };
    if (!form.ok) {
      reply.code(400);
      return reply.page('pages/sign-in.njk', {
        title: 'Sign in',
        errors: form.errors,
        values,
        ...signInExtras(safeReturnTo((request.body as { returnTo?: unknown } | undefined)?.returnTo)),
      });
    }
    const email = form.value.email.toLowerCase();
    const address = request.ip ?? '';
    const policy = {
      freeFailures: config.signInFreeFailures,
      addressFailuresPerHour: config.signInAddressFailuresPerHour,
    };
    const refuse = async (status: number, reason: string, message: string, locked = false) => {
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
        errors: formError(locked ? 'code' : 'email', message),
        values,
        locked,
        ...signInExtras(safeReturnTo(form.value.returnTo)),
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
    const locked = await accountLocked(db, email, request.auditActor);
    const result = await checkSignIn(db, email, form.value.password);
    if (locked) {
      // Locked: the password alone never signs in, and a right password answers exactly as a
      // wrong one (no oracle for the guesser). The password and a second-factor code together do.
      const code = await verifySecondFactor(
        db,
        config.secondFactorKey,
        result.ok ? result.userId : NO_USER,
        form.value.code || '-',
      );
      if (!result.ok || !code) {
        await recordSignInFailure(db, email, address);
        await noteAccountFailure(db, email, request.auditActor);
        return refuse(401, 'locked', ACCOUNT_LOCKED_MESSAGE, true);
      }
      const user = await db
        .selectFrom('appUser')
        .select(['id', 'email', 'role'])
        .where('id', '=', result.userId)
        .executeTakeFirstOrThrow();
      const who = { userId: user.id, email: user.email, role: user.role };
      if (code === 'recovery')
        await writeAudit(
          db,
          { ...request.auditActor, userId: user.id, userEmail: user.email, role: user.role },
          {
            action: 'recovery-code-used',
            recordType: 'user',
            recordId: user.id,
          },
        );
      await unlockAccount(db, email, request.auditActor, 'password and second factor');
      await signInNow({ db, config }, request, reply, who, { secondFactor: true, via: 'password' });
      return reply.redirect(safeReturnTo(form.value.returnTo), 303);
    }
    if (!result.ok) {
      await recordSignInFailure(db, email, address);
      await noteAccountFailure(db, email, request.auditActor);
      return refuse(401, 'invalid', 'Enter a correct email address and password');
    }
    await clearSignInFailures(db, email, address);
    // The second factor next, or its enrolment, or signed in (second-factor-routes.ts).
    const user = await db
      .selectFrom('appUser')
      .select(['id', 'email', 'role'])
      .where('id', '=', result.userId)
      .executeTakeFirstOrThrow();
    return afterFirstStep(
      { db, config },
      request,
      reply,
      { userId: user.id, email: user.email, role: user.role },
      { via: 'password', returnTo: safeReturnTo(form.value.returnTo) },
    );
  });

  secondFactorRoutes(app, { db, config });
  stepUpRoutes(app, { db, config });
  ssoRoutes(app, { db, config });
  adminResetRoutes(app, { db, config, jobs });

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

  // GOV.UK Frontend's styles without GDS Transport, in the partnership's colour: built once.
  const stylesheet = partnershipStylesheet(brand);
  app.get('/static/partnership.css', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet),
  );

  app.get('/accessibility', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.page('pages/accessibility.njk', { title: 'Accessibility statement' }),
  );

  app.get('/privacy', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.page('pages/privacy.njk', { title: 'Privacy notice' }),
  );

  app.get('/help', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.page('pages/help.njk', { title: 'Help' }),
  );

  app.get('/forgotten-password', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.page('pages/forgotten-password.njk', { title: 'Forgotten your password?', values: {} }),
  );

  app.post('/forgotten-password', { config: { permission: 'public' } }, async (request, reply) => {
    const started = Date.now();
    const form = parseForm(forgottenPasswordForm, request.body);
    if (!form.ok) {
      reply.code(400);
      return reply.page('pages/forgotten-password.njk', {
        title: 'Forgotten your password?',
        errors: form.errors,
        values: { email: (request.body as { email?: string } | undefined)?.email ?? '' },
      });
    }
    // Sent, unknown or throttled: one answer, after the same time.
    await requestPasswordReset(db, jobs, {
      email: form.value.email,
      address: request.ip ?? '',
      baseUrl: config.baseUrl,
      serviceName: brand.serviceName,
      actor: request.auditActor,
    });
    const left = RESET_ANSWER_MS - (Date.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    return reply.page('pages/forgotten-password-sent.njk', {
      title: 'Check your email',
      email: form.value.email,
      minutes: RESET_LINK_MINUTES,
    });
  });

  const linkNotWorking = (reply: import('fastify').FastifyReply) => {
    reply.code(404);
    return reply.page('pages/reset-link-not-working.njk', { title: 'This link does not work any more' });
  };

  app.get('/reset-password', { config: { permission: 'public' } }, async (request, reply) => {
    const token = String((request.query as { token?: unknown }).token ?? '').slice(0, 200);
    if (!(await findResetLink(db, token))) return linkNotWorking(reply);
    return reply.page('pages/reset-password.njk', { title: 'Set a new password', token });
  });

  app.post('/reset-password', { config: { permission: 'public' } }, async (request, reply) => {
    const form = parseForm(newPasswordForm, request.body);
    const token = String((request.body as { token?: unknown } | undefined)?.token ?? '').slice(0, 200);
    if (!form.ok) {
      if (!(await findResetLink(db, token))) return linkNotWorking(reply);
      reply.code(400);
      return reply.page('pages/reset-password.njk', {
        title: 'Set a new password',
        token,
        errors: form.errors,
      });
    }
    const done = await resetPassword(db, {
      token: form.value.token,
      password: form.value.password,
      actor: request.auditActor,
    });
    if (!done) return linkNotWorking(reply);
    // Whoever was signed in on this browser is signed out too: the new password starts afresh.
    const oldToken = request.cookies[names.session];
    if (oldToken) await endSession(db, oldToken);
    reply.clearCookie(names.session, cookieOptions);
    return reply.page('pages/password-changed.njk', { title: 'Your password has been changed' });
  });
}
