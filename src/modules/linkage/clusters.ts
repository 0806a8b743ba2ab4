/**
 * Clusters from pairwise links: the records that are one child. Joining every linked pair
 * (connected components) lets one weak link chain two different children together through a
 * third record, so links are taken strongest first, a link below `strongWeight` joins two
 * groups only if at least half of the possible pairs between them are linked, and a pair known
 * not to be the same child ("not the same child", remembered) is never put together.
 */

export interface Link {
  i: number;
  j: number;
  weight: number;
}

export interface ClusterOptions {
  /** Links at or above this weight join groups on their own. */
  strongWeight: number;
  /** Pairs that must never end up in one cluster. */
  cannotLink?: readonly (readonly [number, number])[];
  /** The share of possible pairs between two groups a weak link needs beside it. */
  weakLinkSupport?: number;
}

export interface Clustering {
  /** The cluster of each record: the smallest record index in it. */
  clusterOf: Int32Array;
  /** Clusters of two or more records, each sorted, largest first. */
  clusters: number[][];
}

export function clusterLinks(size: number, links: readonly Link[], options: ClusterOptions): Clustering {
  const parent = new Int32Array(size);
  for (let i = 0; i < size; i++) parent[i] = i;
  const members = new Map<number, number[]>();
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const membersOf = (root: number) => members.get(root) ?? [root];
  const cannot = new Map<number, number[]>();
  for (const [a, b] of options.cannotLink ?? []) {
    cannot.set(a, [...(cannot.get(a) ?? []), b]);
    cannot.set(b, [...(cannot.get(b) ?? []), a]);
  }
  const forbidden = (ra: number, rb: number): boolean => {
    if (cannot.size === 0) return false;
    const small = membersOf(ra).length <= membersOf(rb).length ? ra : rb;
    const other = small === ra ? rb : ra;
    for (const x of membersOf(small)) for (const y of cannot.get(x) ?? []) if (find(y) === other) return true;
    return false;
  };
  const union = (ra: number, rb: number) => {
    const [big, small] = membersOf(ra).length >= membersOf(rb).length ? [ra, rb] : [rb, ra];
    parent[small] = big;
    members.set(big, [...membersOf(big), ...membersOf(small)]);
    members.delete(small);
  };

  const sorted = [...links].sort((a, b) => b.weight - a.weight);
  const support = options.weakLinkSupport ?? 0.5;
  // Weak links between two groups, counted as the groups stand after the strong links.
  const strong = sorted.filter((l) => l.weight >= options.strongWeight);
  const weak = sorted.filter((l) => l.weight < options.strongWeight);
  for (const { i, j } of strong) {
    const ri = find(i);
    const rj = find(j);
    if (ri !== rj && !forbidden(ri, rj)) union(ri, rj);
  }
  const between = new Map<string, number>();
  const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
  for (const { i, j } of weak) {
    const key = pairKey(find(i), find(j));
    between.set(key, (between.get(key) ?? 0) + 1);
  }
  const snapshot = new Int32Array(size);
  for (let x = 0; x < size; x++) snapshot[x] = find(x);
  for (const { i, j } of weak) {
    const ri = find(i);
    const rj = find(j);
    if (ri === rj) continue;
    const linked = between.get(pairKey(snapshot[i]!, snapshot[j]!)) ?? 0;
    const possible = membersOf(ri).length * membersOf(rj).length;
    if (linked >= support * possible && !forbidden(ri, rj)) union(ri, rj);
  }

  const clusterOf = new Int32Array(size);
  const byRoot = new Map<number, number[]>();
  for (let x = 0; x < size; x++) {
    const root = find(x);
    const list = byRoot.get(root);
    if (list) list.push(x);
    else byRoot.set(root, [x]);
  }
  const clusters: number[][] = [];
  for (const list of byRoot.values()) {
    for (const x of list) clusterOf[x] = list[0]!;
    if (list.length > 1) clusters.push(list);
  }
  clusters.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  return { clusterOf, clusters };
}
