/**
 * The security suite's view of the service: every route the app registered (taken as Fastify
 * registers it, so a new route is in the suite the day it is added), the forms its pages show, and
 * the values an attacker would try.
 */
import type { Permission } from '../platform/auth/permissions.ts';

export interface RegisteredRoute {
  method: string;
  url: string;
  permission: Permission | 'public';
}

/** A route's address with each `:param` replaced (and a trailing `.csv` etc. kept). */
export function fillParams(url: string, value: (name: string) => string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => value(name));
}

/** The forms of a page: where each posts, and the names of its fields (the CSRF token aside). */
export function formsOf(html: string): { action: string; fields: string[]; multipart: boolean }[] {
  const forms: { action: string; fields: string[]; multipart: boolean }[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attributes = match[1]!;
    const action = /action="([^"]*)"/.exec(attributes)?.[1];
    if (!action?.startsWith('/')) continue;
    const fields = new Set<string>();
    for (const field of match[2]!.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g))
      if (field[1] !== '_csrf') fields.add(field[1]!.replace(/&amp;/g, '&'));
    forms.push({
      action: action.replace(/&amp;/g, '&'),
      fields: [...fields],
      multipart: /multipart/.test(attributes),
    });
  }
  return forms;
}

/** Strings that broke services like this one: NUL, half an emoji, direction overrides, SQL, huge. */
export const NASTY_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\ud800Aaron',
  'Aaron\udfff',
  '\u202eevil',
  "' OR 1=1 --",
  '"; DROP TABLE child; --',
  '<script>alert(1)</script>',
  '{{ 7*7 }}',
  '../../../../etc/passwd',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  'NaN',
  '😀',
  'x'.repeat(10_000),
  'x'.repeat(200_000),
];

/** Values for a URL parameter: real-looking, impossible, hostile, percent-encoded NUL and surrogate. */
export const NASTY_PARAMS = [
  '1',
  '2',
  '0',
  '-1',
  '2147483648',
  '99999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '2026-02-30',
  '2026-12-07',
  'a%00b',
  '%ED%A0%80',
  '%E2%80%AE',
  '..%2F..%2Fetc',
  "'%20OR%201=1",
  'x'.repeat(3000),
];
