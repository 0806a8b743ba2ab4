/**
 * A referral to the Family Front Door made by the GET SAFE team's triage of an exploitation
 * concern (the outcome "refer to the Family Front Door"). GET SAFE writes it inside the triage's
 * own transaction, so the triage and the referral stand or fall together. The referral is
 * submitted at once: received now, its threshold decision due 1 working day later (platform
 * calendar), in the inbox beside form referrals and Operation Encompass notices, with a contact
 * in the child's journey. It keeps the concern's number (get_safe_concern_id, migration 0320).
 */
import type { Transaction } from 'kysely';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { londonDate, type WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { JourneyService } from '../journey/index.ts';
import * as events from './journey-events.ts';
import * as q from './queries.ts';
import { decisionDueOn } from './rules.ts';

export interface GetSafeReferral {
  concernId: number;
  child: { childId: string; givenName: string; familyName: string; dateOfBirth: string };
  /** The GET SAFE coordinator who triaged the concern: the referrer the front door answers. */
  referrer: {
    userId: string;
    name: string;
    email: string;
    organisationId: number | null;
    teamId: number | null;
  };
  districtId: number | null;
  /** What the front door reads as the referral's concerns: the concern and the triage's rationale. */
  concerns: string;
  urgency: 'urgent' | 'standard';
  receivedAt: Date;
}

export class GetSafeReferrals {
  constructor(private readonly deps: { calendar: () => WorkingDayCalendar; journey: JourneyService }) {}

  /** Makes the submitted referral in the caller's transaction; returns its number. */
  async referInTrx(
    trx: Transaction<Database>,
    audit: AuditWriter,
    r: GetSafeReferral,
  ): Promise<{ id: number }> {
    const { id } = await q.insertReferral(trx, {
      source: 'get_safe',
      getSafeConcernId: r.concernId,
      status: 'submitted',
      referrerUserId: r.referrer.userId,
      referrerName: r.referrer.name,
      referrerJobTitle: 'GET SAFE team',
      referrerEmail: r.referrer.email,
      organisationId: r.referrer.organisationId,
      teamId: r.referrer.teamId,
      agencyType: 'local_authority',
      districtId: r.districtId,
      concerns: r.concerns,
      urgency: r.urgency,
      receivedAt: r.receivedAt,
      decisionDueOn: decisionDueOn(this.deps.calendar(), r.receivedAt),
    } as never);
    await q.insertReferralChild(trx, { referralId: id, ...r.child, foundBy: 'index' });
    await this.deps.journey.recordEventsInTrx(
      trx,
      events.contactEvents(
        {
          id,
          receivedAt: r.receivedAt,
          receivedOn: londonDate(r.receivedAt),
          agencyType: 'local_authority',
          districtId: r.districtId,
        },
        [r.child.childId],
      ),
    );
    await audit(trx, { action: 'create', recordType: 'referral', recordId: id, childId: r.child.childId });
    return { id };
  }
}
