/** zod for the journey's inputs: the period of the dashboard, comparators, population and notes. */
import { z } from 'zod';
import { isCivilDate } from '../../platform/calendar/index.ts';
import { KPI_BY_ID } from './kpi-definitions.ts';

const civilDate = (what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .refine(isCivilDate, `${what[0]!.toUpperCase()}${what.slice(1)} must be a real date, like 2026-04-01`);

export const periodInput = z
  .object({ from: civilDate('the first day of the period'), to: civilDate('the last day of the period') })
  .refine((p) => p.to >= p.from, { path: ['to'], message: 'The last day must be on or after the first day' });

export const kpiParam = z.object({
  id: z.string().refine((id) => KPI_BY_ID.has(id)),
});

export const recordsQuery = z.object({
  by: z.enum(['source_agency', 'district', 'category']).optional(),
  group: z.string().max(100).optional(),
});

export const yearInput = z.coerce.number().int().min(1990).max(2100);

const optionalText = z
  .string()
  .trim()
  .max(5000, 'Write 5,000 characters or fewer')
  .optional()
  .transform((v) => (v ? v : null));

export const noteInput = z
  .object({ strengths: optionalText, areasOfFocus: optionalText, from: z.string(), to: z.string() })
  .refine((n) => n.strengths !== null || n.areasOfFocus !== null, {
    path: ['strengths'],
    message: 'Write the strengths, the areas of focus, or both',
  });

/** A number typed into a form: empty is "none"; otherwise a number, 0 or more. */
export const optionalNumber = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = Number(v.replace(/,/g, ''));
      if (!Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a number, 0 or more` });
        return z.NEVER;
      }
      return n;
    });
