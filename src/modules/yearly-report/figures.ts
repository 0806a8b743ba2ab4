/**
 * Figures of the yearly report with stable keys (`<module>.<label as a slug>`), and the narrative's
 * live references to them: `{{figure:training.mean-feedback-rating-1-to-5}}` is replaced by the
 * figure's value when the page is drawn, so the words cannot drift from the data.
 * `{{contents:N}}` marks where the narrative covers Working Together item N (it draws nothing).
 */
import { createHash } from 'node:crypto';
import type {
  ModuleReportSection,
  ReportChart,
  ReportNote,
  ReportQuote,
} from '../../platform/modules/define-module.ts';

export interface Figure {
  key: string;
  label: string;
  value: number | string;
  source: string;
  definition: string;
  /** Records behind it, where known: the module's own, or the value when it is a whole number. */
  count: number | null;
  /** Where staff allowed to see them open the records (versions frozen before it existed lack it). */
  recordsHref?: string;
  /** What the linked records are when not those counted, or why none are listed. */
  recordsNote?: string;
  /** What it counts, where the module says (absent: children). */
  countOf?: 'children' | 'adults' | 'settings' | 'other';
}

export interface Section {
  module: string;
  title: string;
  figures: Figure[];
  /** Quotes, notes and charts (absent from versions frozen before they existed). */
  quotes?: ReportQuote[];
  notes?: ReportNote[];
  charts?: ReportChart[];
}

export const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'figure';

/** The sections with each figure keyed; a second figure of the same label in a module gets `-2`. */
export function keyedSections(sections: readonly ModuleReportSection[]): Section[] {
  return sections.map(({ module, section }) => {
    const seen = new Map<string, number>();
    return {
      module,
      title: section.title,
      figures: section.figures.map((f) => {
        const base = `${module}.${slug(f.label)}`;
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        return {
          key: n === 1 ? base : `${base}-${n}`,
          label: f.label,
          value: f.value,
          source: f.source ?? '',
          definition: f.definition?.trim() || `${f.label}: ${f.source}`,
          count:
            f.count ??
            (typeof f.value === 'number' && Number.isInteger(f.value) && f.value >= 0 ? f.value : null),
          ...(f.recordsHref ? { recordsHref: f.recordsHref } : {}),
          ...(f.recordsNote ? { recordsNote: f.recordsNote } : {}),
          ...(f.countOf ? { countOf: f.countOf } : {}),
        };
      }),
      quotes: section.quotes ?? [],
      notes: section.notes ?? [],
      charts: section.charts ?? [],
    };
  });
}

export const figureIndex = (sections: readonly Section[]) =>
  new Map(sections.flatMap((s) => s.figures.map((f) => [f.key, f] as const)));

export const FIGURE_TOKEN = /\{\{\s*figure:([a-z0-9.-]+)\s*\}\}/g;
export const CONTENTS_TOKEN = /\{\{\s*contents:(\d{1,2})\s*\}\}/g;

/** The figure keys the text refers to, in order. */
export const referencesIn = (text: string) => [...text.matchAll(FIGURE_TOKEN)].map((m) => m[1]!);

/** The text with each reference replaced by its figure's value (an unknown one stays visible as such). */
export function resolveText(text: string, figures: ReadonlyMap<string, Figure>): string {
  return text
    .replace(FIGURE_TOKEN, (_, key: string) => {
      const f = figures.get(key);
      return f ? formatValue(f.value) : `[unknown figure ${key}]`;
    })
    .replace(CONTENTS_TOKEN, '');
}

export const formatValue = (value: number | string) =>
  typeof value === 'number' ? value.toLocaleString('en-GB') : value;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The narrative as HTML: blank lines part paragraphs, a line starting `## ` is a heading; each
 * reference becomes its value, linked to how it was counted.
 */
export function narrativeHtml(
  narrative: string,
  figures: ReadonlyMap<string, Figure>,
  href: (key: string) => string,
): string {
  const inline = (text: string) =>
    text
      .split(/(\{\{\s*figure:[a-z0-9.-]+\s*\}\}|\{\{\s*contents:\d{1,2}\s*\}\})/)
      .map((part) => {
        const ref = /^\{\{\s*figure:([a-z0-9.-]+)\s*\}\}$/.exec(part);
        if (ref) {
          const f = figures.get(ref[1]!);
          return f
            ? `<a class="govuk-link" href="${escapeHtml(href(f.key))}" title="${escapeHtml(f.label)}">${escapeHtml(formatValue(f.value))}</a>`
            : `<strong class="govuk-tag govuk-tag--red">unknown figure ${escapeHtml(ref[1]!)}</strong>`;
        }
        if (/^\{\{\s*contents:/.test(part)) return '';
        return escapeHtml(part);
      })
      .join('');
  return narrative
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) =>
      block.startsWith('## ')
        ? `<h3 class="govuk-heading-m">${inline(block.slice(3).trim())}</h3>`
        : `<p class="govuk-body">${inline(block).replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
}

/** Canonical JSON (keys sorted) so the same data always gives the same checksum. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the period, the sections with every figure, and the narrative. */
export function checksumOf(data: { from: string; to: string; sections: Section[]; narrative: string }) {
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}
