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

export interface JourneyPopulationTable {
  districtId: number;
  year: number;
  children: number;
  updatedAt: Timestamp;
  updatedBy: string | null;
}

export type Comparator = 'statistical_neighbours' | 'region' | 'england';

export interface JourneyComparatorTable {
  kpi: string;
  comparator: Comparator;
  year: number;
  value: ColumnType<number, number, number>;
  updatedAt: Timestamp;
  updatedBy: string | null;
}

export interface JourneyKpiNoteTable {
  id: Generated<number>;
  kpi: string;
  periodFrom: CivilDate;
  periodTo: CivilDate;
  strengths: string | null;
  areasOfFocus: string | null;
  writtenBy: string;
  writtenAt: Timestamp;
}

export interface JourneyImportTable {
  id: Generated<number>;
  kind: 'annex-a' | 'cin-census' | 'population';
  filename: string;
  sha256: string;
  rowsRead: number;
  rowsRefused: number;
  eventsInserted: number;
  eventsUpdated: number;
  childrenAdded: number;
  importedAt: Timestamp;
}

/** An import started from the imports page (migration 0460). */
export interface JourneyImportRunTable {
  id: string;
  kind: 'annex-a' | 'cin-census' | 'population';
  filename: string;
  storedAs: string;
  startedBy: string;
  startedAt: Timestamp;
  stage: 'reading' | 'writing' | 'done' | 'refused' | 'failed';
  rowsRead: Generated<number>;
  eventsWritten: Generated<number>;
  eventsRead: Generated<number>;
  finishedAt: Timestamp | null;
  refusal: string | null;
  report: ColumnType<unknown, string | null | undefined, string | null>;
  populationRows: number | null;
}

export type JourneyEventRow = Selectable<JourneyEventTable>;

/** The journey module's tables, as Kysely names them. */
export interface JourneyTables {
  journeyEvent: JourneyEventTable;
  journeyPopulation: JourneyPopulationTable;
  journeyComparator: JourneyComparatorTable;
  journeyKpiNote: JourneyKpiNoteTable;
  journeyImport: JourneyImportTable;
  journeyImportRun: JourneyImportRunTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends JourneyTables {}
}
