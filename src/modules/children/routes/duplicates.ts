/**
 * Likely duplicates, for the data quality officer: the queue and the search that fills it, the
 * pair side by side with why the engine thinks they are one child, and the decisions (merge,
 * "not the same child", unmerge).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { NotFoundError } from '../../../platform/http/errors.ts';
import type { FormErrors } from '../../../platform/http/forms.ts';
import { handleForm, numericId, pagination } from '../../../platform/http/route-helpers.ts';
import { DUPLICATES_PAGE_SIZE, mergeInput, pageQuery, reasonInput } from '../schema.ts';
import type { ChildrenServices } from '../deps.ts';
import { waterfallChart } from './waterfall.ts';
import * as clock from '../../../platform/clock.ts';

/** What a running search is doing, in words. */
const SCAN_STAGES: Record<string, string> = {
  waiting: 'Starting',
  prepare: 'Preparing the records',
  block: 'Finding the pairs to compare',
  train: 'Comparing pairs and estimating the model',
  score: 'Weighing the pairs',
  cluster: 'Grouping the records',
  done: 'Finished',
  failed: 'Failed',
};

export function duplicatesRoutes(app: FastifyInstance, services: ChildrenServices) {
  const children = services.children;

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
      const [{ rows, total }, scan, run] = await Promise.all([
        children.openDuplicates(page, DUPLICATES_PAGE_SIZE),
        children.latestScan(),
        children.recentScanRun(),
      ]);
      // Each child named on the page is an entry in the audit log.
      await request.audit(
        services.db,
        rows.flatMap((r) => [
          { action: 'list', recordType: 'child-duplicate', recordId: r.id, childId: r.childA },
          { action: 'list', recordType: 'child-duplicate', recordId: r.id, childId: r.childB },
        ]),
      );
      const pages = Math.max(1, Math.ceil(total / DUPLICATES_PAGE_SIZE));
      return reply.page('children/views/duplicates.njk', {
        title: 'Likely duplicate children',
        rows,
        total,
        page,
        pages,
        pagination: pagination(page, pages, (p) => `?page=${p}`),
        scan,
        run: run
          ? {
              ...run,
              running:
                run.finishedAt === null && clock.now().getTime() - run.requestedAt.getTime() < 3_600_000,
              percent: run.total ? Math.floor((Number(run.done) / Number(run.total)) * 100) : 0,
              stageLabel: SCAN_STAGES[run.stage] ?? run.stage,
            }
          : null,
      });
    },
  );

  app.post(
    '/children/duplicates/scan',
    {
      config: {
        permission: 'children:duplicates',
        audit: { action: 'scan-requested', recordType: 'child-duplicate' },
      },
    },
    async (request, reply) => {
      await children.startScan(request.auditWriter, request.user!.id);
      return reply.redirect('/children/duplicates', 303);
    },
  );

  /** Shows a pair: both children's details are on the page, so each is audited as viewed. */
  const pairPage = async (request: FastifyRequest, reply: FastifyReply, refusal?: FormErrors) => {
    const id = numericId(request.params);
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
      chart: await waterfallChart(found.pair.explanation, `pair-${found.pair.id}`),
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
        stepUp: true,
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
      { config: { permission: 'children:duplicates', audit: { action, recordType: 'child' }, stepUp: true } },
      async (request, reply) => {
        const id = numericId(request.params);
        return handleForm(reply, schema, request.body, {
          async save(value) {
            await decide(request, id, value);
            return { ok: true, value: id };
          },
          showForm: (errors) => pairPage(request, reply, errors),
          redirectTo: () => `/children/duplicates/${id}?done=${done}`,
        });
      },
    );

  decision(
    'merge',
    'merge',
    mergeInput,
    (request, id, { keep }) => children.merge(request.auditWriter, request.user!.id, id, keep),
    'merged',
  );
  decision(
    'not-same',
    'not-same-child',
    reasonInput,
    (request, id, { reason }) => children.notTheSameChild(request.auditWriter, request.user!.id, id, reason),
    'not-same',
  );
  decision(
    'unmerge',
    'unmerge',
    reasonInput,
    (request, id, { reason }) => children.unmerge(request.auditWriter, request.user!.id, id, reason),
    'unmerged',
  );
}
