/**
 * One boundary check for every input: query strings, URL parameters, form and JSON bodies, and
 * uploaded text files. A NUL or other control character, a lone surrogate (half of an emoji) or a
 * bidirectional override (which can make a name read differently from what is stored) is never
 * wanted in a safeguarding record and breaks what comes after (PostgreSQL refuses NUL bytes), so
 * it is refused here, naming the field, before any handler runs. A date in a URL that does not
 * exist (30 February) is a page that does not exist.
 */
import type { FastifyInstance } from 'fastify';
import { isCivilDate } from '../calendar/index.ts';

// Tab, line feed and carriage return are text; every other C0 control, DEL, and the bidi overrides are not.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface InputProblem {
  /** Where: `query.q`, `params.date`, `body.children.0.givenName`. */
  path: string;
  field: string;
  message: string;
}

function problemOf(value: string): string | null {
  const found = FORBIDDEN.exec(value);
  if (found) {
    const c = found[0].codePointAt(0)!;
    if (c === 0) return 'contains a null character, which cannot be stored';
    if (c >= 0x202a) return 'contains a hidden character that changes the direction of text';
    return 'contains a hidden control character';
  }
  if (LONE_SURROGATE.test(value)) return 'contains half of a character (a broken emoji or symbol)';
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every problem in a parsed input, depth first. Binary uploads (not UTF-8) are left to their handler. */
export function inputProblems(value: unknown, path: string, field = ''): InputProblem[] {
  if (typeof value === 'string') {
    const message = problemOf(value);
    return message ? [{ path, field: field || path, message }] : [];
  }
  if (Buffer.isBuffer(value)) {
    let text: string;
    try {
      text = utf8.decode(value);
    } catch {
      return []; // not text (a PDF, an image): nothing here reads it as text
    }
    return inputProblems(text, path, field);
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => inputProblems(item, `${path}.${i}`, field));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...inputProblems(key, `${path}.${key}`, key),
      ...inputProblems(item, `${path}.${key}`, key),
    ]);
  }
  return [];
}

export class InputBoundaryError extends Error {
  readonly statusCode = 400;
  readonly code = 'SGH_INPUT_REFUSED';
  constructor(readonly problems: InputProblem[]) {
    super(problems.map((p) => `${humanField(p.field)} ${p.message}: remove it and try again`).join('. '));
  }
}

/** `givenName` → “Given name”, `child0_dateOfBirth` → “Date of birth”. */
export function humanField(field: string): string {
  const last =
    field
      .split(/[._]/)
      .filter((part) => !/^\d+$/.test(part))
      .at(-1) ?? field;
  const words = last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^child\d+/, '')
    .trim()
    .toLowerCase();
  return words ? `“${words[0]!.toUpperCase()}${words.slice(1)}”` : 'A field';
}

export function registerInputBoundary(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const params = (request.params ?? {}) as Record<string, unknown>;
    for (const value of Object.values(params)) {
      // A date-shaped part of the address that is no date: no such page.
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isCivilDate(value)) {
        const error = new Error('Page not found') as Error & { statusCode: number };
        error.statusCode = 404;
        throw error;
      }
    }
    const problems = [
      ...inputProblems(params, 'params'),
      ...inputProblems(request.query, 'query'),
      ...inputProblems(request.body, 'body'),
    ];
    if (problems.length) throw new InputBoundaryError(problems);
  });
}
