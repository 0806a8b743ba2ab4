/** What the Operation Encompass pages share: the audit of listed children, and a notice's facts for the policy. */
import type { FastifyRequest } from 'fastify';
import type { RecordFacts } from '../../../platform/auth/permissions.ts';
import type { EncompassServices } from '../page-services.ts';
import { DATE_PARTS, type DatePart, readDateInput } from '../../../platform/http/fields.ts';

/** A list shows children's names: each child shown is an entry in the audit log (one round trip). */
export const auditListed = (
  request: FastifyRequest,
  services: EncompassServices,
  rows: readonly { id: string; childId: string | null }[],
) =>
  request.audit(
    services.db,
    rows.map((n) => ({ action: 'list', recordType: 'encompass-notice', recordId: n.id, childId: n.childId })),
  );

/** Whose a notice is (its setting or team) and its state, for the policy to decide who may see or acknowledge it. */
export const noticeFacts = (notice: {
  settingId: number | null;
  teamId: number | null;
  recipient: string;
  status: string;
}): RecordFacts => ({
  settingIds: notice.recipient === 'setting' && notice.settingId ? [notice.settingId] : [],
  teamIds: notice.teamId ? [notice.teamId] : [],
  state: notice.status,
});

/** A date read from a GOV.UK date input's boxes by the platform's date field, or its problem. */
export type DateAnswer = { ok: true; value: string } | { ok: false; message: string; parts: DatePart[] };

/** The date in boxes `<name>-day`, `-month`, `-year` (platform readDateInput); `blank` is the message for none. */
export function readDateBoxes(
  values: Record<string, unknown>,
  name: string,
  label: string,
  blank: string,
): DateAnswer {
  const read = readDateInput(
    { day: values[`${name}-day`], month: values[`${name}-month`], year: values[`${name}-year`] },
    label,
  );
  if ('date' in read) return { ok: true, value: read.date };
  if ('blank' in read) return { ok: false, message: blank, parts: [...DATE_PARTS] };
  return { ok: false, message: read.problem.message, parts: read.problem.parts };
}
