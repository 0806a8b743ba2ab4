/** The demo accounts `seedDemoPartnership` creates: one per role, all with the same password. */
import { ROLE_NAMES, ROLES, type Role } from '../../src/platform/auth/roles.ts';

export { ROLE_NAMES, ROLES, type Role };

/** The seed's default password; the server is started with DEMO_PASSWORD set to it explicitly. */
export const DEMO_PASSWORD = 'demo-password-not-for-real-use';

/** The seed's address for a role: `partnership_admin` → `partnership.admin@demo.safeguarding-hub.example`. */
export function demoEmail(role: Role): string {
  return `${role.replace(/_/g, '.')}@demo.safeguarding-hub.example`;
}

/**
 * POST /sign-in is rate limited to 10 attempts a minute per client IP, and every browser test
 * comes from 127.0.0.1: a test file (one server) must stay under this many sign-in attempts.
 */
export const SIGN_IN_ATTEMPTS_PER_SERVER = 10;
