/** The action tracker's tables: actions (and, from migration 0101, their updates, impact judgements and reminders). */
import type { ColumnType, Generated } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

/** As stored: overdue is never stored, it is computed from the due date. */
export type StoredActionStatus = 'open' | 'done' | 'dropped';

export interface ActionTable {
  id: Generated<number>;
  description: string;
  owningOrganisationId: number | null;
  ownerName: string | null;
  ownerUserId: string | null;
  dueOn: CivilDate | null;
  measurableOutcome: string | null;
  sourceModule: string;
  sourceType: string;
  sourceId: string;
  sourceLabel: string;
  sourceHref: string | null;
  status: ColumnType<StoredActionStatus, StoredActionStatus | undefined, StoredActionStatus>;
  doneOn: CivilDate | null;
  droppedOn: CivilDate | null;
  droppedReason: string | null;
  createdOn: CivilDate;
  createdAt: Timestamp;
  createdBy: string | null;
  updatedAt: Timestamp;
}

export type ImpactJudgement = 'embedded' | 'partly' | 'not_evidenced';
export type ReminderKind = 'week_before' | 'overdue';

export interface ActionUpdateTable {
  id: Generated<number>;
  actionItemId: number;
  recordedAt: Timestamp;
  recordedBy: string | null;
  recordedByName: string;
  note: string;
  link: string | null;
  fileName: string | null;
  fileType: string | null;
  fileContent: Buffer | null;
  statusChange: 'done' | 'dropped' | null;
}

export interface ActionImpactTable {
  id: Generated<number>;
  actionItemId: number;
  judgement: ImpactJudgement;
  evidence: string;
  judgedOn: CivilDate;
  judgedBy: string | null;
  judgedByName: string;
  recordedAt: Timestamp;
}

export interface ActionReminderTable {
  actionItemId: number;
  kind: ReminderKind;
  dueOn: CivilDate;
  sentAt: Timestamp;
  recipients: number;
}

export interface ActionAgencyLeadTable {
  organisationId: number;
  name: string;
  email: string;
  updatedAt: Timestamp;
}

/** The actions module's tables, as Kysely names them. */
export interface ActionsTables {
  actionItem: ActionTable;
  actionUpdate: ActionUpdateTable;
  actionImpact: ActionImpactTable;
  actionReminder: ActionReminderTable;
  actionAgencyLead: ActionAgencyLeadTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends ActionsTables {}
}
