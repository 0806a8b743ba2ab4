/**
 * The police correct what they recorded: an incident amended (and everyone holding one of its
 * notices told that it changed, never what it says), or a notice sent to the wrong place withdrawn.
 */
import type { Transaction } from 'kysely';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import type { Database } from '../../platform/db/schema.ts';
import { enqueueEmailInTrx } from '../../platform/email/outbox.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { noticeJobs, recipientAddresses } from './delivery.ts';
import type { EncompassDeps } from './deps.ts';
import { amendedEmail } from './emails.ts';
import { routeChild } from './intake.ts';
import * as q from './queries.ts';
import { type AmendmentInput, type ChildCorrectionInput, type WithdrawalInput, ageOn } from './schema.ts';
import { allows, nextState, statesAllowing } from './workflow.ts';
import * as clock from '../../platform/clock.ts';

export type AmendResult =
  | { ok: true; changed: string[] }
  | { ok: false; changed: []; field?: string; message?: string };

export type CorrectionResult =
  | {
      ok: true;
      changed: string[];
      /** Where the notice is now, when the correction sent it somewhere else. */
      rerouted: { recipient: string; status: string } | null;
    }
  | { ok: false; field: string; message: string };

export class IncidentAmendment {
  constructor(private readonly deps: EncompassDeps) {}

  /**
   * The police correct an incident: what changed is recorded and every recipient still holding
   * a notice is emailed that it changed (never what it says). A new date is refused when a child
   * would then be too old, not yet born, or routed elsewhere (on another setting's roll, or past
   * their fifth birthday): such a notice must be withdrawn and the incident recorded again.
   */
  async amendIncident(
    audit: AuditWriter,
    id: string,
    userId: string | null,
    input: AmendmentInput,
    now = clock.now(),
  ): Promise<AmendResult> {
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await q.incidentForUpdate(trx, id);
      if (!before) return { ok: false as const, changed: [] as [] };
      const changed = [
        before.occurredAt.getTime() !== input.occurredAt.getTime() ? 'when it happened' : null,
        before.place !== input.place ? 'where it happened' : null,
        before.circumstances !== input.circumstances ? 'the circumstances' : null,
        before.riskLevel !== input.riskLevel ? 'the risk level' : null,
      ].filter((c): c is string => c !== null);
      if (!changed.length) return { ok: true as const, changed };
      const newDate = londonDate(input.occurredAt);
      if (newDate !== londonDate(before.occurredAt)) {
        const problem = await this.dateChangeProblem(trx, before, newDate);
        if (problem)
          return { ok: false as const, changed: [] as [], field: 'occurredDate', message: problem };
      }
      await q.updateIncident(trx, id, {
        occurredAt: input.occurredAt,
        place: input.place,
        circumstances: input.circumstances,
        riskLevel: input.riskLevel,
        amendedAt: now,
      });
      await q.insertAmendment(trx, {
        incidentId: id,
        amendedAt: now,
        amendedBy: userId,
        changed,
        reason: input.reason,
      });
      await audit(trx, {
        action: 'amend',
        recordType: 'encompass-incident',
        recordId: id,
        reason: input.reason,
      });
      const held = await q.noticesInStates(trx, id, statesAllowing('tellOfAmendment'));
      await q.askToReadAgain(
        trx,
        held.map((n) => n.id),
        now,
      );
      const jobs = this.deps.jobs();
      if (!jobs) return { ok: true as const, changed };
      // Whoever holds one of its notices is told; a queued notice has no one yet, a withdrawn one no longer.
      for (const notice of held) {
        const { to } = await recipientAddresses(trx, notice);
        if (!to.length) continue;
        await enqueueEmailInTrx(trx, jobs, amendedEmail(this.deps.baseUrl, notice.id, changed, to, now));
      }
      return { ok: true as const, changed };
    });
  }

  /** Why an incident cannot move to another date, or null when every notice would stand. */
  private async dateChangeProblem(
    trx: Transaction<Database>,
    incident: {
      id: string;
      policeReference: string;
      organisationId: number;
      districtCode: string;
      attendedAt: Date;
    },
    newDate: string,
  ): Promise<string | null> {
    const children = await q.childrenWithNotices(trx, incident.id);
    for (const child of children) {
      const name = `${child.givenName} ${child.familyName}`;
      if (child.dateOfBirth > newDate) return `${name} was not born on that date`;
      if (ageOn(child.dateOfBirth, newDate) >= 18)
        return `${name} was 18 or over on that date: Operation Encompass is for children`;
    }
    const identities = children.map((c) => ({
      givenName: c.givenName,
      familyName: c.familyName,
      dateOfBirth: c.dateOfBirth,
      nhsNumber: c.nhsNumber ?? undefined,
    }));
    const context = await q.routingContext(
      trx,
      {
        policeReference: incident.policeReference,
        organisationId: incident.organisationId,
        districtCode: incident.districtCode,
        children: identities,
      },
      newDate,
    );
    for (const [index, child] of children.entries()) {
      // A withdrawn notice has gone; one the coordinator sent on by hand was routed by a person.
      if (!allows(child.status, 'recheckRouting') || child.routedByHandAt) continue;
      const { routing } = routeChild(
        context,
        identities[index]!,
        index,
        newDate,
        incident.attendedAt,
        this.deps.calendar(),
      );
      if (
        routing.recipient !== child.recipient ||
        routing.settingId !== child.settingId ||
        routing.teamId !== child.teamId
      ) {
        return `On that date ${child.givenName} ${child.familyName}’s notice would go elsewhere: withdraw it and record the incident again`;
      }
    }
    return null;
  }

  /**
   * The police correct a child's details on a notice (name, date of birth, NHS number): the child
   * is matched in the child index again and the notice routed again by the same rules. When it now
   * goes elsewhere the notice moves there (the old recipient can no longer open it, the new one is
   * emailed and has it as a new notice); otherwise its holder is told the child's details changed.
   * Recorded as an amendment about this child, with the reason, and audited.
   */
  async correctChild(
    audit: AuditWriter,
    noticeId: string,
    userId: string | null,
    input: ChildCorrectionInput,
    now = clock.now(),
  ): Promise<CorrectionResult> {
    return this.deps.db.transaction().execute(async (trx) => {
      const notice = await q.noticeChildForUpdate(trx, noticeId);
      if (!notice) throw new NotFoundError();
      nextState(notice.status, 'correctChild');
      const incident = await q.incidentForUpdate(trx, notice.incidentId);
      if (!incident) throw new NotFoundError();
      const nhsNumber = input.nhsNumber ?? null;
      const changed = [
        notice.givenName !== input.givenName || notice.familyName !== input.familyName
          ? 'the child’s name'
          : null,
        notice.dateOfBirth !== input.dateOfBirth ? 'the child’s date of birth' : null,
        (notice.nhsNumber ?? null) !== nhsNumber ? 'the child’s NHS number' : null,
      ].filter((c): c is string => c !== null);
      if (!changed.length)
        return {
          ok: false as const,
          field: 'givenName',
          message: 'Nothing has changed: correct the child’s name, date of birth or NHS number, or cancel',
        };
      const incidentDate = londonDate(incident.occurredAt);
      if (input.dateOfBirth > incidentDate)
        return {
          ok: false as const,
          field: 'dateOfBirth',
          message: 'The child’s date of birth is after the incident',
        };
      if (ageOn(input.dateOfBirth, incidentDate) >= 18)
        return {
          ok: false as const,
          field: 'dateOfBirth',
          message: 'The person was 18 or over: Operation Encompass is for children',
        };

      const identity = {
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth,
        nhsNumber: input.nhsNumber,
      };
      const context = await q.routingContext(
        trx,
        {
          policeReference: incident.policeReference,
          organisationId: incident.organisationId,
          districtCode: incident.districtCode,
          children: [identity],
        },
        incidentDate,
      );
      const calendar = this.deps.calendar();
      // Due as if sent there at once, counted from now (the new recipient cannot act on what they
      // have not had); whether it reached them in time still counts from when the police attended.
      const { lookup, routing } = routeChild(context, identity, 0, incidentDate, now, calendar);
      const { routing: fromAttended } = routeChild(
        context,
        identity,
        0,
        incidentDate,
        incident.attendedAt,
        calendar,
      );
      const childId = lookup.status === 'found' ? lookup.childId : null;
      await q.updateEncompassChild(trx, notice.encompassChildId, {
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth,
        nhsNumber,
        childId,
        match: lookup.status === 'found' ? 'exact' : lookup.status,
      });
      const elsewhere =
        routing.recipient !== notice.recipient ||
        routing.settingId !== notice.settingId ||
        routing.teamId !== notice.teamId;
      // One the coordinator sent on by hand stays where a person put it, unless the index now finds the child.
      const reroute = elsewhere && !(notice.routedByHandAt && routing.recipient === 'coordinator');
      if (reroute) changed.push('where the notice goes');
      await q.insertAmendment(trx, {
        incidentId: incident.id,
        encompassChildId: notice.encompassChildId,
        amendedAt: now,
        amendedBy: userId,
        changed,
        reason: input.reason,
      });
      const jobs = this.deps.jobs();
      if (reroute) {
        await q.updateNotice(trx, notice.id, {
          recipient: routing.recipient,
          settingId: routing.settingId,
          teamId: routing.teamId,
          routingReason: `${routing.reason} (the police corrected the child’s details)`,
          dueAt: routing.dueAt,
          sendBy: fromAttended.dueAt,
          status: routing.status,
          sentAt: routing.status === 'sent' ? now : null,
          // A new recipient starts afresh: what the old one read and did was about a child they do not hold.
          firstViewedAt: null,
          acknowledgedAt: null,
          acknowledgedBy: null,
          action: null,
          actionNote: null,
          feedback: null,
          feedbackNote: null,
          escalatedAt: null,
          routedByHandAt: null,
        });
        if (jobs && routing.status === 'sent') {
          const recipients = await recipientAddresses(trx, routing);
          await jobs.insertInTrx(
            trx,
            noticeJobs(this.deps.baseUrl, notice.id, routing, recipients, `-moved-${now.getTime()}`),
          );
        }
      } else if (allows(notice.status, 'tellOfAmendment')) {
        await q.askToReadAgain(trx, [notice.id], now);
      }
      if (!reroute && jobs && allows(notice.status, 'tellOfAmendment')) {
        const { to } = await recipientAddresses(trx, notice);
        if (to.length)
          await enqueueEmailInTrx(trx, jobs, amendedEmail(this.deps.baseUrl, notice.id, changed, to, now));
      }
      const reason = `${changed.join(', ')} corrected: ${input.reason}`;
      await audit(trx, {
        action: 'correct',
        recordType: 'encompass-notice',
        recordId: notice.id,
        childId,
        reason,
      });
      // The child it was about before, when the index now finds someone else: that read is kept too.
      if (notice.childId && notice.childId !== childId)
        await audit(trx, {
          action: 'correct',
          recordType: 'encompass-notice',
          recordId: notice.id,
          childId: notice.childId,
          reason,
        });
      return {
        ok: true as const,
        changed,
        rerouted: reroute ? { recipient: routing.recipient, status: routing.status } : null,
      };
    });
  }

  /** The police withdraw a notice sent to the wrong place: its recipient loses access at once. */
  async withdrawNotice(
    audit: AuditWriter,
    id: string,
    input: WithdrawalInput,
    now = clock.now(),
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const notice = await q.noticeForUpdate(trx, id);
      if (!notice) throw new NotFoundError();
      const status = nextState(notice.status, 'withdraw');
      await q.updateNotice(trx, id, { status, withdrawnAt: now, withdrawnReason: input.reason });
      await audit(trx, {
        action: 'withdraw',
        recordType: 'encompass-notice',
        recordId: id,
        childId: notice.childId,
        reason: input.reason,
      });
    });
  }
}
