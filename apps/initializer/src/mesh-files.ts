import { join } from 'node:path';
import { type Change, FilePlan } from './file-plan.js';

/** The ConfigMap keys Pilot and the gateway read from /etc/istio/config. */
export const MESH_KEYS = ['mesh', 'meshNetworks', 'higress'] as const;

/** Thrown when higress-config lacks what Pilot cannot start without. */
export class MeshConfigError extends Error {
  override readonly name = 'MeshConfigError';
}

/**
 * Writes one file per data key of higress-config into Pilot's config directory, as HS
 * compose/scripts/prepare.sh checkHigressConfig does once; here it also runs on every change.
 * Keys outside `MESH_KEYS` are written too (HS copies every key). Unchanged files are not touched.
 */
export async function renderMeshFiles(
  data: Record<string, string> | undefined,
  configDir: string,
  root: string,
): Promise<Change[]> {
  if (!data || data.mesh === undefined) {
    throw new MeshConfigError(
      'ConfigMap higress-system/higress-config has no `mesh` key; Pilot cannot start without it',
    );
  }
  const plan = new FilePlan();
  for (const [key, value] of Object.entries(data)) {
    if (!/^[A-Za-z0-9._-]+$/.test(key) || key === '.' || key === '..') continue;
    plan.file(join(configDir, key), value, 0o644);
  }
  const { changes } = await plan.commit(root, false);
  return changes;
}
