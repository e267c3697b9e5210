/**
 * The status subresource split of a registry entry that declares `subresources.status`, as
 * upstream's per-kind strategies do (e.g. k8s.io/kubernetes pkg/registry/apps/deployment/strategy.go:
 * PrepareForCreate clears status, PrepareForUpdate keeps the old status, and the status
 * strategy's PrepareForUpdate keeps everything of the old object but status): writes to the main
 * resource ignore status, writes to `/status` ignore everything but status.
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';

/** A main-resource write of a kind with a status subresource: the stored status stays. */
function keepStatus(next: KubeObject, current: KubeObject): KubeObject {
  const { status: _ignored, ...rest } = next;
  return current.status === undefined ? { ...rest } : { ...rest, status: current.status };
}

/** A `/status` write: only `status` (and the optimistic-concurrency resourceVersion) is taken from `next`. */
function onlyStatus(next: KubeObject, current: KubeObject): KubeObject {
  const { status: _ignored, ...rest } = current;
  const resourceVersion = next.metadata.resourceVersion ?? current.metadata.resourceVersion;
  const metadata = { ...current.metadata, ...(resourceVersion === undefined ? {} : { resourceVersion }) };
  return next.status === undefined ? { ...rest, metadata } : { ...rest, metadata, status: next.status };
}

/** The object a write stores, given what the request produced; `current` is undefined for a create. */
export function splitStatus(
  def: ResourceDefinition,
  subresource: 'status' | undefined,
  next: KubeObject,
  current: KubeObject | undefined,
): KubeObject {
  if (subresource === 'status') return current ? onlyStatus(next, current) : next;
  if (!def.subresources.status) return next;
  if (!current) {
    if (def.subresources.statusOnCreate) return next;
    const { status: _dropped, ...rest } = next;
    return rest as KubeObject;
  }
  return keepStatus(next, current);
}
