/**
 * Operation Encompass monitoring and enrolment: the dashboard's figures (aggregates only: no
 * child is ever read here) and the coordinator's work of bringing settings into the scheme, each
 * change written with its audit entry, and the welcome-pack email enqueued, in one transaction.
 */
import type { AuditWriter } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/client.ts';
import { enqueueEmailInTrx } from '../../../platform/email/outbox.ts';
import { ConflictError, NotFoundError } from '../../../platform/http/errors.ts';
import type { JobQueue } from '../../../platform/jobs/queue.ts';
import { PHASES } from '../../registry/index.ts';
import { FEEDBACK } from '../schema.ts';
import * as q from './queries.ts';
import { ENROLMENT_PAGE_SIZE, type EnrolmentFilters, type EnrolmentMove, NEXT_STEP, type Period, addDays } from './schema.ts';

export const FEEDBACK_LABELS: Record<string, string> = { ...FEEDBACK, none: 'No feedback given' };
export const phaseLabel = (phase: string) => PHASES[phase as keyof typeof PHASES] ?? phase;

export type Breakdown = q.Timeliness & { key: string; label: string };
export type SettingRow = q.Timeliness & { settingId: number; settingName: string; phase: string; phaseLabel: string; districtName: string };
export type LateSettingRow = SettingRow & { decided: number; notAcknowledged: number };

export interface Dashboard {
  period: Period;
  counts: Awaited<ReturnType<typeof q.periodCounts>>;
  /** Notices to settings, all together. */
  overall: q.Timeliness;
  overdueNow: number;
  byPhase: Breakdown[];
  byDistrict: Breakdown[];
  topSettings: SettingRow[];
  lateSettings: LateSettingRow[];
  feedback: { key: string; label: string; notices: number }[];
  weekly: { week: string; incidents: number; notices: number }[];
}

export const ENROLMENT_STATUSES = { joined: 'Joined', in_training: 'In training', not_joined: 'Not joined' } as const;
export type EnrolmentStatus = keyof typeof ENROLMENT_STATUSES;

export interface EnrolmentPhaseRow {
  phase: string;
  label: string;
  joined: number;
  inTraining: number;
  notJoined: number;
  total: number;
}

export const welcomePackKey = (settingId: number) => `encompass-welcome-pack-${settingId}`;

export type MoveResult = { ok: true; status: 'in_training' | 'joined'; name: string } | { ok: false; field: string; message: string };

/** Monday of the week (London days) that a civil date falls in. */
export function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

export class EncompassMonitoring {
  constructor(
    private readonly db: Db,
    private readonly jobs: () => JobQueue | null,
    private readonly baseUrl: string,
  ) {}

  /** The dashboard's figures; `allSettings` for every setting's row, not the ten busiest (the CSV). */
  async dashboard(period: Period, now = new Date(), options: { allSettings?: boolean } = {}): Promise<Dashboard> {
    const [counts, overall, overdueNow, byPhase, byDistrict, topSettings, lateSettings, feedback, weekly] = await Promise.all([
      q.periodCounts(this.db, period),
      q.settingTimeliness(this.db, period, now),
      q.overdueNow(this.db, now),
      q.timelinessByPhase(this.db, period, now),
      q.timelinessByDistrict(this.db, period, now),
      q.timelinessBySetting(this.db, period, now, options.allSettings ? null : 10),
      q.settingsOftenLate(this.db, period, now),
      q.feedbackCounts(this.db, period),
      q.weeklyCounts(this.db, period),
    ]);
    const phaseOrder = Object.keys(PHASES);
    const feedbackOrder = Object.keys(FEEDBACK_LABELS);
    const weeks: Dashboard['weekly'] = [];
    for (let week = weekStart(period.from); week <= period.to; week = addDays(week, 7)) {
      weeks.push({ week, incidents: weekly.incidents.get(week) ?? 0, notices: weekly.notices.get(week) ?? 0 });
    }
    const withSetting = <T extends { phase: string }>(row: T) => ({ ...row, phaseLabel: phaseLabel(row.phase) });
    return {
      period,
      counts,
      overall,
      overdueNow,
      byPhase: byPhase
        .map(({ phase, ...row }) => ({ ...row, key: phase, label: phaseLabel(phase) }))
        .sort((a, b) => phaseOrder.indexOf(a.key) - phaseOrder.indexOf(b.key)),
      byDistrict: byDistrict.map(({ districtId, districtName, ...row }) => ({ ...row, key: String(districtId), label: districtName })),
      topSettings: topSettings.map(withSetting),
      lateSettings: lateSettings.map(withSetting),
      feedback: feedback
        .map((f) => ({ key: f.feedback, label: FEEDBACK_LABELS[f.feedback] ?? f.feedback, notices: f.notices }))
        .sort((a, b) => feedbackOrder.indexOf(a.key) - feedbackOrder.indexOf(b.key)),
      weekly: weeks,
    };
  }

  /** Settings by phase: joined, in training, not joined (phases with no settings left out). */
  async enrolmentByPhase(): Promise<EnrolmentPhaseRow[]> {
    const rows = await q.enrolmentByPhase(this.db);
    const byPhase = new Map<string, EnrolmentPhaseRow>();
    for (const r of rows) {
      const row = byPhase.get(r.phase) ?? { phase: r.phase, label: phaseLabel(r.phase), joined: 0, inTraining: 0, notJoined: 0, total: 0 };
      if (r.status === 'joined') row.joined += r.settings;
      else if (r.status === 'in_training') row.inTraining += r.settings;
      else row.notJoined += r.settings;
      row.total += r.settings;
      byPhase.set(r.phase, row);
    }
    const order = Object.keys(PHASES);
    return [...byPhase.values()].sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase));
  }

  /** One page of the settings still to join; with `all`, every one that matches (for the CSV). */
  settingsToJoin(filters: EnrolmentFilters, options: { all?: boolean } = {}) {
    return q.settingsToJoin(this.db, {
      statuses: filters.status ? [filters.status] : ['not_joined', 'in_training'],
      phase: filters.phase,
      districtCode: filters.district,
      q: filters.q,
      limit: options.all ? null : ENROLMENT_PAGE_SIZE,
      offset: options.all ? 0 : (filters.page - 1) * ENROLMENT_PAGE_SIZE,
    });
  }

  async setting(id: number) {
    const setting = await q.findSetting(this.db, id);
    if (!setting) return undefined;
    return { ...setting, phaseLabel: phaseLabel(setting.phase), welcomePackSentAt: await q.emailDeliveredAt(this.db, welcomePackKey(id)) };
  }

  /**
   * Moves a setting one step along: not joined → in training (from the date training started),
   * in training → joined (from the date it joined), audited in the same transaction. The status
   * the user saw must still be the setting's, so a repeated submission does not move it twice.
   */
  async moveEnrolment(audit: AuditWriter, settingId: number, move: EnrolmentMove): Promise<MoveResult> {
    return this.db.transaction().execute(async (trx) => {
      const setting = await trx
        .selectFrom('setting')
        .select(['id', 'name', 'encompassStatus', 'encompassTrainingStartedOn'])
        .where('id', '=', settingId)
        .forUpdate()
        .executeTakeFirst();
      if (!setting) throw new NotFoundError();
      if (setting.encompassStatus !== move.expected) {
        throw new ConflictError(`${setting.name}’s enrolment has changed since the page was opened: it is now ${ENROLMENT_STATUSES[setting.encompassStatus as EnrolmentStatus]?.toLowerCase() ?? setting.encompassStatus}`);
      }
      const to = NEXT_STEP[move.expected].to;
      if (to === 'joined' && setting.encompassTrainingStartedOn && move.date < setting.encompassTrainingStartedOn) {
        return { ok: false, field: 'date', message: `The date it joined cannot be before its training started (${setting.encompassTrainingStartedOn})` };
      }
      await trx
        .updateTable('setting')
        .set(
          to === 'in_training'
            ? { encompassStatus: 'in_training', encompassTrainingStartedOn: move.date, updatedAt: new Date() }
            : { encompassStatus: 'joined', encompassJoinedOn: move.date, updatedAt: new Date() },
        )
        .where('id', '=', settingId)
        .execute();
      await audit(trx, { action: 'update-enrolment', recordType: 'setting', recordId: String(settingId) });
      return { ok: true, status: to, name: setting.name };
    });
  }

  /**
   * Enqueues the welcome pack to the setting's safeguarding mailbox: text only, no child's
   * details, a link to sign in. One per setting: the idempotency key makes a repeat harmless.
   */
  async sendWelcomePack(audit: AuditWriter, settingId: number): Promise<'queued' | 'already-sent' | 'email-off'> {
    const jobs = this.jobs();
    return this.db.transaction().execute(async (trx) => {
      const setting = await trx.selectFrom('setting').select(['id', 'name', 'phase', 'safeguardingEmail']).where('id', '=', settingId).executeTakeFirst();
      if (!setting) throw new NotFoundError();
      if (!jobs) return 'email-off';
      if (await q.emailDeliveredAt(trx, welcomePackKey(settingId))) return 'already-sent';
      await enqueueEmailInTrx(trx, jobs, {
        idempotencyKey: welcomePackKey(settingId),
        to: [setting.safeguardingEmail],
        subject: `Welcome to Operation Encompass, ${setting.name}`,
        text: welcomePackText(setting.name, setting.phase === 'early_years', this.baseUrl),
      });
      await audit(trx, { action: 'send-welcome-pack', recordType: 'setting', recordId: String(settingId) });
      return 'queued';
    });
  }
}

/** The welcome pack: what Operation Encompass is, what the setting will receive, where to sign in. */
export function welcomePackText(settingName: string, earlyYears: boolean, baseUrl: string): string {
  return [
    `Welcome to Operation Encompass, ${settingName}.`,
    '',
    'Operation Encompass tells a setting, before the start of the next school day, when a child on its roll has been present at, or lives where, the police attended a domestic abuse incident. The information is given in confidence to your Designated Safeguarding Lead (your Key Adult), so that the child can be supported that day according to their needs and wishes.',
    '',
    earlyYears
      ? 'Operation Encompass now includes early-years settings: nurseries, pre-schools and childminders. Very young children are affected by what happens at home, and what you see in their behaviour and needs matters. A notice helps you understand and support them.'
      : 'A notice helps you understand a child’s behaviour and needs, and support them quietly.',
    '',
    'What to do:',
    '- make sure your Key Adults have completed Operation Encompass training;',
    '- check your safeguarding mailbox and Safeguarding Hub each morning before the day starts;',
    '- read each notice, decide what support the child needs, and acknowledge it in Safeguarding Hub;',
    '- tell us if a notice did not tell you what you needed: your feedback improves them.',
    '',
    `Sign in to Safeguarding Hub: ${baseUrl}/sign-in`,
    '',
    'Notices are never sent by email: an email only tells you that one is waiting. This email does not contain any details of a child.',
    '',
    'The Education Safeguarding Team',
  ].join('\n');
}
