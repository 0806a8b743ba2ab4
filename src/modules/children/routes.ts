/**
 * The child index: likely duplicates for the data quality officer (the queue, the pair side by
 * side with why the engine thinks they are one child, merge, "not the same child", unmerge),
 * and finding a child, with the candidates' weights shown before anyone decides.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Services } from '../../app.ts';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { type FormErrors, parseForm } from '../../platform/http/forms.ts';
import type { AppModule } from '../../platform/http/module.ts';
import {
  DUPLICATES_PAGE_SIZE,
  childSearchInput,
  duplicateParam,
  mergeInput,
  pageQuery,
  reasonInput,
} from './schema.ts';
import { ChildrenService, type StoredExplanation } from './service.ts';

const auditor =
  (request: FastifyRequest): AuditWriter =>
  (executor, event) =>
    request.audit(executor, event);

const parseId = (params: unknown) => {
  const parsed = duplicateParam.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.id;
};

/** The waterfall as rows: where each comparison takes the weight, from the prior to the total. */
export function waterfall(explanation: StoredExplanation) {
  let running = explanation.priorWeight;
  const steps = [
    {
      label: 'Prior: how likely any two records are one child',
      level: '',
      weight: explanation.priorWeight,
      from: 0,
      to: running,
    },
  ];
  for (const c of explanation.contributions) {
    const from = running;
    running += c.weight;
    steps.push({ label: c.label, level: c.levelLabel, weight: c.weight, from, to: running });
  }
  const values = steps.flatMap((s) => [s.from, s.to]);
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values);
  const span = max - min || 1;
  // Bars as percentages of the track, for a chart drawn with CSS (it needs no script).
  return {
    total: explanation.weight,
    probability: explanation.probability,
    steps: steps.map((s) => ({
      ...s,
      left: ((Math.min(s.from, s.to) - min) / span) * 100,
      width: Math.max((Math.abs(s.to - s.from) / span) * 100, 0.5),
      direction: s.weight >= 0 ? 'for' : 'against',
    })),
    zero: ((0 - min) / span) * 100,
  };
}

export const childrenModule: AppModule<Services> = {
  name: 'children',
  navigation: [
    {
      text: 'Likely duplicates',
      href: '/children/duplicates',
      roles: ['data_quality', 'partnership_admin'],
      inMenu: true,
      hint: 'Child records the linkage engine thinks are one child: merge them, or say they are not',
    },
    {
      text: 'Find a child',
      href: '/children/find',
      roles: [
        'partnership_admin',
        'front_door_practitioner',
        'encompass_coordinator',
        'get_safe_coordinator',
        'data_quality',
      ],
      hint: 'Search the child index by name and date of birth; every possible match is shown with how likely it is',
    },
  ],
  routes(app: FastifyInstance, services: Services) {
    const children = new ChildrenService(services.db);

    app.get(
      '/children/duplicates',
      {
        config: {
          permission: 'children:duplicates',
          audit: { action: 'list', recordType: 'child-duplicate' },
        },
      },
      async (request, reply) => {
        const { page } = pageQuery.parse(request.query ?? {});
        const [{ rows, total }, scan] = await Promise.all([
          children.openDuplicates(page, DUPLICATES_PAGE_SIZE),
          children.latestScan(),
        ]);
        // Each child named on the page is an entry in the audit log.
        await request.audit(
          services.db,
          rows.flatMap((r) => [
            { action: 'list', recordType: 'child-duplicate', recordId: r.id, childId: r.childA },
            { action: 'list', recordType: 'child-duplicate', recordId: r.id, childId: r.childB },
          ]),
        );
        const query = request.query as Record<string, string | undefined>;
        return reply.page('children/views/duplicates.njk', {
          title: 'Likely duplicate children',
          rows,
          total,
          page,
          pages: Math.max(1, Math.ceil(total / DUPLICATES_PAGE_SIZE)),
          scan,
          scanned:
            query.scanned !== undefined
              ? { found: Number(query.scanned), opened: Number(query.opened ?? 0) }
              : null,
        });
      },
    );

    app.post(
      '/children/duplicates/scan',
      {
        config: {
          permission: 'children:duplicates',
          audit: { action: 'scan', recordType: 'child-duplicate' },
        },
      },
      async (request, reply) => {
        const summary = await children.scanForDuplicates(auditor(request), request.user!.id);
        return reply.redirect(`/children/duplicates?scanned=${summary.found}&opened=${summary.opened}`, 303);
      },
    );

    /** Shows a pair: both children's details are on the page, so each is audited as viewed. */
    const pairPage = async (request: FastifyRequest, reply: FastifyReply, refusal?: FormErrors) => {
      const id = parseId(request.params);
      const found = await children.duplicate(id);
      if (!found) throw new NotFoundError();
      await request.audit(
        services.db,
        [found.a.id, found.b.id].map((childId) => ({
          action: 'view',
          recordType: 'child',
          recordId: childId,
          childId,
          reason: `duplicate pair ${id}`,
        })),
      );
      if (refusal) reply.code(400);
      const query = (request.query ?? {}) as Record<string, string | undefined>;
      return reply.page('children/views/duplicate.njk', {
        title: `Are these one child? ${found.a.givenName} ${found.a.familyName} and ${found.b.givenName} ${found.b.familyName}`,
        ...found,
        chart: waterfall(found.pair.explanation),
        done: query.done ?? null,
        values: refusal ? ((request.body ?? {}) as Record<string, unknown>) : {},
        errors: refusal,
      });
    };

    app.get(
      '/children/duplicates/:id',
      {
        config: {
          permission: 'children:duplicates',
          audit: { action: 'view', recordType: 'child-duplicate' },
        },
      },
      (request, reply) => pairPage(request, reply),
    );

    /** A decision about a pair: its form checked, the service called, back to the pair with a banner. */
    const decision = <S extends z.ZodType>(
      path: string,
      action: string,
      schema: S,
      decide: (request: FastifyRequest, id: number, value: z.infer<S>) => Promise<void>,
      done: string,
    ) =>
      app.post(
        `/children/duplicates/:id/${path}`,
        { config: { permission: 'children:duplicates', audit: { action, recordType: 'child' } } },
        async (request, reply) => {
          const id = parseId(request.params);
          const form = parseForm(schema, request.body);
          if (!form.ok) return pairPage(request, reply, form.errors);
          await decide(request, id, form.value);
          return reply.redirect(`/children/duplicates/${id}?done=${done}`, 303);
        },
      );

    decision(
      'merge',
      'merge',
      mergeInput,
      (request, id, { keep }) => children.merge(auditor(request), request.user!.id, id, keep),
      'merged',
    );
    decision(
      'not-same',
      'not-same-child',
      reasonInput,
      (request, id, { reason }) => children.notTheSameChild(auditor(request), request.user!.id, id, reason),
      'not-same',
    );
    decision(
      'unmerge',
      'unmerge',
      reasonInput,
      (request, id, { reason }) => children.unmerge(auditor(request), request.user!.id, id, reason),
      'unmerged',
    );

    app.get(
      '/children/find',
      { config: { permission: 'children:find', audit: { action: 'candidate', recordType: 'child' } } },
      async (request, reply) => {
        const values = (request.query ?? {}) as Record<string, unknown>;
        if (!values.givenName && !values.familyName && !values.dateOfBirth) {
          await request.audit(services.db, []); // the empty form shows no child
          return reply.page('children/views/find.njk', {
            title: 'Find a child',
            values: {},
            candidates: null,
          });
        }
        const form = parseForm(childSearchInput, values);
        if (!form.ok) {
          reply.code(400);
          await request.audit(services.db, []);
          return reply.page('children/views/find.njk', {
            title: 'Find a child',
            values,
            errors: form.errors,
            candidates: null,
          });
        }
        const candidates = await children.candidatesFor(form.value);
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
        return reply.page('children/views/find.njk', {
          title: 'Find a child',
          values,
          candidates: candidates.map((c) => ({ ...c, chart: waterfall(c.explanation) })),
        });
      },
    );
  },
};
