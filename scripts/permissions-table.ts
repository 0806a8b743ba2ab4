/**
 * Writes docs/permissions.md: who may do what, read from the same policies the app merges, so the
 * page cannot drift from the code (src/platform/auth/permissions-doc.test.ts compares the committed
 * page with what this writes).
 *
 *   npm run docs:permissions        (node --import tsx scripts/permissions-table.ts)
 *
 * A rule's condition on the record is a function, and the policies are not edited to describe it.
 * Its wording is worked out from what it does instead: a rule that is `inScope` itself reads as the
 * role's own scope; any other is asked, for a user of each role, about a set of probe records (the
 * user's own setting, team, district or organisation, someone else's, nobody's) in each state rules
 * are known to look at, and its answers are compared with `inScope`'s. A condition that matches none
 * of those shapes reads "condition on the record".
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MODULES } from '../src/modules.ts';
import {
  type Policy,
  type RecordFacts,
  type Rule,
  type SignedInUser,
  inScope,
  platformPolicy,
} from '../src/platform/auth/permissions.ts';
import { ROLES, ROLE_NAMES, type Role } from '../src/platform/auth/roles.ts';

export const DOC_PATH = fileURLToPath(new URL('../docs/permissions.md', import.meta.url));

/** Every policy by module, in the order src/modules.ts merges them: the platform's, then the list's. */
export function policiesByModule(): { module: string; policy: Policy }[] {
  return [
    { module: 'platform', policy: platformPolicy },
    ...MODULES.map((m) => ({ module: m.name as string, policy: m.policy })),
  ];
}

// The probe user's own places, and places that are nobody's on the probe account.
const OWN = { settingId: 1, teamId: 2, teamDistrictId: 3, organisationId: 4 };
const ELSEWHERE = { settingId: 11, teamId: 12, districtId: 13, organisationId: 14 };

const PROBE_PLACES: readonly RecordFacts[] = [
  {},
  { settingIds: [OWN.settingId] },
  { teamIds: [OWN.teamId] },
  { districtIds: [OWN.teamDistrictId] },
  { organisationIds: [OWN.organisationId] },
  {
    settingIds: [ELSEWHERE.settingId],
    teamIds: [ELSEWHERE.teamId],
    districtIds: [ELSEWHERE.districtId],
    organisationIds: [ELSEWHERE.organisationId],
  },
  {
    settingIds: [ELSEWHERE.settingId, OWN.settingId],
    teamIds: [ELSEWHERE.teamId, OWN.teamId],
    districtIds: [ELSEWHERE.districtId, OWN.teamDistrictId],
    organisationIds: [ELSEWHERE.organisationId, OWN.organisationId],
  },
];

/** The record states rules are known to look at, with no state and a state no rule names. */
const NAMED_STATES = ['sent', 'acknowledged', 'queued', 'withdrawn'] as const;
const ANOTHER_STATE = 'another state';
const PROBE_STATES: readonly (string | undefined)[] = [undefined, ...NAMED_STATES, ANOTHER_STATE];

function probeUser(role: Role): SignedInUser {
  return {
    id: 'probe',
    email: 'probe@example.invalid',
    givenName: 'Probe',
    familyName: 'User',
    role,
    ...OWN,
  };
}

const OWN_SCOPE: Record<(typeof ROLES)[Role]['scope'], string> = {
  partnership: 'any record',
  organisation: 'own organisation',
  team: 'own team or its district',
  setting: 'own setting',
  aggregate: 'never',
  pseudonymised: 'never',
};

/** What a cell says for a role the rule names, and nothing for a role it does not. */
export function describeCell(rule: Rule, role: Role): string {
  if (!rule.roles.includes(role)) return '';
  const condition = rule.record;
  if (!condition) return '✓';
  const user = probeUser(role);
  const scope = ROLES[role].scope;
  if (condition === inScope) return scope === 'partnership' ? '✓' : OWN_SCOPE[scope];

  const probes = PROBE_PLACES.flatMap((place) => PROBE_STATES.map((state) => ({ ...place, state })));
  const answers = probes.map((facts) => ({
    facts,
    allowed: condition(user, facts),
    inScope: inScope(user, facts),
  }));
  if (answers.every((a) => a.allowed)) return '✓';
  if (answers.every((a) => !a.allowed)) return 'never';
  // Never beyond inScope: is it inScope, or inScope in some states only?
  if (answers.some((a) => a.allowed && !a.inScope)) return 'condition on the record';
  const allowedIn = (state: string | undefined) =>
    answers.filter((a) => a.facts.state === state).every((a) => a.allowed === a.inScope);
  const refusedIn = (state: string | undefined) =>
    answers.filter((a) => a.facts.state === state).every((a) => !a.allowed);
  if (!PROBE_STATES.every((s) => allowedIn(s) || refusedIn(s))) return 'condition on the record';
  const refused = PROBE_STATES.filter((s) => !allowedIn(s));
  const base = OWN_SCOPE[scope];
  if (refused.length === 0) return scope === 'partnership' ? '✓' : base;
  // A state no rule names, and no state, still allowed: the rule refuses named states (a deny list);
  // both refused: it allows named states only (an allow list).
  if (allowedIn(ANOTHER_STATE) && allowedIn(undefined)) return `${base}, not ${refused.join(' or ')}`;
  if (!allowedIn(ANOTHER_STATE) && !allowedIn(undefined)) {
    return `${base}, only ${NAMED_STATES.filter((s) => allowedIn(s)).join(' or ')}`;
  }
  return 'condition on the record';
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

/** The whole page, as this script writes it. */
export function permissionsMarkdown(): string {
  const lines: string[] = [
    '<!-- Written by scripts/permissions-table.ts from the policies: run `npm run docs:permissions`, do not edit by hand. -->',
    '',
    '# Who may do what',
    '',
    'Every permission of the platform and of each module (its `policy.ts`), and the roles that hold it.',
    'Anything not listed is denied. A route names one permission; a handler that has loaded a record',
    'asks again with what it knows of the record (its settings, teams, districts, organisations and',
    'state), and the rule’s condition on the record decides.',
    '',
    '| in a cell | means |',
    '| --- | --- |',
    '| ✓ | the role may, whatever the record |',
    '| own setting | only for a record of the user’s own setting |',
    '| own team or its district | only for a record of the user’s own team, or of the district their team covers |',
    '| own organisation | only for a record of the user’s own organisation |',
    '| …, not withdrawn | and never once the record is in that state |',
    '| condition on the record | the rule’s own condition: read the policy |',
    '| never | the role is named, but no record passes the condition (no record is ever in its scope) |',
    '| (empty) | never |',
    '',
    'Column headings are role names; what each role is, and its scope, follow the tables.',
  ];
  const header = tableRow(['permission', ...ROLE_NAMES.map((r) => `\`${r}\``)]);
  const rule = tableRow(['---', ...ROLE_NAMES.map(() => ':---:')]);
  for (const { module, policy } of policiesByModule()) {
    lines.push('', `## ${module}`, '', header, rule);
    for (const [name, r] of Object.entries(policy)) {
      lines.push(tableRow([`\`${name}\``, ...ROLE_NAMES.map((role) => describeCell(r, role))]));
    }
  }
  lines.push(
    '',
    '## Roles',
    '',
    tableRow(['role', 'who', 'scope', 'needs on the account', 'what they do here']),
    tableRow(['---', '---', '---', '---', '---']),
    ...ROLE_NAMES.map((role) => {
      const r = ROLES[role];
      return tableRow([`\`${role}\``, r.label, r.scope, r.needs ?? '—', r.description]);
    }),
    '',
    'Scope decides which records are “own”: partnership roles see every record; setting, team and',
    'organisation roles those touching the setting, team (or its district) or organisation on their',
    'account, and nothing when the account has none; executives (aggregate) and analysts',
    '(pseudonymised) no record at all.',
    '',
    '## How the cells are worked out',
    '',
    'A rule whose condition is `inScope` reads as the role’s own scope. Any other condition is asked,',
    'for a user of each role, about probe records: the user’s own setting, team, district or',
    'organisation, someone else’s, and nobody’s, each with no state, a state no rule names, and',
    `${NAMED_STATES.map((s) => `\`${s}\``).join(', ')}; its answers are compared with \`inScope\`’s.`,
    'A condition that matches none of those shapes reads “condition on the record”.',
    '',
  );
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fs.mkdirSync(path.dirname(DOC_PATH), { recursive: true });
  fs.writeFileSync(DOC_PATH, permissionsMarkdown());
  console.log(`Wrote ${path.relative(process.cwd(), DOC_PATH)}`);
}
