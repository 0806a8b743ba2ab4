/**
 * docs/permissions.md is written from the policies by scripts/permissions-table.ts. A policy changed
 * without the page regenerated fails here: run `npm run docs:permissions` and commit the page.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DOC_PATH,
  describeCell,
  permissionsMarkdown,
  policiesByModule,
} from '../../../scripts/permissions-table.ts';
import { permissionTable } from '../../modules.ts';
import { type RecordFacts, type Rule, type SignedInUser, inScope } from './permissions.ts';

describe('docs/permissions.md', () => {
  it('is what `npm run docs:permissions` writes from the policies today', () => {
    expect(fs.readFileSync(DOC_PATH, 'utf8')).toBe(permissionsMarkdown());
  });

  it('lists every permission of the merged table, once', () => {
    const listed = policiesByModule().flatMap(({ policy }) => Object.keys(policy));
    expect(listed).toEqual(permissionTable.names());
    const markdown = permissionsMarkdown();
    for (const name of listed) expect(markdown.split(`| \`${name}\` |`).length - 1, name).toBe(1);
  });
});

describe('the wording of a cell', () => {
  const rule = (record?: Rule['record']): Rule => ({
    roles: ['dsl', 'health_visitor', 'police_officer', 'encompass_coordinator', 'executive'],
    ...(record ? { record } : {}),
  });

  it('is empty for a role the rule does not name, and ✓ for a rule with no condition', () => {
    expect(describeCell(rule(), 'analyst')).toBe('');
    expect(describeCell(rule(), 'dsl')).toBe('✓');
  });

  it('reads inScope as the role’s own scope', () => {
    expect(describeCell(rule(inScope), 'dsl')).toBe('own setting');
    expect(describeCell(rule(inScope), 'health_visitor')).toBe('own team or its district');
    expect(describeCell(rule(inScope), 'police_officer')).toBe('own organisation');
    expect(describeCell(rule(inScope), 'encompass_coordinator')).toBe('✓');
    expect(describeCell(rule(inScope), 'executive')).toBe('never');
  });

  it('reads inScope, written another way, as the same', () => {
    const same = (user: SignedInUser, facts: RecordFacts) => inScope(user, facts);
    expect(describeCell(rule(same), 'dsl')).toBe('own setting');
  });

  it('names the states a scoped rule refuses, or the only ones it allows', () => {
    const notWithdrawn = (user: SignedInUser, facts: RecordFacts) =>
      inScope(user, facts) && facts.state !== 'withdrawn';
    expect(describeCell(rule(notWithdrawn), 'dsl')).toBe('own setting, not withdrawn');
    expect(describeCell(rule(notWithdrawn), 'encompass_coordinator')).toBe('any record, not withdrawn');
    const onlySent = (user: SignedInUser, facts: RecordFacts) =>
      inScope(user, facts) && facts.state === 'sent';
    expect(describeCell(rule(onlySent), 'dsl')).toBe('own setting, only sent');
  });

  it('reads a rule that depends on the role per role', () => {
    const dslOnly = (user: SignedInUser, facts: RecordFacts) => user.role !== 'dsl' || inScope(user, facts);
    expect(describeCell(rule(dslOnly), 'dsl')).toBe('own setting');
    expect(describeCell(rule(dslOnly), 'police_officer')).toBe('✓');
  });

  it('falls back to "condition on the record" for any other shape', () => {
    const beyondScope = (_user: SignedInUser, facts: RecordFacts) => (facts.settingIds ?? []).length > 0;
    expect(describeCell(rule(beyondScope), 'dsl')).toBe('condition on the record');
    const someState = (user: SignedInUser, facts: RecordFacts) =>
      inScope(user, facts) && facts.state !== undefined;
    expect(describeCell(rule(someState), 'dsl')).toBe('condition on the record');
  });
});
