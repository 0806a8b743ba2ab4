/**
 * Who may see the partnership's KPIs, open the records behind a figure, keep the comparators and
 * population, and write the QA lead's notes. Executives see counts only: never the records.
 */
import { definePolicy } from '../../platform/auth/permissions.ts';

export const journeyPolicy = definePolicy({
  // The KPI dashboard: figures, charts and tables, no child's details.
  'journey:kpis': {
    roles: [
      'partnership_admin',
      'qa_lead',
      'executive',
      'analyst',
      'front_door_practitioner',
      'data_quality',
    ],
  },
  // The records behind a figure, and a child's journey: children's details.
  'journey:records': {
    roles: ['partnership_admin', 'qa_lead', 'analyst', 'front_door_practitioner', 'data_quality'],
  },
  // Comparator values (statistical neighbours, region, England) and the child population.
  'journey:comparators': { roles: ['partnership_admin'] },
  // Importing the local authority's returns (Annex A, CIN census) and the child population from
  // the web page: children's records are added and matched, so only the admin and data quality.
  'journey:imports': { roles: ['partnership_admin', 'data_quality'] },
  // The "strengths / areas of focus" note per KPI per period, kept for the yearly report.
  'journey:notes': { roles: ['qa_lead'] },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    journey: typeof journeyPolicy;
  }
}
