/**
 * ConfigMap strategy, after k8s.io/kubernetes pkg/registry/core/configmap and ValidateConfigMap /
 * ValidateConfigMapUpdate (an `immutable` ConfigMap keeps its data and binaryData).
 */
import type { FieldCause, KubeObject, ResourceStrategy } from '../types.js';
import { base64Size, MAX_DATA_BYTES, quote, stringEntries, tooLong, validateConfigKey } from './data-keys.js';
import { immutableDataCauses } from './immutable.js';

function validate(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  let size = 0;
  const data = stringEntries(obj.data);
  const keys = new Set<string>();
  for (const [key, value] of data) {
    causes.push(...validateConfigKey(`data[${key}]`, key));
    keys.add(key);
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  for (const [key, value] of stringEntries(obj.binaryData)) {
    causes.push(...validateConfigKey(`binaryData[${key}]`, key));
    if (keys.has(key)) {
      causes.push({
        field: `data[${key}]`,
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${quote(key)}: duplicate of key present in binaryData`,
      });
    }
    const decoded = base64Size(`binaryData[${key}]`, value, '<binary data redacted>', causes);
    if (decoded !== undefined) size += Buffer.byteLength(key) + decoded;
  }
  if (size > MAX_DATA_BYTES) causes.push(tooLong('data', MAX_DATA_BYTES));
  return causes;
}

export const configMapStrategy: ResourceStrategy = {
  validate,
  validateUpdate: (obj, old) => immutableDataCauses(obj, old, ['data', 'binaryData']),
};
