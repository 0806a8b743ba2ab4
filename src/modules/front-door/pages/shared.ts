/** What the front door's pages share: its services, a referral's facts for the policy, and the referral loaded and checked. */
import type { FastifyRequest } from 'fastify';
import type { Permission, RecordFacts } from '../../../platform/auth/permissions.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import type { PlatformServices } from '../../../platform/modules/define-module.ts';
import type { ChildrenService } from '../../children/index.ts';
import type { FrontDoorService } from '../service.ts';
import type { Referral } from '../tables.ts';

export type FrontDoorServices = PlatformServices & { children: ChildrenService; frontDoor: FrontDoorService };

/** Who made a referral, where, its state, and whether (and for whom) it is sampled for audit. */
export function referralFacts(r: Referral): RecordFacts {
  return {
    referrerUserIds: r.referrerUserId ? [r.referrerUserId] : [],
    settingIds: r.settingId ? [r.settingId] : [],
    teamIds: r.teamId ? [r.teamId] : [],
    organisationIds: r.organisationId ? [r.organisationId] : [],
    state: r.status,
  };
}

/** Loads a referral and checks the user may do this to it: 404 (and the attempt audited) otherwise. */
export async function loadReferral(
  request: FastifyRequest,
  services: FrontDoorServices,
  id: number,
  permission: Permission,
) {
  const r = await services.frontDoor.referral(id);
  // A draft is its referrer's alone (not yet received, the front door has not got it); only a draft is edited.
  const own = r?.referrerUserId != null && r.referrerUserId === request.user?.id;
  const visible =
    r !== undefined &&
    (r.status !== 'draft' || own) &&
    (permission !== 'referral:edit' || (r.status === 'draft' && own));
  if (r && !visible) {
    await request.audit(services.db, { recordType: 'referral', recordId: id, outcome: 'not_found' });
    throw new NotFoundError();
  }
  await request.authorise(permission, r ? referralFacts(r) : {}, { type: 'referral', id });
  if (!r) throw new NotFoundError();
  const children = await services.frontDoor.referralChildren(id);
  return { referral: r, children };
}

/** Dates for the pages: today as London has it. */
export const todayInLondon = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

export const radioItems = (entries: Record<string, string>, selected: unknown) =>
  Object.entries(entries).map(([value, text]) => ({
    value,
    text,
    checked: String(selected ?? '') === value,
  }));
