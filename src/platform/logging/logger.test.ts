import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, requestLoggerWhenUsed } from './logger.ts';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger(level, stream), lines };
}

describe("a request's logger", () => {
  it('is made only when the request logs at a level that is on', () => {
    const { logger, lines } = capture('warn');
    const child = vi.spyOn(logger, 'child');
    const log = requestLoggerWhenUsed(logger, { reqId: 'r-1' }, {});
    log.info({ anything: 1 }, 'incoming request');
    log.debug('detail');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    log.warn({ email: 'someone@example.org' }, 'slow');
    expect(child).toHaveBeenCalledTimes(1);
    log.error('failed');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => [l.reqId, l.msg])).toEqual([
      ['r-1', 'slow'],
      ['r-1', 'failed'],
    ]);
    // The redaction holds on the request's lines.
    expect(lines[0]!.email).toBe('[redacted]');
  });

  it('writes info lines with the request id when info is on, and answers its level', () => {
    const { logger, lines } = capture('info');
    const log = requestLoggerWhenUsed(logger, { reqId: 'r-2' }, {});
    expect(log.level).toBe('info');
    expect(log.isLevelEnabled('debug')).toBe(false);
    log.info('incoming request');
    log.child({ part: 'x' }).info('from a grandchild');
    expect(lines.map((l) => [l.reqId, l.part, l.msg])).toEqual([
      ['r-2', undefined, 'incoming request'],
      ['r-2', 'x', 'from a grandchild'],
    ]);
  });
});
