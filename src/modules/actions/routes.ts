/**
 * The action tracker's pages: each agency's open actions (overdue first), the overdue list, the
 * figures, an action with its updates, evidence and impact, actions recorded by hand from a
 * partnership decision, and who leads on actions in each agency.
 *
 * An action's page is open to the owning agency's people and partnership roles; outside that it
 * does not exist (404). Evidence of impact is judged only by the group that owns the source.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../platform/http/errors.ts';
import { dateInWords } from '../../platform/http/fields.ts';
import { type FormErrors, dateFormError, parseForm } from '../../platform/http/forms.ts';
import {
  handleForm,
  numericId,
  pagination,
  parseParams,
  selectOptions,
} from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { z } from 'zod';
import { stackedBarChart } from '../../platform/http/charts.ts';
import { judgePermission } from './policy.ts';
import { ACTION_STATUS_LABELS } from './rules.ts';
import {
  IMPACT_LABELS,
  IMPACT_SHORT,
  doneInput,
  dropInput,
  impactInput,
  leadInput,
  listQuery,
  newActionInput,
  updateInput,
} from './schema.ts';
import type { ActionSummary, ActionsService, Actor } from './service.ts';

export type ActionsServices = PlatformServices & { actions: ActionsService };

/** The record facts the policy reads: the owning agency and its teams. */
export function actionFacts(action: Pick<ActionSummary, 'owningOrganisationId' | 'owningTeamIds'>) {
  return {
    organisationIds: action.owningOrganisationId == null ? [] : [action.owningOrganisationId],
    teamIds: action.owningTeamIds ?? [],
  };
}

const fileParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  updateId: z.coerce.number().int().positive().max(2_147_483_647),
});

export function actionsRoutes(app: FastifyInstance, services: ActionsServices) {
  const { actions } = services;

  const actor = (request: FastifyRequest): Actor => ({
    userId: request.user!.id,
    name: `${request.user!.givenName} ${request.user!.familyName}`,
  });

  /** Loads an action and checks it is the user's to see (404, audited, otherwise). */
  const loadAction = async (request: FastifyRequest, permission: 'action:view' | 'action:update') => {
    const id = numericId(request.params);
    const action = await actions.action(id);
    await request.authorise(permission, action ? actionFacts(action) : {}, { type: 'action', id });
    if (!action) throw new NotFoundError();
    return action;
  };

  const actionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    action: ActionSummary,
    extra: { form?: string; errors?: FormErrors; values?: Record<string, unknown>; flash?: string } = {},
  ) => {
    const history = await actions.history(action.id);
    const canUpdate = request.permissions.can('action:update', actionFacts(action));
    const isOpen = action.status === 'open' || action.status === 'overdue';
    const values = extra.values ?? {};
    return reply.page('actions/views/action.njk', {
      title: `Action A-${action.id}`,
      action,
      statusLabel: ACTION_STATUS_LABELS[action.status],
      updates: history.updates,
      impacts: history.impacts.map((i) => ({ ...i, label: IMPACT_SHORT[i.judgement] })),
      canUpdate: canUpdate && isOpen,
      canJudge: action.status === 'done' && request.permissions.allows(judgePermission(action.source.module)),
      judgements: selectOptions(IMPACT_LABELS, values.judgement),
      form: extra.form,
      errors: extra.errors,
      values,
      flash: extra.flash,
      today: actions.today(),
    });
  };

  /** Which agency's actions a list shows: the user's own, or (partnership roles) the one chosen. */
  const agencyOf = (request: FastifyRequest, chosen: number | undefined) => {
    const scope = request.permissions.listScope('actions:list');
    if (scope.kind === 'all') return { all: true as const, organisationId: chosen };
    return { all: false as const, organisationId: request.user?.organisationId ?? undefined };
  };

  app.get('/actions', { config: { permission: 'actions:list' } }, async (request, reply) => {
    const query = listQuery.parse(request.query ?? {});
    const agency = agencyOf(request, query.organisation);
    const page = query.page ?? 1;
    const [organisations, list] = await Promise.all([
      actions.organisations(),
      agency.organisationId ? actions.openActionsOfAgency(agency.organisationId, page) : null,
    ]);
    return reply.page('actions/views/agency.njk', {
      title: 'Open actions',
      chooses: agency.all,
      agencyName: organisations.find((o) => o.id === agency.organisationId)?.name,
      organisations: [
        { value: '', text: 'Select an agency' },
        ...organisations.map((o) => ({
          value: String(o.id),
          text: o.name,
          selected: o.id === agency.organisationId,
        })),
      ],
      list,
      statusLabels: ACTION_STATUS_LABELS,
      pagination: list
        ? pagination(page, list.pages, (p) => `/actions?organisation=${agency.organisationId}&page=${p}`)
        : undefined,
    });
  });

  app.get('/actions/overdue', { config: { permission: 'actions:list' } }, async (request, reply) => {
    const query = listQuery.parse(request.query ?? {});
    const agency = agencyOf(request, query.organisation);
    const page = query.page ?? 1;
    const filter = agency.all
      ? agency.organisationId
        ? { organisationId: agency.organisationId }
        : { all: true as const }
      : { organisationId: agency.organisationId ?? -1 };
    const [list, organisations] = await Promise.all([
      actions.overdueActions(filter, page),
      agency.all ? actions.organisations() : [],
    ]);
    const suffix = 'organisationId' in filter && agency.all ? `organisation=${filter.organisationId}&` : '';
    return reply.page('actions/views/overdue.njk', {
      title: 'Overdue actions',
      chooses: agency.all,
      organisations: [
        { value: '', text: 'Every agency' },
        ...organisations.map((o) => ({
          value: String(o.id),
          text: o.name,
          selected: o.id === agency.organisationId,
        })),
      ],
      list,
      today: actions.today(),
      pagination: pagination(page, list.pages, (p) => `/actions/overdue?${suffix}page=${p}`),
    });
  });

  app.get('/actions/figures', { config: { permission: 'actions:figures' } }, async (_request, reply) => {
    const figures = await actions.figures();
    const rows = figures.byAgency;
    const chart = rows.length
      ? await stackedBarChart({
          id: 'actions-by-agency',
          label: 'Stacked bar chart: actions by agency and status',
          summary: `${figures.totals.total} actions: ${figures.totals.open} open (${figures.totals.overdue} of them overdue), ${figures.totals.done} done and ${figures.totals.dropped} dropped.`,
          axisTitle: 'Actions',
          categoryTitle: '',
          series: [
            { name: 'Overdue', colour: '#d4351c' },
            { name: 'Open, not overdue', colour: '#1d70b8' },
            { name: 'Done', colour: '#00703c' },
            { name: 'Dropped', colour: '#b1b4b6' },
          ],
          data: rows.flatMap((r) => [
            { category: r.agency, series: 'Overdue', value: Number(r.overdue) },
            { category: r.agency, series: 'Open, not overdue', value: Number(r.open) - Number(r.overdue) },
            { category: r.agency, series: 'Done', value: Number(r.done) },
            { category: r.agency, series: 'Dropped', value: Number(r.dropped) },
          ]),
        })
      : null;
    return reply.page('actions/views/figures.njk', { title: 'Action figures', figures, chart });
  });

  const newForm = async (reply: FastifyReply, errors?: FormErrors, values: Record<string, unknown> = {}) => {
    const organisations = await actions.organisations();
    return reply.page('actions/views/new.njk', {
      title: 'Record an action from a partnership decision',
      organisations: [
        { value: '', text: 'Select an agency' },
        ...organisations.map((o) => ({
          value: String(o.id),
          text: o.name,
          selected: String(o.id) === String(values.owningOrganisationId ?? ''),
        })),
      ],
      errors,
      values,
      today: actions.today(),
    });
  };

  app.get('/actions/new', { config: { permission: 'actions:create' } }, (_request, reply) => newForm(reply));

  app.post(
    '/actions',
    { config: { permission: 'actions:create', audit: { action: 'create', recordType: 'action' } } },
    (request, reply) =>
      handleForm(reply, newActionInput, request.body, {
        async save(input) {
          const today = actions.today();
          if (input.dueOn && input.dueOn < today)
            return {
              ok: false,
              errors: dateFormError(
                'dueOn',
                `The due date must be on or after the date the action was agreed (${dateInWords(today)})`,
              ),
            };
          const [created] = await services.db.transaction().execute((trx) =>
            actions.createActionsInTrx(trx, request.auditWriter, request.user!.id, [
              {
                description: input.description,
                owningOrganisationId: input.owningOrganisationId,
                ownerName: input.ownerName ?? null,
                dueOn: input.dueOn ?? null,
                measurableOutcome: input.measurableOutcome ?? null,
                source: { module: 'governance', type: 'decision', id: today, label: input.decision },
              },
            ]),
          );
          return { ok: true, value: created!.id };
        },
        showForm: (errors, values) => newForm(reply, errors, values),
        redirectTo: (id) => `/actions/${id}?created=1`,
      }),
  );

  const leadsPage = async (
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
    flash?: string,
  ) => {
    const leads = await actions.agencyLeads();
    return reply.page('actions/views/leads.njk', {
      title: 'Agency leads for actions',
      leads,
      organisations: [
        { value: '', text: 'Select an agency' },
        ...leads.map((l) => ({
          value: String(l.id),
          text: l.name,
          selected: String(l.id) === String(values.organisationId ?? ''),
        })),
      ],
      errors,
      values,
      flash,
    });
  };

  app.get('/actions/leads', { config: { permission: 'actions:leads' } }, (request, reply) =>
    leadsPage(
      reply,
      undefined,
      {},
      (request.query as { saved?: string }).saved ? 'Agency lead saved' : undefined,
    ),
  );

  app.post(
    '/actions/leads',
    { config: { permission: 'actions:leads', audit: { action: 'set-lead', recordType: 'organisation' } } },
    (request, reply) =>
      handleForm(reply, leadInput, request.body, {
        async save(lead) {
          await actions.setAgencyLead(request.auditWriter, lead);
          return { ok: true, value: lead.organisationId };
        },
        showForm: (errors, values) => leadsPage(reply, errors, values),
        redirectTo: () => '/actions/leads?saved=1',
      }),
  );

  app.get(
    '/actions/:id',
    { config: { permission: 'action:view', audit: { action: 'view', recordType: 'action' } } },
    async (request, reply) => {
      const action = await loadAction(request, 'action:view');
      await request.audit(services.db, { recordId: action.id });
      const q = request.query as Record<string, string | undefined>;
      const flash = q.created
        ? 'Action recorded'
        : q.updated
          ? 'Update recorded'
          : q.done
            ? 'Action marked done'
            : q.dropped
              ? 'Action dropped'
              : q.judged
                ? 'Evidence of impact recorded'
                : undefined;
      return actionPage(request, reply, action, flash ? { flash } : {});
    },
  );

  app.get(
    '/actions/:id/updates/:updateId/file',
    { config: { permission: 'action:view', audit: { action: 'download', recordType: 'action' } } },
    async (request, reply) => {
      const { id, updateId } = parseParams(fileParams, request.params);
      const action = await actions.action(id);
      await request.authorise('action:view', action ? actionFacts(action) : {}, { type: 'action', id });
      const file = action ? await actions.evidenceFile(id, updateId) : undefined;
      if (!file?.fileContent) throw new NotFoundError();
      await request.audit(services.db, { recordId: id, reason: `evidence of update ${updateId}` });
      return reply
        .type(file.fileType ?? 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="${(file.fileName ?? 'evidence').replace(/[^A-Za-z0-9._ -]/g, '-')}"`,
        )
        .header('cache-control', 'no-store')
        .send(file.fileContent);
    },
  );

  app.post(
    '/actions/:id/updates',
    { config: { permission: 'action:update', audit: { action: 'update', recordType: 'action' } } },
    async (request, reply) => {
      const action = await loadAction(request, 'action:update');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = Buffer.isBuffer(body.file) && body.file.length > 0 ? body.file : null;
      const fields = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'file' && k !== '_csrf'));
      const parsed = parseForm(updateInput, fields);
      const result = parsed.ok
        ? await actions.addUpdate(request.auditWriter, action.id, actor(request), {
            note: parsed.value.note,
            link: parsed.value.link,
            file: file ? { content: file, title: parsed.value.fileTitle } : null,
          })
        : parsed;
      if (!result.ok) {
        reply.code(400);
        return actionPage(request, reply, action, { form: 'update', errors: result.errors, values: fields });
      }
      return reply.redirect(`/actions/${action.id}?updated=1`, 303);
    },
  );

  app.post(
    '/actions/:id/done',
    { config: { permission: 'action:update', audit: { action: 'done', recordType: 'action' } } },
    async (request, reply) => {
      const action = await loadAction(request, 'action:update');
      return handleForm(reply, doneInput, request.body, {
        save: (done) =>
          actions.markDone(request.auditWriter, action.id, actor(request), {
            note: done.doneNote,
            link: done.doneLink,
          }),
        showForm: (errors, values) => actionPage(request, reply, action, { form: 'done', errors, values }),
        redirectTo: (id) => `/actions/${id}?done=1`,
      });
    },
  );

  app.post(
    '/actions/:id/drop',
    { config: { permission: 'action:update', audit: { action: 'drop', recordType: 'action' } } },
    async (request, reply) => {
      const action = await loadAction(request, 'action:update');
      return handleForm(reply, dropInput, request.body, {
        save: ({ reason }) => actions.drop(request.auditWriter, action.id, actor(request), reason),
        showForm: (errors, values) => actionPage(request, reply, action, { form: 'drop', errors, values }),
        redirectTo: (id) => `/actions/${id}?dropped=1`,
      });
    },
  );

  app.post(
    '/actions/:id/impact',
    { config: { permission: 'action:view', audit: { action: 'judge-impact', recordType: 'action' } } },
    async (request, reply) => {
      const action = await loadAction(request, 'action:view');
      // Only the group that owns the source judges impact: to anyone else the form is not there.
      if (!request.permissions.allows(judgePermission(action.source.module))) throw new NotFoundError();
      return handleForm(reply, impactInput, request.body, {
        save: (judgement) => actions.judgeImpact(request.auditWriter, action.id, actor(request), judgement),
        showForm: (errors, values) => actionPage(request, reply, action, { form: 'impact', errors, values }),
        redirectTo: () => `/actions/${action.id}?judged=1`,
      });
    },
  );
}
