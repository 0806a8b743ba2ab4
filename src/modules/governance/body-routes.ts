/**
 * Governance pages: groups with their meetings, attendance and decisions; priorities and their
 * quarterly progress (the ones without evidence for two quarters listed); documents and their
 * versions (overdue reviews listed) with a public page each; independent scrutiny and responses.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { londonDate } from '../../platform/calendar/index.ts';
import { now } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { type FormErrors, formError, zodFormErrors } from '../../platform/http/forms.ts';
import { foldDateParts } from '../../platform/http/fields.ts';
import { numericId, selectOptions } from '../../platform/http/route-helpers.ts';
import type { ActionsService } from '../actions/index.ts';
import { financialYear } from './budget.ts';
import type { GovernanceService } from './governance-service.ts';
import { quarterOf } from './rules.ts';
import {
  RAG,
  documentInput,
  groupEditInput,
  groupInput,
  meetingInput,
  priorityEditInput,
  priorityInput,
  progressInput,
  responseInput,
  scrutinyInput,
  versionInput,
  yearParam,
} from './schema.ts';

export const DOCUMENT_KINDS = {
  arrangements: 'Safeguarding arrangements',
  procedure: 'Procedure',
  toolkit: 'Toolkit',
  guidance: 'Thematic guidance',
  briefing: 'Learning briefing',
} as const;

export const SCRUTINY_KINDS = {
  meeting_attended: 'Meeting attended',
  rapid_review: 'Rapid review decisions reviewed',
  audit_theme: 'Audit theme chosen',
  other: 'Other',
} as const;

const today = () => londonDate(now());

export function governanceBodyRoutes(
  app: FastifyInstance,
  services: { governance: GovernanceService; actions: ActionsService },
) {
  const { governance } = services;
  const chosenYear = (query: unknown) => {
    const parsed = yearParam.safeParse(query);
    return (parsed.success ? parsed.data.year : undefined) ?? quarterOf(today()).year;
  };

  const groupsPage = async (
    reply: FastifyReply,
    year: string,
    canManage: boolean,
    extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const period = financialYear(year) ?? { from: today(), to: today() };
    return reply.page('governance/views/groups.njk', {
      title: 'Executive group and subgroups',
      year,
      groups: await governance.groups(period),
      canManage,
      kindItems: selectOptions({ executive: 'Executive group', subgroup: 'Subgroup' }, extra.values?.kind),
      values: extra.values ?? {},
      errors: extra.errors,
    });
  };

  app.get('/governance/groups', { config: { permission: 'governance:view' } }, (request, reply) =>
    groupsPage(reply, chosenYear(request.query), request.permissions.allows('governance:manage')),
  );

  app.post(
    '/governance/groups',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'create', recordType: 'governance-group' },
      },
    },
    async (request, reply) => {
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = groupInput.safeParse(values);
      let errors = parsed.success ? undefined : zodFormErrors(parsed.error);
      if (parsed.success) {
        const names = parsed.data.members.map((m) => m.name);
        if (new Set(names).size !== names.length)
          errors = formError('members', 'Each member may be listed once');
        else if (await governance.groupNamed(parsed.data.name))
          errors = formError('name', 'There is already a group with this name');
      }
      if (!parsed.success || errors) {
        reply.code(400);
        return groupsPage(reply, chosenYear(undefined), true, { errors, values });
      }
      const { members, ...group } = parsed.data;
      const id = await governance.createGroup(request.auditWriter, group, members);
      return reply.redirect(`/governance/groups/${id}`, 303);
    },
  );

  const groupPage = async (
    reply: FastifyReply,
    id: number,
    canManage: boolean,
    extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const found = await governance.group(id);
    if (!found) throw new NotFoundError();
    const present = new Set(
      ((extra.values?.present as string[] | string | undefined) ?? []).toString().split(','),
    );
    return reply.page('governance/views/group.njk', {
      title: found.group.name,
      ...found,
      canManage,
      members: found.members.filter((m) => !m.leftOn),
      formerMembers: found.members.filter((m) => m.leftOn),
      memberItems: found.members
        .filter((m) => !m.leftOn)
        .map((m) => ({
          value: String(m.id),
          text: `${m.name}, ${m.roleTitle} (${m.agency})`,
          checked: present.has(String(m.id)),
        })),
      values: extra.values ?? {},
      errors: extra.errors,
    });
  };

  app.get('/governance/groups/:id', { config: { permission: 'governance:view' } }, (request, reply) =>
    groupPage(reply, numericId(request.params), request.permissions.allows('governance:manage')),
  );

  const groupEditPage = async (
    reply: FastifyReply,
    id: number,
    extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const found = await governance.group(id);
    if (!found) throw new NotFoundError();
    const values = extra.values ?? { ...found.group };
    const left = new Set([values.left ?? []].flat().map(String));
    return reply.page('governance/views/group-edit.njk', {
      title: `Change ${found.group.name}`,
      group: found.group,
      values,
      errors: extra.errors,
      kindItems: selectOptions({ executive: 'Executive group', subgroup: 'Subgroup' }, values.kind),
      memberItems: found.members
        .filter((m) => !m.leftOn)
        .map((m) => ({
          value: String(m.id),
          text: `${m.name}, ${m.roleTitle} (${m.agency})`,
          checked: left.has(String(m.id)),
        })),
    });
  };

  app.get('/governance/groups/:id/edit', { config: { permission: 'governance:manage' } }, (request, reply) =>
    groupEditPage(reply, numericId(request.params)),
  );

  app.post(
    '/governance/groups/:id/edit',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'update', recordType: 'governance-group' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const found = await governance.group(id);
      if (!found) throw new NotFoundError();
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = groupEditInput.safeParse(foldDateParts(values));
      let errors = parsed.success ? undefined : zodFormErrors(parsed.error);
      if (parsed.success) {
        const current = new Set(found.members.filter((m) => !m.leftOn).map((m) => m.id));
        const names = [...found.members.map((m) => m.name), ...parsed.data.addMembers.map((m) => m.name)];
        const other = await governance.groupNamed(parsed.data.name);
        if (other && other.id !== id) errors = formError('name', 'There is already a group with this name');
        else if (new Set(names).size !== names.length)
          errors = formError(
            'addMembers',
            'Each member may be listed once: this name is already in the group',
          );
        else if (parsed.data.left.some((m) => !current.has(m)))
          errors = formError('left', 'Select members of this group');
      }
      if (!parsed.success || errors) {
        reply.code(400);
        return groupEditPage(reply, id, { errors, values });
      }
      const { addMembers, left, leftOn, ...group } = parsed.data;
      await governance.updateGroup(request.auditWriter, id, group, {
        add: addMembers,
        leftIds: left,
        leftOn: leftOn ?? today(),
      });
      return reply.redirect(`/governance/groups/${id}`, 303);
    },
  );

  app.post(
    '/governance/groups/:id/meetings',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'create', recordType: 'governance-meeting' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = meetingInput.safeParse(foldDateParts(values));
      if (!parsed.success) {
        reply.code(400);
        return groupPage(reply, id, true, { errors: zodFormErrors(parsed.error), values });
      }
      const input = parsed.data;
      if (!(await governance.group(id))) throw new NotFoundError();
      await governance.recordMeeting(request.auditWriter, request.user!.id, {
        groupId: id,
        heldOn: input.heldOn,
        presentMemberIds: input.present,
        decisions: input.what
          ? [
              {
                what: input.what,
                why: input.why ?? '',
                decidedBy: input.decidedBy ?? '',
                action: input.actionDescription
                  ? {
                      description: input.actionDescription,
                      owningOrganisationId: null,
                      ownerName: input.actionOwner ?? null,
                      dueOn: input.actionDueOn ?? null,
                      measurableOutcome: null,
                    }
                  : null,
              },
            ]
          : [],
      });
      return reply.redirect(`/governance/groups/${id}`, 303);
    },
  );

  const prioritiesPage = async (
    reply: FastifyReply,
    year: string,
    canManage: boolean,
    extra: {
      errors?: FormErrors;
      values?: Record<string, unknown>;
      priorityId?: number;
      newErrors?: FormErrors;
      newValues?: Record<string, unknown>;
    } = {},
  ) => {
    const current = quarterOf(today());
    // Up to the current quarter in the current year; a past year is judged on all four.
    const upTo = current.year === year ? current.quarter : year < current.year ? 4 : 0;
    const priorities = await governance.priorities(year, upTo);
    return reply.page('governance/views/priorities.njk', {
      title: `Priorities ${year}`,
      year,
      upTo,
      priorities,
      stalled: priorities.filter((p) => p.stalled),
      canManage,
      ragItems: (selected: unknown) => selectOptions(RAG, selected),
      quarterItems: [1, 2, 3, 4].map((q) => ({ value: String(q), text: `Quarter ${q}` })),
      groupItems: [
        { value: '', text: 'Choose a group' },
        ...(await governance.groups({ from: today(), to: today() })).map((g) => ({
          value: String(g.id),
          text: g.name,
          selected: String(g.id) === String(extra.newValues?.ownerGroupId ?? ''),
        })),
      ],
      newValues: {},
      ...extra,
    });
  };

  app.get('/governance/priorities', { config: { permission: 'governance:view' } }, (request, reply) =>
    prioritiesPage(reply, chosenYear(request.query), request.permissions.allows('governance:manage')),
  );

  app.post(
    '/governance/priorities',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'create', recordType: 'governance-priority' },
      },
    },
    async (request, reply) => {
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = priorityInput.safeParse(values);
      let errors = parsed.success ? undefined : zodFormErrors(parsed.error);
      if (parsed.success) {
        const groups = await governance.groups({ from: today(), to: today() });
        if (!groups.some((g) => g.id === parsed.data.ownerGroupId))
          errors = formError('ownerGroupId', 'Select the group that owns it');
        else if (
          (await governance.priorities(parsed.data.year, 0)).some((p) => p.title === parsed.data.title)
        )
          errors = formError('title', 'This priority is already recorded for the year');
      }
      if (!parsed.success || errors) {
        reply.code(400);
        const year =
          typeof values.year === 'string' && financialYear(values.year) ? values.year : chosenYear(undefined);
        return prioritiesPage(reply, year, true, { newErrors: errors, newValues: values, errors });
      }
      const { year, ...rest } = parsed.data;
      const id = await governance.createPriority(request.auditWriter, { financialYear: year, ...rest });
      return reply.redirect(`/governance/priorities?year=${year}#priority-${id}`, 303);
    },
  );

  const priorityEditPage = async (
    reply: FastifyReply,
    id: number,
    extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const priority = await governance.priority(id);
    if (!priority) throw new NotFoundError();
    const values = extra.values ?? { ...priority };
    return reply.page('governance/views/priority-edit.njk', {
      title: `Change the priority ${priority.title}`,
      priority,
      values,
      errors: extra.errors,
      groupItems: (await governance.groups({ from: today(), to: today() })).map((g) => ({
        value: String(g.id),
        text: g.name,
        selected: String(g.id) === String(values.ownerGroupId ?? ''),
      })),
    });
  };

  app.get(
    '/governance/priorities/:id/edit',
    { config: { permission: 'governance:manage' } },
    (request, reply) => priorityEditPage(reply, numericId(request.params)),
  );

  app.post(
    '/governance/priorities/:id/edit',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'update', recordType: 'governance-priority' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const priority = await governance.priority(id);
      if (!priority) throw new NotFoundError();
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = priorityEditInput.safeParse(values);
      let errors = parsed.success ? undefined : zodFormErrors(parsed.error);
      if (parsed.success) {
        const groups = await governance.groups({ from: today(), to: today() });
        if (!groups.some((g) => g.id === parsed.data.ownerGroupId))
          errors = formError('ownerGroupId', 'Select the group that owns it');
        else if (
          (await governance.priorities(priority.financialYear, 0)).some(
            (p) => p.id !== id && p.title === parsed.data.title,
          )
        )
          errors = formError('title', 'This priority is already recorded for the year');
      }
      if (!parsed.success || errors) {
        reply.code(400);
        return priorityEditPage(reply, id, { errors, values });
      }
      await governance.updatePriority(request.auditWriter, id, parsed.data);
      return reply.redirect(`/governance/priorities?year=${priority.financialYear}#priority-${id}`, 303);
    },
  );

  app.post(
    '/governance/priorities/:id/progress',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'update', recordType: 'governance-priority' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const priority = await governance.priority(id);
      if (!priority) throw new NotFoundError();
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = progressInput.safeParse(values);
      if (!parsed.success) {
        reply.code(400);
        return prioritiesPage(reply, priority.financialYear, true, {
          errors: zodFormErrors(parsed.error),
          values,
          priorityId: id,
        });
      }
      await governance.recordProgress(request.auditWriter, {
        priorityId: id,
        quarter: parsed.data.quarter,
        rag: parsed.data.rag,
        summary: parsed.data.summary,
        evidence: parsed.data.evidence ?? null,
      });
      return reply.redirect(`/governance/priorities?year=${priority.financialYear}#priority-${id}`, 303);
    },
  );

  const documentsPage = async (
    reply: FastifyReply,
    canManage: boolean,
    extra: { errors?: FormErrors; values?: Record<string, unknown>; year?: string } = {},
  ) => {
    const documents = await governance.documents(today());
    const year = extra.year ?? quarterOf(today()).year;
    return reply.page('governance/views/documents.njk', {
      title: 'Published documents',
      year,
      updates: await governance.arrangementUpdates(financialYear(year) ?? { from: today(), to: today() }),
      documents: documents.map((d) => ({ ...d, kindText: DOCUMENT_KINDS[d.kind] })),
      overdue: documents.filter((d) => d.overdue),
      canManage,
      kindItems: selectOptions(DOCUMENT_KINDS, extra.values?.kind),
      statusItems: selectOptions(
        { draft: 'Draft', published: 'Published', withdrawn: 'Withdrawn' },
        extra.values?.status,
      ),
      values: extra.values ?? {},
      errors: extra.errors,
    });
  };

  app.get('/governance/documents', { config: { permission: 'governance:view' } }, (request, reply) =>
    documentsPage(reply, request.permissions.allows('governance:manage'), {
      year: chosenYear(request.query),
    }),
  );

  app.post(
    '/governance/documents',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'create', recordType: 'governance-document' },
      },
    },
    async (request, reply) => {
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = documentInput.safeParse(foldDateParts(values));
      let errors = parsed.success ? undefined : zodFormErrors(parsed.error);
      if (parsed.success && (await governance.documentAt(parsed.data.slug)))
        errors = formError('slug', 'Another document already has this web address');
      if (!parsed.success || errors) {
        reply.code(400);
        return documentsPage(reply, true, { errors, values });
      }
      const { version, issuedOn, changes, ...document } = parsed.data;
      const id = await governance.createDocument(request.auditWriter, document, {
        version,
        issuedOn,
        changes,
      });
      return reply.redirect(`/governance/documents/${id}`, 303);
    },
  );

  const documentPage = async (
    reply: FastifyReply,
    id: number,
    canManage: boolean,
    extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const found = await governance.document(id);
    if (!found) throw new NotFoundError();
    return reply.page('governance/views/document.njk', {
      title: found.document.title,
      ...found,
      kindText: DOCUMENT_KINDS[found.document.kind],
      overdue: found.document.status !== 'withdrawn' && found.document.reviewOn < today(),
      canManage,
      statusItems: selectOptions(
        { draft: 'Draft', published: 'Published', withdrawn: 'Withdrawn' },
        extra.values?.status ?? found.document.status,
      ),
      values: extra.values ?? {},
      errors: extra.errors,
    });
  };

  app.get('/governance/documents/:id', { config: { permission: 'governance:view' } }, (request, reply) =>
    documentPage(reply, numericId(request.params), request.permissions.allows('governance:manage')),
  );

  app.post(
    '/governance/documents/:id/versions',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'update', recordType: 'governance-document' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      if (!(await governance.document(id))) throw new NotFoundError();
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = versionInput.safeParse(foldDateParts(values));
      if (!parsed.success) {
        reply.code(400);
        return documentPage(reply, id, true, { errors: zodFormErrors(parsed.error), values });
      }
      await governance.addVersion(request.auditWriter, id, {
        ...parsed.data,
        timescale: parsed.data.timescale ?? null,
      });
      return reply.redirect(`/governance/documents/${id}`, 303);
    },
  );

  // The public pages: published documents only; a draft or withdrawn one does not exist here.
  app.get('/documents', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.page('governance/views/public-documents.njk', {
      title: 'Safeguarding documents',
      documents: (await governance.publishedDocuments()).map((d) => ({
        ...d,
        kindText: DOCUMENT_KINDS[d.kind],
      })),
    }),
  );

  app.get('/documents/:slug', { config: { permission: 'public' } }, async (request, reply) => {
    const slug = String((request.params as { slug?: unknown }).slug ?? '');
    const found = /^[a-z0-9-]{1,100}$/.test(slug) ? await governance.publishedDocument(slug) : undefined;
    if (!found) throw new NotFoundError();
    return reply.page('governance/views/public-document.njk', {
      title: found.document.title,
      ...found,
      kindText: DOCUMENT_KINDS[found.document.kind],
    });
  });

  const scrutinyPage = async (
    reply: FastifyReply,
    year: string,
    canManage: boolean,
    extra: {
      errors?: FormErrors;
      values?: Record<string, unknown>;
      findingId?: number;
      newValues?: Record<string, unknown>;
      newErrors?: FormErrors;
    } = {},
  ) => {
    const period = financialYear(year) ?? { from: today(), to: today() };
    const activities = await governance.scrutiny(period);
    return reply.page('governance/views/scrutiny.njk', {
      title: `Independent scrutiny ${year}`,
      year,
      activities: activities.map((a) => ({ ...a, kindText: SCRUTINY_KINDS[a.kind] })),
      canManage,
      kindItems: selectOptions(SCRUTINY_KINDS, extra.newValues?.kind),
      newValues: {},
      ...extra,
    });
  };

  app.post(
    '/governance/scrutiny',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'create', recordType: 'governance-scrutiny' },
      },
    },
    async (request, reply) => {
      const values = (request.body ?? {}) as Record<string, unknown>;
      const parsed = scrutinyInput.safeParse(foldDateParts(values));
      if (!parsed.success) {
        reply.code(400);
        const errors = zodFormErrors(parsed.error);
        return scrutinyPage(reply, chosenYear(undefined), true, {
          errors,
          newErrors: errors,
          newValues: values,
        });
      }
      const { findings, ...activity } = parsed.data;
      await governance.recordScrutiny(request.auditWriter, activity, findings);
      return reply.redirect(`/governance/scrutiny?year=${quarterOf(activity.heldOn).year}`, 303);
    },
  );

  app.get('/governance/scrutiny', { config: { permission: 'governance:view' } }, (request, reply) =>
    scrutinyPage(reply, chosenYear(request.query), request.permissions.allows('governance:manage')),
  );

  app.post(
    '/governance/scrutiny/findings/:id/response',
    {
      config: {
        permission: 'governance:manage',
        audit: { action: 'update', recordType: 'governance-scrutiny-finding' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const values = (request.body ?? {}) as Record<string, unknown>;
      const year = chosenYear(request.query);
      const parsed = responseInput.safeParse(foldDateParts(values));
      if (!parsed.success) {
        reply.code(400);
        return scrutinyPage(reply, year, true, {
          errors: zodFormErrors(parsed.error),
          values,
          findingId: id,
        });
      }
      if (!(await governance.respond(request.auditWriter, id, parsed.data))) throw new NotFoundError();
      return reply.redirect(`/governance/scrutiny?year=${year}`, 303);
    },
  );
}
