/**
 * The child index: one record per child across agencies, its likely duplicates (found by the
 * linkage engine, resolved by the data quality officer), finding a child with every candidate's
 * probability, and reconciling another agency's extract.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { defineModule } from '../../platform/modules/define-module.ts';
import { demoPartnership } from '../registry/index.ts';
import { seedDemoChildren, seedDemoDuplicates } from './demo.ts';
import { indexFigures } from './queries.ts';
import { childrenPolicy } from './policy.ts';
import { childrenRecordsHref, childrenRecordsRoutes } from './records.ts';
import { type ChildrenServices, childrenRoutes } from './routes/index.ts';
import { ChildrenService } from './service.ts';

const STAGES = {
  prepare: 'Preparing records',
  block: 'Blocking',
  train: 'Estimating the model',
  score: 'Scoring pairs',
  cluster: 'Clustering',
} as const;

export const childrenModule = defineModule({
  name: 'children',
  policy: childrenPolicy,
  navigation: [
    {
      text: 'Likely duplicates',
      href: '/children/duplicates',
      permission: 'children:duplicates',
      inMenu: true,
      hint: 'Child records the linkage engine thinks are one child: merge them, or say they are not',
    },
    {
      text: 'Reconcile an extract',
      href: '/children/reconcile',
      permission: 'children:reconcile',
      inMenu: true,
      hint: 'Compare another agency’s list of children (e.g. police county lines flags) with the child index',
    },
    {
      text: 'Find a child',
      href: '/children/find',
      permission: 'children:find',
      inMenu: true,
      hint: 'Search the child index by name and date of birth; every possible match is shown with how likely it is',
    },
  ],
  tables: [
    'child',
    'child_enrolment',
    'child_duplicate',
    'linkage_scan',
    'linkage_scan_run',
    'reconciliation',
  ],
  publishes: ['child_exact_matches', 'child_on_roll'],
  services: (deps: Omit<ChildrenServices, 'children'>) => ({ children: new ChildrenService(deps.db) }),
  // A duplicate search in progress finishes (or fails) before the database closes.
  stop: (services) => services.children.lastRun(),
  routes: async (app, services) => {
    await childrenRoutes(app, services);
    childrenRecordsRoutes(app, services);
  },
  async seed(services, context) {
    const seeding = context.progress('Seeding children');
    await seedDemoChildren(services.db, demoPartnership(), context.children, (done, total) =>
      seeding.update(done, total),
    );
    seeding.stop();
    await seedDemoDuplicates(services.db);
    // The likely duplicates among the demo children, ready in the data quality officer's queue.
    let stage: keyof typeof STAGES | null = null;
    let bar: ReturnType<typeof context.progress> | null = null;
    await services.children.scanForDuplicates(auditWriterFor(SYSTEM_ACTOR), null, (next, done, total) => {
      if (next !== stage) {
        bar?.stop();
        stage = next;
        bar = context.progress(STAGES[next].padEnd(21));
      }
      bar!.update(done, total);
    });
    (bar as ReturnType<typeof context.progress> | null)?.stop();
  },
  async reportSection(services, period) {
    const f = await indexFigures(services.db, period);
    return {
      title: 'One record for each child',
      figures: [
        {
          label: 'Children in the child index',
          value: f.children,
          source: 'child records in use (not merged into another)',
          recordsHref: childrenRecordsHref('children', period),
        },
        {
          label: 'Records found to be the same child and merged',
          value: f.merged,
          source: 'likely duplicates decided "merged" in the year',
          recordsHref: childrenRecordsHref('merged', period),
        },
        {
          label: 'Likely duplicates found not to be the same child',
          value: f.notSame,
          source: 'likely duplicates decided "not the same child" in the year',
          recordsHref: childrenRecordsHref('not-same', period),
        },
        {
          label: 'Likely duplicates waiting for a decision',
          value: f.open,
          source: 'likely duplicates still open',
          recordsHref: childrenRecordsHref('open', period),
        },
      ],
    };
  },
});

export { ChildrenService, type Candidate } from './service.ts';
export {
  type ChildLookup,
  type ChildMatch,
  type RoutingCandidate,
  type SettingOnRoll,
  routingLookupOf,
} from './child-index.ts';
export { type ChildDetails, childInput } from './schema.ts';
export {
  type ImportedChild,
  type ImportedChildMatch,
  type ImportedChildrenResult,
  findOrAddImportedChildren,
} from './imported-children.ts';
// Batch reads for matching another system's records in bulk (WREN's A&E attendances).
export {
  type LinkableChild,
  childSummaries,
  childrenByNhsNumbers,
  indexLinkageModel,
  linkableChildren,
} from './linkage-extract.ts';
export type { IndexedChild } from './queries.ts';
// The scope of another agency's extract (its districts and ages), for GET SAFE's flag-list check.
export {
  type ChildPlace,
  childPlaces,
  extractScope,
  inExtractScope,
  onlyOursCounts,
} from './reconcile-scope.ts';
