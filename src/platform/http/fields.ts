/**
 * Form fields checked with zod, with the GOV.UK Design System's wording for their errors
 * ("Enter …", "… must be 100 characters or fewer"): one set for every module's schemas.
 */
import { z } from 'zod';
import {
  isValidNhsNumber,
  isValidUpn,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUpn,
} from '../identifiers/index.ts';

export const text = (label: string, max = 200) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

export const optionalText = (label: string, max = 200) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const email = (label: string) =>
  text(label, 254)
    .pipe(z.email(`Enter ${label} in the correct format, like name@example.org`))
    .transform((v) => v.toLowerCase());

export const civilDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date, like 2026-09-03`)
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
    }, `${label} must be a real date`);

/** A date field that may be left blank. */
export const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(civilDate(label).optional());

/*
 * The identifiers a child is known by, each optional: normalised when valid, refused with the
 * reason when not. `base` is the blank-allowing text field (a module's API may also allow null).
 */

/** A postcode, normalised like WR1 2AB. */
export const optionalPostcode = (
  base: z.ZodType<string | undefined, unknown> = optionalText('Postcode', 10),
) =>
  base
    .refine((v) => !v || normalisePostcode(v) !== null, 'Enter a real postcode, like WR1 2AB')
    .transform((v) => (v ? (normalisePostcode(v) ?? undefined) : undefined));

/** An NHS number whose Modulus 11 check digit is right, as 10 digits. */
export const optionalNhsNumber = (
  base: z.ZodType<string | undefined, unknown> = optionalText('NHS number', 20),
) =>
  base
    .refine(
      (v) => !v || isValidNhsNumber(v),
      'Enter a valid NHS number: 10 digits whose check digit is right',
    )
    .transform((v) => (v ? (normaliseNhsNumber(v) ?? undefined) : undefined));

/** A unique pupil number whose check letter is right. */
export const optionalUpn = (base: z.ZodType<string | undefined, unknown> = optionalText('UPN', 20)) =>
  base
    .refine((v) => !v || isValidUpn(v), 'Enter a valid UPN: 13 characters starting with its check letter')
    .transform((v) => (v ? normaliseUpn(v) : undefined));
