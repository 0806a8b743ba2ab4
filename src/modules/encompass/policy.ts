/**
 * Operation Encompass: the police record and correct incidents; settings and teams read and
 * acknowledge the notices routed to them; the coordinator sees everything and routes by hand.
 */
import { type ListScope, definePolicy, inScope } from '../../platform/auth/permissions.ts';

export const encompassPolicy = definePolicy({
  'encompass:record': { roles: ['police_officer'] },
  'encompass:incidents': { roles: ['police_officer', 'encompass_coordinator'] },
  'incident:view': {
    roles: ['police_officer', 'encompass_coordinator'],
    // The police see their own force's incidents; the coordinator sees all.
    record: inScope,
  },
  'incident:amend': {
    roles: ['police_officer'],
    // Only the force that recorded an incident corrects it or withdraws its notices.
    record: inScope,
  },
  'encompass:notices': {
    roles: ['dsl', 'health_visitor', 'front_door_practitioner', 'encompass_coordinator'],
  },
  'notice:view': {
    roles: ['dsl', 'health_visitor', 'front_door_practitioner', 'encompass_coordinator'],
    // A withdrawn notice (sent to the wrong place) is gone for its recipient; the coordinator,
    // who sees every notice, still sees it.
    record: (user, facts) =>
      inScope(user, facts) && (facts.state !== 'withdrawn' || user.role === 'encompass_coordinator'),
  },
  'notice:acknowledge': {
    roles: ['dsl', 'health_visitor', 'front_door_practitioner'],
    // A withdrawn notice is gone for its recipient, here as on its page: a refused form would
    // otherwise show it again. Other states are the transition table's to refuse (409).
    record: (user, facts) => inScope(user, facts) && facts.state !== 'withdrawn',
  },
  'encompass:coordinate': { roles: ['encompass_coordinator'] },
  // Aggregates only: no child appears on the dashboard, so executives may see it.
  'encompass:monitor': { roles: ['encompass_coordinator', 'executive', 'partnership_admin'] },
  'encompass:enrolment': { roles: ['encompass_coordinator'] },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    encompass: typeof encompassPolicy;
  }
}

/** Which notices a list shows: a setting's, a team's, or (the coordinator) all. */
export type NoticeScope = { settingId: number } | { teamId: number } | Record<string, never>;

export function noticeScope(scope: ListScope): NoticeScope {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'setting':
      return { settingId: scope.settingId };
    case 'team':
      return { teamId: scope.teamId };
    default:
      // No setting or team on the account: a list that can match nothing.
      return { settingId: -1 };
  }
}

/** Which incidents a list shows: the user's own force's, or (the coordinator) all. */
export function incidentScope(scope: ListScope): number | null {
  if (scope.kind === 'all') return null;
  if (scope.kind === 'organisation') return scope.organisationId;
  return -1;
}
