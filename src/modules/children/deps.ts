/** What the child index's pages and jobs work with: the platform's services and its own. */
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import type { ChildrenService } from './service.ts';

export type ChildrenServices = PlatformServices & { children: ChildrenService };
