/** The child index's tables: children, their enrolments, likely duplicates, searches and reconciliations. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export interface ChildTable {
  id: Generated<string>;
  givenName: string;
  familyName: string;
  dateOfBirth: CivilDate;
  sex: 'female' | 'male' | 'unknown';
  address: string | null;
  postcode: string | null;
  districtId: number | null;
  nhsNumber: string | null;
  upn: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  mergedInto: ColumnType<string | null, string | null | undefined, string | null>;
  mergedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The local authority's id of a child known from its returns (migration 0112). */
  laChildId: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ChildDuplicateTable {
  id: Generated<number>;
  childA: string;
  childB: string;
  probability: number;
  matchWeight: number;
  explanation: ColumnType<unknown, string, string>;
  status: ColumnType<
    'open' | 'merged' | 'not_same',
    'open' | 'merged' | 'not_same' | undefined,
    'open' | 'merged' | 'not_same'
  >;
  foundAt: Timestamp;
  decidedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decidedBy: string | null;
  reason: string | null;
}

export interface ReconciliationTable {
  id: Generated<string>;
  createdBy: string;
  createdAt: Timestamp;
  name: string;
  filename: string;
  content: string;
  header: ColumnType<string[], string, string>;
  rowCount: number;
  mapping: ColumnType<unknown, string | null | undefined, string | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  reconciledAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface LinkageScanRunTable {
  id: Generated<number>;
  requestedBy: string | null;
  requestedAt: Timestamp;
  stage: ColumnType<string, string | undefined, string>;
  done: ColumnType<number, number | undefined, number>;
  total: ColumnType<number, number | undefined, number>;
  finishedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  failure: string | null;
}

export interface LinkageScanTable {
  id: Generated<number>;
  startedAt: ColumnType<Date, Date | string, Date | string>;
  finishedAt: ColumnType<Date, Date | string, Date | string>;
  startedBy: string | null;
  records: number;
  comparisons: number;
  pairsFound: number;
  model: ColumnType<unknown, string, string>;
}

export interface ChildEnrolmentTable {
  id: Generated<number>;
  childId: string;
  settingId: number;
  onRollFrom: CivilDate;
  onRollTo: CivilDate | null;
}

export type Child = Selectable<ChildTable>;

/** The children module's tables, as Kysely names them. */
export interface ChildrenTables {
  child: ChildTable;
  childDuplicate: ChildDuplicateTable;
  reconciliation: ReconciliationTable;
  linkageScanRun: LinkageScanRunTable;
  linkageScan: LinkageScanTable;
  childEnrolment: ChildEnrolmentTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends ChildrenTables {}
}
