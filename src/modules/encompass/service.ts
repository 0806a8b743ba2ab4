/**
 * Operation Encompass's service, as the routes, the API, the jobs and the CLI meet it: a thin
 * facade over its three jobs, each in its own file:
 *   intake.ts     – recording an incident and its notices;
 *   amendment.ts  – the police's corrections and withdrawals;
 *   notices.ts    – a notice's life: read, acknowledged, escalated, sent on by hand.
 * How a notice's state may change is workflow.ts's table; the SQL is in queries.ts.
 */
import type { AuditActor, AuditWriter } from '../../platform/audit/audit-log.ts';
import { type AmendResult, type CorrectionResult, IncidentAmendment } from './amendment.ts';
import type { EncompassDeps } from './deps.ts';
import { IncidentIntake, type RecordResult } from './intake.ts';
import { NoticeLifecycle, type NoticeRecord, type RouteByHandResult } from './notices.ts';
import * as q from './queries.ts';
import type {
  AcknowledgementInput,
  AmendmentInput,
  IncidentInput,
  ManualRoutingInput,
  WithdrawalInput,
  ChildCorrectionInput,
} from './schema.ts';
import * as clock from '../../platform/clock.ts';

export { ESCALATION_QUEUE } from './delivery.ts';
export type { IncidentProblem, RecordResult } from './intake.ts';
export type { NoticeRecord } from './notices.ts';

export class EncompassService {
  readonly #intake: IncidentIntake;
  readonly #amendment: IncidentAmendment;
  readonly #notices: NoticeLifecycle;

  constructor(private readonly deps: EncompassDeps) {
    this.#intake = new IncidentIntake(deps);
    this.#amendment = new IncidentAmendment(deps);
    this.#notices = new NoticeLifecycle(deps);
  }

  // Intake

  recordIncident(
    actor: AuditActor,
    recorder: { organisationId: number; userId: string | null },
    input: IncidentInput,
    recordedAt = clock.now(),
  ): Promise<RecordResult> {
    return this.#intake.recordIncident(actor, recorder, input, recordedAt);
  }

  // Amendment

  amendIncident(
    audit: AuditWriter,
    id: string,
    userId: string | null,
    input: AmendmentInput,
    now = clock.now(),
  ): Promise<AmendResult> {
    return this.#amendment.amendIncident(audit, id, userId, input, now);
  }

  correctChild(
    audit: AuditWriter,
    noticeId: string,
    userId: string | null,
    input: ChildCorrectionInput,
    now = clock.now(),
  ): Promise<CorrectionResult> {
    return this.#amendment.correctChild(audit, noticeId, userId, input, now);
  }

  withdrawNotice(audit: AuditWriter, id: string, input: WithdrawalInput, now = clock.now()): Promise<void> {
    return this.#amendment.withdrawNotice(audit, id, input, now);
  }

  // A notice's life

  viewNotice(
    audit: AuditWriter,
    id: string,
    byRecipient: (notice: NoticeRecord) => boolean,
    now = clock.now(),
  ) {
    return this.#notices.viewNotice(audit, id, byRecipient, now);
  }

  acknowledge(
    audit: AuditWriter,
    id: string,
    userId: string,
    input: AcknowledgementInput,
    now = clock.now(),
  ): Promise<void> {
    return this.#notices.acknowledge(audit, id, userId, input, now);
  }

  escalateOverdue(now = clock.now(), noticeId?: string): Promise<number> {
    return this.#notices.escalateOverdue(now, noticeId);
  }

  escalateWhenDue(noticeId: string, now = clock.now()): Promise<void> {
    return this.#notices.escalateWhenDue(noticeId, now);
  }

  routeByHand(
    audit: AuditWriter,
    id: string,
    input: ManualRoutingInput,
    now = clock.now(),
  ): Promise<RouteByHandResult> {
    return this.#notices.routeByHand(audit, id, input, now);
  }

  /** What `escalateOverdue(now)` would escalate, changing nothing (the command's --dry-run). */
  dueForEscalation(now = clock.now()) {
    return this.#notices.dueForEscalation(now);
  }

  routingTeams() {
    return this.#notices.routingTeams();
  }

  settingsByName() {
    return this.#notices.settingsByName();
  }

  notices(filter: q.NoticeFilter) {
    return this.#notices.notices(filter);
  }

  /** A page of a notice list with its search and filters, and how many notices they select. */
  noticeList(query: q.NoticeListQuery) {
    return q.noticeListPage(this.deps.db, query);
  }

  /** A page of an incident list with its search and filters, and how many incidents they select. */
  incidentList(query: q.IncidentListQuery) {
    return q.incidentListPage(this.deps.db, query);
  }

  noticeSummary(id: string) {
    return this.#notices.noticeSummary(id);
  }

  noticeChildIdentity(id: string) {
    return this.#notices.noticeChildIdentity(id);
  }

  // Incidents, as the police and the coordinator read them

  async incident(id: string) {
    const incident = await q.findIncident(this.deps.db, id);
    if (!incident) return undefined;
    return { incident, notices: await q.noticesOfIncident(this.deps.db, id) };
  }

  /** With `encompassChildId`: only what that child's notice's recipient is told of. */
  amendments(incidentId: string, encompassChildId?: string) {
    return q.amendments(this.deps.db, incidentId, encompassChildId);
  }
}
