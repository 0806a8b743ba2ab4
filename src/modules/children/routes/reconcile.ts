/**
 * Reconciling another agency's extract with the child index: upload a CSV, match its columns to
 * ours, then four lists (matched and agreeing, matched but disagreeing, only ours, only theirs),
 * each a page and a CSV download. Each upload is its uploader's alone.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../platform/http/errors.ts';
import { formError, noErrors, parseForm } from '../../../platform/http/forms.ts';
import { parseParams, selectOptions, sendCsv, uuidId } from '../../../platform/http/route-helpers.ts';
import {
  CsvInputError,
  LISTS,
  type ListName,
  MAPPABLE_FIELDS,
  type ReconciliationMapping,
  ReconciliationService,
  guessMapping,
} from '../reconciliation.ts';
import { listParam, mappingInput, uploadInput } from '../schema.ts';
import type { ChildrenServices } from '../deps.ts';

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
      const errors = form.ok ? noErrors() : form.errors;
      if (!file) formError('file', 'Select a CSV file', errors);
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
    // One column at a time, not Object.fromEntries(header): an object would put the columns whose
    // names look like numbers first, and the list must keep the file's order.
    const options = (selected: unknown) => [
      { value: '', text: 'Not in the file' },
      ...header.flatMap((h) => selectOptions({ [h]: h }, selected)),
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
        stepUp: true,
      },
    },
    async (request, reply) => {
      const { list } = parseParams(listParam, request.params);
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
}
