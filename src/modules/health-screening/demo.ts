/**
 * WREN's part of the demo partnership: a year of A&E attendances of the county's synthetic
 * children (about 750 a month, some 230 of them flagged, near the report’s October 2022 snapshot of 261),
 * imported month by month through the same path as a real file (screened, matched to the index,
 * adults dropped), the older flagged ones triaged, and a second version of the key word list
 * applied by re-screening. Every person is made up.
 */
import { stringify } from 'csv-stringify/sync';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/client.ts';
import { now as clockNow } from '../../platform/clock.ts';
import { Random } from '../../synthetic/random.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '../../synthetic/names.ts';
import { type DemoChild, type DemoPartnership, demoChildren } from '../registry/index.ts';
import { ageOn, londonDay } from './attendance-file.ts';
import { attendanceNotes, department, ethnicity } from './notes.ts';
import type { HealthScreeningService } from './service.ts';
import type { TriageOutcome } from './tables.ts';

export const DEMO_HEADER = [
  'AttendanceID',
  'ArrivalDateTime',
  'Site',
  'Forename',
  'Surname',
  'DOB',
  'NHSNo',
  'PostCode',
  'EthnicGroup',
  'PresentingComplaint',
  'ClinicalNotes',
];

export const DEMO_MAPPING = {
  attendance_id: 'AttendanceID',
  arrived_at: 'ArrivalDateTime',
  department: 'Site',
  given_name: 'Forename',
  family_name: 'Surname',
  date_of_birth: 'DOB',
  nhs_number: 'NHSNo',
  postcode: 'PostCode',
  ethnicity: 'EthnicGroup',
  presenting_complaint: 'PresentingComplaint',
  notes: 'ClinicalNotes',
} as const;

/** A typo a receptionist might make: two letters swapped. */
function typo(rng: Random, name: string): string {
  if (name.length < 4) return name;
  const k = rng.int(1, name.length - 2);
  return name.slice(0, k) + name[k + 1] + name[k] + name.slice(k + 2);
}

export interface GeneratedAttendance {
  cells: string[];
  flagged: boolean;
}

/**
 * Attendances of children from a pool, on days from `from` for `days` days: most with the NHS
 * number, some with a typo in the name and none, a few of children the index does not know,
 * and a few adults (who are never kept).
 */
export function generateAttendances(options: {
  pool: readonly DemoChild[];
  from: Date;
  days: number;
  perDay: number;
  seed: number;
  refPrefix: string;
}): GeneratedAttendance[] {
  const rng = new Random(options.seed);
  const out: GeneratedAttendance[] = [];
  let n = 0;
  for (let d = 0; d < options.days; d++) {
    const dayStart = options.from.getTime() + d * 86_400_000;
    const count = rng.int(Math.floor(options.perDay * 0.7), Math.ceil(options.perDay * 1.3));
    for (let i = 0; i < count; i++) {
      const at = new Date(dayStart + rng.int(0, 86_399) * 1000);
      const day = londonDay(at);
      const flagged = rng.chance(0.3);
      const { complaint, notes } = attendanceNotes(rng, flagged);
      let given: string;
      let family: string;
      let dob: string;
      let nhs = '';
      let postcode: string;
      const kind = rng.next();
      if (kind < 0.02) {
        // An adult: left out on import.
        given = rng.pick(MALE_GIVEN_NAMES);
        family = rng.pick(FAMILY_NAMES);
        dob = `${rng.int(1950, 2000)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
        postcode = 'WR1 1AA';
      } else if (kind < 0.05) {
        // A child the index does not hold (a visitor to the county).
        given = rng.pick(rng.chance(0.5) ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
        family = rng.pick(FAMILY_NAMES);
        const y = Number(day.slice(0, 4)) - rng.int(1, 16);
        dob = `${y}-0${rng.int(1, 9)}-2${rng.int(0, 8)}`;
        postcode = 'B90 4AA';
      } else {
        let child = rng.pick(options.pool);
        for (let tries = 0; tries < 5 && ageOn(child.dateOfBirth, day) >= 18; tries++)
          child = rng.pick(options.pool);
        given = child.givenName;
        family = child.familyName;
        dob = child.dateOfBirth;
        postcode = child.postcode;
        if (rng.chance(0.85) && child.nhsNumber) nhs = child.nhsNumber;
        else if (rng.chance(0.4)) family = typo(rng, family);
      }
      if (dob > day) continue;
      n++;
      out.push({
        flagged,
        cells: [
          `${options.refPrefix}${String(n).padStart(6, '0')}`,
          at.toISOString(),
          department(rng),
          given,
          family,
          dob,
          nhs,
          postcode,
          ethnicity(rng),
          complaint,
          notes,
        ],
      });
    }
  }
  return out;
}

export function attendancesCsv(rows: readonly GeneratedAttendance[]): Buffer {
  return Buffer.from(stringify([DEMO_HEADER, ...rows.map((r) => r.cells)]));
}

const OUTCOME_WEIGHTS: readonly (readonly [TriageOutcome, number])[] = [
  ['no_further_action', 55],
  ['inform_social_worker', 15],
  ['refer_front_door', 20],
  ['raise_get_safe_concern', 10],
];

const RATIONALES: Record<TriageOutcome, string> = {
  no_further_action:
    'Accidental injury, explanation consistent; no safeguarding concern on review of the notes.',
  inform_social_worker: 'Child has an allocated social worker; shared the attendance with them by phone.',
  refer_front_door: 'Concern about harm outside the home; referral made to the Family Front Door.',
  raise_get_safe_concern:
    'Indicators of criminal exploitation (injury, cash, older associates): GET SAFE concern raised.',
};

export async function seedDemoAttendances(
  db: Db,
  wren: HealthScreeningService,
  partnership: DemoPartnership,
  children: number,
  progress?: (done: number, total: number) => void,
  now = clockNow(),
) {
  if ((await wren.attendanceCount()) > 0) return;
  const nurse = await db
    .selectFrom('authAccount')
    .select(['id', 'teamId'])
    .where('role', '=', 'hospital_safeguarding_nurse')
    .orderBy('email')
    .limit(1)
    .executeTakeFirst();
  const pool: DemoChild[] = [];
  for (const child of demoChildren(partnership, children)) {
    pool.push(child);
    if (pool.length >= 4000) break;
  }
  if (!pool.length) return;
  const audit = auditWriterFor(SYSTEM_ACTOR);
  const importer = { userId: nurse?.id ?? null, teamId: nurse?.teamId ?? null };
  // Twelve monthly files ending yesterday, each imported as the hospital would send it.
  const start = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 365 * 86_400_000,
  );
  for (let month = 0; month < 12; month++) {
    const from = new Date(start.getTime() + Math.round((month * 365) / 12) * 86_400_000);
    const days = Math.round(((month + 1) * 365) / 12) - Math.round((month * 365) / 12);
    const rows = generateAttendances({
      pool,
      from,
      days,
      perDay: 25,
      seed: 9000 + month,
      refPrefix: `DEMO-ED-${month + 1}-`,
    });
    await wren.importFile(
      audit,
      importer,
      `ed-attendances-${londonDay(from).slice(0, 7)}.csv`,
      attendancesCsv(rows),
      {
        ...DEMO_MAPPING,
      },
    );
    progress?.(month + 1, 12);
  }
  // The nurse's decisions on flagged attendances more than ten days old.
  if (nurse) {
    const rng = new Random(4242);
    const { rows } = await wren.triageQueue({ kind: 'all' }, 1, 100_000);
    const cutoff = now.getTime() - 10 * 86_400_000;
    const decisions = rows
      .filter((r) => r.arrivedAt.getTime() < cutoff)
      .map((r) => {
        const outcome = rng.weighted(OUTCOME_WEIGHTS);
        return {
          attendanceId: r.id,
          outcome,
          rationale: RATIONALES[outcome],
          decidedBy: nurse.id,
          decidedAt: new Date(r.arrivedAt.getTime() + rng.int(1, 3) * 86_400_000),
        };
      });
    for (let k = 0; k < decisions.length; k += 1000)
      await db
        .insertInto('wrenTriage')
        .values(decisions.slice(k, k + 1000))
        .execute();
  }
  // A second version of the list, with two more phrases, applied to every attendance.
  const v1 = await wren.currentList();
  await wren.saveList(
    audit,
    nurse?.id ?? null,
    [...(v1.terms as string[]), 'threatened', 'large amount of cash'],
    'Added phrases the safeguarding team saw in missed cases',
  );
  await wren.rescreen(audit);
}
