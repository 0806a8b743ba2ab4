import { describe, expect, it } from 'vitest';
import { NICKNAME_GROUPS, areNicknames, nicknameGroupOf } from './nicknames.ts';

describe('nicknames', () => {
  it('links short forms, spellings and transliterations to their name', () => {
    expect(areNicknames('william', 'bill')).toBe(true);
    expect(areNicknames('liam', 'billy')).toBe(true);
    expect(areNicknames('lizzie', 'elizabeth')).toBe(true);
    expect(areNicknames('peggy', 'margaret')).toBe(true);
    expect(areNicknames('muhammad', 'mohammed')).toBe(true);
    expect(areNicknames('catherine', 'kate')).toBe(true);
    expect(areNicknames('ollie', 'oliver')).toBe(true);
    expect(areNicknames('xander', 'alexander')).toBe(true);
    expect(areNicknames('izzy', 'isabella')).toBe(true);
    expect(areNicknames('tommy', 'thomas')).toBe(true);
  });

  it('is symmetric and never links a name to itself or to an unrelated name', () => {
    expect(areNicknames('bill', 'william')).toBe(areNicknames('william', 'bill'));
    expect(areNicknames('william', 'william')).toBe(false);
    expect(areNicknames('jack', 'jake')).toBe(false);
    expect(areNicknames('ella', 'ellie')).toBe(false);
    expect(areNicknames('oliver', 'olivia')).toBe(false);
    expect(areNicknames('william', 'zebedee')).toBe(false);
    expect(areNicknames('zebedee', 'quentina')).toBe(false);
  });

  it('links a name in several groups through any of them, and returns its first group', () => {
    expect(areNicknames('alex', 'alexander')).toBe(true);
    expect(areNicknames('alex', 'alexandra')).toBe(true);
    expect(areNicknames('alexander', 'alexandra')).toBe(false);
    expect(nicknameGroupOf('alex')).toBe(nicknameGroupOf('alexander'));
    expect(nicknameGroupOf('alex')).not.toBe(nicknameGroupOf('alexandra'));
  });

  it('gives a group id that indexes NICKNAME_GROUPS, and undefined for unknown names', () => {
    const id = nicknameGroupOf('bill');
    expect(id).toBeDefined();
    expect(NICKNAME_GROUPS[id!]).toContain('william');
    expect(nicknameGroupOf('bill')).toBe(nicknameGroupOf('william'));
    expect(nicknameGroupOf('zebedee')).toBeUndefined();
    expect(nicknameGroupOf('')).toBeUndefined();
  });

  it('has well-formed groups', () => {
    expect(NICKNAME_GROUPS.length).toBeGreaterThanOrEqual(150);
    expect(NICKNAME_GROUPS.length).toBeLessThanOrEqual(260);
    for (const group of NICKNAME_GROUPS) {
      expect(group.length).toBeGreaterThanOrEqual(2);
      expect(new Set(group).size, group.join(', ')).toBe(group.length);
      for (const name of group) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it('has no two groups with the same names', () => {
    const seen = new Set<string>();
    for (const group of NICKNAME_GROUPS) {
      const key = [...group].sort().join(',');
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });
});
