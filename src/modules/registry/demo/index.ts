export { DEMO_LA_CODE, demoChildren } from './children.ts';
export { demoPartnership } from './partnership.ts';
export { DEMO_BANK_HOLIDAYS, DEMO_TERMS, DEMO_TODAY, schoolDaysOf } from './terms.ts';
export type {
  DemoChild,
  DemoClosure,
  DemoDistrict,
  DemoEncompass,
  DemoOrganisation,
  DemoPartnership,
  DemoSetting,
  DemoStaff,
  DemoTeam,
  DemoTerm,
  EncompassStatus,
  OrganisationKind,
  Phase,
  TeamKind,
} from './types.ts';
