/**
 * The figures as the pages and the yearly report word them: a yes/no question gives the share
 * of schools answering yes, a number question its sum and mean, a choice question how many chose
 * each option, a text question how many answered.
 */
import { PHASES } from '../registry/index.ts';
import type { ComposedQuestion, Results } from './service.ts';
import type { AuditQuestion } from './tables.ts';
import { type Tally, mean, numberText, percentText, shareYes } from './tally.ts';

export const phaseLabel = (phase: string) => PHASES[phase as keyof typeof PHASES] ?? phase;

const schools = (n: number) => `${n.toLocaleString('en-GB')} school${n === 1 ? '' : 's'}`;

/** One figure in words, e.g. "76% yes (206 of 271)". */
export function figureText(
  question: Pick<AuditQuestion, 'kind' | 'choices'>,
  tally: Tally | null | undefined,
): string {
  if (!tally || tally.answered === 0) return 'No answers';
  switch (question.kind) {
    case 'yes_no':
      return `${percentText(shareYes(tally))} yes (${tally.yes.toLocaleString('en-GB')} of ${(tally.yes + tally.no).toLocaleString('en-GB')})`;
    case 'number':
      return `${numberText(tally.sum)} in all; mean ${numberText(mean(tally) == null ? null : Math.round(mean(tally)! * 10) / 10)} (${schools(tally.numbers)})`;
    case 'choice':
      return question.choices
        .map((c) => `${c}: ${(tally.choices[c] ?? 0).toLocaleString('en-GB')}`)
        .join('; ');
    default:
      return `${schools(tally.answered)} answered`;
  }
}

/** The figure's headline value for the yearly report: a percentage, a sum, or a count. */
export function reportValue(
  question: Pick<AuditQuestion, 'kind' | 'choices'>,
  tally: Tally | null,
): number | string {
  if (!tally || tally.answered === 0) return 'no answers';
  switch (question.kind) {
    case 'yes_no':
      return percentText(shareYes(tally));
    case 'number':
      return tally.sum;
    default:
      return figureText(question, tally);
  }
}

/** Which answer the schools behind a figure gave: yes for a yes/no share, any number for a sum. */
export function behindAnswer(question: Pick<AuditQuestion, 'kind'>): string | undefined {
  if (question.kind === 'yes_no') return 'yes';
  if (question.kind === 'number') return 'number';
  return undefined;
}

/** The link to the schools behind a figure. */
export function behindHref(
  yearId: number,
  questionId: number,
  filter: { answer?: string | undefined; phase?: string; district?: number; year?: 'this' | 'last' },
) {
  const params = new URLSearchParams();
  if (filter.answer) params.set('answer', filter.answer);
  if (filter.phase) params.set('phase', filter.phase);
  if (filter.district) params.set('district', String(filter.district));
  if (filter.year === 'last') params.set('year', 'last');
  const query = params.toString();
  return `/schools-audit/years/${yearId}/results/questions/${questionId}/schools${query ? `?${query}` : ''}`;
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A figure cell: a link to the schools behind it for the team, plain text for the executive. */
export function figureCell(text: string, href: string | null) {
  return href
    ? { html: `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}</a>` }
    : { text };
}

/** The table of every question's figure, this year and last. */
export function questionsTable(results: Results, options: { linkSchools: boolean; onlyReported?: boolean }) {
  const { year } = results;
  const rows = results.questions
    .filter((c) => !options.onlyReported || c.question.reportLabel)
    .map((c: ComposedQuestion) => {
      const answer = behindAnswer(c.question);
      const detail = `/schools-audit/years/${year.id}/results/questions/${c.question.id}`;
      const label = options.onlyReported ? (c.question.reportLabel ?? c.question.text) : c.question.text;
      return [
        {
          html: `<a class="govuk-link" href="${detail}">${escapeHtml(label)}</a>${c.question.newThisYear ? ' <strong class="govuk-tag govuk-tag--blue">New</strong>' : ''}`,
        },
        figureCell(
          figureText(c.question, c.now?.all),
          options.linkSchools && c.now?.all.answered ? behindHref(year.id, c.question.id, { answer }) : null,
        ),
        figureCell(
          c.lastQuestionId ? figureText(c.question, c.last?.all) : 'Not asked',
          options.linkSchools && c.lastQuestionId && c.last?.all.answered && results.before
            ? behindHref(year.id, c.question.id, { answer, year: 'last' })
            : null,
        ),
      ];
    });
  return rows;
}
