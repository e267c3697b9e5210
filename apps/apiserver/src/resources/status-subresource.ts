/**
 * The status subresource split, as upstream strategies do for kinds that declare it: writes to the
 * main resource keep the stored status, writes to `/status` change only status.
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';

export function keepStatus(next: KubeObject, current: KubeObject): KubeObject {
  const { status: _ignored, ...rest } = next;
  return current.status === undefined ? { ...rest } : { ...rest, status: current.status };
}

/** Only `status` (and the optimistic-concurrency resourceVersion) is taken from `next`. */
export function onlyStatus(next: KubeObject, current: KubeObject): KubeObject {
  const { status: _ignored, ...rest } = current;
  const resourceVersion = next.metadata.resourceVersion ?? current.metadata.resourceVersion;
  const metadata = { ...current.metadata, ...(resourceVersion === undefined ? {} : { resourceVersion }) };
  return next.status === undefined ? { ...rest, metadata } : { ...rest, metadata, status: next.status };
}

/** The object a write stores, given what the request produced. */
export function splitStatus(
  def: ResourceDefinition,
  subresource: 'status' | undefined,
  next: KubeObject,
  current: KubeObject | undefined,
): KubeObject {
  if (subresource === 'status') return current ? onlyStatus(next, current) : next;
  if (!def.subresources.status) return next;
  if (!current) {
    const { status: _dropped, ...rest } = next;
    return rest as KubeObject;
  }
  return keepStatus(next, current);
}
