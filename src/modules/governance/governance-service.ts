/**
 * Groups, meetings with attendance, decisions (their actions in the actions module), priorities and
 * their quarterly progress, documents and their versions, and independent scrutiny. Every write is
 * one transaction with its audit entry.
 */
import { sql } from 'kysely';
import type { ActionsService, NewAction } from '../actions/index.ts';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/client.ts';
import { quartersWithoutEvidence, stalled } from './rules.ts';
import type { DocumentKind, DocumentStatus, Rag, ScrutinyKind } from './tables.ts';

export interface DecisionInput {
  what: string;
  why: string;
  decidedBy: string;
  /** An action the decision leads to, recorded in the action tracker. */
  action?: Omit<NewAction, 'source'> | null;
}

export class GovernanceService {
  constructor(private readonly deps: { db: Db; actions: ActionsService }) {}

  private get db() {
    return this.deps.db;
  }

  async createGroup(
    audit: AuditWriter,
    input: {
      name: string;
      kind: 'executive' | 'subgroup';
      purpose: string;
      chairName: string;
      chairAgency: string;
    },
    members: { name: string; roleTitle: string; agency: string }[],
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('governanceGroup')
        .values(input)
        .returning('id')
        .executeTakeFirstOrThrow();
      if (members.length)
        await trx
          .insertInto('governanceMember')
          .values(members.map((m) => ({ ...m, groupId: id })))
          .execute();
      await audit(trx, { action: 'create', recordType: 'governance-group', recordId: id });
      return id;
    });
  }

  async groupNamed(name: string) {
    return this.db.selectFrom('governanceGroup').select('id').where('name', '=', name).executeTakeFirst();
  }

  async documentAt(slug: string) {
    return this.db.selectFrom('governanceDocument').select('id').where('slug', '=', slug).executeTakeFirst();
  }

  /** Every group with its member count, meetings held in the period and attendance (members present of members expected). */
  async groups(period: { from: string; to: string }) {
    const groups = await this.db
      .selectFrom('governanceGroup')
      .selectAll()
      .orderBy('kind')
      .orderBy('name')
      .execute();
    const members = await this.db
      .selectFrom('governanceMember')
      .select(['groupId', (e) => e.fn.countAll<number>().as('n')])
      .where('leftOn', 'is', null)
      .groupBy('groupId')
      .execute();
    const meetings = await this.db
      .selectFrom('governanceMeeting as m')
      .leftJoin('governanceAttendance as a', 'a.meetingId', 'm.id')
      .select([
        'm.groupId',
        sql<number>`count(DISTINCT m.id)::int`.as('meetings'),
        sql<number>`count(a.member_id) FILTER (WHERE a.present)::int`.as('present'),
        sql<number>`count(a.member_id)::int`.as('expected'),
      ])
      .where('m.heldOn', '>=', period.from)
      .where('m.heldOn', '<=', period.to)
      .groupBy('m.groupId')
      .execute();
    return groups.map((g) => {
      const held = meetings.find((m) => m.groupId === g.id);
      return {
        ...g,
        members: Number(members.find((m) => m.groupId === g.id)?.n ?? 0),
        meetings: held?.meetings ?? 0,
        present: held?.present ?? 0,
        expected: held?.expected ?? 0,
      };
    });
  }

  async group(id: number) {
    const group = await this.db
      .selectFrom('governanceGroup')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!group) return undefined;
    const members = await this.db
      .selectFrom('governanceMember')
      .selectAll()
      .where('groupId', '=', id)
      .orderBy('agency')
      .orderBy('name')
      .execute();
    const meetings = await this.db
      .selectFrom('governanceMeeting as m')
      .leftJoin('governanceAttendance as a', 'a.meetingId', 'm.id')
      .select([
        'm.id',
        'm.heldOn',
        sql<number>`count(a.member_id) FILTER (WHERE a.present)::int`.as('present'),
        sql<number>`count(a.member_id)::int`.as('expected'),
      ])
      .where('m.groupId', '=', id)
      .groupBy(['m.id', 'm.heldOn'])
      .orderBy('m.heldOn', 'desc')
      .execute();
    const decisions = await this.db
      .selectFrom('governanceDecision as d')
      .innerJoin('governanceMeeting as m', 'm.id', 'd.meetingId')
      .select(['d.id', 'd.what', 'd.why', 'd.decidedBy', 'm.heldOn'])
      .where('m.groupId', '=', id)
      .orderBy('m.heldOn', 'desc')
      .orderBy('d.id')
      .execute();
    const withActions = await Promise.all(
      decisions.map(async (d) => ({
        ...d,
        actions: await this.deps.actions.actionsForSource('governance', 'decision', String(d.id)),
      })),
    );
    return { group, members, meetings, decisions: withActions };
  }

  /**
   * A meeting: who attended (every current member is recorded present or not) and its decisions,
   * each with the action it leads to created in the action tracker in the same transaction.
   */
  async recordMeeting(
    audit: AuditWriter,
    userId: string | null,
    input: { groupId: number; heldOn: string; presentMemberIds: number[]; decisions: DecisionInput[] },
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const group = await trx
        .selectFrom('governanceGroup')
        .select('name')
        .where('id', '=', input.groupId)
        .executeTakeFirstOrThrow();
      const { id } = await trx
        .insertInto('governanceMeeting')
        .values({ groupId: input.groupId, heldOn: input.heldOn })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Everyone who was a member on the day: a member who has left is not expected after leaving.
      const members = await trx
        .selectFrom('governanceMember')
        .select('id')
        .where('groupId', '=', input.groupId)
        .where((eb) => eb.or([eb('leftOn', 'is', null), eb('leftOn', '>=', input.heldOn)]))
        .execute();
      if (members.length)
        await trx
          .insertInto('governanceAttendance')
          .values(
            members.map((m) => ({
              meetingId: id,
              memberId: m.id,
              present: input.presentMemberIds.includes(m.id),
            })),
          )
          .execute();
      for (const decision of input.decisions) {
        const row = await trx
          .insertInto('governanceDecision')
          .values({ meetingId: id, what: decision.what, why: decision.why, decidedBy: decision.decidedBy })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (decision.action)
          await this.deps.actions.createActionsInTrx(
            trx,
            audit,
            userId,
            [
              {
                ...decision.action,
                source: {
                  module: 'governance',
                  type: 'decision',
                  id: String(row.id),
                  label: `Decision of the ${group.name}, ${input.heldOn}`,
                  href: `/governance/groups/${input.groupId}`,
                },
              },
            ],
            { createdOn: input.heldOn },
          );
      }
      await audit(trx, { action: 'create', recordType: 'governance-meeting', recordId: id });
      return id;
    });
  }

  /**
   * Changes a group's details, adds members and marks members as having left (never deleted:
   * their attendance at earlier meetings stays), in one audited transaction.
   */
  async updateGroup(
    audit: AuditWriter,
    id: number,
    input: {
      name: string;
      kind: 'executive' | 'subgroup';
      purpose: string;
      chairName: string;
      chairAgency: string;
    },
    changes: {
      add: { name: string; roleTitle: string; agency: string }[];
      leftIds: number[];
      leftOn: string;
    },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('governanceGroup').set(input).where('id', '=', id).execute();
      if (changes.add.length)
        await trx
          .insertInto('governanceMember')
          .values(changes.add.map((m) => ({ ...m, groupId: id })))
          .execute();
      if (changes.leftIds.length)
        await trx
          .updateTable('governanceMember')
          .set({ leftOn: changes.leftOn })
          .where('groupId', '=', id)
          .where('id', 'in', changes.leftIds)
          .where('leftOn', 'is', null)
          .execute();
      await audit(trx, { action: 'update', recordType: 'governance-group', recordId: id });
    });
  }

  async updatePriority(
    audit: AuditWriter,
    id: number,
    input: { title: string; description: string; ownerGroupId: number },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('governancePriority').set(input).where('id', '=', id).execute();
      await audit(trx, { action: 'update', recordType: 'governance-priority', recordId: id });
    });
  }

  async createPriority(
    audit: AuditWriter,
    input: { financialYear: string; title: string; description: string; ownerGroupId: number },
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('governancePriority')
        .values(input)
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'create', recordType: 'governance-priority', recordId: id });
      return id;
    });
  }

  /** A quarter's progress on a priority (replacing that quarter's earlier update). */
  async recordProgress(
    audit: AuditWriter,
    input: { priorityId: number; quarter: number; rag: Rag; summary: string; evidence: string | null },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('governanceProgress')
        .values(input)
        .onConflict((oc) =>
          oc
            .columns(['priorityId', 'quarter'])
            .doUpdateSet({ rag: input.rag, summary: input.summary, evidence: input.evidence }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, {
        action: 'update',
        recordType: 'governance-priority',
        recordId: input.priorityId,
        reason: `progress ${row.id}`,
      });
    });
  }

  /**
   * A year's priorities with each quarter's update, the quarters without evidence up to `upTo`,
   * and whether it went two quarters in a row without evidence.
   */
  async priorities(year: string, upTo: number) {
    const priorities = await this.db
      .selectFrom('governancePriority as p')
      .innerJoin('governanceGroup as g', 'g.id', 'p.ownerGroupId')
      .select([
        'p.id',
        'p.title',
        'p.description',
        'p.financialYear',
        'p.ownerGroupId',
        'g.name as ownerGroup',
      ])
      .where('p.financialYear', '=', year)
      .orderBy('p.title')
      .execute();
    const updates = priorities.length
      ? await this.db
          .selectFrom('governanceProgress')
          .selectAll()
          .where(
            'priorityId',
            'in',
            priorities.map((p) => p.id),
          )
          .orderBy('quarter')
          .execute()
      : [];
    return priorities.map((p) => {
      const own = updates.filter((u) => u.priorityId === p.id);
      return {
        ...p,
        quarters: [1, 2, 3, 4].map((q) => own.find((u) => u.quarter === q) ?? null),
        withoutEvidence: quartersWithoutEvidence(own, upTo),
        stalled: stalled(own, upTo),
      };
    });
  }

  async priority(id: number) {
    return this.db.selectFrom('governancePriority').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async createDocument(
    audit: AuditWriter,
    input: {
      slug: string;
      title: string;
      kind: DocumentKind;
      owner: string;
      reviewOn: string;
      status: DocumentStatus;
      summary: string;
    },
    firstVersion: { version: string; issuedOn: string; changes: string; timescale?: string | null },
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('governanceDocument')
        .values(input)
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('governanceDocumentVersion')
        .values({ ...firstVersion, timescale: firstVersion.timescale ?? null, documentId: id })
        .execute();
      await audit(trx, { action: 'create', recordType: 'governance-document', recordId: id });
      return id;
    });
  }

  /** A new version: what changed, and (for the arrangements) by when; the next review date moves with it. */
  async addVersion(
    audit: AuditWriter,
    documentId: number,
    input: {
      version: string;
      issuedOn: string;
      changes: string;
      timescale: string | null;
      reviewOn: string;
      status: DocumentStatus;
    },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('governanceDocumentVersion')
        .values({
          documentId,
          version: input.version,
          issuedOn: input.issuedOn,
          changes: input.changes,
          timescale: input.timescale,
        })
        .execute();
      await trx
        .updateTable('governanceDocument')
        .set({ reviewOn: input.reviewOn, status: input.status })
        .where('id', '=', documentId)
        .execute();
      await audit(trx, { action: 'update', recordType: 'governance-document', recordId: documentId });
    });
  }

  /** Every document with its latest version; `overdue` when its review date is before `today`. */
  async documents(today: string) {
    const docs = await this.db
      .selectFrom('governanceDocument as d')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('governanceDocumentVersion')
            .select([
              'documentId',
              sql<string>`max(issued_on)::text`.as('lastIssued'),
              sql<number>`count(*)::int`.as('versions'),
            ])
            .groupBy('documentId')
            .as('v'),
        (join) => join.onRef('v.documentId', '=', 'd.id'),
      )
      .select([
        'd.id',
        'd.slug',
        'd.title',
        'd.kind',
        'd.owner',
        'd.reviewOn',
        'd.status',
        'v.lastIssued',
        'v.versions',
      ])
      .orderBy('d.reviewOn')
      .execute();
    return docs.map((d) => ({ ...d, overdue: d.status !== 'withdrawn' && d.reviewOn < today }));
  }

  async document(id: number) {
    const document = await this.db
      .selectFrom('governanceDocument')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!document) return undefined;
    return { document, versions: await this.versions(id) };
  }

  /** A published document by its address, with its versions; undefined for drafts and withdrawn ones. */
  async publishedDocument(slug: string) {
    const document = await this.db
      .selectFrom('governanceDocument')
      .selectAll()
      .where('slug', '=', slug)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (!document) return undefined;
    return { document, versions: await this.versions(document.id) };
  }

  async publishedDocuments() {
    return this.db
      .selectFrom('governanceDocument')
      .select(['slug', 'title', 'kind', 'summary'])
      .where('status', '=', 'published')
      .orderBy('kind')
      .orderBy('title')
      .execute();
  }

  private versions(documentId: number) {
    return this.db
      .selectFrom('governanceDocumentVersion')
      .selectAll()
      .where('documentId', '=', documentId)
      .orderBy('issuedOn', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Updates to the published arrangements issued in the period, with their timescales. */
  async arrangementUpdates(period: { from: string; to: string }) {
    return this.db
      .selectFrom('governanceDocumentVersion as v')
      .innerJoin('governanceDocument as d', 'd.id', 'v.documentId')
      .select(['d.title', 'v.version', 'v.issuedOn', 'v.changes', 'v.timescale'])
      .where('d.kind', '=', 'arrangements')
      .where('v.issuedOn', '>=', period.from)
      .where('v.issuedOn', '<=', period.to)
      .orderBy('v.issuedOn')
      .execute();
  }

  async recordScrutiny(
    audit: AuditWriter,
    input: { kind: ScrutinyKind; title: string; heldOn: string; scrutineer: string },
    findings: string[],
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('governanceScrutiny')
        .values(input)
        .returning('id')
        .executeTakeFirstOrThrow();
      if (findings.length)
        await trx
          .insertInto('governanceScrutinyFinding')
          .values(findings.map((finding) => ({ scrutinyId: id, finding })))
          .execute();
      await audit(trx, { action: 'create', recordType: 'governance-scrutiny', recordId: id });
      return id;
    });
  }

  /** The partners' response to a finding. */
  async respond(
    audit: AuditWriter,
    findingId: number,
    input: { response: string; respondedBy: string; respondedOn: string },
  ) {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('governanceScrutinyFinding')
        .set(input)
        .where('id', '=', findingId)
        .returning('id')
        .executeTakeFirst();
      if (row)
        await audit(trx, {
          action: 'update',
          recordType: 'governance-scrutiny-finding',
          recordId: findingId,
        });
      return Boolean(row);
    });
  }

  /** Scrutiny activities in the period with their findings and responses. */
  async scrutiny(period: { from: string; to: string }) {
    const activities = await this.db
      .selectFrom('governanceScrutiny')
      .selectAll()
      .where('heldOn', '>=', period.from)
      .where('heldOn', '<=', period.to)
      .orderBy('heldOn')
      .execute();
    const findings = activities.length
      ? await this.db
          .selectFrom('governanceScrutinyFinding')
          .selectAll()
          .where(
            'scrutinyId',
            'in',
            activities.map((a) => a.id),
          )
          .orderBy('id')
          .execute()
      : [];
    return activities.map((a) => ({ ...a, findings: findings.filter((f) => f.scrutinyId === a.id) }));
  }
}
