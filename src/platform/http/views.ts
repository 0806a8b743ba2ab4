/**
 * The Nunjucks environment every page is rendered with: the modules' views, the platform's, and
 * GOV.UK Frontend's, with the filters the pages share.
 *
 * Rendering was most of a page's CPU time (a profile of the audited bench page: 27 % of the
 * server's samples, 2.3 ms a render), and most of that was not the page: the layout imports 22
 * GOV.UK macro files, and Nunjucks runs each imported file again on every render to collect its
 * macros. Four changes, each leaving the HTML byte for byte the same (views.test.ts):
 *   - an `{% from … import %}` / `{% import %}` without context collects a template's macros once
 *     and keeps them with the (cached) template: such macros see only their own file, never the
 *     page, so they are the same on every render;
 *   - a relative name (the GOV.UK macros' `include "./template.njk"`) is resolved once, not with
 *     path.resolve on every call;
 *   - Frame.set splits a dotted name ("loop.index") once, not on every iteration, and names with
 *     no dot not at all;
 *   - the trim filter uses String.prototype.trim, not a regular expression that backtracks over
 *     the long blocks the GOV.UK templates trim.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { type Brand, loadConfig } from '../config/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
export const govukDist = path.join(root, 'node_modules/govuk-frontend/dist');

/** Building an Intl.DateTimeFormat costs far more than formatting with one: build each once. */
// The GOV.UK style for a moment: "6 December 2026 at 10:30pm" ("midnight", "midday" on the hour of 12).
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});
export function londonDateTimeText(date: Date): string {
  const parts = Object.fromEntries(LONDON_TIME.formatToParts(date).map((p) => [p.type, p.value]));
  const period = (parts.dayPeriod ?? '').toLowerCase().replace(/\./g, '');
  const time =
    parts.hour === '12' && parts.minute === '00'
      ? period === 'am'
        ? 'midnight'
        : 'midday'
      : `${parts.hour}:${parts.minute}${period}`;
  return `${LONDON_DAY.format(date)} at ${time}`;
}
const CIVIL_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' });
const WHOLE_NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
/** 'YYYY-MM-DD' → '2 September 2026', as formatted before. */
const civilDates = new Map<string, string>();

type Callback = (error: unknown, value?: unknown) => void;
interface TemplateInternals {
  getExported(ctx: unknown, parentFrame?: unknown, cb?: Callback): void;
}
interface FrameInternals {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): FrameInternals | undefined;
  set(name: string, value: unknown, resolveUp?: boolean): void;
}

let patched = false;

/** Off only in views.test.ts, to compare each page with what plain Nunjucks renders. */
export const nunjucksSpeedUps = { on: true };

/** The speed-ups to Nunjucks' own classes (done once per process; see the file's comment). */
function speedUpNunjucks() {
  if (patched) return;
  patched = true;

  const template = (nunjucks.Template as unknown as { prototype: TemplateInternals }).prototype;
  const getExported = template.getExported;
  /** A template's macros, collected by an import without context; dropped with the template. */
  const exportedBy = new WeakMap<object, unknown>();
  template.getExported = function (
    this: TemplateInternals,
    ctx: unknown,
    parentFrame?: unknown,
    cb?: Callback,
  ) {
    // The compiled `{% from "x" import y %}` calls getExported(cb): no context, no frame.
    if (nunjucksSpeedUps.on && typeof ctx === 'function' && parentFrame === undefined && cb === undefined) {
      const done = ctx as Callback;
      if (exportedBy.has(this)) return done(null, exportedBy.get(this));
      return getExported.call(this, (error: unknown, exported?: unknown) => {
        if (!error) exportedBy.set(this, exported);
        done(error, exported);
      });
    }
    return getExported.call(this, ctx, parentFrame, cb);
  };

  const frame = (nunjucks.runtime as unknown as { Frame: { prototype: FrameInternals } }).Frame.prototype;
  const set = frame.set;
  /** Dotted names ("loop.index", set on every iteration of every loop) split once. */
  const splitNames = new Map<string, string[]>();
  frame.set = function (this: FrameInternals, name: string, value: unknown, resolveUp?: boolean) {
    if (!nunjucksSpeedUps.on) return set.call(this, name, value, resolveUp);
    if (!name.includes('.')) {
      // As the original without the split: a write resolves up to the frame holding the name.
      const target = (resolveUp && this.resolve(name, true)) || this;
      target.variables[name] = value;
      return;
    }
    let parts = splitNames.get(name);
    if (!parts) {
      parts = name.split('.');
      splitNames.set(name, parts);
    }
    if (resolveUp) {
      const target = this.resolve(parts[0]!, true);
      if (target) return target.set(name, value);
    }
    let object = this.variables;
    for (let i = 0; i < parts.length - 1; i++) {
      const id = parts[i]!;
      if (!object[id]) object[id] = {};
      object = object[id] as Record<string, unknown>;
    }
    object[parts[parts.length - 1]!] = value;
  };
}

/** Nunjucks' trim filter, with String.prototype.trim (the same characters) for its regular expression, which backtracks over long blocks. */
function trim(value: string): unknown {
  const runtime = nunjucks.runtime as unknown as { copySafeness(source: unknown, result: string): unknown };
  return runtime.copySafeness(value, value.trim());
}

let govukCss: string | undefined;

/**
 * GOV.UK Frontend's stylesheet for a service off GOV.UK (the Design System asks such services not
 * to use GDS Transport, the crown or the Royal Arms): without the GDS Transport font faces, in
 * the system font stack, and in the partnership's colour. GOV.UK Frontend ships compiled CSS only
 * with GDS Transport ($govuk-font-family is a Sass setting), so the compiled file is rewritten once.
 */
export function partnershipStylesheet(brand: Pick<Brand, 'colour'>): string {
  govukCss ??= readFileSync(path.join(govukDist, 'govuk/govuk-frontend.min.css'), 'utf8')
    .replace(/@font-face\{font-family:"?GDS Transport"?;[^}]*\}/g, '')
    .replace(/"?GDS Transport"?,\s*arial,\s*sans-serif/g, 'arial,helvetica,sans-serif');
  if (govukCss.includes('GDS Transport')) throw new Error('GOV.UK Frontend names GDS Transport in a new way');
  const c = brand.colour;
  return `${govukCss}
:root{--govuk-brand-colour:${c}}
.govuk-generic-header{background:${c};--govuk-text-colour:#fff;color:#fff}
.govuk-footer{border-top-color:${c}}
`;
}

let fallbackBrand: Brand | undefined;

export function createViewEnvironment(viewDirs: string[], options: { brand?: Brand } = {}) {
  speedUpNunjucks();
  const env = nunjucks.configure([...viewDirs, path.join(here, '../views'), govukDist], {
    autoescape: true,
    throwOnUndefined: false,
    noCache: process.env.NODE_ENV === 'development' && process.env.VIEW_CACHE !== 'on',
  });
  // Relative names resolve against their parent's path, which never changes: resolve each once.
  const resolveTemplate = (
    env as unknown as { resolveTemplate: (loader: unknown, parent: string, name: string) => string }
  ).resolveTemplate;
  const resolved = new Map<string, Map<string, string>>();
  Object.assign(env, {
    resolveTemplate(loader: unknown, parent: string | null, name: string): string {
      if (!nunjucksSpeedUps.on || !parent || !(name.startsWith('./') || name.startsWith('../')))
        return resolveTemplate.call(env, loader, parent as string, name);
      let names = resolved.get(parent);
      if (!names) {
        names = new Map();
        resolved.set(parent, names);
      }
      let result = names.get(name);
      if (result === undefined) {
        result = resolveTemplate.call(env, loader, parent, name);
        names.set(name, result);
      }
      return result;
    },
  });
  // The partnership's name, logo, colour and links (PARTNERSHIP_NAME, … in the configuration).
  fallbackBrand ??= loadConfig({ NODE_ENV: 'test' }).brand;
  env.addGlobal('brand', options.brand ?? fallbackBrand);
  const plainTrim = env.getFilter('trim');
  env.addFilter('trim', (value: string) => (nunjucksSpeedUps.on ? trim(value) : plainTrim(value)));
  // The layout's parts that are the same on every page, or for every page with the same links.
  const SafeString = (nunjucks.runtime as unknown as { SafeString: new (html: string) => unknown })
    .SafeString;
  const parts = new Map<string, unknown>();
  const cacheParts = !(env as unknown as { opts: { noCache?: boolean } }).opts.noCache;
  env.addGlobal('layoutPart', (name: string, context?: Record<string, unknown>) => {
    const render = () => new SafeString(env.render(`parts/${name}.njk`, context ?? {}));
    if (!cacheParts || !nunjucksSpeedUps.on) return render();
    const key = context ? `${name} ${JSON.stringify(context)}` : name;
    let html = parts.get(key);
    if (html === undefined) {
      if (parts.size >= 1000) parts.clear(); // a bound, far above the roles × pages there are
      html = render();
      parts.set(key, html);
    }
    return html;
  });
  env.addFilter('londonDateTime', (value: Date | string | null) => {
    if (!value) return '';
    const date = typeof value === 'string' ? new Date(value) : value;
    return londonDateTimeText(date);
  });
  env.addFilter('civilDate', (value: string | null) => {
    if (!value) return '';
    // Formatting costs microseconds and a page may show dozens of dates, mostly the same few.
    let text = civilDates.get(value);
    if (text === undefined) {
      const [y, m, d] = value.split('-').map(Number);
      text = CIVIL_DATE.format(new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)));
      if (civilDates.size >= 10_000) civilDates.clear();
      civilDates.set(value, text);
    }
    return text;
  });
  // 12,345: counts are read more easily with thousands separated.
  env.addFilter('number', (value: number | string | null) =>
    value === null || value === undefined ? '' : WHOLE_NUMBER.format(Number(value)),
  );
  return env;
}
