/**
 * The checks a draft must pass before it is published, each naming the figure (or quoting the
 * words) at fault: percentages and "1 in N" that disagree with their counts, stated totals that do
 * not add up, dates that do not exist (the reference report's "31/11/2023"), references to figures
 * that do not exist, figures with no source, figures from fewer than 5 records (could identify a
 * child) unless waived, a Working Together item no section or narrative meets unless waived, and a
 * period that has not ended (its data is incomplete).
 */
import { type Figure, type Section, figureIndex, referencesIn, resolveText } from './figures.ts';

export type CheckName =
  | 'percentage'
  | 'one-in-n'
  | 'total'
  | 'date'
  | 'unknown-figure'
  | 'no-source'
  | 'small-count'
  | 'contents'
  | 'incomplete-period';

export interface Problem {
  check: CheckName;
  /** The figure at fault, when there is one. */
  figure?: string;
  message: string;
  /** Set when the business unit may waive it with a reason. */
  waiver?: { kind: 'small_count' | 'contents'; key: string };
  /** The reason it was waived; a waived problem does not block publication. */
  waived?: string;
}

/** The ten contents chapter 2 of Working Together 2023 requires, and the sections that usually meet each. */
export const WORKING_TOGETHER_CONTENTS: readonly { n: number; text: string; modules: readonly string[] }[] = [
  {
    n: 1,
    text: 'Evidence of the impact of the work of the safeguarding partners and relevant agencies, including training, on outcomes for children and families',
    modules: ['training', 'encompass', 'front-door', 'journey', 'exploitation'],
  },
  {
    n: 2,
    text: 'An analysis of any areas where there has been little or no evidence of progress on agreed priorities',
    modules: ['governance'],
  },
  {
    n: 3,
    text: 'A record of decisions and actions taken to implement the recommendations of local and national child safeguarding practice reviews, and their impact',
    modules: ['reviews', 'actions'],
  },
  {
    n: 4,
    text: 'Ways in which the partners have sought and used feedback from children and families',
    modules: ['surveys'],
  },
  {
    n: 5,
    text: 'The breakdown of costs of the arrangements, the partners’ contributions, changes to funding, and the impact and value for money of this funding',
    modules: ['governance'],
  },
  {
    n: 6,
    text: 'Evidence of adequate representation and input of education at operational and strategic levels',
    modules: ['registry', 'schools-audit'],
  },
  {
    n: 7,
    text: 'An overview of how data is used to encourage learning, and how information sharing has improved practice and outcomes',
    modules: ['quality', 'linkage', 'children'],
  },
  {
    n: 8,
    text: 'A review of the impact and learning from independent scrutiny arrangements',
    modules: ['governance'],
  },
  {
    n: 9,
    text: 'Any updates to the published arrangements and the proposed timescale for implementation',
    modules: ['governance'],
  },
  {
    n: 10,
    text: 'Evidence that national reforms have been implemented, with key decisions and issues encountered',
    modules: ['governance'],
  },
];

const num = (s: string) => Number(s.replace(/,/g, ''));
const quote = (s: string) => `“${s.trim().slice(0, 120)}”`;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** A percentage agrees with n of d when it is n/d rounded to the places it is written with. */
export function percentAgrees(n: number, d: number, stated: string): boolean {
  if (d <= 0) return false;
  const places = stated.includes('.') ? stated.split('.')[1]!.length : 0;
  return Math.abs((100 * n) / d - Number(stated)) <= 0.5 * 10 ** -places + 1e-9;
}

/** "1 in N" agrees with n of d when d/n rounds (or truncates) to N. */
export function oneInAgrees(n: number, d: number, stated: number): boolean {
  if (n <= 0 || d <= 0) return false;
  const ratio = d / n;
  return Math.round(ratio) === stated || Math.floor(ratio) === stated;
}

/**
 * Arithmetic in one piece of text (a sentence of the narrative, or a figure's value): percentages
 * and "1 in N" beside their counts ("12 of 40 (30%)", "30% (12 of 40)", "1 in 3 (12 of 40)"),
 * totals stated with their parts ("a total of 57 (20, 30 and 7)", "20 + 30 = 50"), and dates.
 * `name` says where it is: the figure, or the quoted words.
 */
export function checkText(text: string, name: { figure?: string; where: string }): Problem[] {
  const problems: Problem[] = [];
  const at = (check: CheckName, message: string) =>
    problems.push({
      check,
      ...(name.figure ? { figure: name.figure } : {}),
      message: `${name.where}: ${message}`,
    });
  const COUNT = String.raw`(\d[\d,]*)\s+(?:out\s+)?of\s+(?:the\s+)?(\d[\d,]*)`;
  for (const m of text.matchAll(
    new RegExp(`${COUNT}[^()\\d]{0,40}\\((\\d+(?:\\.\\d+)?)\\s*(?:%|per\\s?cent)\\)`, 'gi'),
  ))
    if (!percentAgrees(num(m[1]!), num(m[2]!), m[3]!))
      at('percentage', `${m[3]}% does not agree with ${m[1]} of ${m[2]} (${percentOf(m[1]!, m[2]!)})`);
  for (const m of text.matchAll(
    new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(?:%|per\\s?cent)[^()\\d]{0,40}\\(${COUNT}`, 'gi'),
  ))
    if (!percentAgrees(num(m[2]!), num(m[3]!), m[1]!))
      at('percentage', `${m[1]}% does not agree with ${m[2]} of ${m[3]} (${percentOf(m[2]!, m[3]!)})`);
  for (const m of text.matchAll(new RegExp(`\\b1\\s+in\\s+(\\d[\\d,]*)[^()\\d]{0,40}\\(${COUNT}`, 'gi')))
    if (!oneInAgrees(num(m[2]!), num(m[3]!), num(m[1]!)))
      at('one-in-n', `1 in ${m[1]} does not agree with ${m[2]} of ${m[3]} (1 in ${ratioOf(m[2]!, m[3]!)})`);
  for (const m of text.matchAll(new RegExp(`${COUNT}[^()\\d]{0,40}\\(1\\s+in\\s+(\\d[\\d,]*)\\)`, 'gi')))
    if (!oneInAgrees(num(m[1]!), num(m[2]!), num(m[3]!)))
      at('one-in-n', `1 in ${m[3]} does not agree with ${m[1]} of ${m[2]} (1 in ${ratioOf(m[1]!, m[2]!)})`);
  // "a total of 57 (20 …, 30 … and 7 …)" or "57 in total: 20 …, 30 … and 7 …"
  for (const m of text.matchAll(
    /\btotal(?:\s+of)?\s+(\d[\d,]*)\s*(?:\(([^)]*)\)|:\s*([^.;]*))|(\d[\d,]*)\s+in\s+total\s*(?:\(([^)]*)\)|:\s*([^.;]*))/gi,
  )) {
    const stated = num(m[1] ?? m[4]!);
    const list = m[2] ?? m[3] ?? m[5] ?? m[6] ?? '';
    const parts = [...list.matchAll(/(?<![\d.])(\d[\d,]*)(?![\d.]*\s*%)/g)].map((p) => num(p[1]!));
    if (parts.length >= 2) {
      const sum = parts.reduce((a, b) => a + b, 0);
      if (sum !== stated)
        at('total', `the stated total ${stated} is not the sum of its parts (${parts.join(' + ')} = ${sum})`);
    }
  }
  for (const m of text.matchAll(/(?<![\d.])(\d[\d,]*(?:\s*\+\s*\d[\d,]*)+)\s*=\s*(\d[\d,]*)/g)) {
    const parts = m[1]!.split('+').map((p) => num(p.trim()));
    const sum = parts.reduce((a, b) => a + b, 0);
    if (sum !== num(m[2]!)) at('total', `${m[1]} = ${m[2]} does not add up (${sum})`);
  }
  for (const m of text.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?![\d/])/g))
    if (!isRealDate(Number(m[3]), Number(m[2]), Number(m[1]))) at('date', `the date ${m[0]} does not exist`);
  for (const m of text.matchAll(
    /\b(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b/gi,
  ))
    if (!isRealDate(Number(m[3]), MONTHS.indexOf(m[2]!.toLowerCase()) + 1, Number(m[1])))
      at('date', `the date ${m[0]} does not exist`);
  for (const m of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g))
    if (!isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) at('date', `the date ${m[0]} does not exist`);
  return problems;
}

const percentOf = (n: string, d: string) =>
  num(d) ? `${((100 * num(n)) / num(d)).toFixed(1)}%` : 'nothing to divide by';
const ratioOf = (n: string, d: string) => (num(n) ? (num(d) / num(n)).toFixed(1) : '∞');

/** The narrative, sentence by sentence with its references resolved, each problem naming the figures in it. */
export function checkNarrative(narrative: string, figures: ReadonlyMap<string, Figure>): Problem[] {
  const problems: Problem[] = [];
  for (const key of new Set(referencesIn(narrative)))
    if (!figures.has(key))
      problems.push({
        check: 'unknown-figure',
        figure: key,
        message: `The narrative refers to ${key}, which no section has`,
      });
  const sentences = narrative
    .split(/\n\s*\n|(?<=[.!?])\s+(?=[A-Z“"(])/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const sentence of sentences) {
    const keys = [...new Set(referencesIn(sentence).filter((k) => figures.has(k)))];
    const resolved = resolveText(sentence, figures);
    problems.push(
      ...checkText(resolved, {
        ...(keys.length ? { figure: keys.join(', ') } : {}),
        where: keys.length
          ? `In the narrative beside ${keys.join(', ')}, ${quote(resolved)}`
          : `In the narrative, ${quote(resolved)}`,
      }),
    );
  }
  return problems;
}

/** Each figure's own value, its source, and its count of records. */
export function checkFigures(
  sections: readonly Section[],
  smallCountWaivers: ReadonlyMap<string, string>,
): Problem[] {
  const problems: Problem[] = [];
  for (const section of sections)
    for (const f of section.figures) {
      if (typeof f.value === 'string')
        problems.push(...checkText(f.value, { figure: f.key, where: `${f.key} (${f.label})` }));
      if (!f.source.trim())
        problems.push({ check: 'no-source', figure: f.key, message: `${f.key} (${f.label}) has no source` });
      // Only counts of children (or of what the module did not say) could identify a child.
      const ofChildren = !f.countOf || f.countOf === 'children';
      if (ofChildren && f.count !== null && f.count >= 1 && f.count < 5) {
        const waived = smallCountWaivers.get(f.key);
        problems.push({
          check: 'small-count',
          figure: f.key,
          message: `${f.key} (${f.label}) counts ${f.count} record${f.count === 1 ? '' : 's'}: fewer than 5 could identify a child`,
          waiver: { kind: 'small_count', key: f.key },
          ...(waived ? { waived } : {}),
        });
      }
    }
  return problems;
}

export interface ContentsItem {
  n: number;
  text: string;
  /** The sections (module names and titles) with figures that meet it. */
  sections: { module: string; title: string }[];
  /** Whether the narrative marks it with {{contents:N}}. */
  inNarrative: boolean;
  waived?: string;
  met: boolean;
}

/** The Working Together checklist: each item met by a section with figures, by the narrative, or waived. */
export function contentsChecklist(
  sections: readonly Section[],
  narrative: string,
  contentsWaivers: ReadonlyMap<string, string>,
): ContentsItem[] {
  const marked = new Set(
    [...narrative.matchAll(/\{\{\s*contents:(\d{1,2})\s*\}\}/g)].map((m) => Number(m[1])),
  );
  return WORKING_TOGETHER_CONTENTS.map((item) => {
    const meeting = sections
      .filter((s) => item.modules.includes(s.module) && s.figures.length > 0)
      .map((s) => ({ module: s.module, title: s.title }));
    const waived = contentsWaivers.get(String(item.n));
    const inNarrative = marked.has(item.n);
    return {
      n: item.n,
      text: item.text,
      sections: meeting,
      inNarrative,
      ...(waived ? { waived } : {}),
      met: meeting.length > 0 || inNarrative,
    };
  });
}

export function checkContents(checklist: readonly ContentsItem[]): Problem[] {
  return checklist
    .filter((item) => !item.met)
    .map((item) => ({
      check: 'contents' as const,
      message: `Working Together item ${item.n} is not covered: ${item.text}`,
      waiver: { kind: 'contents' as const, key: String(item.n) },
      ...(item.waived ? { waived: item.waived } : {}),
    }));
}

/** A period that has not ended yet has incomplete data. */
export function checkPeriod(period: { from: string; to: string }, today: string): Problem[] {
  return period.to >= today
    ? [
        {
          check: 'incomplete-period',
          message: `The period ends on ${period.to}, which is not yet over: its data is incomplete`,
        },
      ]
    : [];
}

/** Every check over a draft. Publication waits until none is left unwaived. */
export function runChecks(input: {
  period: { from: string; to: string };
  today: string;
  sections: readonly Section[];
  narrative: string;
  waivers: readonly { kind: string; key: string; reason: string }[];
}): { problems: Problem[]; checklist: ContentsItem[]; blocking: number } {
  const waiversOf = (kind: string) =>
    new Map(input.waivers.filter((w) => w.kind === kind).map((w) => [w.key, w.reason]));
  const figures = figureIndex(input.sections);
  const checklist = contentsChecklist(input.sections, input.narrative, waiversOf('contents'));
  const problems = [
    ...checkPeriod(input.period, input.today),
    ...checkNarrative(input.narrative, figures),
    ...checkFigures(input.sections, waiversOf('small_count')),
    ...checkContents(checklist),
  ];
  return { problems, checklist, blocking: problems.filter((p) => !p.waived).length };
}
