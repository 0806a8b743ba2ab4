/** The registry's pages: thin handlers over RegistryService. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ROLES, ROLE_NAMES } from '../../platform/auth/roles.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { type FormErrors, formError } from '../../platform/http/forms.ts';
import {
  handleForm,
  numericId,
  pagination,
  selectOptions,
  uuidId,
} from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { PAGE_SIZE } from './queries.ts';
import type { RegistryService } from './service.ts';
import {
  ORGANISATION_KINDS,
  PHASES,
  closureInput,
  ownTermInput,
  keyAdultInput,
  organisationInput,
  settingFilters,
  settingInput,
  userInput,
  userUpdate,
} from './schema.ts';

/** What the registry's pages need: the platform's services and its own. */
export type RegistryServices = PlatformServices & { registry: RegistryService };

export function registryRoutes(app: FastifyInstance, services: RegistryServices) {
  const { registry } = services;

  const settingForm = async (
    reply: FastifyReply,
    data: { title: string; action: string; values: Record<string, unknown>; errors?: FormErrors },
  ) => {
    const districts = await registry.districts();
    return reply.page('registry/views/setting-form.njk', {
      ...data,
      phases: [{ value: '', text: 'Select a phase' }, ...selectOptions(PHASES, data.values.phase)],
      districts: [
        { value: '', text: 'Select a district' },
        ...districts.map((d) => ({
          value: d.code,
          text: d.name,
          selected: d.code === data.values.districtCode,
        })),
      ],
    });
  };

  app.get('/registry/settings', { config: { permission: 'registry:browse' } }, async (request, reply) => {
    const filters = settingFilters.parse(request.query ?? {});
    const [{ rows, total }, districts] = await Promise.all([
      registry.settings(filters),
      registry.districts(),
    ]);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const query = (page: number) => {
      const params = new URLSearchParams();
      for (const key of ['phase', 'district', 'q'] as const)
        if (filters[key]) params.set(key, String(filters[key]));
      params.set('page', String(page));
      return `?${params}`;
    };
    return reply.page('registry/views/settings.njk', {
      title: 'Settings',
      rows: rows.map((r) => ({ ...r, phaseLabel: PHASES[r.phase as keyof typeof PHASES] })),
      total,
      filters,
      canManage: request.permissions.allows('registry:manage'),
      phases: [{ value: '', text: 'All phases' }, ...selectOptions(PHASES, filters.phase)],
      districts: [
        { value: '', text: 'All districts' },
        ...districts.map((d) => ({ value: d.code, text: d.name, selected: d.code === filters.district })),
      ],
      pagination: pagination(Math.min(filters.page, pages), pages, query),
      page: filters.page,
      pages,
      // A page past the last (an old link, ?page=99) says so, as the audit search does.
      firstPageHref: query(1),
    });
  });

  app.get('/registry/settings/new', { config: { permission: 'registry:manage' } }, async (_request, reply) =>
    settingForm(reply, {
      title: 'Add a setting',
      action: '/registry/settings',
      values: { schoolDayStartsAt: '08:45' },
    }),
  );

  app.post(
    '/registry/settings',
    { config: { permission: 'registry:manage', audit: { action: 'create', recordType: 'setting' } } },
    async (request, reply) => {
      return handleForm(reply, settingInput, request.body, {
        save: (input) => registry.createSetting(request.auditWriter, input),
        showForm: (errors, values) =>
          settingForm(reply, { title: 'Add a setting', action: '/registry/settings', values, errors }),
        redirectTo: (saved) => `/registry/settings/${saved.id}?created=1`,
      });
    },
  );

  app.get(
    '/registry/settings/import',
    { config: { permission: 'registry:manage' } },
    async (_request, reply) =>
      reply.page('registry/views/settings-import.njk', { title: 'Import settings from a CSV file' }),
  );

  app.post(
    '/registry/settings/import',
    { config: { permission: 'registry:manage', audit: { action: 'import', recordType: 'setting' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as { file?: Buffer };
      if (!body.file || !Buffer.isBuffer(body.file) || body.file.length === 0) {
        reply.code(400);
        return reply.page('registry/views/settings-import.njk', {
          title: 'Import settings from a CSV file',
          errors: formError('file', 'Select a CSV file'),
        });
      }
      const result = await registry.importSettingsCsv(request.auditWriter, body.file);
      if (!result.ok) {
        reply.code(400);
        return reply.page('registry/views/settings-import.njk', {
          title: 'Import settings from a CSV file',
          problems: result.problems,
          errors: {
            summary: [
              {
                text: `The file has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: nothing was imported`,
                href: '#problems',
              },
            ],
            byField: { file: { text: 'Correct the rows listed below and upload the file again' } },
          },
        });
      }
      return reply.page('registry/views/settings-import.njk', {
        title: 'Import settings from a CSV file',
        flash: `${result.imported} settings imported`,
      });
    },
  );

  app.get('/registry/my-setting', { config: { permission: 'setting:own' } }, async (request, reply) => {
    if (!request.user?.settingId) throw new NotFoundError();
    return reply.redirect(`/registry/settings/${request.user.settingId}`, 303);
  });

  app.get(
    '/registry/settings/:id',
    { config: { permission: 'setting:view', audit: { action: 'view', recordType: 'setting' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      await request.authorise('setting:view', { settingIds: [id] }, { type: 'setting', id });
      // The setting and this view's audit entry in one statement.
      const detail = await request.auditedRead({ recordId: id }, (audit) =>
        registry.settingDetail(id, audit),
      );
      if (!detail) throw new NotFoundError();
      const { setting } = detail;
      return reply.page('registry/views/setting.njk', {
        title: setting.name,
        setting,
        staff: detail.staff,
        closures: detail.closures,
        ownTerms: detail.ownTerms,
        phaseLabel: PHASES[setting.phase as keyof typeof PHASES],
        // Enrolment is Operation Encompass's: the coordinator, who records it, is linked to it.
        enrolmentHref: request.permissions.allows('encompass:enrolment')
          ? `/encompass/enrolment/${setting.id}`
          : undefined,
        canManage: request.permissions.allows('registry:manage'),
        flash: (request.query as { created?: string; saved?: string }).created
          ? 'Setting added'
          : (request.query as { saved?: string }).saved
            ? 'Changes saved'
            : undefined,
      });
    },
  );

  app.get(
    '/registry/settings/:id/edit',
    { config: { permission: 'registry:manage' } },
    async (request, reply) => {
      const id = numericId(request.params);
      const setting = await registry.setting(id);
      if (!setting) throw new NotFoundError();
      return settingForm(reply, {
        title: `Change ${setting.name}`,
        action: `/registry/settings/${id}`,
        values: {
          ...setting,
          districtCode: setting.districtCode,
          schoolDayStartsAt: setting.schoolDayStartsAt.slice(0, 5),
        },
      });
    },
  );

  app.post(
    '/registry/settings/:id',
    { config: { permission: 'registry:manage', audit: { action: 'update', recordType: 'setting' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      if (!(await registry.setting(id))) throw new NotFoundError();
      return handleForm(reply, settingInput, request.body, {
        save: (input) => registry.updateSetting(request.auditWriter, id, input),
        showForm: (errors, values) =>
          settingForm(reply, { title: 'Change setting', action: `/registry/settings/${id}`, values, errors }),
        redirectTo: () => `/registry/settings/${id}?saved=1`,
      });
    },
  );

  const settingOrNotFound = async (params: unknown) => {
    const id = numericId(params);
    const setting = await registry.setting(id);
    if (!setting) throw new NotFoundError();
    return setting;
  };

  const keyAdultForm = (
    reply: FastifyReply,
    setting: { id: number; name: string },
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.page('registry/views/key-adult-form.njk', {
      title: `Add a Key Adult to ${setting.name}`,
      setting,
      values,
      errors,
      roles: [
        { value: 'dsl', text: 'Designated safeguarding lead', checked: values.staffRole === 'dsl' },
        {
          value: 'deputy_dsl',
          text: 'Deputy designated safeguarding lead',
          checked: values.staffRole === 'deputy_dsl',
        },
        {
          value: 'head',
          text: 'Head',
          hint: { text: 'Receives escalations when a notice is not acknowledged' },
          checked: values.staffRole === 'head',
        },
      ],
    });

  app.get(
    '/registry/settings/:id/key-adults/new',
    { config: { permission: 'registry:manage' } },
    async (request, reply) => keyAdultForm(reply, await settingOrNotFound(request.params), {}),
  );

  app.post(
    '/registry/settings/:id/key-adults',
    { config: { permission: 'registry:manage', audit: { action: 'add-key-adult', recordType: 'setting' } } },
    async (request, reply) => {
      const setting = await settingOrNotFound(request.params);
      return handleForm(reply, keyAdultInput, request.body, {
        save: (input) => registry.addKeyAdult(request.auditWriter, setting.id, input),
        showForm: (errors, values) => keyAdultForm(reply, setting, values, errors),
        redirectTo: () => `/registry/settings/${setting.id}?saved=1`,
      });
    },
  );

  app.post(
    '/registry/settings/:id/key-adults/:staffId/remove',
    {
      config: { permission: 'registry:manage', audit: { action: 'remove-key-adult', recordType: 'setting' } },
    },
    async (request, reply) => {
      const setting = await settingOrNotFound(request.params);
      const staffId = Number((request.params as { staffId: string }).staffId);
      if (
        !Number.isInteger(staffId) ||
        !(await registry.removeKeyAdult(request.auditWriter, setting.id, staffId))
      )
        throw new NotFoundError();
      return reply.redirect(`/registry/settings/${setting.id}?saved=1`, 303);
    },
  );

  const closureForm = (
    reply: FastifyReply,
    setting: { id: number; name: string },
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.page('registry/views/closure-form.njk', {
      title: `Add a closure for ${setting.name}`,
      setting,
      values,
      errors,
      reasons: [
        { value: 'inset', text: 'INSET day (staff training)', checked: values.reason !== 'closure' },
        { value: 'closure', text: 'Another closure', checked: values.reason === 'closure' },
      ],
    });

  app.get(
    '/registry/settings/:id/closures/new',
    { config: { permission: 'registry:manage' } },
    async (request, reply) => closureForm(reply, await settingOrNotFound(request.params), {}),
  );

  app.post(
    '/registry/settings/:id/closures',
    { config: { permission: 'registry:manage', audit: { action: 'add-closure', recordType: 'setting' } } },
    async (request, reply) => {
      const setting = await settingOrNotFound(request.params);
      return handleForm(reply, closureInput, request.body, {
        save: (input) => registry.addClosure(request.auditWriter, setting.id, input),
        showForm: (errors, values) => closureForm(reply, setting, values, errors),
        redirectTo: () => `/registry/settings/${setting.id}?saved=1`,
      });
    },
  );

  const ownTermForm = (
    reply: FastifyReply,
    setting: { id: number; name: string },
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.page('registry/views/own-term-form.njk', {
      title: `Add a term for ${setting.name}`,
      setting,
      values,
      errors,
    });

  app.get(
    '/registry/settings/:id/terms/new',
    { config: { permission: 'registry:manage' } },
    async (request, reply) => ownTermForm(reply, await settingOrNotFound(request.params), {}),
  );

  app.post(
    '/registry/settings/:id/terms',
    { config: { permission: 'registry:manage', audit: { action: 'add-own-term', recordType: 'setting' } } },
    async (request, reply) => {
      const setting = await settingOrNotFound(request.params);
      return handleForm(reply, ownTermInput, request.body, {
        save: (input) => registry.addOwnTerm(request.auditWriter, setting.id, input),
        showForm: (errors, values) => ownTermForm(reply, setting, values, errors),
        redirectTo: () => `/registry/settings/${setting.id}?saved=1`,
      });
    },
  );

  app.post(
    '/registry/settings/:id/terms/:termId/remove',
    {
      config: { permission: 'registry:manage', audit: { action: 'remove-own-term', recordType: 'setting' } },
    },
    async (request, reply) => {
      const setting = await settingOrNotFound(request.params);
      const termId = Number((request.params as { termId: string }).termId);
      if (
        !Number.isInteger(termId) ||
        !(await registry.removeOwnTerm(request.auditWriter, setting.id, termId))
      )
        throw new NotFoundError();
      return reply.redirect(`/registry/settings/${setting.id}?saved=1`, 303);
    },
  );

  app.post(
    '/registry/settings/:id/closures/:date/remove',
    { config: { permission: 'registry:manage', audit: { action: 'remove-closure', recordType: 'setting' } } },
    async (request, reply) => {
      const setting = await settingOrNotFound(request.params);
      const date = String((request.params as { date: string }).date);
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
        !(await registry.removeClosure(request.auditWriter, setting.id, date))
      )
        throw new NotFoundError();
      return reply.redirect(`/registry/settings/${setting.id}?saved=1`, 303);
    },
  );

  const organisationForm = (
    reply: FastifyReply,
    data: { title: string; action: string; values: Record<string, unknown>; errors?: FormErrors },
  ) =>
    reply.page('registry/views/organisation-form.njk', {
      ...data,
      kinds: [{ value: '', text: 'Select a kind' }, ...selectOptions(ORGANISATION_KINDS, data.values.kind)],
    });

  app.get(
    '/registry/organisations',
    { config: { permission: 'registry:browse' } },
    async (request, reply) => {
      const [organisations, teams] = await Promise.all([registry.organisations(), registry.teams()]);
      return reply.page('registry/views/organisations.njk', {
        title: 'Organisations',
        organisations: organisations.map((o) => ({
          ...o,
          kindLabel: ORGANISATION_KINDS[o.kind as keyof typeof ORGANISATION_KINDS],
        })),
        teams,
        canManage: request.permissions.allows('registry:manage'),
        flash: (request.query as { saved?: string }).saved ? 'Organisation saved' : undefined,
      });
    },
  );

  app.get(
    '/registry/organisations/new',
    { config: { permission: 'registry:manage' } },
    async (_request, reply) =>
      organisationForm(reply, {
        title: 'Add an organisation',
        action: '/registry/organisations',
        values: {},
      }),
  );

  app.post(
    '/registry/organisations',
    { config: { permission: 'registry:manage', audit: { action: 'create', recordType: 'organisation' } } },
    async (request, reply) => {
      return handleForm(reply, organisationInput, request.body, {
        save: (input) => registry.createOrganisation(request.auditWriter, input),
        showForm: (errors, values) =>
          organisationForm(reply, {
            title: 'Add an organisation',
            action: '/registry/organisations',
            values,
            errors,
          }),
        redirectTo: () => '/registry/organisations?saved=1',
      });
    },
  );

  app.get(
    '/registry/organisations/:id/edit',
    { config: { permission: 'registry:manage' } },
    async (request, reply) => {
      const id = numericId(request.params);
      const organisation = await registry.organisation(id);
      if (!organisation) throw new NotFoundError();
      return organisationForm(reply, {
        title: `Change ${organisation.name}`,
        action: `/registry/organisations/${id}`,
        values: { ...organisation, safeguardingPartner: organisation.safeguardingPartner ? 'yes' : 'no' },
      });
    },
  );

  app.post(
    '/registry/organisations/:id',
    { config: { permission: 'registry:manage', audit: { action: 'update', recordType: 'organisation' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      if (!(await registry.organisation(id))) throw new NotFoundError();
      return handleForm(reply, organisationInput, request.body, {
        save: (input) => registry.updateOrganisation(request.auditWriter, id, input),
        showForm: (errors, values) =>
          organisationForm(reply, {
            title: 'Change organisation',
            action: `/registry/organisations/${id}`,
            values,
            errors,
          }),
        redirectTo: () => '/registry/organisations?saved=1',
      });
    },
  );

  const userForm = async (
    reply: FastifyReply,
    data: {
      values: Record<string, unknown>;
      errors?: FormErrors;
      title?: string;
      action?: string;
      editing?: boolean;
    },
  ) => {
    const [organisations, teams] = await Promise.all([registry.organisations(), registry.teams()]);
    return reply.page('registry/views/user-form.njk', {
      title: 'Add a user',
      action: '/registry/users',
      ...data,
      roles: [
        { value: '', text: 'Select a role' },
        ...ROLE_NAMES.map((r) => ({ value: r, text: ROLES[r].label, selected: r === data.values.role })),
      ],
      organisations: [
        { value: '', text: 'None' },
        ...organisations.map((o) => ({
          value: o.code,
          text: o.name,
          selected: o.code === data.values.organisationCode,
        })),
      ],
      teams: [
        { value: '', text: 'None' },
        ...teams.map((t) => ({ value: t.code, text: t.name, selected: t.code === data.values.teamCode })),
      ],
    });
  };

  app.get('/registry/users', { config: { permission: 'registry:manage' } }, async (request, reply) => {
    const users = await registry.users();
    return reply.page('registry/views/users.njk', {
      title: 'Users',
      users: users.map((u) => ({ ...u, roleLabel: ROLES[u.role as keyof typeof ROLES]?.label ?? u.role })),
      flash: (request.query as { created?: string }).created
        ? 'User added'
        : (request.query as { saved?: string }).saved
          ? 'Changes saved'
          : undefined,
    });
  });

  app.get('/registry/users/new', { config: { permission: 'registry:manage' } }, async (_request, reply) =>
    userForm(reply, { values: {} }),
  );

  app.post(
    '/registry/users',
    { config: { permission: 'registry:manage', audit: { action: 'create', recordType: 'user' } } },
    async (request, reply) => {
      return handleForm(reply, userInput, request.body, {
        save: (input) => registry.createUser(request.auditWriter, input),
        showForm: (errors, values) => userForm(reply, { values: { ...values, password: '' }, errors }),
        redirectTo: () => '/registry/users?created=1',
      });
    },
  );

  app.get(
    '/registry/users/:id/edit',
    { config: { permission: 'registry:manage' } },
    async (request, reply) => {
      const id = uuidId(request.params);
      const user = await registry.user(id);
      if (!user) throw new NotFoundError();
      return userForm(reply, {
        title: `Change ${user.givenName} ${user.familyName}`,
        action: `/registry/users/${id}`,
        editing: true,
        values: { ...user, active: user.active ? 'yes' : 'no' },
      });
    },
  );

  app.post(
    '/registry/users/:id',
    { config: { permission: 'registry:manage', audit: { action: 'update', recordType: 'user' } } },
    async (request, reply) => {
      const id = uuidId(request.params);
      if (!(await registry.user(id))) throw new NotFoundError();
      return handleForm(reply, userUpdate, request.body, {
        save: (input) => registry.updateUser(request.auditWriter, id, input),
        showForm: (errors, values) =>
          userForm(reply, {
            title: 'Change user',
            action: `/registry/users/${id}`,
            editing: true,
            values,
            errors,
          }),
        redirectTo: () => '/registry/users?saved=1',
      });
    },
  );
}
