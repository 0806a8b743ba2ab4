/**
 * The referrer's pages: their referrals (and, for a setting's safeguarding lead, the setting's),
 * finding the child first (every candidate with its probability; a new child only after them),
 * the form saved as a draft or submitted, and the referral with its status and feedback.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { childInput } from '../../children/index.ts';
import { foldDateParts, readDateInput } from '../../../platform/http/fields.ts';
import { type FormErrors, formError, parseForm } from '../../../platform/http/forms.ts';
import { handleForm, numericId } from '../../../platform/http/route-helpers.ts';
import {
  CONSENT,
  DECISIONS,
  LEVELS_OF_NEED,
  URGENCY,
  draftInput,
  findChildInput,
  submissionInput,
} from '../schema.ts';
import { type FrontDoorServices, loadReferral, radioItems } from './shared.ts';
import { childName } from '../child-name.ts';

const referralQuery = z.object({ referral: z.coerce.number().int().positive().optional().catch(undefined) });

export function referralPages(app: FastifyInstance, services: FrontDoorServices) {
  const { frontDoor } = services;

  app.get(
    '/front-door',
    { config: { permission: 'front-door:referrals', audit: { action: 'list', recordType: 'referral' } } },
    async (request, reply) => {
      const user = request.user!;
      const scope = request.permissions.listScope('front-door:referrals');
      const referrals = await frontDoor.referralList({
        referrerUserId: user.id,
        ...(scope.kind === 'setting' ? { settingId: scope.settingId } : {}),
      });
      await request.audit(
        services.db,
        referrals.map((r) => ({ action: 'list', recordType: 'referral', recordId: r.id })),
      );
      return reply.page('front-door/views/my-referrals.njk', {
        title: 'Referrals to the Family Front Door',
        referrals,
        decisions: DECISIONS,
      });
    },
  );

  /** Step 1: find the child in the child index. Each candidate shown is an audit entry. */
  app.get(
    '/front-door/referrals/new',
    { config: { permission: 'front-door:refer', audit: { action: 'candidate', recordType: 'child' } } },
    async (request, reply) => {
      const values = (request.query ?? {}) as Record<string, unknown>;
      const { referral } = referralQuery.parse(values);
      if (referral) await loadReferral(request, services, referral, 'referral:edit');
      const dateOfBirthAsked = !(
        'blank' in
        readDateInput((foldDateParts(values) as Record<string, unknown>).dateOfBirth, 'Date of birth')
      );
      if (!values.givenName && !values.familyName && !dateOfBirthAsked) {
        await request.audit(services.db, []);
        return reply.page('front-door/views/find-child.njk', {
          title: 'Find the child',
          values,
          referral,
          candidates: null,
        });
      }
      const form = parseForm(findChildInput, values);
      if (!form.ok) {
        reply.code(400);
        return reply.page('front-door/views/find-child.njk', {
          title: 'Find the child',
          values,
          referral,
          errors: form.errors,
          candidates: null,
        });
      }
      const candidates = await services.children.candidatesFor(form.value);
      await request.audit(
        services.db,
        candidates.map((c) => ({
          action: 'candidate',
          recordType: 'child',
          recordId: c.child.id,
          childId: c.child.id,
          reason: `p=${c.probability.toFixed(3)}`,
        })),
      );
      return reply.page('front-door/views/find-child.njk', {
        title: 'Find the child',
        // The choice forms carry the date of birth found, as YYYY-MM-DD.
        values: { ...values, dateOfBirth: form.value.dateOfBirth },
        referral,
        candidates: candidates.map((c) => ({
          ...c,
          name: childName(c.child),
          percent: (c.probability * 100).toFixed(1),
        })),
        sexes: radioItems({ female: 'Female', male: 'Male', unknown: 'Not known' }, values.sex),
      });
    },
  );

  /** Step 2: the child chosen from the candidates (checked again: only a child the search found). */
  app.post(
    '/front-door/referrals/choose',
    { config: { permission: 'front-door:refer', audit: { action: 'create', recordType: 'referral' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const search = parseForm(findChildInput, body);
      const chosen = z
        .object({ childId: z.uuid(), referral: z.coerce.number().int().positive().optional() })
        .safeParse(body);
      if (!search.ok || !chosen.success)
        return reply.code(400).page('front-door/views/find-child.njk', {
          title: 'Find the child',
          values: body,
          errors: formError('givenName', 'Search for the child, then choose them'),
          candidates: null,
        });
      const candidate = (await services.children.candidatesFor(search.value)).find(
        (c) => c.child.id === chosen.data.childId,
      );
      if (!candidate)
        return reply.code(400).page('front-door/views/find-child.njk', {
          title: 'Find the child',
          values: body,
          errors: formError('givenName', 'Choose a child the search found'),
          candidates: null,
        });
      const child = {
        childId: candidate.child.id,
        // A child known only from a return has no name yet: the referral shows the authority's id.
        ...(candidate.child.givenName || candidate.child.familyName
          ? { givenName: candidate.child.givenName, familyName: candidate.child.familyName }
          : { givenName: 'Child known by LA id', familyName: candidate.child.laChildId ?? '' }),
        dateOfBirth: candidate.child.dateOfBirth,
        foundBy: 'index' as const,
      };
      const id = await addChildTo(request, chosen.data.referral, child);
      return reply.redirect(`/front-door/referrals/${id}/edit`, 303);
    },
  );

  /** A new child, only from the results page, once the referrer has said none of the candidates is the child. */
  app.post(
    '/front-door/referrals/choose-new',
    { config: { permission: 'front-door:refer', audit: { action: 'create', recordType: 'referral' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const referral = referralQuery.parse(body).referral;
      const showAgain = async (errors: FormErrors) => {
        const search = parseForm(findChildInput, body);
        const candidates = search.ok ? await services.children.candidatesFor(search.value) : [];
        await request.audit(
          services.db,
          candidates.map((c) => ({
            action: 'candidate',
            recordType: 'child',
            recordId: c.child.id,
            childId: c.child.id,
          })),
        );
        reply.code(400);
        return reply.page('front-door/views/find-child.njk', {
          title: 'Find the child',
          values: body,
          referral,
          errors,
          candidates: candidates.map((c) => ({
            ...c,
            name: childName(c.child),
            percent: (c.probability * 100).toFixed(1),
          })),
          sexes: radioItems({ female: 'Female', male: 'Male', unknown: 'Not known' }, body.sex),
        });
      };
      if (body.confirmNotListed !== 'yes')
        return showAgain(
          formError('confirmNotListed', 'Confirm that none of the children found is this child'),
        );
      const details = parseForm(childInput, body);
      if (!details.ok) return showAgain(details.errors);
      const user = request.user!;
      const id = await services.db.transaction().execute(async (trx) => {
        const match = await frontDoor.addNewChildInTrx(trx, request.auditActor, details.value, null);
        return match;
      });
      if (id.status === 'ambiguous')
        return showAgain(
          formError(
            'givenName',
            'More than one child in the index has these details: choose one of them above',
          ),
        );
      const child = {
        childId: id.childId,
        givenName: details.value.givenName,
        familyName: details.value.familyName,
        dateOfBirth: details.value.dateOfBirth,
        foundBy: 'new' as const,
      };
      void user;
      const referralId = await addChildTo(request, referral, child);
      return reply.redirect(`/front-door/referrals/${referralId}/edit`, 303);
    },
  );

  async function addChildTo(
    request: FastifyRequest,
    referral: number | undefined,
    child: {
      childId: string;
      givenName: string;
      familyName: string;
      dateOfBirth: string;
      foundBy: 'index' | 'new';
    },
  ) {
    if (referral) {
      await loadReferral(request, services, referral, 'referral:edit');
      await frontDoor.addChild(request.auditWriter, referral, child);
      return referral;
    }
    const user = request.user!;
    return frontDoor.startDraft(request.auditWriter, user, child);
  }

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const { referral, children } = await loadReferral(request, services, id, 'referral:edit');
    if (!errors)
      await request.audit(
        services.db,
        children.map((c) => ({ action: 'view', recordType: 'referral', recordId: id, childId: c.childId })),
      );
    const v = errors
      ? values
      : {
          ...referral,
          referrerLevelOfNeed: referral.referrerLevelOfNeed?.toString(),
          settingEarlyHelpOffer:
            referral.settingEarlyHelpOffer === null
              ? undefined
              : referral.settingEarlyHelpOffer
                ? 'yes'
                : 'no',
        };
    return reply.page('front-door/views/referral-form.njk', {
      title: `Referral ${id}`,
      referral,
      children,
      values: v,
      errors,
      levels: Object.entries(LEVELS_OF_NEED).map(([value, l]) => ({
        value,
        text: l.title,
        hint: { text: l.summary },
        checked: String(v.referrerLevelOfNeed ?? '') === value,
      })),
      consent: radioItems(CONSENT, v.consent),
      urgency: radioItems(URGENCY, v.urgency),
      yesNo: (selected: unknown) => radioItems({ yes: 'Yes', no: 'No' }, selected),
      flash: !errors && (request.query as { saved?: string }).saved ? 'Draft saved' : undefined,
    });
  };

  app.get(
    '/front-door/referrals/:id/edit',
    { config: { permission: 'referral:edit', audit: { action: 'view', recordType: 'referral' } } },
    async (request, reply) => formPage(request, reply, numericId(request.params), {}),
  );

  app.post(
    '/front-door/referrals/:id/edit',
    { config: { permission: 'referral:edit', audit: { action: 'update', recordType: 'referral' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      await loadReferral(request, services, id, 'referral:edit');
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body.intent === 'submit') {
        return handleForm(reply, submissionInput, body, {
          save: (input) => frontDoor.submit(request.auditWriter, id, input),
          showForm: (errors, values) => formPage(request, reply, id, values, errors),
          redirectTo: () => `/front-door/referrals/${id}?submitted=1`,
        });
      }
      return handleForm(reply, draftInput, body, {
        save: async (input) => {
          await frontDoor.saveDraft(request.auditWriter, id, input);
          return { ok: true, value: id };
        },
        showForm: (errors, values) => formPage(request, reply, id, values, errors),
        redirectTo: () => `/front-door/referrals/${id}/edit?saved=1`,
      });
    },
  );
}
