/**
 * The child index's records: finding a child by exact identifiers (or creating one), the
 * setting on whose roll a child is, and what a child's page shows. Exact identifiers only here;
 * probabilistic candidates come from the linkage engine (service.ts).
 *
 * A candidate whose NHS number differs from the one given is a different child; more than one
 * agreeing candidate is ambiguous and is never resolved by guessing: the caller sends it to a
 * person.
 */
import type { Transaction } from 'kysely';
import { type AuditActor, appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import * as q from './queries.ts';
import type { ChildDetails } from './schema.ts';

export type { RoutingCandidate } from './queries.ts';

export type ChildLookup =
  | { status: 'found'; childId: string; districtId: number | null }
  | { status: 'none' }
  | { status: 'ambiguous'; candidates: string[] };

export type ChildMatch =
  | { status: 'found' | 'created'; childId: string }
  | { status: 'ambiguous'; candidates: string[] };

export interface SettingOnRoll {
  id: number;
  name: string;
  schoolDayStartsAt: string;
  safeguardingEmail: string;
  closures: string[];
  keyAdultEmails: string[];
  /** The setting's own terms, or null when it follows the local authority's. */
  ownTerms: { start: string; end: string }[] | null;
}

type Identifiers = Pick<ChildDetails, 'givenName' | 'familyName' | 'dateOfBirth'> &
  Partial<Pick<ChildDetails, 'nhsNumber' | 'upn'>>;

/** The exact matches that agree on the NHS number where both have one. */
function agreeing<T extends { nhsNumber: string | null }>(
  input: { nhsNumber?: string | undefined },
  matches: readonly T[],
): T[] {
  return matches.filter((c) => !(input.nhsNumber && c.nhsNumber && c.nhsNumber !== input.nhsNumber));
}

/**
 * The child a notice is for, from the exact matches: one agreeing match is found; none, or
 * several, is not a guess.
 */
export function routingLookupOf(
  input: { nhsNumber?: string | undefined },
  matches: readonly q.RoutingCandidate[],
): { lookup: ChildLookup; setting: SettingOnRoll | null } {
  const candidates = agreeing(input, matches);
  if (candidates.length > 1)
    return { lookup: { status: 'ambiguous', candidates: candidates.map((c) => c.id) }, setting: null };
  const child = candidates[0];
  if (!child) return { lookup: { status: 'none' }, setting: null };
  return {
    lookup: { status: 'found', childId: child.id, districtId: child.districtId },
    setting:
      child.settingId == null
        ? null
        : {
            id: child.settingId,
            name: child.settingName!,
            schoolDayStartsAt: child.schoolDayStartsAt!,
            safeguardingEmail: child.safeguardingEmail!,
            closures: child.closures ?? [],
            keyAdultEmails: child.keyAdultEmails ?? [],
            ownTerms: child.ownTerms?.length ? child.ownTerms : null,
          },
  };
}

export class ChildIndex {
  constructor(protected readonly db: Db) {}

  child(id: string) {
    return q.findChild(this.db, id);
  }

  childrenMergedInto(childId: string) {
    return q.childrenMergedInto(this.db, childId);
  }

  childEnrolments(childId: string) {
    return q.childEnrolments(this.db, childId);
  }

  /** The settings a child attended, named with their dates, including those of records merged into it. */
  settingsAttended(childId: string) {
    return q.settingsAttended(this.db, childId);
  }

  /** Children by id, as recorded (a merged record too): for modules that hold children's ids. */
  childrenByIds(ids: readonly string[]) {
    return q.childrenByIds(this.db, ids);
  }

  /** Children in use (not merged into another) per district; null for no district recorded. */
  childrenPerDistrict() {
    return q.childrenPerDistrict(this.db);
  }

  /**
   * Finds a child by exact identifiers or creates one, inside the caller's transaction, and
   * audits the match or the creation there.
   */
  async findOrCreateChildInTrx(
    trx: Transaction<Database>,
    actor: AuditActor,
    input: ChildDetails,
    options: { districtId?: number | null } = {},
  ): Promise<ChildMatch> {
    const candidates = agreeing(input, await q.findChildrenByExactIdentifiers(trx, input));
    if (candidates.length === 1) {
      const childId = candidates[0]!.id;
      await appendAudit(trx, actor, { action: 'match', recordType: 'child', recordId: childId, childId });
      return { status: 'found', childId };
    }
    if (candidates.length > 1) return { status: 'ambiguous', candidates: candidates.map((c) => c.id) };
    const childId = await q.insertChild(trx, {
      ...input,
      address: input.address ?? null,
      postcode: input.postcode ?? null,
      districtId: options.districtId ?? null,
    });
    await appendAudit(trx, actor, { action: 'create', recordType: 'child', recordId: childId, childId });
    return { status: 'created', childId };
  }

  findOrCreateChild(
    actor: AuditActor,
    input: ChildDetails,
    options: { districtId?: number | null } = {},
  ): Promise<ChildMatch> {
    return this.db.transaction().execute((trx) => this.findOrCreateChildInTrx(trx, actor, input, options));
  }

  /**
   * Finds a child by exact identifiers only, never creating one. The caller writes the audit
   * entry for the match in its own transaction (see AuditWriter), ideally just before it commits.
   */
  async findChildInTrx(trx: Transaction<Database>, input: Identifiers): Promise<ChildLookup> {
    const candidates = agreeing(input, await q.findChildrenByExactIdentifiers(trx, input));
    if (candidates.length > 1) return { status: 'ambiguous', candidates: candidates.map((c) => c.id) };
    const child = candidates[0];
    if (!child) return { status: 'none' };
    return { status: 'found', childId: child.id, districtId: child.districtId };
  }

  /**
   * Finds a child by exact identifiers, never creating one, together with the setting on whose
   * roll they were on a date (with its closures and Key Adults' emails). The caller audits the
   * match in its own transaction.
   */
  async findChildForRoutingInTrx(
    trx: Transaction<Database>,
    input: Identifiers,
    date: string,
  ): Promise<{ lookup: ChildLookup; setting: SettingOnRoll | null }> {
    return routingLookupOf(input, await q.findChildrenWithSettingOnRoll(trx, input, date));
  }
}
