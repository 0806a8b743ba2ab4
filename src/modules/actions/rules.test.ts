import { describe, expect, it } from 'vitest';
import { checkNewAction, isSmart, missingForSmart, statusOf } from './rules.ts';

const smart = {
  owningOrganisationId: 3,
  ownerName: 'Head of Safeguarding, Testshire Police',
  dueOn: '2027-01-31',
  measurableOutcome: 'Every strategy discussion in the March audit has police attendance recorded',
};

describe('SMART actions', () => {
  it('is SMART with an owning agency, a named owner, a due date and a measurable outcome', () => {
    expect(isSmart(smart)).toBe(true);
    expect(missingForSmart(smart)).toEqual([]);
  });

  it('accepts an owner account in place of a named owner', () => {
    expect(isSmart({ ...smart, ownerName: null, ownerUserId: 'a-user' })).toBe(true);
  });

  it('names each missing part, and blank text counts as missing', () => {
    expect(missingForSmart({ ...smart, owningOrganisationId: null })).toEqual(['an owning agency']);
    expect(missingForSmart({ ...smart, ownerName: '  ' })).toEqual(['a named owner']);
    expect(missingForSmart({ ...smart, dueOn: null })).toEqual(['a due date']);
    expect(missingForSmart({ ...smart, measurableOutcome: '' })).toEqual(['a measurable outcome']);
    expect(
      missingForSmart({ owningOrganisationId: null, ownerName: null, dueOn: null, measurableOutcome: null }),
    ).toHaveLength(4);
    expect(isSmart({ ...smart, dueOn: null })).toBe(false);
  });
});

describe('overdue', () => {
  it('is an open action past its due date, computed against today', () => {
    expect(statusOf('open', '2026-12-06', '2026-12-07')).toBe('overdue');
    // Due today is not yet overdue; it becomes overdue tomorrow.
    expect(statusOf('open', '2026-12-07', '2026-12-07')).toBe('open');
    expect(statusOf('open', null, '2026-12-07')).toBe('open');
    expect(statusOf('done', '2026-01-01', '2026-12-07')).toBe('done');
    expect(statusOf('dropped', '2026-01-01', '2026-12-07')).toBe('dropped');
  });
});

describe('a new action', () => {
  it('may not be due before the day it is agreed', () => {
    const errors = checkNewAction(
      { description: 'x', owningOrganisationId: 1, dueOn: '2026-12-06' },
      '2026-12-07',
    );
    expect(errors.byField.dueOn?.text).toMatch(/on or after/);
    expect(
      checkNewAction({ description: 'x', owningOrganisationId: 1, dueOn: '2026-12-07' }, '2026-12-07')
        .summary,
    ).toEqual([]);
  });

  it('needs an owning agency where the form asks for one', () => {
    const action = { description: 'x', owningOrganisationId: null, dueOn: null };
    expect(checkNewAction(action, '2026-12-07').summary).toEqual([]);
    expect(
      checkNewAction(action, '2026-12-07', { requireOwningAgency: true }).byField.owningOrganisationId?.text,
    ).toBe('Select the agency that owns the action');
  });
});
