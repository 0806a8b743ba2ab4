/** What the Operation Encompass pages share: the audit of listed children, and a notice's facts for the policy. */
import type { FastifyRequest } from 'fastify';
import type { RecordFacts } from '../../../platform/auth/permissions.ts';
import type { EncompassServices } from '../page-services.ts';

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
