import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dateInput, optionalDateInput } from './fields.ts';
import { parseForm } from './forms.ts';
import { createViewEnvironment } from './views.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const today = () => '2026-12-07';
const schema = z.object({
  dateOfBirth: dateInput('Date of birth', { when: 'past', today }),
  dueOn: optionalDateInput('Due date', { when: 'todayOrFuture', today }),
});
const boxes = (d: string, m: string, y: string) => ({
  'dateOfBirth-day': d,
  'dateOfBirth-month': m,
  'dateOfBirth-year': y,
});

function problem(body: Record<string, unknown>, field = 'dateOfBirth') {
  const result = parseForm(schema, body);
  if (result.ok) throw new Error('expected a problem');
  return {
    ...result.errors.byField[field],
    href: result.errors.summary.find((s) => s.text === result.errors.byField[field]?.text)?.href,
  };
}

describe('GOV.UK date input fields', () => {
  it('reads the three boxes into a civil date, and a blank optional date as undefined', () => {
    const result = parseForm(schema, {
      ...boxes('3', '9', '2015'),
      'dueOn-day': '',
      'dueOn-month': '',
      'dueOn-year': '',
    });
    expect(result).toEqual({ ok: true, value: { dateOfBirth: '2015-09-03', dueOn: undefined } });
    expect(parseForm(schema, { dateOfBirth: '2015-09-03' })).toMatchObject({
      ok: true,
      value: { dateOfBirth: '2015-09-03' },
    });
  });

  it('asks for a missing date, or the missing part, highlighting the boxes at fault', () => {
    expect(problem({})).toEqual({
      text: 'Enter date of birth',
      parts: ['day', 'month', 'year'],
      href: '#dateOfBirth-day',
    });
    expect(problem(boxes('3', '', '2015'))).toEqual({
      text: 'Date of birth must include a month',
      parts: ['month'],
      href: '#dateOfBirth-month',
    });
    expect(problem(boxes('', '', '2015'))).toMatchObject({
      text: 'Date of birth must include a day and month',
      parts: ['day', 'month'],
    });
  });

  it('refuses a date that does not exist, naming the wrong part', () => {
    expect(problem(boxes('3', '13', '2015'))).toMatchObject({
      text: 'Date of birth must be a real date',
      parts: ['month'],
    });
    expect(problem(boxes('31', '4', '2015'))).toMatchObject({
      text: 'Date of birth must be a real date',
      parts: ['day'],
    });
    expect(problem(boxes('29', '2', '2015'))).toMatchObject({ parts: ['day'] });
    expect(parseForm(schema, boxes('29', '2', '2016')).ok).toBe(true);
    expect(problem(boxes('x', '2', '2015'))).toMatchObject({ parts: ['day'] });
    expect(problem(boxes('3', '2', '15'))).toMatchObject({
      text: 'Year must include 4 numbers',
      parts: ['year'],
    });
    expect(problem({ dateOfBirth: '2015-02-30' })).toMatchObject({
      text: 'Date of birth must be a real date',
    });
  });

  it('keeps the date on the right side of today', () => {
    expect(problem(boxes('7', '12', '2026'))).toMatchObject({
      text: 'Date of birth must be in the past',
      parts: ['day', 'month', 'year'],
    });
    expect(
      problem(
        { ...boxes('1', '1', '2015'), 'dueOn-day': '6', 'dueOn-month': '12', 'dueOn-year': '2026' },
        'dueOn',
      ),
    ).toMatchObject({
      text: 'Due date must be today or in the future',
      href: '#dueOn-day',
    });
  });
});

describe('the dateInput macro', () => {
  const env = createViewEnvironment([path.resolve(here, '../../modules')]);
  const render = (context: object) =>
    env.renderString(
      '{% from "macros/date-input.njk" import dateInput %}{{ dateInput({ name: "dateOfBirth", legend: "Date of birth", values: values, errors: errors }) }}',
      context,
    );

  it('names the boxes <name>-day, -month, -year and shows the date held', () => {
    const html = render({ values: { dateOfBirth: '2015-09-03' } });
    expect(html).toContain('name="dateOfBirth-day"');
    expect(html).toContain('id="dateOfBirth-year"');
    expect(html).toMatch(/name="dateOfBirth-day"[^>]*value="3"/);
    expect(html).toMatch(/name="dateOfBirth-month"[^>]*value="9"/);
    expect(html).toMatch(/name="dateOfBirth-year"[^>]*value="2015"/);
    expect(html).not.toContain('govuk-input--error');
  });

  it('shows what was typed and highlights only the box at fault', () => {
    const html = render({
      values: boxes('3', '', '2015'),
      errors: {
        summary: [],
        byField: { dateOfBirth: { text: 'Date of birth must include a month', parts: ['month'] } },
      },
    });
    expect(html).toContain('Date of birth must include a month');
    expect(html.match(/govuk-input--error/g)).toHaveLength(1);
    expect(html).toMatch(
      /govuk-input--error"[^>]*id="dateOfBirth-month"|id="dateOfBirth-month"[^>]*govuk-input--error/,
    );
  });
});
