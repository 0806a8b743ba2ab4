/**
 * Operation Encompass's part of the demo partnership: each setting's enrolment, as the demo data
 * has it, and incidents about two pupils of the demo DSL's school, so that the demo DSL, health
 * visitor and coordinator find notices waiting on first start. Incidents are recorded through the
 * same service as real ones; every person is synthetic.
 */
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/client.ts';
import {
  type DemoPartnership,
  type RegistryService,
  demoChildren,
  demoDslSetting,
} from '../registry/index.ts';
import * as q from './queries.ts';
import { incidentInput } from './schema.ts';
import type { EncompassService } from './service.ts';
import * as clock from '../../platform/clock.ts';

/** Every demo setting that has joined or is in training, enrolled as the demo data says. */
export async function seedDemoEnrolment(db: Db, partnership: DemoPartnership): Promise<number> {
  const settingIds = await q.settingIdsByUrn(db);
  const rows = partnership.settings
    .filter((s) => s.encompass.status !== 'not_joined' && settingIds.has(s.urn))
    .map((s) => ({
      settingId: settingIds.get(s.urn)!,
      status: s.encompass.status,
      trainingStartedOn: s.encompass.trainingStartedOn,
      joinedOn: s.encompass.joinedOn,
    }));
  await q.insertEnrolments(db, rows);
  return rows.length;
}

/**
 * Two incidents, each about one pupil of the demo DSL's school (the demo children as the
 * registry seeded them: `children` of them, the same every time).
 */
export async function seedDemoIncidents(
  services: { registry: RegistryService; encompass: EncompassService },
  partnership: DemoPartnership,
  children: number,
  now = clock.now(),
): Promise<number> {
  const police = (await services.registry.organisations()).find((o) => o.kind === 'police');
  const school = demoDslSetting(partnership);
  if (!police || !school) return 0;
  const pupils = [];
  for (const child of demoChildren(partnership, children)) {
    if (child.settingUrn !== school.urn || !child.onRollFrom) continue;
    pupils.push(child);
    if (pupils.length === 2) break;
  }
  let recorded = 0;
  for (const [i, pupil] of pupils.entries()) {
    const parsed = incidentInput.safeParse({
      policeReference: `DEMO/${now.getUTCFullYear()}/${1001 + i}`,
      occurredAt: new Date(now.getTime() - (i + 1) * 3 * 3_600_000).toISOString(),
      place: 'The family home',
      districtCode: pupil.districtCode,
      circumstances:
        'Officers attended a report of a verbal argument between two adults. No arrests. The child was upstairs.',
      riskLevel: i === 0 ? 'medium' : 'standard',
      officerName: 'PC Demo Officer',
      children: [
        {
          givenName: pupil.givenName,
          familyName: pupil.familyName,
          dateOfBirth: pupil.dateOfBirth,
          address: pupil.address || 'Not known',
          postcode: pupil.postcode,
          nhsNumber: pupil.nhsNumber,
          presence: 'elsewhere_in_home',
          spokenTo: i === 0,
          childVoice: i === 0 ? 'I heard shouting and stayed in my room with my headphones on.' : undefined,
          demeanour: 'Quiet, but settled once officers explained why they were there.',
        },
      ],
    });
    if (!parsed.success) continue;
    const result = await services.encompass.recordIncident(
      SYSTEM_ACTOR,
      { organisationId: police.id, userId: null },
      parsed.data,
      now,
    );
    if (result.ok) recorded += 1;
  }
  return recorded;
}
