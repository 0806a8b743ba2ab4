/**
 * Which child of the index each attendance is: first the same NHS number and date of birth
 * (exact), then the linkage engine over a batch (its blocking and the index's model) for the
 * rest. Attendances are taken in slices sorted by date of birth, each against the children
 * born on those days or living at those postcodes, with a turn of the event loop between
 * slices, so that 100,000 attendances against the whole index neither hold the process nor
 * load every child at once. A child is never created from an attendance.
 */
import { childrenByNhsNumbers, indexLinkageModel, linkableChildren } from '../children/index.ts';
import { DEFAULT_THRESHOLDS, type LinkageModel, type PersonRecord, link } from '../linkage/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { yieldToEventLoop } from './attendance-file.ts';
import type { MatchMethod } from './tables.ts';

export interface AttendancePerson {
  givenName: string | null;
  familyName: string;
  dateOfBirth: string;
  postcode: string | null;
  nhsNumber: string | null;
}

export interface ChildMatch {
  childId: string | null;
  method: MatchMethod;
  probability: number | null;
  decision: 'link' | 'review' | null;
}

const NONE: ChildMatch = { childId: null, method: 'none', probability: null, decision: null };

/** Attendances per slice of the engine's work. */
export const MATCH_SLICE = 1000;

export async function matchAttendances(
  db: Db,
  people: readonly AttendancePerson[],
  options: { model?: LinkageModel; slice?: number } = {},
): Promise<ChildMatch[]> {
  const result: ChildMatch[] = people.map(() => NONE);
  // 1. The same NHS number and the same date of birth: the same child.
  const byNhs = await childrenByNhsNumbers(
    db,
    people.flatMap((p) => (p.nhsNumber ? [p.nhsNumber] : [])),
  );
  const rest: number[] = [];
  people.forEach((p, k) => {
    const child = p.nhsNumber ? byNhs.get(p.nhsNumber) : undefined;
    if (child && child.dateOfBirth === p.dateOfBirth)
      result[k] = { childId: child.id, method: 'nhs_number', probability: 1, decision: 'link' };
    else rest.push(k);
  });
  if (!rest.length) return result;

  // 2. The engine, slice by slice, over the children who could be them.
  const model = options.model ?? (await indexLinkageModel(db));
  rest.sort((a, b) =>
    people[a]!.dateOfBirth < people[b]!.dateOfBirth
      ? -1
      : people[a]!.dateOfBirth > people[b]!.dateOfBirth
        ? 1
        : a - b,
  );
  const size = options.slice ?? MATCH_SLICE;
  for (let s = 0; s < rest.length; s += size) {
    const slice = rest.slice(s, s + size);
    const slicePeople = slice.map((k) => people[k]!);
    const pool = await linkableChildren(db, {
      datesOfBirth: slicePeople.map((p) => p.dateOfBirth),
      postcodes: slicePeople.map((p) => p.postcode ?? ''),
      familyNames: slicePeople.map((p) => p.familyName),
    });
    if (pool.length) {
      const left: PersonRecord[] = slicePeople.map((p) => ({
        givenName: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
        postcode: p.postcode,
        nhsNumber: p.nhsNumber,
      }));
      const linked = link(
        left,
        pool.map((c) => c.person),
        {
          model,
          // The pool is picked by SQL: its name frequencies are not the index's.
          termFrequencies: false,
          thresholds: DEFAULT_THRESHOLDS,
        },
      );
      // Pairs come strongest first: the first pair of an attendance is its best candidate.
      const seen = new Set<number>();
      for (const pair of linked.pairs) {
        if (seen.has(pair.left)) continue;
        seen.add(pair.left);
        result[slice[pair.left]!] = {
          childId: pool[pair.right]!.id,
          method: 'linkage',
          probability: pair.probability,
          decision: pair.decision,
        };
      }
    }
    await yieldToEventLoop();
  }
  return result;
}
