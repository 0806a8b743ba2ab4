/** WREN's tables: key word lists, saved column mappings, imports, attendances, screenings, triage. */
import type { ColumnType, Generated } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

type Json<T> = ColumnType<T, string, string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface WrenKeywordListTable {
  id: Generated<number>;
  version: number;
  terms: Json<string[]>;
  note: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
}

export interface WrenColumnMappingTable {
  ownerKey: string;
  /** [our field, their column] pairs. */
  mapping: Json<[string, string][]>;
  updatedBy: string | null;
  updatedAt: Timestamp;
}

export interface WrenImportTable {
  id: Generated<number>;
  teamId: number | null;
  filename: string;
  file: Nullable<Buffer>;
  header: Json<string[]>;
  rowCount: number;
  status: 'uploaded' | 'imported';
  uploadedBy: string | null;
  uploadedAt: Timestamp;
  importedAt: Nullable<Date>;
  kept: Nullable<number>;
  alreadyImported: Nullable<number>;
  adultsDropped: Nullable<number>;
  rejected: Nullable<number>;
  flagged: Nullable<number>;
  problems: ColumnType<{ row: number; column: string | null; message: string }[], string | undefined, string>;
}

export type MatchMethod = 'nhs_number' | 'linkage' | 'none';

export interface KnownFact {
  kind: FactKind;
  text: string;
  since: string | null;
}

export type FactKind =
  | 'allocated_social_worker'
  | 'open_referral'
  | 'get_safe_flag'
  | 'cp_plan'
  | 'earlier_flagged_attendance';

export interface WrenAttendanceTable {
  id: Generated<number>;
  attendanceRef: string;
  teamId: number | null;
  importId: number | null;
  arrivedAt: ColumnType<Date, Date | string, Date | string>;
  department: string | null;
  givenName: string | null;
  familyName: string;
  dateOfBirth: CivilDate;
  ageYears: number;
  nhsNumber: string | null;
  postcode: string | null;
  ethnicity: string | null;
  presentingComplaint: string | null;
  notes: string;
  childId: string | null;
  matchMethod: MatchMethod;
  matchProbability: number | null;
  matchDecision: 'link' | 'review' | null;
  knownFacts: ColumnType<KnownFact[], string | undefined, string>;
  createdAt: Timestamp;
}

export interface ScreeningMatch {
  /** The list's term that matched. */
  term: string;
  /** The words as written in the notes. */
  text: string;
  field: 'presenting_complaint' | 'notes';
  /** Where it is in its field's text (its context is shown from there). */
  start: number;
  end: number;
}

/**
 * A match's marks, worked out where it is shown (screening.ts marksOf) from its field's text and
 * its place: they never change what is flagged, so screening does not work them out or store them
 * (results stored before migration 0440 still carry them in their JSON; they are not read).
 */
export interface MatchMarks {
  /** The negating word before it in the same sentence ("denies", "no", "not", …), or null. */
  negated: string | null;
  /** The family member it is said of ("brother was stabbed"), or null. */
  family: string | null;
}

export type MarkedMatch = ScreeningMatch & MatchMarks;

export interface WrenScreeningTable {
  id: Generated<number>;
  attendanceId: number;
  listVersion: number;
  flagged: boolean;
  matches: Json<ScreeningMatch[]>;
  screenedAt: Timestamp;
}

export type TriageOutcome =
  | 'no_further_action'
  | 'inform_social_worker'
  | 'refer_front_door'
  | 'raise_get_safe_concern';

export interface WrenTriageTable {
  attendanceId: number;
  outcome: TriageOutcome;
  rationale: string;
  decidedBy: string;
  decidedAt: Timestamp;
}

export interface HealthScreeningTables {
  wrenKeywordList: WrenKeywordListTable;
  wrenColumnMapping: WrenColumnMappingTable;
  wrenImport: WrenImportTable;
  wrenAttendance: WrenAttendanceTable;
  wrenScreening: WrenScreeningTable;
  wrenTriage: WrenTriageTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends HealthScreeningTables {}
}
