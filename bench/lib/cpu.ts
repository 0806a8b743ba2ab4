/**
 * CPU time spent by processes (user + system, from /proc/<pid>/stat). Per request it is a steadier
 * figure than requests per second on a shared machine: neighbours slow a run down, but they do not
 * make each request cost more CPU time (much).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { listProcesses, processTree } from './rss.ts';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of one process in ms, or 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 0 is the state; utime and stime are fields 11 and 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return 0;
  }
}

export function treeCpuMs(rootPid: number): number {
  return processTree(rootPid).reduce((sum, p) => sum + processCpuMs(p.pid), 0);
}

/**
 * The database of a PostgreSQL backend from its process title, "postgres: [cluster: ]user database
 * host(port) state" (Debian sets cluster_name, e.g. "15/main"); undefined for anything else.
 */
export function backendDatabase(cmdline: string): string | undefined {
  const title = cmdline.replace(/\0/g, ' ').trim();
  return /^postgres: (?:\S+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title)?.[1];
}

/**
 * CPU of a database's backends over a stretch of time, polled every everyMs (0: only at the start
 * and the end) so that backends which exit before the end (pgbench's) are still counted.
 */
export function sampleBackends(database: string, everyMs = 200): { stop(): number } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const poll = (initial: boolean) => {
    for (const p of listProcesses()) {
      let title: string;
      try {
        title = fs.readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (backendDatabase(title) !== database) continue;
      const ms = processCpuMs(p.pid);
      if (ms === 0 && last.has(p.pid)) continue; // exited between listing and reading
      if (initial) first.set(p.pid, ms);
      last.set(p.pid, ms);
    }
  };
  poll(true);
  const timer = everyMs > 0 ? setInterval(() => poll(false), everyMs) : undefined;
  return {
    stop() {
      if (timer) clearInterval(timer);
      poll(false);
      let total = 0;
      for (const [pid, ms] of last) total += ms - (first.get(pid) ?? 0);
      return total;
    },
  };
}
