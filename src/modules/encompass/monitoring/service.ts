/**
 * Operation Encompass monitoring and enrolment: the dashboard's figures (aggregates only: no
 * child is ever read here) and the coordinator's work of bringing settings into the scheme, each
 * change written with its audit entry, and the welcome-pack email enqueued, in one transaction.
 */
import type { AuditWriter } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/client.ts';
import { emailDeliveredAt, enqueueEmailInTrx } from '../../../platform/email/outbox.ts';
import { ConflictError, NotFoundError } from '../../../platform/http/errors.ts';
import type { JobQueue } from '../../../platform/jobs/queue.ts';
import { PHASES } from '../../registry/index.ts';
import { welcomePackEmail, welcomePackKey } from '../emails.ts';
import { FEEDBACK } from '../schema.ts';
import * as q from './queries.ts';
import {
  ENROLMENT_PAGE_SIZE,
  type EnrolmentFilters,
  type EnrolmentMove,
  NEXT_STEP,
  type Period,
  addDays,
} from './schema.ts';
import * as clock from '../../../platform/clock.ts';

export const FEEDBACK_LABELS: Record<string, string> = { ...FEEDBACK, none: 'No feedback given' };
export const phaseLabel = (phase: string) => PHASES[phase as keyof typeof PHASES] ?? phase;

export type Breakdown = q.Timeliness & { key: string; label: string };
export type SettingRow = q.Timeliness & {
  settingId: number;
  settingName: string;
  phase: string;
  phaseLabel: string;
  districtName: string;
};
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
  /** Police delay (attended → recorded) and sending delay (recorded → sent), apart. */
  delays: { police: q.Delay; sending: q.Delay };
}

export const ENROLMENT_STATUSES = {
  joined: 'Joined',
  in_training: 'In training',
  not_joined: 'Not joined',
} as const;
export type EnrolmentStatus = keyof typeof ENROLMENT_STATUSES;

export interface EnrolmentPhaseRow {
  phase: string;
  label: string;
  joined: number;
  inTraining: number;
  notJoined: number;
  total: number;
}

export { welcomePackKey, welcomePackText } from '../emails.ts';

export type MoveResult =
  | { ok: true; status: 'in_training' | 'joined'; name: string }
  | { ok: false; field: string; message: string };

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
  async dashboard(
    period: Period,
    now = clock.now(),
    options: { allSettings?: boolean } = {},
  ): Promise<Dashboard> {
    const [
      counts,
      overall,
      overdueNow,
      byPhase,
      byDistrict,
      topSettings,
      lateSettings,
      feedback,
      weekly,
      delays,
    ] = await Promise.all([
      q.periodCounts(this.db, period),
      q.settingTimeliness(this.db, period, now),
      q.overdueNow(this.db, now),
      q.timelinessByPhase(this.db, period, now),
      q.timelinessByDistrict(this.db, period, now),
      q.timelinessBySetting(this.db, period, now, options.allSettings ? null : 10),
      q.settingsOftenLate(this.db, period, now),
      q.feedbackCounts(this.db, period),
      q.weeklyCounts(this.db, period),
      q.delays(this.db, period),
    ]);
    const phaseOrder = Object.keys(PHASES);
    const feedbackOrder = Object.keys(FEEDBACK_LABELS);
    const weeks: Dashboard['weekly'] = [];
    for (let week = weekStart(period.from); week <= period.to; week = addDays(week, 7)) {
      weeks.push({
        week,
        incidents: weekly.incidents.get(week) ?? 0,
        notices: weekly.notices.get(week) ?? 0,
      });
    }
    const withSetting = <T extends { phase: string }>(row: T) => ({
      ...row,
      phaseLabel: phaseLabel(row.phase),
    });
    return {
      period,
      counts,
      overall,
      overdueNow,
      byPhase: byPhase
        .map(({ phase, ...row }) => ({ ...row, key: phase, label: phaseLabel(phase) }))
        .sort((a, b) => phaseOrder.indexOf(a.key) - phaseOrder.indexOf(b.key)),
      byDistrict: byDistrict.map(({ districtId, districtName, ...row }) => ({
        ...row,
        key: String(districtId),
        label: districtName,
      })),
      topSettings: topSettings.map(withSetting),
      lateSettings: lateSettings.map(withSetting),
      feedback: feedback
        .map((f) => ({
          key: f.feedback,
          label: FEEDBACK_LABELS[f.feedback] ?? f.feedback,
          notices: f.notices,
        }))
        .sort((a, b) => feedbackOrder.indexOf(a.key) - feedbackOrder.indexOf(b.key)),
      weekly: weeks,
      delays,
    };
  }

  /** Settings by phase: joined, in training, not joined (phases with no settings left out). */
  async enrolmentByPhase(): Promise<EnrolmentPhaseRow[]> {
    const rows = await q.enrolmentByPhase(this.db);
    const byPhase = new Map<string, EnrolmentPhaseRow>();
    for (const r of rows) {
      const row = byPhase.get(r.phase) ?? {
        phase: r.phase,
        label: phaseLabel(r.phase),
        joined: 0,
        inTraining: 0,
        notJoined: 0,
        total: 0,
      };
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
    return {
      ...setting,
      phaseLabel: phaseLabel(setting.phase),
      welcomePackSentAt: await emailDeliveredAt(this.db, welcomePackKey(id)),
    };
  }

  /**
   * Moves a setting one step along: not joined → in training (from the date training started),
   * in training → joined (from the date it joined), audited in the same transaction. The status
   * the user saw must still be the setting's, so a repeated submission does not move it twice.
   */
  async moveEnrolment(audit: AuditWriter, settingId: number, move: EnrolmentMove): Promise<MoveResult> {
    return this.db.transaction().execute(async (trx) => {
      const setting = await q.settingBasics(trx, settingId);
      if (!setting) throw new NotFoundError();
      const enrolment = await q.enrolmentForUpdate(trx, settingId);
      const changed = (status: string) =>
        new ConflictError(
          `${setting.name}’s enrolment has changed since the page was opened: it is now ${ENROLMENT_STATUSES[status as EnrolmentStatus]?.toLowerCase() ?? status}`,
        );
      const status = enrolment?.status ?? 'not_joined';
      if (status !== move.expected) throw changed(status);
      const to = NEXT_STEP[move.expected].to;
      if (to === 'joined' && enrolment?.trainingStartedOn && move.date < enrolment.trainingStartedOn) {
        return {
          ok: false,
          field: 'date',
          message: `The date it joined cannot be before its training started (${enrolment.trainingStartedOn})`,
        };
      }
      const now = clock.now();
      const moved =
        to === 'in_training'
          ? await q.startTraining(trx, settingId, move.date, now)
          : await q.markJoined(trx, settingId, move.date, now);
      // A setting with no row cannot be locked: another request may have enrolled it meanwhile.
      if (!moved) throw changed((await q.enrolmentForUpdate(trx, settingId))?.status ?? 'not_joined');
      await audit(trx, { action: 'update-enrolment', recordType: 'setting', recordId: String(settingId) });
      return { ok: true, status: to, name: setting.name };
    });
  }

  /**
   * Enqueues the welcome pack to the setting's safeguarding mailbox: text only, no child's
   * details, a link to sign in. One per setting: the idempotency key makes a repeat harmless.
   */
  async sendWelcomePack(
    audit: AuditWriter,
    settingId: number,
  ): Promise<'queued' | 'already-sent' | 'email-off'> {
    const jobs = this.jobs();
    return this.db.transaction().execute(async (trx) => {
      const setting = await q.settingBasics(trx, settingId);
      if (!setting) throw new NotFoundError();
      // The request is audited whatever comes of it: sent, already sent, or no email here.
      const outcome = !jobs
        ? ('email-off' as const)
        : (await emailDeliveredAt(trx, welcomePackKey(settingId)))
          ? ('already-sent' as const)
          : ('queued' as const);
      if (outcome === 'queued' && jobs)
        await enqueueEmailInTrx(trx, jobs, welcomePackEmail(this.baseUrl, setting));
      await audit(trx, {
        action: 'send-welcome-pack',
        recordType: 'setting',
        recordId: String(settingId),
        ...(outcome === 'queued'
          ? {}
          : { reason: outcome === 'email-off' ? 'not sent: email is off' : 'not sent: already sent' }),
      });
      return outcome;
    });
  }
}
