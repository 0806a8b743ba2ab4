/**
 * "The records behind a figure": one small route builder every module uses for its yearly-report
 * figures, so each figure's records page has the same shape (definition, period, count, a GOV.UK
 * table with pagination, a link back) and the same guarantees (the module's own permission, its
 * record rule applied row by row, an audit entry per child shown, written in the same request).
 * A module keeps only its queries: one function per figure returning exactly the rows it counts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Permission, RecordFacts } from '../../platform/auth/permissions.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { civilDate } from '../../platform/http/fields.ts';
import { pagination } from '../../platform/http/route-helpers.ts';
import type { ReportPeriod } from '../../platform/modules/define-module.ts';

/** Rows shown on one page of records. */
export const RECORDS_PAGE_SIZE = 100;

/** A cell: text, or text linking to the record's own page. */
export type RecordsCell = string | number | null | { text: string; href: string };

export interface RecordsRow {
  cells: RecordsCell[];
  /**
   * The children the row is about (a duplicate pair has two): each one shown is an audit entry.
   * Empty for a child's record not matched to the child index (still one entry, without a child).
   */
  childIds?: readonly string[];
  /** The record's id, kept in the audit entry. */
  recordId?: string | number;
  /**
   * What the module's record rule needs to decide whether this user may see the row (e.g. the
   * child's setting and district): rows outside the user's scope are left out of the page.
   */
  facts?: RecordFacts;
}

export interface RecordsFigure<S> {
  /** The figure's label as the report shows it. */
  label: string;
  /** How it is counted, in words: the page's definition and the report's. */
  definition: string;
  /** The table's column headings, in the order of each row's cells. */
  columns: string[];
  /** Exactly the records the figure counts for the period, in a stable order. */
  rows(services: S, period: ReportPeriod): Promise<RecordsRow[]>;
}

export interface RecordsPages<S> {
  /** e.g. `/children/report-records`: each figure's page is `${base}/${figure}?from=&to=`. */
  base: string;
  /** The module's own permission for its records pages (its role list says who sees them). */
  permission: Permission;
  /** The audit entry's record type. */
  recordType: string;
  /** Whose records they are (a caption above the title), e.g. "The child index". */
  caption: string;
  /** Where the link back goes: the module's own page of these records. */
  back: { text: string; href: string };
  figures: Record<string, RecordsFigure<S>>;
  /** Figures made from data (e.g. one per course): the figure of an id not in `figures`, if any. */
  more?(id: string, services: S): Promise<RecordsFigure<S> | undefined>;
}

/** The address of a figure's records for a period. */
export const recordsHref = (base: string, figure: string, period: ReportPeriod) =>
  `${base}/${encodeURIComponent(figure)}?from=${period.from}&to=${period.to}`;

const recordsQuery = z
  .object({
    from: civilDate('The start of the period'),
    to: civilDate('The end of the period'),
    page: z.coerce.number().int().positive().max(100_000).default(1),
  })
  .refine((q) => q.from <= q.to, 'The period must end on or after its start');

const longDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** Registers `GET ${base}/:figure` for a module's figures. */
export function reportRecordsRoutes<S extends { db: Parameters<FastifyRequest['audit']>[0] }>(
  app: FastifyInstance,
  services: S,
  pages: RecordsPages<S>,
) {
  app.get(
    `${pages.base}/:figure`,
    { config: { permission: pages.permission, audit: { action: 'list', recordType: pages.recordType } } },
    async (request, reply) => {
      const id = String((request.params as { figure?: unknown }).figure ?? '');
      const figure = Object.hasOwn(pages.figures, id) ? pages.figures[id] : await pages.more?.(id, services);
      const query = recordsQuery.safeParse(request.query ?? {});
      if (!figure || !query.success) throw new NotFoundError();
      const { from, to, page } = query.data;
      const all = await figure.rows(services, { from, to });
      // The module's record rule, as on its other pages: a row the user may not see is left out.
      const visible = all.filter((r) => !r.facts || request.permissions.can(pages.permission, r.facts));
      const pages_ = Math.max(1, Math.ceil(visible.length / RECORDS_PAGE_SIZE));
      if (page > pages_) throw new NotFoundError();
      const shown = visible.slice((page - 1) * RECORDS_PAGE_SIZE, page * RECORDS_PAGE_SIZE);
      const reason = `records behind "${figure.label}", ${from} to ${to}`;
      const children = shown.flatMap((r) =>
        // A child's record not (yet) matched to the child index is still one entry, without a child.
        (r.childIds ? (r.childIds.length ? r.childIds : [null]) : []).map((childId) => ({
          action: 'list',
          recordType: pages.recordType,
          recordId: r.recordId ?? null,
          childId,
          reason,
        })),
      );
      // Each child on the page is an audit entry; a page of no child's records is one entry.
      await request.audit(
        services.db,
        children.length ? children : { recordId: `${id} ${from}..${to}`, reason },
      );
      const self = `${pages.base}/${encodeURIComponent(id)}?from=${from}&to=${to}`;
      return reply.page('yearly-report/views/records.njk', {
        title: `${figure.label}: the records`,
        caption: pages.caption,
        figure,
        periodText: `${longDate(from)} to ${longDate(to)}`,
        total: all.length,
        visible: visible.length,
        first: visible.length ? (page - 1) * RECORDS_PAGE_SIZE + 1 : 0,
        last: (page - 1) * RECORDS_PAGE_SIZE + shown.length,
        head: figure.columns.map((text) => ({ text })),
        rows: shown.map((r) =>
          r.cells.map((c) =>
            c !== null && typeof c === 'object'
              ? { html: `<a class="govuk-link" href="${escapeHtml(c.href)}">${escapeHtml(c.text)}</a>` }
              : { text: c === null ? '' : String(c) },
          ),
        ),
        pagination: pagination(page, pages_, (p) => `${self}&page=${p}`),
        back: pages.back,
      });
    },
  );
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
