/**
 * Who may do what in WREN. The hospital safeguarding nurse imports her team's A&E attendances,
 * keeps the key word list and triages what it flags; she sees the attendances of her own team
 * only, and of the child only what the index holds (never case notes). The monthly profile is
 * aggregate figures, for the partnership's boards too.
 */
import { definePolicy, inScope } from '../../platform/auth/permissions.ts';

export const healthScreeningPolicy = definePolicy({
  'wren:import': { roles: ['hospital_safeguarding_nurse', 'partnership_admin'] },
  'wren:keywords': { roles: ['hospital_safeguarding_nurse', 'partnership_admin'] },
  'wren:triage': { roles: ['hospital_safeguarding_nurse', 'partnership_admin'], record: inScope },
  'wren:profile': {
    roles: [
      'hospital_safeguarding_nurse',
      'partnership_admin',
      'get_safe_coordinator',
      'executive',
      'analyst',
    ],
  },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    'health-screening': typeof healthScreeningPolicy;
  }
}
