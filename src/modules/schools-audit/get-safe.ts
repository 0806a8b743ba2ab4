/**
 * The GET SAFE records of each school's DSL and deputies, as the training module keeps them
 * (in date, due within 60 days, expired, never), put the way the audit shows them beside the
 * school's own answer: whether a DSL and a deputy are both in date, and who stands where.
 */
import { MANDATORY_STATUSES, type PersonStatus, type TrainingService } from '../training/index.ts';
import type { GetSafeSource } from './service.ts';

const person = (p: PersonStatus) =>
  `${p.givenName} ${p.familyName} ${(MANDATORY_STATUSES[p.status] ?? p.status).toLowerCase()}`;

/** In words, e.g. "DSL: Ann Lee in date; deputies: Sam Roy expired". */
export function getSafeSummary(s: { dsl: PersonStatus[]; deputies: PersonStatus[] }): string {
  const dsl = s.dsl.length ? `DSL: ${s.dsl.map(person).join(', ')}` : 'no DSL with a GET SAFE record';
  const deputies = s.deputies.length
    ? `deputies: ${s.deputies.map(person).join(', ')}`
    : 'no deputy with a GET SAFE record';
  return `${dsl}; ${deputies}`;
}

export function getSafeFromTraining(training: TrainingService): GetSafeSource {
  return {
    async statusBySetting(settingIds, onDate) {
      const records = await training.getSafeStatusBySetting(settingIds, onDate);
      return new Map(
        [...records].map(([id, s]) => [id, { bothInDate: s.bothInDate, summary: getSafeSummary(s) }]),
      );
    },
  };
}
