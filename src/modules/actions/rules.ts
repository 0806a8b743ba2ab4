/**
 * The action tracker's rules, pure: what makes an action SMART, when it is overdue, and what a
 * new action must have before it is saved. Used by the service, the forms and other modules.
 */
import { dateInWords } from '../../platform/http/fields.ts';
import { type FormErrors, formError, noErrors } from '../../platform/http/forms.ts';
import type { StoredActionStatus } from './tables.ts';

/** What a reader sees: overdue is an open action past its due date, computed when read. */
export type ActionStatus = 'open' | 'overdue' | 'done' | 'dropped';

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  overdue: 'Overdue',
  done: 'Done',
  dropped: 'Dropped',
};

/** The parts of a SMART action. */
export interface SmartParts {
  owningOrganisationId: number | null;
  ownerName: string | null;
  ownerUserId?: string | null;
  dueOn: string | null;
  measurableOutcome: string | null;
}

const present = (v: string | null | undefined) => v != null && v.trim() !== '';

/** What a not-SMART action lacks, in the words the pages show. Empty when it is SMART. */
export function missingForSmart(action: SmartParts): string[] {
  const missing: string[] = [];
  if (action.owningOrganisationId == null) missing.push('an owning agency');
  if (!present(action.ownerName) && !present(action.ownerUserId)) missing.push('a named owner');
  if (!present(action.dueOn)) missing.push('a due date');
  if (!present(action.measurableOutcome)) missing.push('a measurable outcome');
  return missing;
}

/** Owner agency + named owner (or account) + due date + measurable outcome all present. */
export function isSmart(action: SmartParts): boolean {
  return missingForSmart(action).length === 0;
}

/**
 * Overdue: still open after its due date. An action due today is not overdue until tomorrow, the
 * day the reminder says it has become overdue.
 */
export function statusOf(stored: StoredActionStatus, dueOn: string | null, today: string): ActionStatus {
  if (stored === 'open' && dueOn != null && dueOn < today) return 'overdue';
  return stored;
}

/** The problems with a new action before it is saved; `today` is the date it is being agreed. */
export function checkNewAction(
  action: { description: string; owningOrganisationId: number | null; dueOn: string | null },
  createdOn: string,
  options: { requireOwningAgency?: boolean; prefix?: string } = {},
): FormErrors {
  const errors = noErrors();
  const field = (name: string) => `${options.prefix ?? ''}${name}`;
  if (!action.description.trim()) formError(field('description'), 'Enter what is to be done', errors);
  if (options.requireOwningAgency && action.owningOrganisationId == null)
    formError(field('owningOrganisationId'), 'Select the agency that owns the action', errors);
  if (action.dueOn != null && action.dueOn < createdOn)
    formError(
      field('dueOn'),
      `The due date must be on or after the date the action was agreed (${dateInWords(createdOn)})`,
      errors,
      ['day', 'month', 'year'],
    );
  return errors;
}
