/**
 * The notice and incident lists' search, filters and pages: read from the address (a GET form, so
 * a filtered list can be bookmarked, shared, and linked from a yearly-report figure), checked with
 * zod and the platform's GOV.UK date input, and written back into the address for the page links.
 */
import { z } from 'zod';
import { optionalDateInput, optionalText } from '../../platform/http/fields.ts';
import { type FormErrors, formError, parseForm } from '../../platform/http/forms.ts';
import { londonWallClock } from '../../platform/calendar/index.ts';
import { addDays } from './monitoring/schema.ts';

export const LIST_PAGE_SIZE = 25;

/** The statuses a list may be filtered to; `all` includes withdrawn notices (the coordinator's). */
export const NOTICE_STATUS_FILTERS = {
  sent: 'Not yet acknowledged',
  acknowledged: 'Acknowledged',
  queued: 'Held for the coordinator',
  withdrawn: 'Withdrawn',
  all: 'Any, including withdrawn',
} as const;
export type NoticeStatusFilter = keyof typeof NOTICE_STATUS_FILTERS;

export const RECIPIENT_FILTERS = {
  setting: 'Schools and early-years settings',
  team: 'Health visiting and the Family Front Door',
  coordinator: 'The coordinator',
} as const;
export type RecipientFilter = keyof typeof RECIPIENT_FILTERS;

export const INCIDENT_STATUS_FILTERS = {
  waiting: 'Some notices not yet acknowledged',
  acknowledged: 'Every notice acknowledged',
} as const;
export type IncidentStatusFilter = keyof typeof INCIDENT_STATUS_FILTERS;

const flag = z.literal('yes').optional().catch(undefined);
const page = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/** What both lists share: the search, the incident's date, when it was recorded, overdue, the page. */
const common = {
  q: optionalText('The search', 100),
  from: optionalDateInput('The incident date from'),
  to: optionalDateInput('The incident date to'),
  // Not on the form: set by a yearly-report or dashboard link (the period its figures count).
  recordedFrom: optionalDateInput('Recorded from'),
  recordedTo: optionalDateInput('Recorded to'),
  overdue: flag,
  page,
};

const orderedDates = <T extends { from?: string | undefined; to?: string | undefined }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if (value.from && value.to && value.from > value.to)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'The incident date to must be the same as or after the date from',
      params: { dateParts: ['day', 'month', 'year'] },
    });
};

export const noticeListQuery = z
  .object({
    ...common,
    status: z
      .enum(Object.keys(NOTICE_STATUS_FILTERS) as [NoticeStatusFilter])
      .optional()
      .catch(undefined),
    recipient: z
      .enum(Object.keys(RECIPIENT_FILTERS) as [RecipientFilter])
      .optional()
      .catch(undefined),
    // Acknowledged by the deadline (the yearly report's "acknowledged before the school day").
    onTime: flag,
  })
  .superRefine(orderedDates);
export type NoticeListFilters = z.infer<typeof noticeListQuery>;

export const incidentListQuery = z
  .object({
    ...common,
    status: z
      .enum(Object.keys(INCIDENT_STATUS_FILTERS) as [IncidentStatusFilter])
      .optional()
      .catch(undefined),
  })
  .superRefine(orderedDates);
export type IncidentListFilters = z.infer<typeof incidentListQuery>;

export type ListQueryResult<T> = { ok: true; filters: T } | { ok: false; errors: FormErrors };

/** The address's filters, or the GOV.UK errors on the date boxes (a From after a To is refused). */
export function readListQuery<S extends typeof noticeListQuery | typeof incidentListQuery>(
  schema: S,
  query: unknown,
): ListQueryResult<z.infer<S>> {
  const parsed = parseForm(schema, query ?? {});
  if (parsed.ok) return { ok: true, filters: parsed.value as z.infer<S> };
  // A date that ends up ordered wrong links to its first box, as the other date errors do.
  const errors = parsed.errors;
  for (const entry of errors.summary)
    if (entry.href === '#to' || entry.href === '#from') {
      const field = entry.href.slice(1);
      const fixed = formError(field, entry.text, undefined, ['day', 'month', 'year']);
      entry.href = fixed.summary[0]!.href;
      errors.byField[field] = { ...errors.byField[field]!, parts: ['day', 'month', 'year'] };
    }
  return { ok: false, errors };
}

/** The filters as an address's query (dates as YYYY-MM-DD, which the date input reads too); no page. */
export function filterQuery(filters: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (key === 'page' || value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  return params;
}

/** The address of a page of the list with these filters. */
export function listHref(path: string, filters: Record<string, unknown>, pageNumber?: number): string {
  const params = filterQuery(filters);
  if (pageNumber && pageNumber > 1) params.set('page', String(pageNumber));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** Europe/London days as instants: [start, end). */
export function daysOf(from: string | undefined, to: string | undefined): { start?: Date; end?: Date } {
  return {
    ...(from ? { start: londonWallClock(from, '00:00') } : {}),
    ...(to ? { end: londonWallClock(addDays(to, 1), '00:00') } : {}),
  };
}

/** Where a page of `total` records falls: its offset, the page count, whether it is past the last. */
export function pageOf(page: number, total: number, size = LIST_PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(total / size));
  return { offset: (page - 1) * size, limit: size, pages, beyondLast: page > pages };
}

/** GOV.UK select items, with a first "Any" choice, the chosen one selected. */
export function filterOptions(choices: Record<string, string>, chosen: unknown, any = 'Any') {
  return [
    { value: '', text: any, selected: !chosen },
    ...Object.entries(choices).map(([value, text]) => ({ value, text, selected: value === chosen })),
  ];
}
