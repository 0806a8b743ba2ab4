/**
 * The imports page: upload an Annex A return, a CIN census or the child population; follow the
 * import's progress; read its report (every refused row with its row number and reason). A file
 * refused whole keeps nothing and says why. Only the admin and data quality; every view audited.
 */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../platform/http/errors.ts';
import { formError, noErrors } from '../../platform/http/forms.ts';
import { uuidId } from '../../platform/http/route-helpers.ts';
import { IMPORT_KINDS, type ImportKind, type ImportRun, refusedRows } from './import-runs.ts';
import type { JourneyServices } from './routes.ts';

const VIEWS = 'journey/views';
const KINDS = Object.keys(IMPORT_KINDS) as ImportKind[];

function runView(run: ImportRun) {
  const running = run.stage === 'reading' || run.stage === 'writing';
  const percent =
    run.stage === 'writing' && run.eventsRead > 0
      ? Math.min(100, Math.round((run.eventsWritten / run.eventsRead) * 100))
      : 0;
  return {
    ...run,
    kindLabel: IMPORT_KINDS[run.kind].label,
    running,
    percent,
    stageLabel:
      run.stage === 'reading'
        ? `reading rows (${run.rowsRead.toLocaleString('en-GB')} so far)`
        : run.stage === 'writing'
          ? `writing events (${run.eventsWritten.toLocaleString('en-GB')} of ${run.eventsRead.toLocaleString('en-GB')} read so far)`
          : run.stage,
    refused: run.report ? refusedRows(run.report.problems) : [],
  };
}

/** An .xlsx workbook is a zip ("PK"); XML opens with "<"; anything else is read as CSV. */
function extensionOf(file: Buffer): string {
  if (file[0] === 0x50 && file[1] === 0x4b) return '.xlsx';
  const start = file
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('<') ? '.xml' : '.csv';
}

export function journeyImportRoutes(app: FastifyInstance, services: JourneyServices) {
  const imports = services.journey.imports;

  const uploadPage = async (
    userId: string,
    values: { kind?: string } = {},
    errors = noErrors(),
  ): Promise<Record<string, unknown>> => ({
    title: 'Import returns',
    errors,
    kinds: KINDS.map((k) => ({
      value: k,
      text: IMPORT_KINDS[k].label,
      hint: { text: IMPORT_KINDS[k].hint },
      checked: values.kind === k,
    })),
    runs: (await imports.of(userId)).map(runView),
  });

  app.get(
    '/journey/imports',
    { config: { permission: 'journey:imports', audit: { action: 'view', recordType: 'journey-imports' } } },
    async (request, reply) => {
      await services.db.transaction().execute((trx) => request.audit(trx, {}));
      return reply.page(`${VIEWS}/imports.njk`, await uploadPage(request.user!.id));
    },
  );

  app.post(
    '/journey/imports',
    { config: { permission: 'journey:imports', audit: { action: 'upload', recordType: 'journey-import' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as { kind?: unknown; file?: unknown; fileName?: unknown };
      const kind =
        typeof body.kind === 'string' && KINDS.includes(body.kind as ImportKind)
          ? (body.kind as ImportKind)
          : null;
      const file = Buffer.isBuffer(body.file) && body.file.length > 0 ? body.file : null;
      const errors = noErrors();
      if (!kind) formError('kind', 'Select what the file is', errors);
      if (!file) formError('file', 'Select a file', errors);
      // What the file is, is read from its first bytes, not from its name.
      const ext = file ? extensionOf(file) : null;
      if (kind && ext && !IMPORT_KINDS[kind].extensions.includes(ext))
        formError(
          'file',
          `The file must be ${IMPORT_KINDS[kind].extensions.join(' or ')} for ${IMPORT_KINDS[kind].label.toLowerCase()}`,
          errors,
        );
      if (errors.summary.length > 0) {
        reply.code(400);
        await services.db
          .transaction()
          .execute((trx) => request.audit(trx, { reason: 'refused: no valid file' }));
        return reply.page(
          `${VIEWS}/imports.njk`,
          await uploadPage(request.user!.id, { kind: kind ?? undefined }, errors),
        );
      }
      // Shown under the name the person chose; read as what its first bytes say it is.
      const chosen = typeof body.fileName === 'string' ? body.fileName.trim() : '';
      const run = await imports.start(
        request.auditWriter,
        request.user!.id,
        kind!,
        chosen || `${kind}${ext}`,
        file!,
        `${kind}${ext}`,
      );
      await services.db.transaction().execute((trx) => request.audit(trx, { recordId: run.id }));
      return reply.redirect(`/journey/imports/${run.id}`, 303);
    },
  );

  app.get(
    '/journey/imports/:id',
    { config: { permission: 'journey:imports', audit: { action: 'view', recordType: 'journey-import' } } },
    async (request, reply) => {
      const run = await imports.get(uuidId(request.params), request.user!.id);
      if (!run) throw new NotFoundError();
      await services.db.transaction().execute((trx) => request.audit(trx, { recordId: run.id }));
      return reply.page(`${VIEWS}/import-run.njk`, { title: `Import of ${run.filename}`, run: runView(run) });
    },
  );
}
