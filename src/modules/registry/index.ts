/**
 * The registry: districts, organisations, teams, education settings (their Key Adults, term
 * dates and closures) and user accounts. Other modules import only this file.
 */
import { defineModule } from '../../platform/modules/define-module.ts';
import { registryPolicy } from './policy.ts';
import { settingsByPhase } from './queries.ts';
import { PHASES, type Phase } from './schema.ts';
import { registryRecordsHref, registryRecordsRoutes, REGISTRY_FIGURES } from './records.ts';
import { type RegistryServices, registryRoutes } from './routes.ts';
import { seedDemoPartnership } from './seed.ts';
import { RegistryService } from './service.ts';

export const registryModule = defineModule({
  name: 'registry',
  policy: registryPolicy,
  navigation: [
    {
      text: 'Settings',
      href: '/registry/settings',
      permission: 'registry:browse',
      inMenu: true,
      hint: 'Schools, colleges and early-years settings, their DSLs and calendars',
    },
    {
      text: 'Organisations',
      href: '/registry/organisations',
      permission: 'registry:browse',
      inMenu: true,
      hint: 'The safeguarding partners and relevant agencies',
    },
    {
      text: 'Users',
      href: '/registry/users',
      permission: 'registry:manage',
      inMenu: true,
      hint: 'Who can sign in, and in which role',
    },
    {
      text: 'Your setting',
      href: '/registry/my-setting',
      permission: 'setting:own',
      inMenu: true,
      hint: 'Your setting’s details, Key Adults and calendar',
    },
  ],
  tables: [
    'district',
    'organisation',
    'team',
    'term',
    'setting',
    'setting_closure',
    'setting_staff',
    'setting_term',
  ],
  publishes: [
    'registry_district',
    'registry_organisation',
    'registry_team',
    'registry_term',
    'registry_setting',
    'registry_setting_staff',
    'registry_setting_closure',
    'registry_setting_term',
  ],
  services: (deps: Omit<RegistryServices, 'registry'>) => ({ registry: new RegistryService(deps.db) }),
  routes: async (app, services) => {
    await registryRoutes(app, services);
    registryRecordsRoutes(app, services);
  },
  async reportSection(services, period) {
    // The settings the partnership works with today (the registry keeps no history of them).
    const byPhase = await settingsByPhase(services.db);
    return {
      title: 'Schools and early-years settings',
      figures: Object.entries(PHASES)
        .filter(([phase]) => byPhase.has(phase))
        .map(([phase, label]) => ({
          label,
          value: byPhase.get(phase)!,
          source: `settings of phase "${phase}" in the registry`,
          definition: REGISTRY_FIGURES[phase as Phase].definition,
          recordsHref: registryRecordsHref(phase as Phase, period),
          // Counts of schools and settings: none of them could identify a child.
          countOf: 'settings' as const,
        })),
    };
  },
  async seed(services, context) {
    context.signIns.push(...(await seedDemoPartnership(services.db, { password: context.password })));
  },
});

export { RegistryService } from './service.ts';
export { settingCalendarByUrn } from './calendar.ts';
export { DEMO_PASSWORD_DEFAULT, demoDslSetting, isEmpty } from './seed.ts';
export { userInput } from './schema.ts';
export { PHASES, PHASE_NAMES, type Phase } from './schema.ts';
// The demo partnership as data (the same every time), for the modules that seed their part of it.
export {
  type DemoChild,
  type DemoPartnership,
  type DemoSetting,
  demoChildren,
  demoPartnership,
} from './demo/index.ts';
