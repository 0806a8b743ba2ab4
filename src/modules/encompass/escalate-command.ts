/**
 * `safeguarding encompass escalate --at`: the moment it runs at, checked. Escalating emails a
 * setting's deputies and head, so a moment in the future (notices not yet due) is refused, with
 * --dry-run too (the deadlines ahead are on the coordinator's queue page); --dry-run lists what
 * would be escalated at that moment and changes nothing.
 */

/** A few seconds' grace: "now" typed by a person is a moment behind the machine. */
const FUTURE_GRACE_MS = 60_000;

export type EscalationMoment = { ok: true; at: Date } | { ok: false; message: string };

export function escalationMoment(at: string | undefined, now: Date): EscalationMoment {
  if (at === undefined) return { ok: true, at: now };
  // An instant needs its offset: "2026-12-01T09:00" would be read in the machine's zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at))
    return { ok: false, message: '--at must be a date and time with its offset, like 2026-12-01T09:00:00Z' };
  const moment = new Date(at);
  // JavaScript rolls 30 February over into March: the calendar date must be the one typed.
  const day = new Date(`${at.slice(0, 10)}T00:00:00Z`);
  if (
    Number.isNaN(moment.getTime()) ||
    Number.isNaN(day.getTime()) ||
    !day.toISOString().startsWith(at.slice(0, 10))
  )
    return { ok: false, message: '--at must be a real date and time, like 2026-12-01T09:00:00Z' };
  if (moment.getTime() > now.getTime() + FUTURE_GRACE_MS)
    return {
      ok: false,
      message: `--at ${at} is in the future: notices not yet due cannot be escalated; give a moment up to now`,
    };
  return { ok: true, at: moment };
}
