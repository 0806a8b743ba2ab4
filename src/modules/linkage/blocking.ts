/**
 * Blocking: which pairs are compared at all. Comparing every pair of a million children is half
 * a trillion comparisons, so only pairs that agree on at least one rule's key are compared (a
 * union of rules, each catching what the others miss: a new surname, a mistyped date, a move).
 * A pair that several rules find is compared once: a rule skips pairs an earlier rule found.
 */
import type { PreparedPeople } from './person.ts';

export interface BlockingRule {
  key: string;
  label: string;
  /** The record's key under this rule; null when it has none (e.g. no NHS number). */
  keyOf(people: PreparedPeople, i: number): string | null;
}

const dob = (p: PreparedPeople, i: number): string | null =>
  p.birthYear[i]! < 0 ? null : `${p.birthYear[i]}-${p.birthMonth[i]}-${p.birthDay[i]}`;

export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  {
    key: 'nhs_number',
    label: 'same NHS number',
    keyOf: (p, i) => (p.nhsNumberId[i]! < 0 ? null : String(p.nhsNumberId[i])),
  },
  {
    key: 'nhs_number_first_half',
    label: 'same first half of the NHS number and year of birth',
    keyOf: (p, i) => {
      const nhs = p.nhsNumber[i]!;
      return nhs === '' || p.birthYear[i]! < 0
        ? null
        : `${nhs.slice(0, Math.ceil(nhs.length / 2))}:${p.birthYear[i]}`;
    },
  },
  {
    key: 'nhs_number_second_half',
    label: 'same second half of the NHS number and year of birth',
    keyOf: (p, i) => {
      const nhs = p.nhsNumber[i]!;
      return nhs === '' || p.birthYear[i]! < 0
        ? null
        : `${nhs.slice(Math.ceil(nhs.length / 2))}:${p.birthYear[i]}`;
    },
  },
  {
    key: 'date_of_birth_family_soundex',
    label: 'same date of birth and family name Soundex',
    keyOf: (p, i) => {
      const d = dob(p, i);
      return d === null || p.familySoundex[i]! < 0 ? null : `${d}:${p.familySoundex[i]}`;
    },
  },
  {
    key: 'date_of_birth_given_soundex',
    label: 'same date of birth and given name Soundex',
    keyOf: (p, i) => {
      const d = dob(p, i);
      return d === null || p.givenSoundex[i]! < 0 ? null : `${d}:${p.givenSoundex[i]}`;
    },
  },
  {
    key: 'date_of_birth_names_either_order',
    label: 'same date of birth and both names’ Soundex, in either order',
    keyOf: (p, i) => {
      const d = dob(p, i);
      const g = p.givenSoundex[i]!;
      const f = p.familySoundex[i]!;
      if (d === null || g < 0 || f < 0) return null;
      return g < f ? `${d}:${g}:${f}` : `${d}:${f}:${g}`;
    },
  },
  {
    key: 'names_birth_year',
    label: 'same given and family name Soundex and year of birth',
    keyOf: (p, i) => {
      const y = p.birthYear[i]!;
      const g = p.givenSoundex[i]!;
      const f = p.familySoundex[i]!;
      return y < 0 || g < 0 || f < 0 ? null : `${y}:${g}:${f}`;
    },
  },
  {
    key: 'date_of_birth_postcode',
    label: 'same date of birth and postcode',
    keyOf: (p, i) => {
      const d = dob(p, i);
      return d === null || p.postcodeId[i]! < 0 ? null : `${d}:${p.postcodeId[i]}`;
    },
  },
  {
    key: 'postcode_house_number',
    label: 'same postcode and house number',
    keyOf: (p, i) => {
      const pc = p.postcodeId[i]!;
      const house = /^\d+[a-z]?\b/.exec(p.address[i]!)?.[0];
      return pc < 0 || house === undefined ? null : `${pc}:${house}`;
    },
  },
  {
    key: 'date_of_birth_house_number',
    label: 'same date of birth and house number',
    keyOf: (p, i) => {
      const d = dob(p, i);
      const house = /^\d+[a-z]?\b/.exec(p.address[i]!)?.[0];
      return d === null || house === undefined ? null : `${d}:${house}`;
    },
  },
  {
    key: 'names_birthday',
    label: 'same given and family name Soundex and day and month of birth (a mistyped year)',
    keyOf: (p, i) => {
      const g = p.givenSoundex[i]!;
      const f = p.familySoundex[i]!;
      return p.birthYear[i]! < 0 || g < 0 || f < 0 ? null : `${g}:${f}:${p.birthMonth[i]}-${p.birthDay[i]}`;
    },
  },
  {
    key: 'names_house_number',
    label: 'same given and family name Soundex and house number (a mistyped date of birth and postcode)',
    keyOf: (p, i) => {
      const g = p.givenSoundex[i]!;
      const f = p.familySoundex[i]!;
      const house = /^\d+[a-z]?\b/.exec(p.address[i]!)?.[0];
      return g < 0 || f < 0 || house === undefined ? null : `${g}:${f}:${house}`;
    },
  },
  {
    key: 'postcode_given_soundex',
    label: 'same postcode and given name Soundex',
    keyOf: (p, i) => {
      const pc = p.postcodeId[i]!;
      const g = p.givenSoundex[i]!;
      return pc < 0 || g < 0 ? null : `${pc}:${g}`;
    },
  },
];

/** Records of one side grouped by key: members of group g are order[start[g]] … order[start[g+1]-1]. */
interface Groups {
  /** Key id per record, -1 when the record has no key. */
  keyIds: Int32Array;
  order: Int32Array;
  start: Int32Array;
}

function group(keyIds: Int32Array, keyCount: number): Groups {
  const counts = new Int32Array(keyCount + 1);
  for (const k of keyIds) if (k >= 0) counts[k + 1]!++;
  for (let k = 0; k < keyCount; k++) counts[k + 1]! += counts[k]!;
  const start = counts.slice();
  const order = new Int32Array(start[keyCount]!);
  const next = counts; // reused as the write cursor
  for (let i = 0; i < keyIds.length; i++) {
    const k = keyIds[i]!;
    if (k >= 0) order[next[k]!++] = i;
  }
  return { keyIds, order, start };
}

/** Both sides' records grouped by one key, the key numbered alike on both sides. */
function groupBothSides(
  keyOf: (people: PreparedPeople, i: number) => string | null,
  left: PreparedPeople,
  right: PreparedPeople | null,
): [Groups, Groups | null] {
  const ids = new Map<string, number>();
  const keyIds = (people: PreparedPeople) => {
    const out = new Int32Array(people.size);
    for (let i = 0; i < people.size; i++) {
      const key = keyOf(people, i);
      if (key === null) out[i] = -1;
      else {
        let id = ids.get(key);
        if (id === undefined) {
          id = ids.size;
          ids.set(key, id);
        }
        out[i] = id;
      }
    }
    return out;
  };
  const leftIds = keyIds(left);
  const rightIds = right ? keyIds(right) : null;
  return [group(leftIds, ids.size), rightIds ? group(rightIds, ids.size) : null];
}

export interface RuleCount {
  rule: string;
  label: string;
  /** Pairs this rule adds: found by it and by no earlier rule. */
  comparisons: number;
}

/**
 * The candidate pairs of a dedupe (one side) or a link (two sides), enumerated without
 * materialising them: a million records can have tens of millions of candidate pairs.
 */
export class BlockingPlan {
  readonly rules: readonly BlockingRule[];
  readonly #left: Groups[];
  readonly #right: Groups[] | null;

  constructor(rules: readonly BlockingRule[], left: PreparedPeople, right: PreparedPeople | null = null) {
    if (rules.length === 0) throw new Error('At least one blocking rule is needed');
    this.rules = rules;
    this.#left = [];
    this.#right = right ? [] : null;
    for (const rule of rules) {
      const [l, r] = groupBothSides(rule.keyOf, left, right);
      this.#left.push(l);
      if (r) this.#right!.push(r);
    }
  }

  /** Whether an earlier rule than `r` already put (i, j) together. */
  #foundEarlier(r: number, i: number, j: number): boolean {
    for (let e = 0; e < r; e++) {
      const k = this.#left[e]!.keyIds[i]!;
      if (k >= 0 && k === (this.#right ? this.#right[e]! : this.#left[e]!).keyIds[j]) return true;
    }
    return false;
  }

  /** Calls `visit(i, j, rule)` once for every candidate pair (i < j for a dedupe). */
  forEachPair(visit: (i: number, j: number, rule: number) => void): void {
    for (let r = 0; r < this.rules.length; r++) {
      const left = this.#left[r]!;
      const groupCount = left.start.length - 1;
      if (this.#right) {
        const right = this.#right[r]!;
        for (let g = 0; g < groupCount; g++) {
          const l0 = left.start[g]!;
          const l1 = left.start[g + 1]!;
          const r0 = right.start[g]!;
          const r1 = right.start[g + 1]!;
          if (l0 === l1 || r0 === r1) continue;
          for (let x = l0; x < l1; x++) {
            const i = left.order[x]!;
            for (let y = r0; y < r1; y++) {
              const j = right.order[y]!;
              if (r === 0 || !this.#foundEarlier(r, i, j)) visit(i, j, r);
            }
          }
        }
      } else {
        for (let g = 0; g < groupCount; g++) {
          const s0 = left.start[g]!;
          const s1 = left.start[g + 1]!;
          for (let x = s0; x < s1; x++) {
            const i = left.order[x]!;
            for (let y = x + 1; y < s1; y++) {
              const j = left.order[y]!;
              // Records are grouped in index order, so i < j already.
              if (r === 0 || !this.#foundEarlier(r, i, j)) visit(i, j, r);
            }
          }
        }
      }
    }
  }

  /** How many pairs each rule adds, counted before anything is compared. */
  count(): { total: number; byRule: RuleCount[] } {
    const byRule = new Array<number>(this.rules.length).fill(0);
    this.forEachPair((_i, _j, r) => {
      byRule[r]!++;
    });
    return {
      total: byRule.reduce((a, b) => a + b, 0),
      byRule: this.rules.map((rule, r) => ({ rule: rule.key, label: rule.label, comparisons: byRule[r]! })),
    };
  }
}

/**
 * Pairs sharing one key, for estimating the model: the groups are taken in a random order
 * until `cap` pairs have been visited, so a key shared by many (a common date of birth) gives
 * a fair sample, not every pair.
 */
export function forEachPairSharing(
  keyOf: (people: PreparedPeople, i: number) => string | null,
  left: PreparedPeople,
  right: PreparedPeople | null,
  cap: number,
  random: () => number,
  visit: (i: number, j: number) => void,
): number {
  const [l, r] = groupBothSides(keyOf, left, right);
  const keyCount = l.start.length - 1;
  const order = Array.from({ length: keyCount }, (_, k) => k);
  for (let k = order.length - 1; k > 0; k--) {
    const x = Math.floor(random() * (k + 1));
    [order[k], order[x]] = [order[x]!, order[k]!];
  }
  let visited = 0;
  for (const g of order) {
    const l0 = l.start[g]!;
    const l1 = l.start[g + 1]!;
    if (r) {
      for (let x = l0; x < l1; x++) {
        for (let y = r.start[g]!; y < r.start[g + 1]!; y++) {
          visit(l.order[x]!, r.order[y]!);
          visited++;
        }
      }
    } else {
      for (let x = l0; x < l1; x++) {
        for (let y = x + 1; y < l1; y++) {
          visit(l.order[x]!, l.order[y]!);
          visited++;
        }
      }
    }
    if (visited >= cap) break;
  }
  return visited;
}
