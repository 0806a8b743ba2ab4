import { describe, expect, it } from 'vitest';
import { clusterLinks } from './clusters.ts';

describe('clusters from links', () => {
  it('joins strongly linked records', () => {
    const { clusters, clusterOf } = clusterLinks(
      5,
      [
        { i: 0, j: 1, weight: 20 },
        { i: 1, j: 2, weight: 18 },
        { i: 3, j: 4, weight: 15 },
      ],
      { strongWeight: 10 },
    );
    expect(clusters).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(Array.from(clusterOf)).toEqual([0, 0, 0, 3, 3]);
  });

  it('does not chain two children together through one weak link', () => {
    // {0,1,2} and {3,4,5} are strongly linked inside; one weak link joins 2 and 3.
    const inside = [
      [0, 1],
      [0, 2],
      [1, 2],
      [3, 4],
      [3, 5],
      [4, 5],
    ].map(([i, j]) => ({ i: i!, j: j!, weight: 20 }));
    const { clusters } = clusterLinks(6, [...inside, { i: 2, j: 3, weight: 4 }], { strongWeight: 10 });
    expect(clusters).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('lets weak links join groups when most of their pairs are linked', () => {
    const weak = [
      [0, 2],
      [1, 2],
    ].map(([i, j]) => ({ i: i!, j: j!, weight: 4 }));
    const { clusters } = clusterLinks(3, [{ i: 0, j: 1, weight: 20 }, ...weak], { strongWeight: 10 });
    expect(clusters).toEqual([[0, 1, 2]]);
  });

  it('never puts together records known not to be the same child', () => {
    const links = [
      { i: 0, j: 1, weight: 30 },
      { i: 1, j: 2, weight: 30 },
    ];
    const { clusters } = clusterLinks(3, links, { strongWeight: 10, cannotLink: [[0, 2]] });
    expect(clusters).toEqual([[0, 1]]);
  });
});
