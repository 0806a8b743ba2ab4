/** The demo's people have plausible made-up names, and the README's table of demo sign-ins says who they are. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLE_NAMES, ROLES } from '../../platform/auth/roles.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '../../synthetic/names.ts';
import { demoPeopleNames } from './seed.ts';

const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');

describe('the demo’s people', () => {
  const people = demoPeopleNames(ROLE_NAMES);

  it('each demo account is a made-up person from the synthetic name lists, no two alike, the same every time', () => {
    expect(people.size).toBe(ROLE_NAMES.length);
    for (const [role, person] of people) {
      expect([...FEMALE_GIVEN_NAMES, ...MALE_GIVEN_NAMES], role).toContain(person.givenName);
      expect(FAMILY_NAMES, role).toContain(person.familyName);
      expect(person.givenName).not.toBe('Demo');
    }
    const full = [...people.values()].map((p) => `${p.givenName} ${p.familyName}`);
    expect(new Set(full).size).toBe(full.length);
    expect([...demoPeopleNames(ROLE_NAMES)]).toEqual([...people]);
  });

  it('the README’s demo table names every role’s person and email', () => {
    const rows = readme
      .split('## Demo sign-ins')[1]!
      .split('\n## ')[0]!
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| role') && !line.startsWith('| ---'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows).toHaveLength(ROLE_NAMES.length);
    for (const role of ROLE_NAMES) {
      const email = `${role.replace(/_/g, '.')}@demo.safeguarding-hub.example`;
      const row = rows.find((r) => r[3] === email);
      const person = people.get(role)!;
      expect(row, role).toBeDefined();
      expect(row![2], role).toBe(`${person.givenName} ${person.familyName}`);
      expect(row![1], role).toContain(ROLES[role].label.split(' (')[0]);
    }
  });
});
