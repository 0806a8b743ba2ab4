/**
 * The product's one clock. Every "now" in the product comes from here, so a test, or a support
 * engineer in a training copy (`CLOCK_START`), can run a scenario at a given instant: deadlines,
 * escalations and dashboards all see the same time. Durations measured for logs and metrics may
 * still use the machine's clock.
 */
let offsetMs = 0;
let frozenAt: number | null = null;

/** The current instant. */
export function now(): Date {
  return new Date(frozenAt ?? Date.now() + offsetMs);
}

/** From now on, time runs on (at real speed) from `start`; null returns to the machine's clock. */
export function startClockAt(start: Date | null): void {
  frozenAt = null;
  offsetMs = start ? start.getTime() - Date.now() : 0;
}

/** Stops time at `at` (tests): every call of now() answers `at` until the clock is moved or reset. */
export function freezeClockAt(at: Date): void {
  frozenAt = at.getTime();
}

/** The machine's clock again. */
export function resetClock(): void {
  startClockAt(null);
}
