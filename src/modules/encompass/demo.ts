/**
 * Demo incidents, so that the demo DSL, health visitor and coordinator find notices waiting on
 * first start. Recorded through the same service as real ones; every person is synthetic.
 */
import { SYSTEM_ACTOR } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/client.ts';
import type { EncompassService } from './service.ts';
import { incidentInput } from './schema.ts';

export async function seedDemoIncidents(db: Db, encompass: EncompassService, now = new Date()): Promise<number> {
  const dsl = await db.selectFrom('appUser').select('settingId').where('email', '=', 'dsl@demo.safeguarding-hub.example').executeTakeFirst();
  const police = await db.selectFrom('organisation').select('id').where('kind', '=', 'police').executeTakeFirst();
  if (!dsl?.settingId || !police) return 0;
  const pupils = await db
    .selectFrom('childEnrolment as e')
    .innerJoin('child as c', 'c.id', 'e.childId')
    .innerJoin('district as d', 'd.id', 'c.districtId')
    .select(['c.givenName', 'c.familyName', 'c.dateOfBirth', 'c.address', 'c.postcode', 'c.nhsNumber', 'd.code as districtCode'])
    .where('e.settingId', '=', dsl.settingId)
    .where('e.onRollTo', 'is', null)
    .limit(2)
    .execute();
  if (!pupils.length) return 0;
  let recorded = 0;
  for (const [i, pupil] of pupils.entries()) {
    const parsed = incidentInput.safeParse({
      policeReference: `DEMO/${now.getUTCFullYear()}/${1001 + i}`,
      occurredAt: new Date(now.getTime() - (i + 1) * 3 * 3_600_000).toISOString(),
      place: 'The family home',
      districtCode: pupil.districtCode,
      circumstances: 'Officers attended a report of a verbal argument between two adults. No arrests. The child was upstairs.',
      riskLevel: i === 0 ? 'medium' : 'standard',
      officerName: 'PC Demo Officer',
      children: [
        {
          givenName: pupil.givenName,
          familyName: pupil.familyName,
          dateOfBirth: pupil.dateOfBirth,
          address: pupil.address ?? 'Not known',
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
    const result = await encompass.recordIncident(SYSTEM_ACTOR, { organisationId: police.id, userId: null }, parsed.data, now);
    if (result.ok) recorded += 1;
  }
  return recorded;
}
