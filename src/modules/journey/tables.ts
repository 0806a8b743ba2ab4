/** The journey module's tables: the journey's events (and, later, population, comparators and notes). */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';
import type { JourneyEventDetails, JourneyEventKind } from './types.ts';

export interface JourneyEventTable {
  id: Generated<string>;
  childId: string;
  kind: JourneyEventKind;
  occurredOn: CivilDate;
  source: string;
  sourceRef: string;
  episodeRef: string | null;
  districtId: number | null;
  sourceAgency: string | null;
  details: ColumnType<JourneyEventDetails, string | undefined, string>;
  recordedAt: Timestamp;
  updatedAt: Timestamp;
}

export type JourneyEventRow = Selectable<JourneyEventTable>;

/** The journey module's tables, as Kysely names them. */
export interface JourneyTables {
  journeyEvent: JourneyEventTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends JourneyTables {}
}
