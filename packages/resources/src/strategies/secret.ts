/**
 * Secret strategy, after k8s.io/kubernetes pkg/registry/core/secret/strategy.go and
 * pkg/apis/core/validation ValidateSecret: `stringData` is merged into `data` (base64) and dropped,
 * `type` defaults to Opaque, data values must be base64, and typed secrets need their keys.
 * ValidateSecretUpdate: `type` never changes, and an `immutable` Secret keeps its data.
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../types.js';
import { base64Size, MAX_DATA_BYTES, stringEntries, tooLong, validateConfigKey } from './data-keys.js';
import { immutableDataCauses, immutableField } from './immutable.js';

/** Keys a typed secret must carry (pkg/apis/core/types.go Secret types). */
const REQUIRED_KEYS: Record<string, readonly string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/**
 * `stringData` merged into `data` (base64) and dropped, as the v1 → internal conversion does while
 * decoding (pkg/apis/core/v1/conversion.go Convert_v1_Secret_To_core_Secret): the field manager
 * then owns the `data` keys, as upstream's.
 */
function mergeStringData(obj: KubeObject): void {
  const stringData = stringEntries(obj.stringData);
  if (obj.stringData !== undefined) {
    const data: Record<string, unknown> =
      obj.data !== null && typeof obj.data === 'object' && !Array.isArray(obj.data)
        ? { ...(obj.data as Record<string, unknown>) }
        : {};
    for (const [key, value] of stringData) data[key] = Buffer.from(value, 'utf8').toString('base64');
    obj.data = data;
    delete obj.stringData;
  }
}

function normalise(obj: KubeObject): void {
  mergeStringData(obj);
  if (obj.type === undefined || obj.type === '') obj.type = 'Opaque';
}

function validate(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  let size = 0;
  const data = stringEntries(obj.data);
  for (const [key, value] of data) {
    causes.push(...validateConfigKey(`data[${key}]`, key));
    size += base64Size(`data[${key}]`, value, '<secret contents redacted>', causes) ?? 0;
  }
  for (const [key, value] of stringEntries(obj.stringData)) {
    causes.push(...validateConfigKey(`stringData[${key}]`, key));
    size += Buffer.byteLength(value);
  }
  if (size > MAX_DATA_BYTES) causes.push(tooLong('data', MAX_DATA_BYTES));
  const type = typeof obj.type === 'string' ? obj.type : '';
  const present = new Set([
    ...data.map(([key]) => key),
    ...stringEntries(obj.stringData).map(([key]) => key),
  ]);
  for (const key of REQUIRED_KEYS[type] ?? []) {
    if (!present.has(key))
      causes.push({ field: `data[${key}]`, reason: 'FieldValueRequired', message: 'Required value' });
  }
  return causes;
}

export const secretStrategy: ResourceStrategy = {
  applyDefaults: mergeStringData,
  prepareForCreate: normalise,
  prepareForUpdate: normalise,
  validate,
  validateUpdate: (obj, old) => [
    ...immutableField(obj, old, 'type'),
    ...immutableDataCauses(obj, old, ['data']),
  ],
};
