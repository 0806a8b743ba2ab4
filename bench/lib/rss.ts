/** Process trees and their resident memory, read from /proc (Linux only). */
import fs from 'node:fs';

export interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
  comm: string;
}

/** /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces and brackets. */
function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone meanwhile
  }
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < 0) return null;
  const rest = text.slice(close + 2).split(' ');
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: Number(rest[1]),
    pgrp: Number(rest[2]),
  };
}

export function listProcesses(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** Live (non-zombie) members of a process group. */
export function processesInGroup(pgid: number): ProcStat[] {
  return listProcesses().filter((p) => p.pgrp === pgid && p.state !== 'Z' && p.state !== 'X');
}

/** The process and all its descendants, found by walking ppid links. */
export function processTree(rootPid: number): ProcStat[] {
  const all = listProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const p of all) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  const root = all.find((p) => p.pid === rootPid);
  if (!root) return [];
  const tree: ProcStat[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    tree.push(p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return tree;
}

/** VmRSS in kB, or null when the process is gone or a zombie. */
export function rssKb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '?';
  }
}

export interface TreeMemory {
  totalMb: number;
  largest: { pid: number; rssMb: number; command: string };
  processes: { pid: number; ppid: number; rssMb: number; command: string }[];
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

export function treeMemory(rootPid: number): TreeMemory {
  const processes = processTree(rootPid)
    .map((p) => ({ pid: p.pid, ppid: p.ppid, rssKb: rssKb(p.pid), command: commandLine(p.pid) }))
    .filter((p): p is typeof p & { rssKb: number } => p.rssKb !== null);
  if (processes.length === 0) throw new Error(`Process ${rootPid} is not running: no memory to read`);
  const largest = processes.reduce((a, b) => (b.rssKb > a.rssKb ? b : a));
  return {
    totalMb: mb(processes.reduce((sum, p) => sum + p.rssKb, 0)),
    largest: { pid: largest.pid, rssMb: mb(largest.rssKb), command: largest.command },
    processes: processes.map((p) => ({ pid: p.pid, ppid: p.ppid, rssMb: mb(p.rssKb), command: p.command })),
  };
}
