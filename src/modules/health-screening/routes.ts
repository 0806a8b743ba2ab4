/**
 * WREN's pages: import an A&E file (upload, match its columns, the summary with each row that
 * could not be read), the nurse's triage queue and each flagged attendance with what the index
 * holds about the child, the key word list with its versions and what re-screening changed, and
 * the monthly profile. Thin handlers: parse, authorise, call the service, render or redirect.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { now } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { foldDateParts } from '../../platform/http/fields.ts';
import { type FormErrors, formError, noErrors, parseForm } from '../../platform/http/forms.ts';
import { numericId, pagination, parseParams, selectOptions } from '../../platform/http/route-helpers.ts';
import { type ChildrenService, childSummaries } from '../children/index.ts';
import { ATTENDANCE_FIELDS, AttendanceFileError, type ColumnMap, guessMapping } from './attendance-file.ts';
import { monthlyChart } from './charts.ts';
import { FACT_LABELS } from './crossref.ts';
import { looksLikeJson } from './fhir.ts';
import { type TeamFilter, teamFilterOf } from './queries.ts';
import {
  keywordListInput,
  mappingInput,
  outcomeInput,
  pageQuery,
  profileQuery,
  versionParam,
} from './schema.ts';
import { contextOf, fieldText, withMarks } from './screening.ts';
import { AGE_BANDS, type HealthScreeningService, OUTCOMES, type ScreeningMatch } from './service.ts';
import type { KnownFact, MarkedMatch } from './tables.ts';

export type HealthScreeningServices = PlatformServices & {
  children: ChildrenService;
  healthScreening: HealthScreeningService;
};

const PAGE_SIZE = 25;

const MATCH_METHODS = {
  nhs_number: 'Same NHS number and date of birth',
  linkage: 'Linkage engine (names, date of birth, postcode)',
  none: 'Not found in the child index',
} as const;

/** The notes cut into plain text and key words, each key word with its marks. */
export function highlighted(
  text: string | null,
  matches: readonly ScreeningMatch[],
  field: ScreeningMatch['field'],
) {
  const own = matches.filter((m) => m.field === field).sort((a, b) => a.start - b.start);
  const parts: { text: string; match?: ScreeningMatch }[] = [];
  let at = 0;
  for (const m of own) {
    if (m.start < at) continue;
    parts.push({ text: (text ?? '').slice(at, m.start) });
    parts.push({ text: (text ?? '').slice(m.start, m.end), match: m });
    at = m.end;
  }
  parts.push({ text: (text ?? '').slice(at) });
  return parts;
}

/** "knife (denied), stabbed (of brother)": the matched words with their marks. */
export function matchedWords(matches: readonly MarkedMatch[]): string {
  const seen = new Map<string, string>();
  for (const m of matches) {
    const marks = [m.negated ? `negated: “${m.negated}”` : '', m.family ? `said of ${m.family}` : '']
      .filter(Boolean)
      .join(', ');
    const text = marks ? `${m.term} (${marks})` : m.term;
    if (!seen.has(text)) seen.set(text, text);
  }
  return [...seen.values()].join('; ');
}

/** GET SAFE's exploitation types suggested by the words found (the referrer confirms them). */
const TYPE_OF_TERM: [RegExp, string][] = [
  [/county lines|drug|dealing|cuckooing|debt/, 'county_lines'],
  [/groom|boyfriend|sexual|raped|nude|sexting/, 'cse'],
  [/traffick|bondage/, 'trafficking'],
  [/knife|stab|gun|shot|shooting|weapon|machete|gang|assault/, 'serious_violence'],
  [/exploit/, 'cce'],
];

/** The GET SAFE concern form, filled in from the attendance: the child, the types the words suggest, injuries. */
export function getSafeConcernLink(
  attendanceId: number,
  childId: string | null,
  matches: readonly ScreeningMatch[],
) {
  const types = new Set<string>();
  for (const m of matches) for (const [re, type] of TYPE_OF_TERM) if (re.test(m.term)) types.add(type);
  const query = new URLSearchParams({ from: 'wren', attendance: String(attendanceId) });
  if (childId) query.set('childId', childId);
  for (const t of types) query.append('types', t);
  query.append('indicators', 'injuries');
  return `/exploitation/concerns/new?${query.toString()}`;
}

const percent = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : '–');

/** Twelve whole months to the end of last month (UK dates). */
function lastTwelveMonths(today = now()): { from: string; to: string } {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth(); // 0-based: this month; the year ends with the month before
  const end = new Date(Date.UTC(y, m, 0));
  const start = new Date(Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth() + 1, 1));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

export function healthScreeningRoutes(app: FastifyInstance, services: HealthScreeningServices) {
  const wren = services.healthScreening;
  const importer = (request: FastifyRequest) => ({
    userId: request.user!.id,
    teamId: request.user!.teamId,
  });
  const filterFor = (
    request: FastifyRequest,
    permission: 'wren:triage' | 'wren:import' | 'wren:profile',
  ): TeamFilter => teamFilterOf(request.permissions.listScope(permission));

  /** An import the user's team made (or any, for the partnership); anyone else's is not found. */
  const ownImport = async (request: FastifyRequest) => {
    const found = await wren.findImport(numericId(request.params));
    const filter = filterFor(request, 'wren:triage');
    if (!found || (filter.kind === 'team' && found.teamId !== filter.teamId) || filter.kind === 'none')
      throw new NotFoundError();
    return found;
  };

  // ── Import ──────────────────────────────────────────────────────────────────────────

  const uploadPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
  ) =>
    reply.page('health-screening/views/import.njk', {
      title: 'Import A&E attendances',
      imports: await wren.recentImports(filterFor(request, 'wren:triage')),
      ...extra,
    });

  app.get('/health-screening/imports', { config: { permission: 'wren:import' } }, (request, reply) =>
    uploadPage(request, reply),
  );

  app.post(
    '/health-screening/imports',
    { config: { permission: 'wren:import', audit: { action: 'upload', recordType: 'wren-import' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as { file?: unknown; fileName?: unknown };
      const file = Buffer.isBuffer(body.file) && body.file.length > 0 ? body.file : null;
      if (!file) {
        reply.code(400);
        return uploadPage(request, reply, {
          errors: formError('file', 'Select a CSV file or a FHIR Bundle of A&E attendances'),
        });
      }
      try {
        // A FHIR R4 Bundle (JSON) names its own fields: imported at once, no columns to match.
        if (looksLikeJson(file)) {
          const summary = await wren.importFhir(
            request.auditWriter,
            importer(request),
            String(body.fileName ?? 'attendances.json'),
            file,
          );
          return reply.redirect(`/health-screening/imports/${summary.importId}`, 303);
        }
        const id = await wren.upload(
          request.auditWriter,
          importer(request),
          String(body.fileName ?? 'attendances.csv'),
          file,
        );
        return reply.redirect(`/health-screening/imports/${id}/columns`, 303);
      } catch (error) {
        if (!(error instanceof AttendanceFileError)) throw error;
        reply.code(400);
        return uploadPage(request, reply, {
          problems: error.problems,
          errors: {
            summary: [{ text: 'The file cannot be read: nothing was imported', href: '#file' }],
            byField: { file: { text: 'Correct the file and upload it again' } },
          },
        });
      }
    },
  );

  const columnsPage = (
    reply: FastifyReply,
    upload: NonNullable<Awaited<ReturnType<typeof wren.findImport>>>,
    values: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => {
    const header = upload.header as string[];
    const options = (selected: unknown, required: boolean) => [
      { value: '', text: required ? 'Choose a column' : 'Not in the file' },
      ...header.flatMap((h) => selectOptions({ [h]: h }, selected)),
    ];
    return reply.page('health-screening/views/columns.njk', {
      title: 'Match the columns',
      upload,
      fields: ATTENDANCE_FIELDS.map((f) => ({ ...f, items: options(values[f.field], f.required) })),
      ...extra,
    });
  };

  app.get(
    '/health-screening/imports/:id/columns',
    { config: { permission: 'wren:import' } },
    async (request, reply) => {
      const upload = await ownImport(request);
      if (upload.status === 'imported') return reply.redirect(`/health-screening/imports/${upload.id}`, 303);
      const header = upload.header as string[];
      const saved = await wren.savedMapping(importer(request));
      // The team's last mapping, for the columns this file still has; a guess for the rest.
      const guess = guessMapping(header);
      const values: ColumnMap = { ...guess };
      for (const [field, column] of Object.entries(saved ?? {}))
        if (header.includes(column)) values[field as keyof ColumnMap] = column;
      return columnsPage(reply, upload, values, { usedSaved: Boolean(saved) });
    },
  );

  app.post(
    '/health-screening/imports/:id/columns',
    { config: { permission: 'wren:import', audit: { action: 'import', recordType: 'wren-import' } } },
    async (request, reply) => {
      const upload = await ownImport(request);
      if (upload.status === 'imported') return reply.redirect(`/health-screening/imports/${upload.id}`, 303);
      const values = (request.body ?? {}) as Record<string, unknown>;
      const form = parseForm(mappingInput(upload.header as string[]), values);
      if (!form.ok) {
        reply.code(400);
        return columnsPage(reply, upload, values, { errors: form.errors });
      }
      try {
        await wren.importUploaded(request.auditWriter, importer(request), upload.id, form.value);
      } catch (error) {
        if (!(error instanceof AttendanceFileError)) throw error;
        reply.code(400);
        return columnsPage(reply, upload, values, {
          problems: error.problems,
          errors: {
            summary: [{ text: 'The file cannot be imported: nothing was imported', href: '#problems' }],
            byField: {},
          },
        });
      }
      return reply.redirect(`/health-screening/imports/${upload.id}`, 303);
    },
  );

  app.get(
    '/health-screening/imports/:id',
    { config: { permission: 'wren:import', audit: { action: 'view', recordType: 'wren-import' } } },
    async (request, reply) => {
      const upload = await ownImport(request);
      if (upload.status !== 'imported')
        return reply.redirect(`/health-screening/imports/${upload.id}/columns`, 303);
      await request.audit(services.db, { recordId: upload.id });
      return reply.page('health-screening/views/import-summary.njk', {
        title: `Imported: ${upload.filename}`,
        upload,
      });
    },
  );

  // ── Triage ──────────────────────────────────────────────────────────────────────────

  app.get(
    '/health-screening',
    { config: { permission: 'wren:triage', audit: { action: 'list', recordType: 'wren-attendance' } } },
    async (request, reply) => {
      const { page } = pageQuery.parse(request.query ?? {});
      const { rows, total } = await wren.triageQueue(filterFor(request, 'wren:triage'), page, PAGE_SIZE);
      const children = await childSummaries(
        services.db,
        rows.flatMap((r) => (r.childId ? [r.childId] : [])),
      );
      const childById = new Map(children.map((c) => [c.id, c]));
      // Each attendance listed, and the child it names, is an entry in the audit log.
      await request.audit(
        services.db,
        rows.map((r) => ({
          action: 'list',
          recordType: 'wren-attendance',
          recordId: r.id,
          childId: r.childId,
        })),
      );
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      return reply.page('health-screening/views/queue.njk', {
        title: 'WREN triage',
        total,
        rows: rows.map((r) => ({
          ...r,
          words: matchedWords(withMarks(r, r.matches as ScreeningMatch[])),
          child: r.childId ? childById.get(r.childId) : null,
          facts: (r.knownFacts as KnownFact[]).map((f) => FACT_LABELS[f.kind]),
        })),
        pagination: pagination(page, pages, (p) => `/health-screening?page=${p}`),
      });
    },
  );

  const attendancePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const id = numericId(request.params);
    const attendance = await wren.attendance(id);
    if (!attendance) throw new NotFoundError();
    await request.authorise(
      'wren:triage',
      { teamIds: attendance.teamId != null ? [attendance.teamId] : [] },
      { type: 'wren-attendance', id, ...(attendance.childId ? { childId: attendance.childId } : {}) },
    );
    // The marks are worked out here, where they are shown, from the stored text and each match's place.
    const matches = withMarks(attendance, attendance.matches as ScreeningMatch[]);
    const [child] = attendance.childId ? await childSummaries(services.db, [attendance.childId]) : [];
    const known = attendance.childId ? await wren.currentFacts(attendance.childId, id) : null;
    await request.audit(services.db, {
      action: 'view',
      recordType: 'wren-attendance',
      recordId: id,
      childId: attendance.childId,
    });
    const values = extra.values ?? {};
    const getSafeLink = getSafeConcernLink(id, attendance.childId, matches);
    return reply.page('health-screening/views/attendance.njk', {
      title: `A&E attendance ${attendance.attendanceRef}`,
      attendance,
      matches: matches.map((m) => ({
        ...m,
        ...contextOf(fieldText(attendance, m.field), m),
      })),
      words: matchedWords(matches),
      complaintParts: highlighted(attendance.presentingComplaint, matches, 'presenting_complaint'),
      notesParts: highlighted(attendance.notes, matches, 'notes'),
      child,
      matchMethod: MATCH_METHODS[attendance.matchMethod],
      known,
      factLabels: FACT_LABELS,
      outcomeLabel: attendance.outcome ? OUTCOMES[attendance.outcome] : null,
      outcomeItems: Object.entries(OUTCOMES).map(([value, text]) => ({
        value,
        text,
        checked: values.outcome === value,
        ...(value === 'raise_get_safe_concern'
          ? {
              hint: {
                text: 'Record why here; then raise the concern on the GET SAFE form, filled in from this attendance',
              },
            }
          : {}),
      })),
      getSafeLink,
      decided: (request.query as { decided?: string }).decided === '1',
      values,
      errors: extra.errors,
    });
  };

  app.get(
    '/health-screening/attendances/:id',
    { config: { permission: 'wren:triage', audit: { action: 'view', recordType: 'wren-attendance' } } },
    (request, reply) => attendancePage(request, reply),
  );

  app.post(
    '/health-screening/attendances/:id',
    { config: { permission: 'wren:triage', audit: { action: 'triage', recordType: 'wren-attendance' } } },
    async (request, reply) => {
      const id = numericId(request.params);
      const attendance = await wren.attendance(id);
      if (!attendance) throw new NotFoundError();
      await request.authorise(
        'wren:triage',
        { teamIds: attendance.teamId != null ? [attendance.teamId] : [] },
        { type: 'wren-attendance', id, ...(attendance.childId ? { childId: attendance.childId } : {}) },
      );
      const values = (request.body ?? {}) as Record<string, unknown>;
      const form = parseForm(outcomeInput, values);
      if (!form.ok || !attendance.flagged || attendance.outcome) {
        reply.code(400);
        const errors = form.ok ? noErrors() : form.errors;
        if (attendance.outcome) formError('outcome', 'An outcome has been recorded already', errors);
        else if (!attendance.flagged) formError('outcome', 'This attendance was not flagged', errors);
        return attendancePage(request, reply, { errors, values });
      }
      await wren.decide(
        request.auditWriter,
        request.user!.id,
        attendance,
        form.value.outcome,
        form.value.rationale,
      );
      return reply.redirect(`/health-screening/attendances/${id}?decided=1`, 303);
    },
  );

  // ── Key words ───────────────────────────────────────────────────────────────────────

  const keywordsPage = async (reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const lists = await wren.lists();
    const current = lists[0]!;
    return reply.page('health-screening/views/keywords.njk', {
      title: 'WREN key words',
      current,
      lists,
      values: { terms: (current.terms as string[]).join('\n') },
      ...extra,
    });
  };

  app.get(
    '/health-screening/keywords',
    { config: { permission: 'wren:keywords' } },
    async (request, reply) => {
      const q = request.query as { saved?: string; rescreened?: string; flagged?: string };
      return keywordsPage(reply, { saved: q.saved, rescreened: q.rescreened, flagged: q.flagged });
    },
  );

  app.post(
    '/health-screening/keywords',
    { config: { permission: 'wren:keywords', audit: { action: 'create', recordType: 'wren-keyword-list' } } },
    async (request, reply) => {
      const values = (request.body ?? {}) as Record<string, unknown>;
      const form = parseForm(keywordListInput, values);
      if (!form.ok) {
        reply.code(400);
        return keywordsPage(reply, { errors: form.errors, values });
      }
      const saved = await wren.saveList(
        request.auditWriter,
        request.user!.id,
        form.value.terms,
        form.value.note ?? null,
      );
      return reply.redirect(`/health-screening/keywords?saved=${saved.version}`, 303);
    },
  );

  app.post(
    '/health-screening/keywords/rescreen',
    {
      config: { permission: 'wren:keywords', audit: { action: 'rescreen', recordType: 'wren-keyword-list' } },
    },
    async (request, reply) => {
      const result = await wren.rescreen(request.auditWriter);
      return reply.redirect(`/health-screening/keywords/versions/${result.version}/changes`, 303);
    },
  );

  app.get(
    '/health-screening/keywords/versions/:version/changes',
    { config: { permission: 'wren:triage', audit: { action: 'list', recordType: 'wren-attendance' } } },
    async (request, reply) => {
      const { version } = parseParams(versionParam, request.params);
      const lists = await wren.lists();
      const list = lists.find((l) => l.version === version);
      if (!list) throw new NotFoundError();
      const changes = await wren.changes(version, filterFor(request, 'wren:triage'));
      await request.audit(
        services.db,
        changes.map((c) => ({
          action: 'list',
          recordType: 'wren-attendance',
          recordId: c.id,
          childId: c.childId,
        })),
      );
      const previous = lists.find((l) => l.version < version);
      const before = new Set((previous?.terms as string[] | undefined) ?? []);
      const after = new Set(list.terms as string[]);
      return reply.page('health-screening/views/changes.njk', {
        title: `What version ${version} changed`,
        list,
        previous,
        termsAdded: [...after].filter((t) => !before.has(t)),
        termsRemoved: [...before].filter((t) => !after.has(t)),
        changes,
        newlyFlagged: changes.filter((c) => c.change.nowFlagged && !c.change.wasFlagged).length,
        noLongerFlagged: changes.filter((c) => !c.change.nowFlagged && c.change.wasFlagged).length,
      });
    },
  );

  // ── The monthly profile ─────────────────────────────────────────────────────────────

  app.get(
    '/health-screening/profile',
    { config: { permission: 'wren:profile', audit: { action: 'view', recordType: 'wren-profile' } } },
    async (request, reply) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const folded = foldDateParts(query) as Record<string, unknown>;
      const asked = (['from', 'to'] as const).some((k) => folded[k] !== undefined);
      const parsed = asked ? parseForm(profileQuery, query) : null;
      if (parsed && !parsed.ok) {
        reply.code(400);
        return reply.page('health-screening/views/profile.njk', {
          title: 'WREN monthly profile',
          errors: parsed.errors,
          values: query,
        });
      }
      const period = parsed?.ok ? parsed.value : lastTwelveMonths();
      const filter = filterFor(request, 'wren:profile');
      const profile = await wren.profile(period, filter.kind === 'none' ? { kind: 'all' } : filter);
      await request.audit(services.db, { recordId: `${period.from}..${period.to}` });
      const monthName = (m: string) =>
        new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
          new Date(`${m}-01T00:00:00Z`),
        );
      const chart = await monthlyChart(
        profile.months.map((m) => ({
          label: monthName(m.month),
          flagged: m.flagged,
          notFlagged: m.screened - m.flagged,
        })),
        `Of ${profile.total.screened} attendances screened from ${period.from} to ${period.to}, ${profile.total.flagged} were flagged.`,
      );
      const row = (label: string, r: (typeof profile.months)[number] | typeof profile.total) => [
        { text: label },
        { text: String(r.screened), format: 'numeric' },
        { text: String(r.flagged), format: 'numeric' },
        ...r.ages.map((n) => ({ text: String(n), format: 'numeric' })),
        { text: `${r.noPriorAlert} (${percent(r.noPriorAlert, r.flagged)})`, format: 'numeric' },
        { text: `${r.socialWorker} (${percent(r.socialWorker, r.flagged)})`, format: 'numeric' },
        { text: `${r.getSafe} (${percent(r.getSafe, r.flagged)})`, format: 'numeric' },
        { text: `${r.cpPlan} (${percent(r.cpPlan, r.flagged)})`, format: 'numeric' },
      ];
      return reply.page('health-screening/views/profile.njk', {
        title: 'WREN monthly profile',
        values: period,
        profile,
        chart,
        head: [
          { text: 'Month' },
          { text: 'Screened', format: 'numeric' },
          { text: 'Flagged', format: 'numeric' },
          ...AGE_BANDS.map((b) => ({ text: `Flagged aged ${b.label}`, format: 'numeric' })),
          { text: 'No prior safeguarding alert', format: 'numeric' },
          { text: 'Allocated social worker', format: 'numeric' },
          { text: 'GET SAFE flag', format: 'numeric' },
          { text: 'Child protection plan', format: 'numeric' },
        ],
        rows: [...profile.months.map((m) => row(monthName(m.month), m)), row('Whole period', profile.total)],
        ethnicityRows: profile.ethnicity.map((e) => [
          { text: e.name },
          { text: String(e.count), format: 'numeric' },
          { text: percent(e.count, profile.total.flagged), format: 'numeric' },
        ]),
        sources: wren.sources.map((s) => s.label),
      });
    },
  );
}
