/**
 * Multi-agency audits' pages: the programme, an audit (cases, status, findings, actions), a case
 * (the child, their journey against the selection rule, each agency's self-audit, the panel's
 * grade and the family's feedback), learning briefings (web page and PDF) and the figures.
 *
 * A case's child is shown only to the audit's named auditors, and only while the audit runs;
 * to everyone else the audit shows case references, never names.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../platform/http/errors.ts';
import { type FormErrors, formError, parseForm } from '../../platform/http/forms.ts';
import { handleForm, numericId, parseParams, selectOptions } from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { ACTION_STATUS_LABELS } from '../actions/index.ts';
import { countBarChart, stackedBarChart } from '../../platform/http/charts.ts';
import { briefingPdf } from './pdf.ts';
import {
  GRADES,
  GRADE_NAMES,
  NEXT_STATUS,
  STATUSES,
  THEMES,
  THEME_JOURNEY_RULE,
  isRunning,
} from './rules.ts';
import {
  actionInput,
  addCaseInput,
  auditInput,
  briefingInput,
  familyInput,
  figuresQuery,
  findChildInput,
  journeyAddInput,
  journeyFindInput,
  findingInput,
  panelInput,
  programmeInput,
  selfAuditInput,
} from './schema.ts';
import { QualityService } from './service.ts';
import type { AuditStatus } from './tables.ts';

export type QualityServices = PlatformServices & { quality: QualityService };

const caseParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  caseId: z.coerce.number().int().positive().max(2_147_483_647),
});

type Audit = NonNullable<Awaited<ReturnType<QualityService['audit']>>>;

/** The reporting year a date falls in: 1 April to 31 March. */
export function reportingYearOf(date: string): string {
  const y = Number(date.slice(0, 4));
  const start = date.slice(5) >= '04-01' ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function qualityRoutes(app: FastifyInstance, services: QualityServices) {
  const { quality } = services;

  /** An audit the user may open: the QA lead any, an auditor those naming them; otherwise 404. */
  const loadAudit = async (request: FastifyRequest): Promise<Audit> => {
    const id = numericId(request.params);
    const audit = await quality.audit(id);
    if (!audit) throw new NotFoundError();
    if (
      !request.permissions.allows('quality:manage') &&
      !(await quality.isNamedAuditor(id, request.user!.id))
    )
      throw new NotFoundError();
    return audit;
  };

  /** Named on this audit, and the audit still running: only then is a child shown. */
  const seesChildren = async (request: FastifyRequest, audit: Audit) =>
    isRunning(audit.status) && (await quality.isNamedAuditor(audit.id, request.user!.id));

  // ---- start page and programmes ------------------------------------------------------------

  app.get('/quality', { config: { permission: 'quality:audits' } }, async (request, reply) => {
    const manages = request.permissions.allows('quality:manage');
    return reply.page('quality/views/index.njk', {
      title: 'Multi-agency audits',
      manages,
      programmes: manages ? await quality.programmes() : [],
      mine: manages ? [] : await quality.audits({ auditorId: request.user!.id }),
      statuses: STATUSES,
      suggestedYear: reportingYearOf(quality.today()),
    });
  });

  app.post(
    '/quality/programmes',
    { config: { permission: 'quality:manage', audit: { action: 'create', recordType: 'qa-programme' } } },
    (request, reply) =>
      handleForm(reply, programmeInput, request.body, {
        save: (input) => quality.createProgramme(request.auditWriter, input),
        showForm: async (errors, values) =>
          reply.page('quality/views/index.njk', {
            title: 'Multi-agency audits',
            manages: true,
            programmes: await quality.programmes(),
            mine: [],
            statuses: STATUSES,
            suggestedYear: reportingYearOf(quality.today()),
            errors,
            values,
          }),
        redirectTo: (id) => `/quality/programmes/${id}`,
      }),
  );

  app.get('/quality/programmes/:id', { config: { permission: 'quality:manage' } }, async (request, reply) => {
    const programme = await quality.programme(numericId(request.params));
    if (!programme) throw new NotFoundError();
    return reply.page('quality/views/programme.njk', {
      title: programme.title,
      programme,
      audits: await quality.audits({ programmeId: programme.id }),
      statuses: STATUSES,
      themes: THEMES,
    });
  });

  const auditForm = async (
    reply: FastifyReply,
    programme: { id: number; title: string; year: string },
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    const [organisations, auditors] = await Promise.all([
      quality.organisations(),
      quality.possibleAuditors(),
    ]);
    const chosen = (v: unknown) => (Array.isArray(v) ? v.map(String) : v == null ? [] : [String(v)]);
    return reply.page('quality/views/audit-form.njk', {
      title: `Plan an audit: ${programme.title}`,
      programme,
      themes: [{ value: '', text: 'Select a theme' }, ...selectOptions(THEMES, values.theme)],
      agencies: organisations.map((o) => ({
        value: String(o.id),
        text: o.name,
        checked: chosen(values.agencies).includes(String(o.id)),
      })),
      auditors: auditors.map((u) => ({
        value: u.id,
        text: `${u.givenName} ${u.familyName}`,
        hint: {
          text: `${u.role === 'qa_lead' ? 'Quality assurance lead' : 'Case auditor'}${u.agency ? `, ${u.agency}` : ''}`,
        },
        checked: chosen(values.auditors).includes(u.id),
      })),
      errors,
      values,
    });
  };

  app.get(
    '/quality/programmes/:id/audits/new',
    { config: { permission: 'quality:manage' } },
    async (request, reply) => {
      const programme = await quality.programme(numericId(request.params));
      if (!programme) throw new NotFoundError();
      return auditForm(reply, programme);
    },
  );

  app.post(
    '/quality/programmes/:id/audits',
    { config: { permission: 'quality:manage', audit: { action: 'create', recordType: 'qa-audit' } } },
    async (request, reply) => {
      const programme = await quality.programme(numericId(request.params));
      if (!programme) throw new NotFoundError();
      return handleForm(reply, auditInput, request.body, {
        save: async (details) => ({
          ok: true,
          value: await quality.createAudit(request.auditWriter, programme.id, details, request.user!.id),
        }),
        showForm: (errors, values) => auditForm(reply, programme, errors, values),
        redirectTo: (id) => `/quality/audits/${id}`,
      });
    },
  );

  // ---- an audit -------------------------------------------------------------------------------

  const auditPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    audit: Audit,
    extra: {
      form?: string;
      errors?: FormErrors;
      values?: Record<string, unknown>;
      flash?: string;
      candidates?: unknown;
    } = {},
  ) => {
    const manages = request.permissions.allows('quality:manage');
    const showChildren = await seesChildren(request, audit);
    const cases = await quality.cases(audit.id);
    // Names only for the named auditors while the audit runs; each child listed is audited.
    const children = showChildren
      ? await Promise.all(cases.map(async (c) => ({ caseId: c.id, child: await quality.child(c.childId) })))
      : [];
    if (children.length)
      await request.audit(
        services.db,
        cases.map((c) => ({ action: 'list', recordType: 'qa-case', recordId: c.id, childId: c.childId })),
      );
    const names = new Map(
      children.map((c) => [c.caseId, c.child ? `${c.child.givenName} ${c.child.familyName}` : null]),
    );
    const [findings, actions, figures, organisations] = await Promise.all([
      quality.findings([audit.id]),
      quality.actionsOf(audit.id),
      quality.figures([audit.id]),
      manages ? quality.organisations() : Promise.resolve([]),
    ]);
    const values = extra.values ?? {};
    const next = NEXT_STATUS[audit.status];
    return reply.page('quality/views/audit.njk', {
      title: audit.title,
      audit,
      manages,
      showChildren,
      themeLabel: THEMES[audit.theme],
      statusLabel: STATUSES[audit.status],
      nextStatus: next ? { value: next, label: STATUSES[next] } : null,
      cases: cases.map((c) => ({
        ...c,
        name: names.get(c.id) ?? null,
        panelGradeLabel: c.panelGrade ? GRADES[c.panelGrade] : null,
      })),
      findings,
      actions,
      actionStatusLabels: ACTION_STATUS_LABELS,
      figures,
      grades: GRADES,
      organisations: [
        { value: '', text: 'Select an agency' },
        ...organisations.map((o) => ({
          value: String(o.id),
          text: o.name,
          selected: String(o.id) === String(values.owningOrganisationId ?? ''),
        })),
      ],
      candidates: extra.candidates,
      form: extra.form,
      errors: extra.errors,
      values,
      flash: extra.flash,
      today: quality.today(),
    });
  };

  app.get('/quality/audits/:id', { config: { permission: 'quality:audits' } }, async (request, reply) => {
    const audit = await loadAudit(request);
    const query = request.query as Record<string, string | undefined>;
    // The QA lead looks for a child to add: every possible match in the child index, with its probability.
    let candidates: unknown;
    let errors: FormErrors | undefined;
    if (query.find && request.permissions.allows('quality:manage') && (await seesChildren(request, audit))) {
      const parsed = parseForm(findChildInput, query);
      if (!parsed.ok) errors = parsed.errors;
      else {
        const found = await quality.candidates(parsed.value);
        await request.audit(
          services.db,
          found.map((c) => ({
            action: 'candidate',
            recordType: 'child',
            recordId: c.child.id,
            childId: c.child.id,
            reason: `audit ${audit.id}`,
          })),
        );
        candidates = await Promise.all(
          found.map(async (c) => ({
            id: c.child.id,
            name: `${c.child.givenName} ${c.child.familyName}`,
            dateOfBirth: c.child.dateOfBirth,
            probability: Math.round(c.probability * 1000) / 10,
            check: await quality.selectionCheck(audit, c.child.id),
          })),
        );
      }
    }
    const flash = query.added
      ? Number(query.added) > 1
        ? `${Number(query.added)} children added to the audit`
        : 'Child added to the audit'
      : query.moved
        ? `The audit is now at: ${STATUSES[audit.status]}`
        : query.finding
          ? 'Finding recorded'
          : query.action
            ? 'Action recorded in the action tracker'
            : undefined;
    return auditPage(request, reply, audit, {
      candidates,
      ...(errors ? { errors, form: 'find' } : {}),
      values: query,
      ...(flash ? { flash } : {}),
    });
  });

  app.post(
    '/quality/audits/:id/cases',
    { config: { permission: 'quality:manage', audit: { action: 'select-case', recordType: 'qa-case' } } },
    async (request, reply) => {
      const audit = await loadAudit(request);
      if (!(await seesChildren(request, audit))) throw new NotFoundError();
      return handleForm(reply, addCaseInput, request.body, {
        save: (input) =>
          quality.addCase(request.auditWriter, audit.id, input.childId, input.selectedHow, request.user!.id),
        showForm: (errors, values) => auditPage(request, reply, audit, { form: 'case', errors, values }),
        redirectTo: () => `/quality/audits/${audit.id}?added=1`,
      });
    },
  );

  // ---- cases found from the journey --------------------------------------------------------

  /** The QA lead, named on the audit, while it is choosing cases or auditing: otherwise 404. */
  const loadChoosingAudit = async (request: FastifyRequest) => {
    const audit = await loadAudit(request);
    if (!(audit.status === 'planned' || audit.status === 'auditing') || !(await seesChildren(request, audit)))
      throw new NotFoundError();
    return audit;
  };

  const EVENT_WORDS: Record<string, string> = {
    strategy_discussion: 'Strategy discussion',
    section47: 'Section 47 enquiry',
    cp_plan_start: 'Child protection plan started',
  };

  const journeyPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    audit: Audit,
    search: { from: string; to: string; sample: number; category?: string | undefined } | null,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const finding = search
      ? await quality.findFromJourney(audit, search, {
          sampleSize: search.sample,
          ...(search.category ? { category: search.category as 'neglect' } : {}),
        })
      : null;
    // The search is audited, and each child listed is a read of their journey: audited, child by child.
    if (finding)
      await request.audit(services.db, [
        {
          action: 'journey-search',
          recordType: 'qa-audit',
          recordId: audit.id,
          reason: `${finding.period.from} to ${finding.period.to}: ${finding.candidates.length} found`,
        },
        ...finding.candidates.map((c) => ({
          action: 'candidate',
          recordType: 'child',
          recordId: c.childId,
          childId: c.childId,
          reason: `journey case finding for audit ${audit.id}, ${finding.period.from} to ${finding.period.to}`,
        })),
      ]);
    const rule = THEME_JOURNEY_RULE[audit.theme];
    return reply.page('quality/views/journey.njk', {
      title: `Find cases from the journey: ${audit.title}`,
      audit,
      themeLabel: THEMES[audit.theme],
      computable: rule !== null && finding?.held !== 'no',
      finding,
      candidates: finding?.candidates.map((c) => ({
        ...c,
        text: `${c.reference}, aged ${c.age ?? 'not known'}`,
        hint: c.events
          .map(
            (e) => `${EVENT_WORDS[e.kind] ?? e.kind} ${e.occurredOn}${e.category ? ` (${e.category})` : ''}`,
          )
          .join('; '),
      })),
      sampled: finding?.candidates.filter((c) => c.sampled).length ?? 0,
      open: finding?.candidates.filter((c) => !c.inAudit).length ?? 0,
      showsCategory: audit.theme === 'cp_plan_domestic_abuse',
      values,
      errors,
    });
  };

  app.get(
    '/quality/audits/:id/journey',
    { config: { permission: 'quality:manage', audit: { action: 'candidate', recordType: 'child' } } },
    async (request, reply) => {
      const audit = await loadChoosingAudit(request);
      const query = (request.query ?? {}) as Record<string, string | undefined>;
      const cases = await quality.cases(audit.id);
      const defaults = {
        ...QualityService.defaultJourneyPeriod(audit),
        sample: String(Math.min(200, Math.max(1, audit.casesWanted - cases.length))),
      };
      // The period is asked in day, month and year boxes (or YYYY-MM-DD in a link); unasked, the default.
      const asked = Object.keys(query).some((k) => /^(from|to)(-day|-month|-year)?$/.test(k));
      const values = asked ? query : { ...defaults, ...query };
      const parsed = parseForm(journeyFindInput, values);
      if (!parsed.ok) {
        reply.code(400);
        return journeyPage(request, reply, audit, null, values, parsed.errors);
      }
      return journeyPage(request, reply, audit, parsed.value, values);
    },
  );

  app.post(
    '/quality/audits/:id/journey',
    { config: { permission: 'quality:manage', audit: { action: 'select-case', recordType: 'qa-case' } } },
    async (request, reply) => {
      const audit = await loadChoosingAudit(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(journeyAddInput, body);
      const result = parsed.ok
        ? await quality.addCasesFromJourney(
            request.auditWriter,
            audit.id,
            { from: parsed.value.from, to: parsed.value.to },
            parsed.value.childIds,
            request.user!.id,
            parsed.value.category,
          )
        : parsed;
      if (!result.ok) {
        reply.code(400);
        const search = journeyFindInput.safeParse({ ...body, sample: String(body.sample ?? '1') });
        return journeyPage(request, reply, audit, search.success ? search.data : null, body, result.errors);
      }
      return reply.redirect(`/quality/audits/${audit.id}?added=${result.value.added}#cases`, 303);
    },
  );

  app.post(
    '/quality/audits/:id/status',
    { config: { permission: 'quality:manage', audit: { action: 'status', recordType: 'qa-audit' } } },
    async (request, reply) => {
      const audit = await loadAudit(request);
      const result = await quality.advance(request.auditWriter, audit.id, audit.status as AuditStatus);
      if (!result.ok) {
        reply.code(400);
        return auditPage(request, reply, audit, { form: 'status', errors: result.errors });
      }
      return reply.redirect(`/quality/audits/${audit.id}?moved=1`, 303);
    },
  );

  app.post(
    '/quality/audits/:id/findings',
    { config: { permission: 'quality:manage', audit: { action: 'finding', recordType: 'qa-audit' } } },
    async (request, reply) => {
      const audit = await loadAudit(request);
      return handleForm(reply, findingInput, request.body, {
        save: async (input) => ({
          ok: true,
          value: await quality.addFinding(request.auditWriter, audit.id, input),
        }),
        showForm: (errors, values) => auditPage(request, reply, audit, { form: 'finding', errors, values }),
        redirectTo: () => `/quality/audits/${audit.id}?finding=1#findings`,
      });
    },
  );

  app.post(
    '/quality/audits/:id/actions',
    { config: { permission: 'quality:manage', audit: { action: 'create', recordType: 'action' } } },
    async (request, reply) => {
      const audit = await loadAudit(request);
      return handleForm(reply, actionInput, request.body, {
        save: (input) => quality.addAction(request.auditWriter, audit, request.user!.id, input),
        showForm: (errors, values) => auditPage(request, reply, audit, { form: 'action', errors, values }),
        redirectTo: () => `/quality/audits/${audit.id}?action=1#actions`,
      });
    },
  );

  // ---- a case ---------------------------------------------------------------------------------

  /** A case of an audit the user is named on, while it runs; the agencies asked are its facts. */
  const loadCase = async (request: FastifyRequest, permission: 'audit-case:view' | 'self-audit:complete') => {
    const { id, caseId } = parseParams(caseParams, request.params);
    const audit = await quality.audit(id);
    const found = audit ? await quality.caseById(caseId) : undefined;
    const facts = { organisationIds: audit?.agencies.map((a) => a.id) ?? [] };
    await request.authorise(permission, found?.auditId === id ? facts : {}, {
      type: 'qa-case',
      id: caseId,
      ...(found ? { childId: found.childId } : {}),
    });
    if (!audit || !found || found.auditId !== id || !(await seesChildren(request, audit)))
      throw new NotFoundError();
    return { audit, found };
  };

  const casePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    audit: Audit,
    found: NonNullable<Awaited<ReturnType<QualityService['caseById']>>>,
    extra: { form?: string; errors?: FormErrors; values?: Record<string, unknown>; flash?: string } = {},
  ) => {
    const manages = request.permissions.allows('quality:manage');
    const [child, check, selfAudits] = await Promise.all([
      quality.child(found.childId),
      quality.selectionCheck(audit, found.childId),
      quality.selfAudits([found.id]),
    ]);
    const ownAgency = request.user!.organisationId;
    const asked = audit.agencies.find((a) => a.id === ownAgency);
    const own = selfAudits.find((s) => s.organisationId === ownAgency);
    const canSelfAudit =
      audit.status === 'auditing' &&
      asked !== undefined &&
      request.permissions.can('self-audit:complete', { organisationIds: [asked.id] });
    const values: Record<string, unknown> =
      extra.values ?? (own && extra.form !== 'self-audit' ? selfAuditValues(own) : {});
    return reply.page('quality/views/case.njk', {
      title: `Case ${found.reference}`,
      audit,
      c: { ...found, panelGradeLabel: found.panelGrade ? GRADES[found.panelGrade] : null },
      child,
      check,
      manages,
      // The panel sees every agency's self-audit; an agency's auditor sees their own.
      selfAudits: (manages ? selfAudits : selfAudits.filter((s) => s.organisationId === ownAgency)).map(
        (s) => ({
          ...s,
          gradeLabel: GRADES[s.grade],
        }),
      ),
      outstanding: audit.agencies.filter((a) => !selfAudits.some((s) => s.organisationId === a.id)),
      canSelfAudit,
      askedAgency: asked,
      gradeItems: selectOptions(GRADES, values.grade),
      panelItems: selectOptions(GRADES, values.panelGrade ?? found.panelGrade ?? undefined),
      form: extra.form,
      errors: extra.errors,
      values,
      flash: extra.flash,
      today: quality.today(),
    });
  };

  const selfAuditValues = (s: { answers: string[]; grade: string; strengths: string; learning: string }) => ({
    ...Object.fromEntries(s.answers.map((a, i) => [`answer${i + 1}`, a])),
    grade: s.grade,
    strengths: s.strengths,
    learning: s.learning,
  });

  app.get(
    '/quality/audits/:id/cases/:caseId',
    { config: { permission: 'audit-case:view', audit: { action: 'view', recordType: 'qa-case' } } },
    async (request, reply) => {
      const { audit, found } = await loadCase(request, 'audit-case:view');
      await request.audit(services.db, { recordId: found.id, childId: found.childId });
      const q = request.query as Record<string, string | undefined>;
      const flash = q.saved
        ? 'Self-audit saved'
        : q.graded
          ? 'Panel grade recorded'
          : q.family
            ? 'Family feedback recorded'
            : undefined;
      return casePage(request, reply, audit, found, flash ? { flash } : {});
    },
  );

  app.post(
    '/quality/audits/:id/cases/:caseId/self-audit',
    { config: { permission: 'self-audit:complete', audit: { action: 'self-audit', recordType: 'qa-case' } } },
    async (request, reply) => {
      const { audit, found } = await loadCase(request, 'self-audit:complete');
      const organisationId = request.user!.organisationId;
      if (!organisationId || !audit.agencies.some((a) => a.id === organisationId)) throw new NotFoundError();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const answers = audit.questions.map((_, i) => String(body[`answer${i + 1}`] ?? ''));
      const parsed = parseForm(selfAuditInput(audit.questions.length), { ...body, answers });
      const result = parsed.ok
        ? await quality.saveSelfAudit(
            request.auditWriter,
            found.id,
            organisationId,
            parsed.value,
            request.user!.id,
          )
        : {
            ok: false as const,
            // An unanswered question is shown on its own field.
            errors: answers.reduce(
              (errors, a, i) =>
                a.trim() ? errors : formError(`answer${i + 1}`, `Answer question ${i + 1}`, errors),
              Object.entries(parsed.errors.byField)
                .filter(([k]) => !k.startsWith('answers'))
                .reduce((e, [k, v]) => formError(k, v.text, e), { summary: [], byField: {} } as FormErrors),
            ),
          };
      if (!result.ok) {
        reply.code(400);
        return casePage(request, reply, audit, found, {
          form: 'self-audit',
          errors: result.errors,
          values: body,
        });
      }
      return reply.redirect(`/quality/audits/${audit.id}/cases/${found.id}?saved=1`, 303);
    },
  );

  app.post(
    '/quality/audits/:id/cases/:caseId/panel',
    { config: { permission: 'quality:manage', audit: { action: 'panel-grade', recordType: 'qa-case' } } },
    async (request, reply) => {
      const { audit, found } = await loadCase(request, 'audit-case:view');
      return handleForm(reply, panelInput, request.body, {
        save: (input) => quality.recordPanelGrade(request.auditWriter, found.id, input),
        showForm: (errors, values) =>
          casePage(request, reply, audit, found, { form: 'panel', errors, values }),
        redirectTo: () => `/quality/audits/${audit.id}/cases/${found.id}?graded=1`,
      });
    },
  );

  app.post(
    '/quality/audits/:id/cases/:caseId/family',
    { config: { permission: 'quality:manage', audit: { action: 'family-feedback', recordType: 'qa-case' } } },
    async (request, reply) => {
      const { audit, found } = await loadCase(request, 'audit-case:view');
      return handleForm(reply, familyInput, request.body, {
        save: (input) => quality.recordFamilyFeedback(request.auditWriter, found.id, input),
        showForm: (errors, values) =>
          casePage(request, reply, audit, found, { form: 'family', errors, values }),
        redirectTo: () => `/quality/audits/${audit.id}/cases/${found.id}?family=1`,
      });
    },
  );

  // ---- learning briefings -----------------------------------------------------------------------

  const auditNames = async (ids: number[]) =>
    (await quality.audits({ ids })).map((a) => `${a.title} (${a.year}, ${a.cases} children)`);

  app.get('/quality/briefings', { config: { permission: 'quality:briefings' } }, async (request, reply) => {
    const manages = request.permissions.allows('quality:manage');
    return reply.page('quality/views/briefings.njk', {
      title: 'Learning briefings',
      manages,
      briefings: await quality.briefings(!manages),
    });
  });

  const briefingForm = async (
    reply: FastifyReply,
    briefingId: number | null,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    const chosen = Array.isArray(values.auditIds)
      ? values.auditIds.map(String)
      : values.auditIds
        ? [String(values.auditIds)]
        : [];
    const audits = await quality.audits({});
    return reply.page('quality/views/briefing-form.njk', {
      title: briefingId ? 'Write a new version of the briefing' : 'Write a learning briefing',
      briefingId,
      audits: audits.map((a) => ({
        value: String(a.id),
        text: `${a.title} (${a.year})`,
        checked: chosen.includes(String(a.id)),
      })),
      errors,
      values,
    });
  };

  app.get('/quality/briefings/new', { config: { permission: 'quality:manage' } }, (_request, reply) =>
    briefingForm(reply, null),
  );

  app.post(
    '/quality/briefings',
    { config: { permission: 'quality:manage', audit: { action: 'write', recordType: 'qa-briefing' } } },
    (request, reply) =>
      handleForm(reply, briefingInput, request.body, {
        save: (input) => quality.writeBriefing(request.auditWriter, null, input, request.user!.id),
        showForm: (errors, values) => briefingForm(reply, null, errors, values),
        redirectTo: (v) => `/quality/briefings/${v.briefingId}`,
      }),
  );

  /** The version a reader sees: the latest published; the QA lead sees the latest written. */
  const briefingVersion = async (request: FastifyRequest, id: number) => {
    const versions = await quality.briefingVersions(id);
    const manages = request.permissions.allows('quality:manage');
    const shown = manages ? versions[0] : versions.find((v) => v.publishedOn);
    if (!shown) throw new NotFoundError();
    return { versions, shown, manages };
  };

  app.get(
    '/quality/briefings/:id',
    { config: { permission: 'quality:briefings' } },
    async (request, reply) => {
      const id = numericId(request.params);
      const { versions, shown, manages } = await briefingVersion(request, id);
      const flash = (request.query as { published?: string }).published
        ? `Version ${shown.version} published`
        : undefined;
      return reply.page('quality/views/briefing.njk', {
        title: shown.title,
        id,
        briefing: shown,
        audits: await auditNames(shown.auditIds),
        versions: manages ? versions : [],
        manages,
        flash,
        pdfHref: `/quality/briefings/${id}/pdf`,
        publicHref: versions.some((v) => v.publishedOn) ? `/learning-briefings/${id}` : null,
      });
    },
  );

  app.get(
    '/quality/briefings/:id/pdf',
    { config: { permission: 'quality:briefings' } },
    async (request, reply) => {
      const id = numericId(request.params);
      const { shown } = await briefingVersion(request, id);
      const pdf = await briefingPdf({
        ...shown,
        keyMessages: shown.keyMessages,
        audits: await auditNames(shown.auditIds),
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="learning-briefing-${id}-v${shown.version}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/quality/briefings/:id/edit',
    { config: { permission: 'quality:manage' } },
    async (request, reply) => {
      const id = numericId(request.params);
      const [latest] = await quality.briefingVersions(id);
      if (!latest) throw new NotFoundError();
      return briefingForm(reply, id, undefined, {
        title: latest.title,
        summary: latest.summary,
        keyMessages: latest.keyMessages.join('\n'),
        auditIds: latest.auditIds.map(String),
      });
    },
  );

  app.post(
    '/quality/briefings/:id/versions',
    { config: { permission: 'quality:manage', audit: { action: 'write', recordType: 'qa-briefing' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      if (!(await quality.briefingVersions(id)).length) throw new NotFoundError();
      return handleForm(reply, briefingInput, request.body, {
        save: (input) => quality.writeBriefing(request.auditWriter, id, input, request.user!.id),
        showForm: (errors, values) => briefingForm(reply, id, errors, values),
        redirectTo: () => `/quality/briefings/${id}`,
      });
    },
  );

  app.post(
    '/quality/briefings/:id/publish',
    { config: { permission: 'quality:manage', audit: { action: 'publish', recordType: 'qa-briefing' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      const [latest] = await quality.briefingVersions(id);
      if (!latest) throw new NotFoundError();
      if (!latest.publishedOn) await quality.publishBriefing(request.auditWriter, id, latest.version);
      return reply.redirect(`/quality/briefings/${id}?published=1`, 303);
    },
  );

  // ---- published briefings, public ------------------------------------------------------------
  // A published briefing carries no child's details and is written for anyone: a web page and a
  // PDF with no sign-in. Only published versions are ever shown here: a briefing never published
  // is 404, and a newer draft never replaces the published version.

  /** The latest published version of a briefing, or 404. */
  const publishedBriefing = async (id: number) => {
    const shown = (await quality.briefingVersions(id)).find((v) => v.publishedOn);
    if (!shown) throw new NotFoundError();
    return shown;
  };

  app.get('/learning-briefings', { config: { permission: 'public' } }, async (_request, reply) =>
    reply.page('quality/views/public-briefings.njk', {
      title: 'Learning briefings',
      briefings: await quality.briefings(true),
    }),
  );

  app.get('/learning-briefings/:id', { config: { permission: 'public' } }, async (request, reply) => {
    const id = numericId(request.params);
    const shown = await publishedBriefing(id);
    return reply.page('quality/views/briefing.njk', {
      title: shown.title,
      id,
      briefing: shown,
      audits: await auditNames(shown.auditIds),
      versions: [],
      manages: false,
      pdfHref: `/learning-briefings/${id}/pdf`,
      backHref: '/learning-briefings',
    });
  });

  app.get('/learning-briefings/:id/pdf', { config: { permission: 'public' } }, async (request, reply) => {
    const id = numericId(request.params);
    const shown = await publishedBriefing(id);
    const pdf = await briefingPdf({ ...shown, audits: await auditNames(shown.auditIds) });
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="learning-briefing-${id}-v${shown.version}.pdf"`)
      .send(Buffer.from(pdf));
  });

  // ---- figures -------------------------------------------------------------------------------

  app.get('/quality/figures', { config: { permission: 'quality:figures' } }, async (request, reply) => {
    const query = figuresQuery.parse(request.query ?? {});
    const programmes = await quality.programmes();
    const year = query.year ?? programmes[0]?.year;
    const programme = programmes.find((p) => p.year === year);
    const audits = programme ? await quality.audits({ programmeId: programme.id }) : [];
    const [year_, perAudit] = await Promise.all([
      quality.figures(audits.map((a) => a.id)),
      Promise.all(audits.map(async (a) => ({ audit: a, figures: await quality.figures([a.id]) }))),
    ]);
    const agencies = year_.grades.byAgency;
    const gradeChart = agencies.length
      ? await stackedBarChart({
          id: 'self-grades-by-agency',
          label: 'Stacked bar chart: agencies’ own grades of their practice, by agency',
          summary: `${year_.grades.selfAudits} self-audits: ${GRADE_NAMES.map((g) => `${year_.grades.overall[g]} ${GRADES[g].toLowerCase()}`).join(', ')}.`,
          axisTitle: 'Self-audits',
          categoryTitle: '',
          series: [
            { name: GRADES.outstanding, colour: '#00703c' },
            { name: GRADES.good, colour: '#1d70b8' },
            { name: GRADES.requires_improvement, colour: '#f47738' },
            { name: GRADES.inadequate, colour: '#d4351c' },
          ],
          data: agencies.flatMap((a) =>
            GRADE_NAMES.map((g) => ({ category: a.agency, series: GRADES[g], value: a.grades[g] })),
          ),
        })
      : null;
    const childrenChart = perAudit.length
      ? await countBarChart({
          id: 'children-by-audit',
          label: 'Bar chart: children covered by each audit',
          summary: `${year_.audits} audits covered ${year_.children} children.`,
          axisTitle: 'Children',
          categoryTitle: 'Audit',
          data: perAudit.map((p) => ({ label: p.audit.title.slice(0, 40), value: p.figures.children })),
        })
      : null;
    return reply.page('quality/views/figures.njk', {
      title: 'Multi-agency audit figures',
      programmes: programmes.map((p) => ({
        value: p.year,
        text: `${p.year}: ${p.title}`,
        selected: p.year === year,
      })),
      year,
      figures: year_,
      perAudit,
      grades: GRADES,
      gradeNames: GRADE_NAMES,
      gradeChart,
      childrenChart,
    });
  });
}
