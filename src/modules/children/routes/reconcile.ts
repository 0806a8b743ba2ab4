/**
 * Reconciling another agency's extract with the child index: upload a CSV, match its columns to
 * ours, then four lists (matched and agreeing, matched but disagreeing, only ours, only theirs).
 * Three are a page and a CSV download. "Only ours" is the rest of the child index, so it is shown
 * as counts by district; its names are for data quality alone, with a reason that is audited,
 * and only within the extract's own scope (its districts and ages). Each upload is its uploader's
 * alone.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { parseParams, sendCsv, uuidId } from '../../../platform/http/route-helpers.ts';
import {
  columnItems,
  fileProblemErrors,
  namesReasonInput,
  readUploadForm,
  ukDateTime,
} from '../../../platform/http/upload-mapping.ts';
import {
  CsvInputError,
  LISTS,
  type ListName,
  MAPPABLE_FIELDS,
  type ReconciliationMapping,
  type ReconciliationResult,
  ReconciliationService,
  guessMapping,
} from '../reconciliation.ts';
import { listParam, mappingInput, uploadInput } from '../schema.ts';
import type { ChildrenServices } from '../deps.ts';
import { childrenByIds } from '../queries.ts';
import {
  type ChildPlace,
  childPlaces,
  extractScope,
  inExtractScope,
  onlyOursCounts,
} from '../reconcile-scope.ts';

/** How many rows of each list the result page shows; the CSV download has them all. */
const SHOWN = 25;

export function reconcileRoutes(app: FastifyInstance, services: ChildrenServices) {
  const reconciliations = new ReconciliationService(services.db);

  /** The upload named in the path, if it is the signed-in user's; anyone else's is not found. */
  const ownReconciliation = async (request: FastifyRequest) => {
    const found = await reconciliations.find(uuidId(request.params), request.user!.id);
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
      previous: (await reconciliations.list(request.user!.id)).map((r) => ({
        ...r,
        uploadedOn: ukDateTime(r.createdAt),
      })),
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
      const body = (request.body ?? {}) as { name?: unknown };
      const form = readUploadForm(uploadInput, request.body, ['name']);
      if (!form.ok) {
        reply.code(400);
        return uploadPage(request, reply, { errors: form.errors, values: { name: body.name } });
      }
      try {
        const id = await reconciliations.upload(
          request.auditWriter,
          request.user!.id,
          form.value.name,
          form.fileName,
          form.file,
        );
        return reply.redirect(`/children/reconcile/${id}/columns`, 303);
      } catch (error) {
        if (!(error instanceof CsvInputError)) throw error;
        reply.code(400);
        return uploadPage(request, reply, {
          values: { name: body.name },
          problems: error.problems,
          errors: fileProblemErrors(),
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
    const options = (selected: unknown) => columnItems(header, selected);
    return reply.page('children/views/reconcile-columns.njk', {
      title: 'Match the columns',
      upload: { ...upload, uploadedOn: ukDateTime(upload.createdAt) },
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

  app.post(
    '/children/reconcile/:id/delete',
    {
      config: { permission: 'children:reconcile', audit: { action: 'delete', recordType: 'reconciliation' } },
    },
    async (request, reply) => {
      const upload = await ownReconciliation(request);
      await reconciliations.delete(request.auditWriter, upload.id, request.user!.id);
      return reply.redirect('/children/reconcile?deleted=1', 303);
    },
  );

  /**
   * The children of ours the extract did not match, placed by district, and the extract's scope
   * (the districts and dates of birth of the children it did match).
   */
  const onlyOurs = async (upload: Awaited<ReturnType<typeof ownReconciliation>>) => {
    const result = upload.result as ReconciliationResult;
    const matchedIds = new Set(result.matched.map((m) => m.childId));
    const places = await childPlaces(services.db);
    const scope = extractScope(places.filter((c) => matchedIds.has(c.id)));
    const only = places.filter((c) => !matchedIds.has(c.id));
    return { scope, only, counts: onlyOursCounts(only, scope) };
  };

  app.get(
    '/children/reconcile/:id',
    {
      config: { permission: 'children:reconcile', audit: { action: 'list', recordType: 'reconciliation' } },
    },
    async (request, reply) => {
      const upload = await ownReconciliation(request);
      if (!upload.result) return reply.redirect(`/children/reconcile/${upload.id}/columns`, 303);
      const named = (Object.keys(LISTS) as ListName[]).filter((list) => list !== 'ours');
      const lists = (await reconciliations.listsRows(upload, named, SHOWN)).map(
        ({ list, header, count, rows }) => {
          const theirText = (theirs: Record<string, string> | null) =>
            theirs
              ? header
                  .filter((h) => theirs[h])
                  .map((h) => `${h}: ${theirs[h]}`)
                  .join(', ')
              : null;
          const shown = rows.map((r) => ({ ...r, theirText: theirText(r.theirs) }));
          return { list, label: LISTS[list], count, header, rows: shown };
        },
      );
      const ours = await onlyOurs(upload);
      // Each child of ours the page names is an entry in the audit log (only ours names none).
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
        upload: { ...upload, reconciledOn: ukDateTime(upload.reconciledAt) },
        lists,
        ours,
        oursLabel: LISTS.ours,
        seesNames: request.permissions.allows('children:reconcile-names'),
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
        stepUp: true,
      },
    },
    async (request, reply) => {
      const { list } = parseParams(listParam, request.params);
      // Only ours is the rest of the index: never downloaded whole (see the names route below).
      if (list === 'ours') throw new NotFoundError();
      const upload = await ownReconciliation(request);
      if (!upload.result) throw new NotFoundError();
      const { header, rows } = await reconciliations.listRows(upload, list);
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
      ];
      // Without a byte order mark, as it has always been sent: with one, a program that reads the
      // file as plain UTF-8 would see the first column's name as something other than their_row.
      return sendCsv(reply, `reconciliation-${list}.csv`, table, { bom: false });
    },
  );

  const namesPage = async (
    reply: FastifyReply,
    upload: Awaited<ReturnType<typeof ownReconciliation>>,
    extra: Record<string, unknown> = {},
  ) => {
    const { scope, counts } = await onlyOurs(upload);
    return reply.page('children/views/reconcile-names.njk', {
      title: 'Names of the children only in the child index',
      upload,
      scope,
      counts,
      values: {},
      ...extra,
    });
  };

  // The names of the children held only here: data quality alone, a reason each time, within the
  // extract's scope. Asking is a page; the names come back from the form, with the reason audited.
  app.get(
    '/children/reconcile/:id/ours',
    { config: { permission: 'children:reconcile-names', stepUp: true } },
    async (request, reply) => {
      const upload = await ownReconciliation(request);
      if (!upload.result) throw new NotFoundError();
      return namesPage(reply, upload);
    },
  );

  app.post(
    '/children/reconcile/:id/ours',
    {
      config: {
        permission: 'children:reconcile-names',
        audit: { action: 'download', recordType: 'reconciliation' },
        stepUp: true,
      },
    },
    async (request, reply) => {
      const upload = await ownReconciliation(request);
      if (!upload.result) throw new NotFoundError();
      const body = (request.body ?? {}) as { reason?: unknown };
      const form = parseForm(namesReasonInput, { reason: body.reason });
      if (!form.ok) {
        reply.code(400);
        return namesPage(reply, upload, { errors: form.errors, values: { reason: body.reason } });
      }
      const { scope, only } = await onlyOurs(upload);
      const inScope = only.filter((c: ChildPlace) => inExtractScope(scope, c));
      const byId = new Map(inScope.map((c) => [c.id, c]));
      const children = (
        await childrenByIds(
          services.db,
          inScope.map((c) => c.id),
        )
      ).sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName));
      const reason = `names of children only in the child index: ${form.value.reason}`;
      await request.audit(services.db, [
        { action: 'download', recordType: 'reconciliation', recordId: upload.id, reason },
        ...children.map((c) => ({
          action: 'download',
          recordType: 'reconciliation',
          recordId: upload.id,
          childId: c.id,
          reason,
        })),
      ]);
      const table = [
        ['given_name', 'family_name', 'date_of_birth', 'postcode', 'nhs_number', 'district'],
        ...children.map((c) => [
          c.givenName,
          c.familyName,
          c.dateOfBirth,
          c.postcode ?? '',
          c.nhsNumber ?? '',
          byId.get(c.id)?.districtName ?? '',
        ]),
      ];
      return sendCsv(reply, 'reconciliation-only-in-the-child-index.csv', table, { bom: false });
    },
  );
}
