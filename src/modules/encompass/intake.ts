/**
 * Recording an incident: one notice per child, routed and timed by the rules in routing.ts, with
 * the emails and the escalation jobs enqueued in the same transaction, so an accepted incident
 * always has all its notices and exactly one email job each.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { type AuditActor, type AuditEvent, auditAppendCall } from '../../platform/audit/audit-log.ts';
import { type WorkingDayCalendar, londonDate } from '../../platform/calendar/index.ts';
import { routingLookupOf } from '../children/index.ts';
import { type JobInserts, noticeJobs } from './delivery.ts';
import type { EncompassDeps } from './deps.ts';
import * as q from './queries.ts';
import { routeNotice } from './routing.ts';
import { type IncidentInput, attendedAtOf } from './schema.ts';
import type { EncompassChildTable, EncompassNoticeTable } from './tables.ts';
import * as clock from '../../platform/clock.ts';

export interface IncidentProblem {
  path: string;
  message: string;
}

export type RecordResult =
  | {
      ok: true;
      incidentId: string;
      notices: { id: string; recipient: string; status: string; dueAt: Date }[];
      /** How many audit entries the incident's statement appended (audit_append_many's answer). */
      auditEntries: number;
    }
  /** `referenceTaken`: another incident already has this police reference (the API answers 409). */
  | { ok: false; problems: IncidentProblem[]; referenceTaken: boolean };

/** One child's match in the index and where its notice goes, by the rules in routing.ts. */
export function routeChild(
  context: q.RoutingContext,
  child: { nhsNumber?: string | undefined; dateOfBirth: string },
  index: number,
  incidentDate: string,
  /** When the police attended or were told: the deadline counts from here, not from recording. */
  attendedAt: Date,
  calendar: WorkingDayCalendar,
) {
  const candidates = context.children[index] ?? [];
  const { lookup, setting } = routingLookupOf(child, candidates);
  // The setting's enrolment is Operation Encompass's, beside the match the index made.
  const matched = lookup.status === 'found' ? candidates.find((c) => c.id === lookup.childId) : undefined;
  const routing = routeNotice(
    {
      match: lookup.status === 'found' ? 'exact' : lookup.status,
      dateOfBirth: child.dateOfBirth,
      incidentDate,
      setting: setting
        ? {
            id: setting.id,
            name: setting.name,
            encompassStatus: matched?.encompassStatus ?? 'not_joined',
            calendar: {
              schoolDayStartsAt: setting.schoolDayStartsAt.slice(0, 5),
              // The setting's own term dates (independent schools, colleges) replace the local authority's.
              terms: setting.ownTerms ?? context.terms,
              closures: setting.closures,
            },
          }
        : null,
      healthVisitingTeamId: context.teams.find((t) => t.kind === 'health_visiting')?.id ?? null,
      frontDoorTeamId: context.teams.find((t) => t.kind === 'family_front_door')?.id ?? null,
    },
    attendedAt,
    calendar,
  );
  return { lookup, setting, routing };
}

export class IncidentIntake {
  constructor(private readonly deps: EncompassDeps) {}

  /** Records an incident and its notices in one transaction; nothing is saved if anything is wrong. */
  async recordIncident(
    actor: AuditActor,
    recorder: { organisationId: number; userId: string | null },
    input: IncidentInput,
    recordedAt = clock.now(),
  ): Promise<RecordResult> {
    return this.deps.db.transaction().execute(async (trx) => {
      const incidentDate = londonDate(input.occurredAt);
      const context = await q.routingContext(
        trx,
        { ...input, organisationId: recorder.organisationId },
        incidentDate,
      );
      const problems: IncidentProblem[] = [];
      if (context.referenceTaken) {
        problems.push({
          path: 'policeReference',
          message: `An incident with police reference ${input.policeReference} has already been recorded`,
        });
      }
      const district = context.incidentDistrict;
      if (!district)
        problems.push({ path: 'districtCode', message: `There is no district called ${input.districtCode}` });
      if (problems.length || !district)
        return { ok: false, problems, referenceTaken: context.referenceTaken };

      // Ids are made here so that the incident, its children and notices go in one statement.
      const incident = {
        id: randomUUID(),
        policeReference: input.policeReference,
        occurredAt: input.occurredAt,
        attendedAt: attendedAtOf(input),
        place: input.place,
        districtId: district.id,
        circumstances: input.circumstances,
        riskLevel: input.riskLevel,
        officerName: input.officerName,
        organisationId: recorder.organisationId,
        recordedBy: recorder.userId,
        recordedAt,
      };
      // Audit entries are written last, in the statement just before the commit: an entry takes
      // its lane's lock until the transaction ends, so the lock should not be held across the work.
      const auditEvents: AuditEvent[] = [
        { action: 'create', recordType: 'encompass-incident', recordId: incident.id },
      ];

      const jobs = this.deps.jobs();
      const calendar = this.deps.calendar();
      const jobInserts: JobInserts = [];
      const childRows: Insertable<EncompassChildTable>[] = [];
      const noticeRows: Insertable<EncompassNoticeTable>[] = [];
      const notices: { id: string; recipient: string; status: string; dueAt: Date }[] = [];
      for (const [index, child] of input.children.entries()) {
        const { lookup, setting, routing } = routeChild(
          context,
          child,
          index,
          incidentDate,
          incident.attendedAt,
          calendar,
        );
        const childId = lookup.status === 'found' ? lookup.childId : null;
        const encompassChildId = randomUUID();
        const noticeId = randomUUID();
        childRows.push({
          id: encompassChildId,
          incidentId: incident.id,
          givenName: child.givenName,
          familyName: child.familyName,
          dateOfBirth: child.dateOfBirth,
          address: child.address,
          postcode: child.postcode ?? null,
          nhsNumber: child.nhsNumber ?? null,
          presence: child.presence,
          spokenTo: child.spokenTo,
          childVoice: child.childVoice ?? null,
          demeanour: child.demeanour ?? null,
          injuries: child.injuries ?? null,
          childId,
          match: lookup.status === 'found' ? 'exact' : lookup.status,
        });
        noticeRows.push({
          id: noticeId,
          encompassChildId,
          incidentId: incident.id,
          recipient: routing.recipient,
          settingId: routing.settingId,
          teamId: routing.teamId,
          routingReason: routing.reason,
          dueAt: routing.dueAt,
          sendBy: routing.dueAt,
          status: routing.status,
          sentAt: routing.status === 'sent' ? recordedAt : null,
        });
        // One entry per child: the notice names the child it was made for, read from the index.
        auditEvents.push({
          action: 'create',
          recordType: 'encompass-notice',
          recordId: noticeId,
          childId,
          reason: childId
            ? 'child matched in the child index by exact identifiers'
            : `not matched (${lookup.status})`,
        });
        if (jobs && routing.status === 'sent') {
          const team = context.teams.find((t) => t.id === routing.teamId);
          const recipients =
            routing.recipient === 'setting' && setting
              ? {
                  to: [...new Set([setting.safeguardingEmail, ...setting.keyAdultEmails])],
                  name: setting.name,
                }
              : { to: team ? [team.email] : [], name: team?.name ?? '' };
          jobInserts.push(...noticeJobs(this.deps.baseUrl, noticeId, routing, recipients));
        }
        notices.push({
          id: noticeId,
          recipient: routing.recipient,
          status: routing.status,
          dueAt: routing.dueAt,
        });
      }
      // The jobs first (they name notices but do not refer to them), then the incident, its
      // children, its notices and their audit entries in one statement. Two round trips, whatever
      // the incident's size.
      if (jobs) await jobs.insertInTrx(trx, jobInserts);
      const { audited } = await q.insertIncident(
        trx,
        incident,
        childRows,
        noticeRows,
        auditAppendCall(actor, auditEvents),
      );
      return { ok: true, incidentId: incident.id, notices, auditEntries: Number(audited) };
    });
  }
}
