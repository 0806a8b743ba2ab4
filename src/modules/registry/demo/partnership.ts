import { DISTRICT_PROFILES } from './districts.ts';
import { demoOrganisations, demoTeams, PARTNERSHIP_NAME } from './organisations.ts';
import { Random } from '../../../synthetic/random.ts';
import { demoSettings } from './settings.ts';
import { DEMO_TERMS } from './terms.ts';
import type { DemoPartnership } from './types.ts';

/**
 * The demo partnership: the six districts, the three safeguarding partners and the relevant
 * agencies, their teams, 271 schools and 455 early-years settings, and the term dates of
 * 2026-27 and 2027-28. Plain data; the same seed always gives the same partnership.
 */
export function demoPartnership(seed = 1): DemoPartnership {
  const rng = new Random(seed).fork('partnership');
  return {
    name: PARTNERSHIP_NAME,
    districts: DISTRICT_PROFILES.map(({ code, name }) => ({ code, name })),
    organisations: demoOrganisations(),
    teams: demoTeams(),
    settings: demoSettings(rng.fork('settings')),
    terms: DEMO_TERMS.map((t) => ({ ...t })),
  };
}
