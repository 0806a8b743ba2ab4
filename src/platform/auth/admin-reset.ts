/**
 * The partnership admin resets another user's second factor (a lost or replaced phone): the TOTP
 * key and every recovery code go, the user's sessions and half-finished sign-ins end, and at their
 * next sign-in they are asked to set the factor up again if their role needs one. The reset needs
 * a reason and a step-up, is audited with the reason in the same transaction, and the user is
 * told by email (no detail of any child). Nobody resets their own factor this way: their own
 * account page does that, with a code.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../audit/audit-log.ts';
import * as clock from '../clock.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/client.ts';
import { enqueueEmailInTrx } from '../email/outbox.ts';
import { type FormErrors, parseForm } from '../http/forms.ts';
import { NotFoundError } from '../http/errors.ts';
import { uuidId } from '../http/route-helpers.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { ROLES, isRole } from './roles.ts';
import { secondFactorOf, secondFactorRequired } from './totp.ts';

const resetForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Enter why their second factor is being reset')
    .max(500, 'The reason must be 500 characters or fewer'),
});

export function resetPath(userId: string): string {
  return `/registry/users/${userId}/second-factor/reset`;
}

export function adminResetRoutes(
  app: FastifyInstance,
  deps: { db: Db; config: Config; jobs: JobQueue | null },
) {
  const { db, config, jobs } = deps;

  const target = async (id: string) => {
    const user = await db
      .selectFrom('appUser')
      .select(['id', 'email', 'givenName', 'familyName', 'role', 'active'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!user) throw new NotFoundError();
    return user;
  };

  const page = async (
    reply: FastifyReply,
    user: Awaited<ReturnType<typeof target>>,
    extra: { own?: boolean; done?: boolean; errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const state = await secondFactorOf(db, user.id);
    const role = isRole(user.role) ? user.role : null;
    return reply.page('pages/second-factor-admin-reset.njk', {
      title: `Reset ${user.givenName} ${user.familyName}’s second factor`,
      person: `${user.givenName} ${user.familyName}`,
      email: user.email,
      roleLabel: role ? ROLES[role].label : user.role,
      enrolled: state?.confirmed === true,
      recoveryCodesLeft: state?.recoveryCodesLeft ?? 0,
      required: role !== null && secondFactorRequired(config, role),
      action: resetPath(user.id),
      backHref: `/registry/users/${user.id}/edit`,
      own: extra.own === true,
      done: extra.done === true,
      errors: extra.errors,
      values: extra.values ?? {},
    });
  };

  app.get(
    '/registry/users/:id/second-factor/reset',
    { config: { permission: 'user:second-factor-reset', stepUp: true } },
    async (request, reply) => {
      const user = await target(uuidId(request.params));
      const own = user.id === request.user!.id;
      if (own) reply.code(403);
      return page(reply, user, { own, done: (request.query as { done?: string }).done === '1' });
    },
  );

  app.post(
    '/registry/users/:id/second-factor/reset',
    { config: { permission: 'user:second-factor-reset', stepUp: true } },
    async (request, reply) => {
      const user = await target(uuidId(request.params));
      if (user.id === request.user!.id) {
        // Their own factor is theirs to change, with a code, on their account page.
        await appendAudit(db, request.auditActor, {
          action: 'second-factor-reset',
          recordType: 'user',
          recordId: user.id,
          childId: null,
          outcome: 'denied',
          reason: 'own account',
        });
        reply.code(403);
        return page(reply, user, { own: true });
      }
      const form = parseForm(resetForm, request.body);
      if (!form.ok) {
        reply.code(400);
        return page(reply, user, {
          errors: form.errors,
          values: (request.body ?? {}) as Record<string, unknown>,
        });
      }
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('userRecoveryCode').where('userId', '=', user.id).execute();
        await trx.deleteFrom('userSecondFactor').where('userId', '=', user.id).execute();
        // Whoever holds a session or a half-finished sign-in of theirs starts again from the password.
        await trx.deleteFrom('userSession').where('userId', '=', user.id).execute();
        await trx.deleteFrom('signInPending').where('userId', '=', user.id).execute();
        await appendAudit(trx, request.auditActor, {
          action: 'second-factor-reset',
          recordType: 'user',
          recordId: user.id,
          childId: null,
          outcome: 'success',
          reason: form.value.reason,
        });
        if (jobs)
          await enqueueEmailInTrx(trx, jobs, {
            idempotencyKey: `second-factor-reset:${user.id}:${randomUUID()}`,
            to: [user.email],
            subject: `Your second factor for ${config.brand.serviceName} was reset`,
            text: [
              `The partnership business unit reset the second factor (authenticator app and recovery codes) of your ${config.brand.serviceName} account on ${clock.now().toISOString().slice(0, 10)}.`,
              '',
              'You have been signed out. At your next sign-in, if your role needs a second factor, you will be asked to set it up again with your authenticator app.',
              '',
              `If you did not ask for this, tell the partnership business unit at once: ${config.baseUrl}/help`,
            ].join('\n'),
          });
      });
      return reply.redirect(`${resetPath(user.id)}?done=1`, 303);
    },
  );
}
