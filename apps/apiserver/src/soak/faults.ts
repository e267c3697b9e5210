/**
 * Fault windows of a soak run: when each fault began, when the service was back (the process
 * answered /readyz, or a probe write was acknowledged after a Nacos resume) and what clients
 * were answered in between.
 */
import type { Answer } from './workload.js';

export interface FaultWindow {
  kind: 'restart' | 'nacos-pause' | 'slow-watchers' | 'disk-full';
  start: number;
  /** When the fault was lifted (restart begun, Nacos resumed, watchers reading again). */
  lifted: number;
  /** When a restarted process answered /readyz. */
  ready?: number;
  /** When a write was acknowledged again; `lifted` for faults with no outage. */
  recovered: number;
}

/** Answers after a fault's recovery that are still part of it (connections it broke draining). */
export const GRACE_MS = 2_000;

export function inWindow(windows: FaultWindow[], at: number): boolean {
  return windows.some((w) => w.kind !== 'slow-watchers' && at >= w.start && at <= w.recovered + GRACE_MS);
}

export function errorBodies(windows: FaultWindow[], answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    if (!inWindow(windows, a.at) || (a.status > 0 && a.status < 400)) continue;
    const key = a.status === 0 ? `no answer (${a.error})` : `${a.status} ${a.reason}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
