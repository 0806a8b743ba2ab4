/**
 * The records behind the registry's yearly-report figures (issue 14): the settings of each phase
 * in the registry today (it keeps no history of them), for those who may browse the registry.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/client.ts';
import type { ReportPeriod } from '../../platform/modules/define-module.ts';
import { type RecordsFigure, recordsHref, reportRecordsRoutes } from '../yearly-report/index.ts';
import { PHASES, type Phase } from './schema.ts';

const BASE = '/registry/report-records';

interface Deps {
  db: Db;
}

const phaseFigure = (phase: Phase, label: string): RecordsFigure<Deps> => ({
  label,
  definition: `Settings of phase "${label}" in the registry today (the registry keeps no history of settings).`,
  columns: ['Setting', 'URN', 'District'],
  async rows({ db }) {
    const rows = await db
      .selectFrom('setting as s')
      .innerJoin('district as d', 'd.id', 's.districtId')
      .select(['s.id', 's.name', 's.urn', 'd.name as district'])
      .where('s.phase', '=', phase)
      .orderBy('s.name')
      .orderBy('s.id')
      .execute();
    return rows.map((r) => ({
      recordId: r.id,
      cells: [{ text: r.name, href: `/registry/settings/${r.id}` }, r.urn, r.district],
    }));
  },
});

export const REGISTRY_FIGURES: Record<Phase, RecordsFigure<Deps>> = Object.fromEntries(
  (Object.entries(PHASES) as [Phase, string][]).map(([phase, label]) => [phase, phaseFigure(phase, label)]),
) as Record<Phase, RecordsFigure<Deps>>;

export const registryRecordsHref = (phase: Phase, period: ReportPeriod) => recordsHref(BASE, phase, period);

export function registryRecordsRoutes(app: FastifyInstance, services: Deps) {
  reportRecordsRoutes(app, services, {
    base: BASE,
    permission: 'registry:browse',
    recordType: 'setting-report-records',
    caption: 'The registry',
    back: { text: 'Back to the settings', href: '/registry/settings' },
    figures: REGISTRY_FIGURES,
  });
}
