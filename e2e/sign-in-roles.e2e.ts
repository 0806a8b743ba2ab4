/** Signing in: the second half of the roles (a server of their own, for the sign-in limit). */
import { describe } from 'vitest';
import { useHub } from './support/hub.ts';
import { itCoversEveryRole, itSignsInEachRole, roleBatch } from './support/role-sign-ins.ts';

const hub = useHub();

describe('signing in, more roles', () => {
  itCoversEveryRole();
  itSignsInEachRole(hub, roleBatch(1));
});
