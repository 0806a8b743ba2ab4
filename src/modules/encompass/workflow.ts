/**
 * How a notice's state may change, as one table: for each state (the notice's `status` column)
 * and each thing someone may do to it, either the state it is in afterwards or the words shown
 * when it is refused. The service asks this table before every change and turns a refusal into a
 * 409 with these words; a list or a page asks it what to offer. Nothing else decides.
 *
 *   queued        routed to the coordinator: no match in the child index, or a setting not joined
 *   sent          with its recipient (a setting's Key Adults, or a team), to be acknowledged
 *   acknowledged  its recipient has said what was done
 *   withdrawn     the police withdrew it (sent to the wrong place): its recipient no longer sees it
 *
 * Whether a sent notice was escalated, or was sent on by hand, is recorded beside the state
 * (`escalated_at`, `routed_by_hand_at`), not as a state of its own.
 */
import { ConflictError } from '../../platform/http/errors.ts';
import type { NoticeStatus } from './tables.ts';

export type NoticeState = NoticeStatus;
export const NOTICE_STATES = [
  'queued',
  'sent',
  'acknowledged',
  'withdrawn',
] as const satisfies readonly NoticeState[];

export const NOTICE_ACTIONS = [
  /** Open the notice (who may is the policy's question: a withdrawn notice only the coordinator). */
  'view',
  /** The coordinator sends a queued notice on to where the child belongs. */
  'sendOnByHand',
  /** Its recipient says what was done. */
  'acknowledge',
  /** The police withdraw a notice sent to the wrong place. */
  'withdraw',
  /** Not acknowledged by the start of the school day: the deputies and head are told. */
  'escalate',
  /** The police amended the incident: whoever holds the notice is told that it changed. */
  'tellOfAmendment',
  /** The police moved the incident to another date: the routing rules are asked again. */
  'recheckRouting',
  /** The police correct the child's details: the child is matched again and the notice re-routed. */
  'correctChild',
] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

export type Transition = { readonly to: NoticeState } | { readonly refused: string };

export const noticeTransitions: {
  readonly [S in NoticeState]: { readonly [A in NoticeAction]: Transition };
} = {
  queued: {
    view: { to: 'queued' },
    sendOnByHand: { to: 'sent' },
    acknowledge: {
      refused:
        'This notice cannot be acknowledged: it is waiting in the coordinator’s queue and has not been sent to anyone',
    },
    withdraw: { to: 'withdrawn' },
    escalate: {
      refused:
        'A notice in the coordinator’s queue is not escalated: it is on the coordinator’s list already',
    },
    tellOfAmendment: { refused: 'No one has been sent this notice yet: there is no one to tell' },
    recheckRouting: { to: 'queued' },
    correctChild: { to: 'queued' },
  },
  sent: {
    view: { to: 'sent' },
    sendOnByHand: {
      refused:
        'Only a notice in the coordinator’s queue can be sent on by hand: this one has already been sent',
    },
    acknowledge: { to: 'acknowledged' },
    withdraw: { to: 'withdrawn' },
    escalate: { to: 'sent' },
    tellOfAmendment: { to: 'sent' },
    recheckRouting: { to: 'sent' },
    correctChild: { to: 'sent' },
  },
  acknowledged: {
    view: { to: 'acknowledged' },
    sendOnByHand: {
      refused:
        'Only a notice in the coordinator’s queue can be sent on by hand: this one has already been sent and acknowledged',
    },
    acknowledge: { refused: 'This notice cannot be acknowledged: it has already been acknowledged' },
    withdraw: { to: 'withdrawn' },
    escalate: { refused: 'An acknowledged notice is not escalated' },
    tellOfAmendment: { to: 'acknowledged' },
    recheckRouting: { to: 'acknowledged' },
    correctChild: { to: 'acknowledged' },
  },
  withdrawn: {
    view: { to: 'withdrawn' },
    sendOnByHand: {
      refused: 'Only a notice in the coordinator’s queue can be sent on by hand: this one has been withdrawn',
    },
    acknowledge: { refused: 'This notice cannot be acknowledged: it has been withdrawn' },
    withdraw: { refused: 'This notice has already been withdrawn' },
    escalate: { refused: 'A withdrawn notice is not escalated' },
    tellOfAmendment: { refused: 'This notice has been withdrawn: its recipient no longer holds it' },
    recheckRouting: { refused: 'This notice has been withdrawn: where it would go no longer matters' },
    correctChild: {
      refused: 'This notice has been withdrawn: record the incident again with the child’s right details',
    },
  },
};

/** What the table says of this action in this state. */
export function transitionOf(state: NoticeState, action: NoticeAction): Transition {
  return noticeTransitions[state][action];
}

/** Whether the action may be taken on a notice in this state. */
export function allows(state: string, action: NoticeAction): boolean {
  return isNoticeState(state) && 'to' in transitionOf(state, action);
}

/** The state after the action, or a ConflictError (409) with the table's words when it is refused. */
export function nextState(state: NoticeState, action: NoticeAction): NoticeState {
  const transition = transitionOf(state, action);
  if ('refused' in transition) throw new ConflictError(transition.refused);
  return transition.to;
}

/** The states in which the action is allowed: for a query that changes only notices it may change. */
export function statesAllowing(action: NoticeAction): NoticeState[] {
  return NOTICE_STATES.filter((state) => 'to' in transitionOf(state, action));
}

export function isNoticeState(value: string): value is NoticeState {
  return (NOTICE_STATES as readonly string[]).includes(value);
}
