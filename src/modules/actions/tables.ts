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

/** The actions module's tables, as Kysely names them. */
export interface ActionsTables {
  actionItem: ActionTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends ActionsTables {}
}
