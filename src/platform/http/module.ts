/**
 * What a module gives the app: its routes and the links each role sees on its start page and
 * in the navigation. See README "Adding a module".
 */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../auth/roles.ts';

export interface NavigationItem {
  text: string;
  href: string;
  roles: readonly Role[];
  /** A line under the link on the start page. */
  hint?: string;
  /** Also show in the service navigation bar. */
  inMenu?: boolean;
}

export interface AppModule<S> {
  name: string;
  navigation: readonly NavigationItem[];
  routes(app: FastifyInstance, services: S): void | Promise<void>;
}
