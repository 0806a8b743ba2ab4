/**
 * Operation Encompass: police incidents become notices to each child's setting (or health
 * visiting, the Family Front Door, the coordinator) before the next school day; acknowledgement,
 * escalation, monitoring, enrolment, and the JSON API for police record systems.
 */
import { defineModule } from '../../platform/modules/define-module.ts';
import { demoPartnership } from '../registry/index.ts';
import { encompassApiRoutes } from './api/routes.ts';
import { listHref } from './lists.ts';
import { encompassWhatsNew } from './whats-new.ts';
import { seedDemoEnrolment, seedDemoIncidents } from './demo.ts';
import { seedDemoYear } from './demo-year.ts';
import { encompassMonitoringRoutes } from './monitoring/routes.ts';
import { periodOf } from './monitoring/schema.ts';
import { EncompassMonitoring } from './monitoring/service.ts';
import { encompassPolicy } from './policy.ts';
import { type EncompassServices, encompassRoutes } from './routes.ts';
import { ESCALATION_QUEUE, EncompassService } from './service.ts';

export const encompassModule = defineModule({
  name: 'encompass',
  policy: encompassPolicy,
  navigation: [
    {
      text: 'Record an incident',
      href: '/encompass/incidents/new',
      permission: 'encompass:record',
      hint: 'Tell children’s settings before the next school day',
    },
    {
      text: 'Incidents',
      href: '/encompass/incidents',
      permission: 'encompass:incidents',
      inMenu: true,
      hint: 'Incidents and how each notice stands',
    },
    {
      text: 'Notices',
      href: '/encompass/notices',
      permission: 'encompass:notices',
      inMenu: true,
      hint: 'Operation Encompass notices for you to read and acknowledge',
    },
    {
      text: 'Queue and overdue',
      href: '/encompass/queue',
      permission: 'encompass:coordinate',
      inMenu: true,
      hint: 'Children to match or route by hand, and notices not acknowledged in time',
    },
    {
      text: 'Encompass dashboard',
      href: '/encompass/dashboard',
      permission: 'encompass:monitor',
      inMenu: true,
      hint: 'How quickly Operation Encompass notices are sent and acknowledged, and what settings think of them',
    },
    {
      text: 'Enrolment',
      href: '/encompass/enrolment',
      permission: 'encompass:enrolment',
      inMenu: true,
      hint: 'Settings joining Operation Encompass: training, joining and the welcome pack',
    },
  ],
  tables: [
    'encompass_incident',
    'encompass_child',
    'encompass_notice',
    'encompass_amendment',
    'encompass_enrolment',
    'api_client',
    'encompass_incident_draft',
    'encompass_whats_new_seen',
  ],
  publishes: ['encompass_routing_context', 'encompass_front_door_notice'],
  services: (deps: Omit<EncompassServices, 'encompass'>) => ({
    encompass: new EncompassService({
      db: deps.db,
      calendar: () => deps.calendar,
      jobs: () => deps.jobs,
      baseUrl: deps.config.baseUrl,
    }),
  }),
  jobs: [
    {
      queue: ESCALATION_QUEUE,
      handler:
        (services) =>
        async ({ noticeId }: { noticeId: string }) => {
          await services.encompass.escalateWhenDue(noticeId);
        },
    },
  ],
  routes(app, services) {
    encompassRoutes(app, services);
    encompassMonitoringRoutes(app, services);
    // Machine clients (police record systems): bearer tokens, JSON only, described in OpenAPI.
    encompassApiRoutes(app, services);
  },
  async reportSection(services, period) {
    const monitoring = new EncompassMonitoring(services.db, () => null, services.config.baseUrl);
    const { counts, overall } = await monitoring.dashboard(periodOf(period.from, period.to));
    const source = 'incidents recorded in the year, and their notices (withdrawn ones left out)';
    // Each figure links to the lists filtered to exactly the records it counts (the coordinator's view).
    const recorded = { recordedFrom: period.from, recordedTo: period.to };
    const notices = (filters: Record<string, string>) =>
      listHref('/encompass/notices', { ...filters, ...recorded });
    return {
      title: 'Operation Encompass',
      figures: [
        {
          label: 'Domestic abuse incidents recorded with children',
          value: counts.incidents,
          source: 'incidents recorded in the year',
          recordsHref: listHref('/encompass/incidents', recorded),
        },
        {
          label: 'Children named in those incidents',
          value: counts.children,
          source: 'children of the incidents recorded in the year',
          // One notice per child named, withdrawn ones included.
          recordsHref: notices({ status: 'all' }),
        },
        {
          label: 'Notices to schools and early-years settings',
          value: counts.toSettings,
          source,
          recordsHref: notices({ recipient: 'setting' }),
        },
        {
          label: 'Notices to health visiting and the Family Front Door',
          value: counts.toTeams,
          source,
          recordsHref: notices({ recipient: 'team' }),
        },
        {
          label: 'Notices held for the coordinator to match or route',
          value: counts.toCoordinator,
          source,
          recordsHref: notices({ recipient: 'coordinator' }),
        },
        {
          label: 'Notices to settings acknowledged before the school day',
          value: overall.acknowledgedOnTime,
          source: 'notices to settings acknowledged by their deadline',
          recordsHref: notices({ recipient: 'setting', onTime: 'yes' }),
        },
      ],
    };
  },
  // What is new for the signed-in person: notices, feedback on their incidents, escalations.
  whatsNew: (services) => encompassWhatsNew(services.db),
  async seed(services, context) {
    // Each setting's enrolment as the demo data has it; then notices waiting for the demo DSL
    // (seeding runs without jobs, so no emails are sent).
    const partnership = demoPartnership();
    await seedDemoEnrolment(services.db, partnership);
    // A year of history first, so the dashboard, lists and queue have something to show.
    await seedDemoYear(services, partnership, context.children);
    await seedDemoIncidents(services, partnership, context.children);
  },
});

export { EncompassService } from './service.ts';
export { createApiClient } from './api/clients.ts';
export { escalationMoment } from './escalate-command.ts';
