/**
 * rss – resident memory after ~5 s idle: the npm process tree and its largest process (the
 * server), against the bare Fastify process; taken in start-up's runs (startup.ts) on the embedded
 * database.
 */
import type { StartupResults } from './startup.ts';
import { type Row, fmt, median, ratio } from './lib/report.ts';

export const RSS_GOALS = { rssMb: 250 };

export function memoryRows(r: StartupResults): Row[] {
  const tree = median(r.app.map((x) => x.memory!.totalMb));
  const server = median(r.app.map((x) => x.memory!.largest.rssMb));
  const hello = median(r.hello.map((x) => x.memory!.totalMb));
  const last = r.app.at(-1)!.memory!;
  const processes = last.processes
    .map((p) => `${(p.command.split(' ')[0] ?? '').split('/').pop()} ${fmt(p.rssMb)}`)
    .join(', ');
  return [
    {
      part: 'Idle RSS',
      measure: 'server process (largest in the tree)',
      value: `${fmt(server)} MB`,
      baseline: `Fastify hello ${fmt(hello)} MB`,
      ratio: ratio(server, hello),
      goal: `< ${RSS_GOALS.rssMb} MB`,
      status: server < RSS_GOALS.rssMb ? 'PASS' : 'MISSED',
    },
    {
      part: 'Idle RSS',
      measure: `whole npm start tree (${last.processes.length} processes)`,
      value: `${fmt(tree)} MB`,
      baseline: `Fastify hello ${fmt(hello)} MB`,
      ratio: ratio(tree, hello),
      goal: `< ${RSS_GOALS.rssMb} MB`,
      status: tree < RSS_GOALS.rssMb ? 'PASS' : 'MISSED',
    },
    {
      part: 'Idle RSS',
      measure: 'tree, last run (MB)',
      value: '',
      baseline: processes,
      ratio: '',
      goal: '',
      status: '',
    },
  ];
}
