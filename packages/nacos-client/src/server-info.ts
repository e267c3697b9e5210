import type { ServerApi } from './types.js';

/** Parses `2.5.1`, `3.1.0-BETA` etc. into numbers; unknown parts count as 0. */
export function parseVersion(version: string): [number, number, number] {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  return [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0), Number(m?.[3] ?? 0)];
}

export function versionAtLeast(version: string, min: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(min);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** HTTP casMd5 is read by the v1/v2 controllers only from 2.3.0; older servers silently overwrite. */
export const MIN_CAS_VERSION = '2.3.0';

/**
 * The API families a server version offers over HTTP (nacos-protocol.md §1.13): v1 console APIs are
 * off by default in 3.0/3.1 (410) and every v1 path is gone from 3.2 (404).
 */
export function apiForVersion(version: string): ServerApi {
  const [major, minor] = parseVersion(version);
  return {
    v1Config: major < 3 || (major === 3 && minor < 2),
    v1Console: major < 3,
    v3Admin: major >= 3,
  };
}
