import type { PlatformServices } from '../../platform/modules/define-module.ts';
import type { ChildrenService } from '../children/index.ts';
import type { RegistryService } from '../registry/index.ts';
import type { EncompassService } from './service.ts';

/** What Operation Encompass's pages need: the platform's services, the registry, the child index and its own. */
export type EncompassServices = PlatformServices & {
  registry: RegistryService;
  children: ChildrenService;
  encompass: EncompassService;
};
