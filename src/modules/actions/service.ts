/**
 * The action tracker: other modules create actions through this service in their own
 * transaction (createActionsInTrx); every page reads them through it. Overdue is computed from
 * the due date on each read.
 */
import type { Kysely } from 'kysely';
import type { AuditWriter } from '../../platform/audit/audit-log.ts';
import { londonDate } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { FormErrors } from '../../platform/http/forms.ts';
import { type ActionRow, actionById, actionsOfSource, insertActions } from './queries.ts';
import { type ActionStatus, checkNewAction, isSmart, missingForSmart, statusOf } from './rules.ts';

/** Where an action came from: a record of another module. Never a child's name in the label. */
export interface ActionSource {
  /** 'front-door' | 'exploitation' | 'quality' | 'reviews' | 'schools-audit' | 'governance' | … */
  module: string;
  /** 'strategy-discussion' | 'mace-meeting' | 'audit' | 'recommendation' | 'follow-up' | 'decision' | … */
  type: string;
  /** The source record's id. */
  id: string;
  /** What a reader sees, e.g. "MACE meeting, Wyre Forest, 3 March 2026". */
  label: string;
  /** Where the source lives. */
  href?: string;
}

export interface NewAction {
  /** What is to be done. */
  description: string;
  /** The owning agency (registry organisation id); null = missing (not SMART). */
  owningOrganisationId: number | null;
  /** A named owner (free text) … */
  ownerName: string | null;
  /** … or an account. */
  ownerUserId?: string | null;
  /** Civil date YYYY-MM-DD. */
  dueOn: string | null;
  measurableOutcome: string | null;
  source: ActionSource;
}

/** An action as lists and other modules see it. */
export interface ActionSummary {
  id: number;
  description: string;
  status: ActionStatus;
  smart: boolean;
  /** What it lacks to be SMART (empty when SMART). */
  missing: string[];
  dueOn: string | null;
  ownerName: string | null;
  ownerUserId: string | null;
  measurableOutcome: string | null;
  owningOrganisationId: number | null;
  owningOrganisationName: string | null;
  source: ActionSource;
  createdOn: string;
  doneOn: string | null;
  droppedOn: string | null;
  droppedReason: string | null;
  /** The action's page. */
  href: string;
  /** The owning agency's teams (read with one action, for the policy's facts). */
  owningTeamIds?: number[];
}

/** A new action that cannot be saved: the errors by field, and which of the actions given it was. */
export class ActionInputError extends Error {
  constructor(
    readonly index: number,
    readonly errors: FormErrors,
  ) {
    super(`Action ${index + 1}: ${errors.summary.map((e) => e.text).join('; ')}`);
    this.name = 'ActionInputError';
  }
}

export interface ActionsDeps {
  db: Db;
  /** The clock: what "today" is for overdue and for the date an action is agreed. */
  now?: () => Date;
}

export class ActionsService {
  private readonly db: Db;
  private readonly now: () => Date;

  constructor(deps: ActionsDeps) {
    this.db = deps.db;
    this.now = deps.now ?? (() => new Date());
  }

  /** Today in Europe/London. */
  today(): string {
    return londonDate(this.now());
  }

  isSmart(action: Parameters<typeof isSmart>[0]): boolean {
    return isSmart(action);
  }

  /**
   * Records actions inside the caller's transaction, with an audit entry for each. Throws
   * ActionInputError (nothing written) when one has no description or is due before today; a
   * missing owner, agency, due date or outcome is allowed and shows as not SMART.
   */
  async createActionsInTrx(
    trx: Kysely<Database>,
    audit: AuditWriter,
    userId: string | null,
    actions: readonly NewAction[],
    options: { createdOn?: string } = {},
  ): Promise<{ id: number }[]> {
    const createdOn = options.createdOn ?? this.today();
    actions.forEach((action, index) => {
      const errors = checkNewAction(action, createdOn);
      if (errors.summary.length) throw new ActionInputError(index, errors);
    });
    const ids = await insertActions(
      trx,
      actions.map((a) => ({
        description: a.description.trim(),
        owningOrganisationId: a.owningOrganisationId,
        ownerName: a.ownerName?.trim() || null,
        ownerUserId: a.ownerUserId ?? null,
        dueOn: a.dueOn,
        measurableOutcome: a.measurableOutcome?.trim() || null,
        sourceModule: a.source.module,
        sourceType: a.source.type,
        sourceId: a.source.id,
        sourceLabel: a.source.label,
        sourceHref: a.source.href ?? null,
        createdOn,
        createdBy: userId,
      })),
    );
    if (ids.length)
      await audit(
        trx,
        ids.map((r) => ({
          action: 'create',
          recordType: 'action',
          recordId: r.id,
          reason: `from ${actions[0]!.source.module} ${actions[0]!.source.type} ${actions[0]!.source.id}`,
        })),
      );
    return ids;
  }

  /** The actions a source record led to, with their status and whether each is SMART. */
  async actionsForSource(module: string, type: string, id: string): Promise<ActionSummary[]> {
    const rows = await actionsOfSource(this.db, module, type, id);
    const today = this.today();
    return rows.map((r) => this.summary(r, today));
  }

  /** One action, or undefined. */
  async action(id: number): Promise<ActionSummary | undefined> {
    const row = await actionById(this.db, id);
    return row ? { ...this.summary(row, this.today()), owningTeamIds: row.owningTeamIds ?? [] } : undefined;
  }

  summary(row: ActionRow, today: string): ActionSummary {
    const missing = missingForSmart(row);
    return {
      id: row.id,
      description: row.description,
      status: statusOf(row.status, row.dueOn, today),
      smart: missing.length === 0,
      missing,
      dueOn: row.dueOn,
      ownerName: row.ownerName,
      ownerUserId: row.ownerUserId,
      measurableOutcome: row.measurableOutcome,
      owningOrganisationId: row.owningOrganisationId,
      owningOrganisationName: row.owningOrganisationName,
      source: {
        module: row.sourceModule,
        type: row.sourceType,
        id: row.sourceId,
        label: row.sourceLabel,
        ...(row.sourceHref ? { href: row.sourceHref } : {}),
      },
      createdOn: row.createdOn,
      doneOn: row.doneOn,
      droppedOn: row.droppedOn,
      droppedReason: row.droppedReason,
      href: `/actions/${row.id}`,
    };
  }
}
