/**
 * The journey's part of the demo partnership: a year of what the local authority's Annex A return
 * brings (assessments, plans with their reviews, children in need, looked after, care leavers) at
 * about the reference report's volumes, loaded through the import's path; the child population of
 * the six districts; and the comparators the report quotes. The front door seeds its own contacts,
 * referrals, decisions and strategy discussions through JourneyService. All synthetic.
 */
import type { Db } from '../../platform/db/client.ts';
import { type DemoPartnership, demoChildren } from '../registry/index.ts';
import type { JourneyService } from './service.ts';
import { IMPORTED_KINDS, loadSyntheticJourneys, syntheticJourneys } from './synthetic.ts';
import type { Comparator } from './tables.ts';

/** Children aged 0–17 per district (about 117,000 in all, as the report's "1 in N" imply). */
const POPULATION: Record<string, number> = {
  BROM: 19_800,
  MALV: 13_900,
  REDD: 18_600,
  WORC: 20_900,
  WYCH: 25_600,
  WYRE: 18_200,
};

/** The report's comparators (1 in N children, as rates per 10,000). */
const COMPARATORS: [string, Comparator, number][] = [
  ['cp_rate_per_10k', 'statistical_neighbours', 10_000 / 267],
  ['cp_rate_per_10k', 'region', 10_000 / 223],
  ['cp_rate_per_10k', 'england', 10_000 / 234],
  ['cla_rate_per_10k', 'statistical_neighbours', 10_000 / 181],
  ['cla_rate_per_10k', 'region', 10_000 / 109],
  ['cla_rate_per_10k', 'england', 10_000 / 141],
];

export async function seedDemoJourney(
  db: Db,
  journey: JourneyService,
  partnership: DemoPartnership,
  childrenInIndex: number,
  today: string,
  progress: (done: number, total: number) => void,
): Promise<{ events: number }> {
  const districts = await db.selectFrom('registryDistrict').select(['id', 'code']).execute();
  const districtId = new Map(districts.map((d) => [d.code, d.id]));
  const year = Number(today.slice(0, 4));
  if (districts.length > 0) {
    await db
      .insertInto('journeyPopulation')
      .values(
        districts.map((d) => ({
          districtId: d.id,
          year,
          children: POPULATION[d.code] ?? 15_000,
          updatedBy: null,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await db
    .insertInto('journeyComparator')
    .values(
      COMPARATORS.map(([kpi, comparator, value]) => ({ kpi, comparator, year, value, updatedBy: null })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  // The demo's children with a UPN or NHS number are found in the child index by it.
  const known = [];
  let k = 0;
  for (const child of demoChildren(partnership, childrenInIndex)) {
    k++;
    if (!child.upn && !child.nhsNumber) continue;
    known.push({
      laChildId: `DEMO-${k}`,
      dateOfBirth: child.dateOfBirth,
      sex: child.sex,
      upn: child.upn,
      nhsNumber: child.nhsNumber,
      districtId: districtId.get(child.districtCode) ?? null,
    });
  }
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  const generated = syntheticJourneys({
    seed: 2026,
    from,
    to: today,
    referralsPerYear: 13_000,
    children: known.length + 2_000,
    known,
    // An assessment's start travels on its authorisation (startedOn): one event, not two, keeps the seed quick.
    kinds: new Set([...IMPORTED_KINDS].filter((k) => k !== 'assessment_start')),
    onlyOpenAtStart: true,
    districtIds: districts.map((d) => d.id),
    source: 'annex-a',
  });
  return loadSyntheticJourneys(db, journey, generated, 'annex-a', progress);
}
