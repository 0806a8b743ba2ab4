/**
 * What every module's handlers do the same way: read an id from the path (404 when it is not
 * one), offer options in a select or radios, page a list, run the form cycle (parse → 400 with
 * the form and its errors → 303 on success), and send a CSV a spreadsheet cannot run.
 */
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from './errors.ts';
import { type FormErrors, type FormResult, parseForm } from './forms.ts';

export const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const uuidParam = z.object({ id: z.uuid() });

/** The path's parameters, or 404: a malformed id names no record. */
export function parseParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/** A whole-number id from `:id`, or 404. */
export const numericId = (params: unknown) => parseParams(idParam, params).id;
/** A UUID from `:id`, or 404. */
export const uuidId = (params: unknown) => parseParams(uuidParam, params).id;

/** Options for a GOV.UK select, radios or checkboxes, with the chosen one marked. */
export function selectOptions(entries: Record<string, string>, selected?: unknown) {
  return Object.entries(entries).map(([value, text]) => ({
    value,
    text,
    selected: value === selected,
    checked: value === selected,
  }));
}

/** The GOV.UK pagination component's previous and next links. */
/**
 * GOV.UK pagination: previous and next, and numbered pages (the first, the last, and those around
 * the current one, with an ellipsis between), as the Design System shows them.
 */
export function pagination(page: number, pages: number, href: (page: number) => string) {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (const [i, p] of shown.entries()) {
    if (i > 0 && p - shown[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: p, href: href(p), current: p === page });
  }
  return {
    previous: page > 1 ? { href: href(Math.min(page - 1, pages)) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: pages > 1 ? items : [],
  };
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first) is
 * sent as text, with a leading apostrophe (OWASP's advice on CSV injection).
 */
export function neutraliseFormula<T>(cell: T): T | string {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Sends rows as a CSV download; every cell is neutralised, and nothing is cached. */
export function sendCsv(
  reply: FastifyReply,
  filename: string,
  rows: readonly (readonly unknown[])[],
  options: { bom?: boolean } = {},
) {
  const safeName = filename.replace(/[^A-Za-z0-9._-]/g, '-');
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${safeName}"`)
    .header('cache-control', 'no-store')
    .send(
      stringify(
        rows.map((row) => row.map(neutraliseFormula)),
        { bom: options.bom ?? true },
      ),
    );
}

/**
 * The form cycle: a body that does not parse, or a save that finds a problem, shows the form
 * again with its errors (400); a save that succeeds redirects (303), so a refresh never posts twice.
 */
export async function handleForm<S extends z.ZodType, T>(
  reply: FastifyReply,
  schema: S,
  body: unknown,
  steps: {
    save(value: z.infer<S>): Promise<FormResult<T>> | FormResult<T>;
    showForm(errors: FormErrors, values: Record<string, unknown>): FastifyReply | Promise<FastifyReply>;
    redirectTo(saved: T): string;
  },
) {
  const values = (body ?? {}) as Record<string, unknown>;
  const parsed = parseForm(schema, body);
  const result = parsed.ok ? await steps.save(parsed.value) : parsed;
  if (!result.ok) {
    reply.code(400);
    return steps.showForm(result.errors, values);
  }
  return reply.redirect(steps.redirectTo(result.value), 303);
}
