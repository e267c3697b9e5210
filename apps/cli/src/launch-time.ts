/**
 * When the user's command started, for "Ready in": `pnpm dev` runs pnpm, a shell and then this
 * process, and the user waits through all of them. On Linux the start times of our ancestors in
 * the same process group (the job the shell started) that are package-manager, shell or Node
 * processes are read from /proc (in clock ticks since boot, so they compare exactly with ours);
 * the oldest one counts. Elsewhere, or when /proc cannot be read, this process's own start.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const LAUNCHERS = new Set(['node', 'pnpm', 'npm', 'npx', 'yarn', 'corepack', 'tsx', 'sh', 'dash', 'bash']);
/** USER_HZ: the unit of /proc/<pid>/stat's starttime on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  comm: string;
  ppid: number;
  pgrp: number;
  startTicks: number;
}

function procStat(pid: number | 'self'): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    // Fields after the command name start with the state (field 3): ppid is 4, pgrp 5, starttime 22.
    const fields = text.slice(close + 2).split(' ');
    return {
      comm: text.slice(open + 1, close),
      ppid: Number(fields[1]),
      pgrp: Number(fields[2]),
      startTicks: Number(fields[19]),
    };
  } catch {
    return undefined;
  }
}

/** Epoch milliseconds at which the user's command started. */
export function launchTime(): number {
  const own = procStat('self');
  if (!own) return performance.timeOrigin;
  let oldest = own.startTicks;
  let parent = procStat(own.ppid);
  for (let depth = 0; parent && depth < 8; depth++) {
    if (parent.pgrp !== own.pgrp || !LAUNCHERS.has(parent.comm)) break;
    oldest = Math.min(oldest, parent.startTicks);
    if (parent.ppid <= 1) break;
    parent = procStat(parent.ppid);
  }
  return performance.timeOrigin - ((own.startTicks - oldest) * 1000) / TICKS_PER_SECOND;
}
