/**
 * The child index: likely duplicates for the data quality officer (the queue, the pair side by
 * side with why the engine thinks they are one child, merge, "not the same child", unmerge),
 * finding a child, with the candidates' weights shown before anyone decides, and reconciling
 * another agency's extract with the index in four lists.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { uuidId } from '../../platform/http/route-helpers.ts';
import { type FormErrors, parseForm } from '../../platform/http/forms.ts';
import { stringify } from 'csv-stringify/sync';
import {
  CsvInputError,
  LISTS,
  type ListName,
  MAPPABLE_FIELDS,
  type ReconciliationMapping,
  ReconciliationService,
  guessMapping,
} from './reconciliation.ts';
import {
  DUPLICATES_PAGE_SIZE,
  childSearchInput,
  duplicateParam,
  listParam,
  mappingInput,
  mergeInput,
  pageQuery,
  reasonInput,
  reconciliationParam,
  uploadInput,
} from './schema.ts';
import type { ChildrenService, StoredExplanation } from './service.ts';

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

/** What the child index's pages need: the platform's services and its own. */
export type ChildrenServices = PlatformServices & { children: ChildrenService };

export function childrenRoutes(app: FastifyInstance, services: ChildrenServices) {
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
        return reply.page('children/views/duplicates.njk', {
          title: 'Likely duplicate children',
          rows,
          total,
          page,
          pages: Math.max(1, Math.ceil(total / DUPLICATES_PAGE_SIZE)),
          scan,
          run: run
            ? {
                ...run,
                running: run.finishedAt === null && Date.now() - run.requestedAt.getTime() < 3_600_000,
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

    // Reconciliation ------------------------------------------------------------------------
    const reconciliations = new ReconciliationService(services.db);
    const csvSafe = (cell: unknown) =>
      typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    const ownReconciliation = async (request: FastifyRequest) => {
      const parsed = reconciliationParam.safeParse(request.params);
      if (!parsed.success) throw new NotFoundError();
      const found = await reconciliations.find(parsed.data.id, request.user!.id);
      if (!found) throw new NotFoundError();
      return found;
    };
    const uploadPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: Record<string, unknown> = {},
    ) =>
      reply.page('children/views/reconcile-upload.njk', {
        title: 'Reconcile an extract',
        previous: await reconciliations.list(request.user!.id),
        values: {},
        ...extra,
      });

    app.get('/children/reconcile', { config: { permission: 'children:reconcile' } }, (request, reply) =>
      uploadPage(request, reply),
    );

    app.post(
      '/children/reconcile',
      {
        config: {
          permission: 'children:reconcile',
          audit: { action: 'upload', recordType: 'reconciliation' },
        },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as { name?: unknown; file?: unknown; fileName?: unknown };
        const form = parseForm(uploadInput, { name: body.name });
        const file = Buffer.isBuffer(body.file) && body.file.length > 0 ? body.file : null;
        const errors: FormErrors = form.ok ? { summary: [], byField: {} } : form.errors;
        if (!file) {
          errors.byField.file = { text: 'Select a CSV file' };
          errors.summary.push({ text: 'Select a CSV file', href: '#file' });
        }
        if (!form.ok || !file) {
          reply.code(400);
          return uploadPage(request, reply, { errors, values: { name: body.name } });
        }
        try {
          const id = await reconciliations.upload(
            request.auditWriter,
            request.user!.id,
            form.value.name,
            String(body.fileName ?? 'extract.csv'),
            file,
          );
          return reply.redirect(`/children/reconcile/${id}/columns`, 303);
        } catch (error) {
          if (!(error instanceof CsvInputError)) throw error;
          reply.code(400);
          return uploadPage(request, reply, {
            values: { name: body.name },
            problems: error.problems,
            errors: {
              summary: [{ text: 'The file cannot be read: nothing was kept', href: '#problems' }],
              byField: { file: { text: 'Correct the file and upload it again' } },
            },
          });
        }
      },
    );

    const columnsPage = (
      reply: FastifyReply,
      upload: Awaited<ReturnType<typeof ownReconciliation>>,
      values: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ) => {
      const header = upload.header as string[];
      const options = (selected: unknown) => [
        { value: '', text: 'Not in the file' },
        ...header.map((h) => ({ value: h, text: h, selected: h === selected })),
      ];
      return reply.page('children/views/reconcile-columns.njk', {
        title: 'Match the columns',
        upload,
        fields: MAPPABLE_FIELDS.map((f) => ({ ...f, items: options(values[f.field]) })),
        flagItems: options(values.flag),
        ...extra,
      });
    };

    app.get(
      '/children/reconcile/:id/columns',
      { config: { permission: 'children:reconcile' } },
      async (request, reply) => {
        const upload = await ownReconciliation(request);
        const saved = upload.mapping as ReconciliationMapping | null;
        const guess = saved ?? guessMapping(upload.header as string[]);
        return columnsPage(reply, upload, { ...guess.columns, flag: guess.flag ?? '' });
      },
    );

    app.post(
      '/children/reconcile/:id/columns',
      {
        config: {
          permission: 'children:reconcile',
          audit: { action: 'reconcile', recordType: 'reconciliation' },
        },
      },
      async (request, reply) => {
        const upload = await ownReconciliation(request);
        const values = (request.body ?? {}) as Record<string, unknown>;
        const form = parseForm(mappingInput(upload.header as string[]), values);
        if (!form.ok) {
          reply.code(400);
          return columnsPage(reply, upload, values, { errors: form.errors });
        }
        const { flag, ...columns } = form.value;
        try {
          await reconciliations.reconcile(request.auditWriter, upload.id, request.user!.id, {
            columns,
            flag: flag ?? null,
          });
        } catch (error) {
          if (!(error instanceof CsvInputError)) throw error;
          reply.code(400);
          return columnsPage(reply, upload, values, {
            problems: error.problems,
            errors: {
              summary: [
                {
                  text: 'Some values in the chosen columns cannot be read: nothing was reconciled',
                  href: '#problems',
                },
              ],
              byField: {},
            },
          });
        }
        return reply.redirect(`/children/reconcile/${upload.id}`, 303);
      },
    );

    app.post('/children/reconcile/:id/delete', { config: { permission: 'children:reconcile', audit: { action: 'delete', recordType: 'reconciliation' } } }, async (request, reply) => {
      const upload = await ownReconciliation(request);
      await reconciliations.delete(request.auditWriter, upload.id, request.user!.id);
      return reply.redirect('/children/reconcile?deleted=1', 303);
    });

    const SHOWN = 25;
    app.get(
      '/children/reconcile/:id',
      {
        config: { permission: 'children:reconcile', audit: { action: 'list', recordType: 'reconciliation' } },
      },
      async (request, reply) => {
        const upload = await ownReconciliation(request);
        if (!upload.result) return reply.redirect(`/children/reconcile/${upload.id}/columns`, 303);
        const lists = await Promise.all(
          (Object.keys(LISTS) as ListName[]).map(async (list) => {
            const { header, rows } = await reconciliations.listRows(upload, list);
            const theirText = (theirs: Record<string, string> | null) =>
              theirs
                ? header
                    .filter((h) => theirs[h])
                    .map((h) => `${h}: ${theirs[h]}`)
                    .join(', ')
                : null;
            const shown = rows.slice(0, SHOWN).map((r) => ({ ...r, theirText: theirText(r.theirs) }));
            return { list, label: LISTS[list], count: rows.length, header, rows: shown };
          }),
        );
        // Each child of ours the page names is an entry in the audit log.
        await request.audit(
          services.db,
          lists.flatMap((l) =>
            l.rows.flatMap((r) =>
              r.child
                ? [{ action: 'list', recordType: 'reconciliation', recordId: upload.id, childId: r.child.id }]
                : [],
            ),
          ),
        );
        return reply.page('children/views/reconcile-result.njk', {
          title: `Reconciliation: ${upload.name}`,
          upload,
          lists,
          shown: SHOWN,
        });
      },
    );

    app.get(
      '/children/reconcile/:id/lists/:list.csv',
      {
        config: {
          permission: 'children:reconcile',
          audit: { action: 'download', recordType: 'reconciliation' },
        },
      },
      async (request, reply) => {
        const parsed = listParam.safeParse(request.params);
        if (!parsed.success) throw new NotFoundError();
        const upload = await ownReconciliation(request);
        if (!upload.result) throw new NotFoundError();
        const { header, rows } = await reconciliations.listRows(upload, parsed.data.list);
        await request.audit(
          services.db,
          rows.flatMap((r) =>
            r.child
              ? [
                  {
                    action: 'download',
                    recordType: 'reconciliation',
                    recordId: upload.id,
                    childId: r.child.id,
                  },
                ]
              : [],
          ),
        );
        const ourColumns = [
          'our_given_name',
          'our_family_name',
          'our_date_of_birth',
          'our_postcode',
          'our_nhs_number',
        ];
        const table = [
          ['their_row', ...header.map((h) => `their_${h}`), ...ourColumns, 'probability', 'what_disagrees'],
          ...rows.map((r) => [
            r.row ?? '',
            ...header.map((h) => r.theirs?.[h] ?? ''),
            r.child?.givenName ?? '',
            r.child?.familyName ?? '',
            r.child?.dateOfBirth ?? '',
            r.child?.postcode ?? '',
            r.child?.nhsNumber ?? '',
            r.probability === null ? '' : r.probability.toFixed(4),
            r.disagreements.join('; '),
          ]),
        ].map((row) => row.map(csvSafe));
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="reconciliation-${parsed.data.list}.csv"`)
          .header('cache-control', 'no-store')
          .send(stringify(table));
      },
    );

  // A child's record -----------------------------------------------------------------------
  app.get(
    '/children/:id',
    { config: { permission: 'child:view', audit: { action: 'view', recordType: 'child' } } },
    async (request, reply) => {
      const id = uuidId(request.params);
      const [child, enrolments] = await Promise.all([children.child(id), children.childEnrolments(id)]);
      if (!child) {
        await request.authorise('child:view', {}, { type: 'child', id });
        throw new NotFoundError();
      }
      const today = londonDate(new Date());
      const current = enrolments.filter((e) => !e.onRollTo || e.onRollTo >= today);
      await request.authorise(
        'child:view',
        { settingIds: current.map((e) => e.settingId), districtIds: child.districtId ? [child.districtId] : [] },
        { type: 'child', id, childId: id },
      );
      const merged = await children.childrenMergedInto(id);
      // The records merged into this one are shown too: each is a read of that record.
      await request.audit(services.db, [
        { action: 'view', recordType: 'child', recordId: id, childId: id },
        ...merged.map((m) => ({ action: 'view', recordType: 'child', recordId: m.id, childId: m.id, reason: `merged into ${id}` })),
      ]);
      return reply.page('children/views/child.njk', { title: `${child.givenName} ${child.familyName}`, child, enrolments, merged });
    },
  );

  // The child's page lived in the registry before the child index had its own module: old links still work.
  app.get('/registry/children/:id', { config: { permission: 'child:view' } }, async (request, reply) =>
    reply.redirect(`/children/${uuidId(request.params)}`, 301),
  );
}
