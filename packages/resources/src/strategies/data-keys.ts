/**
 * Checks shared by ConfigMap and Secret data maps, after k8s.io/apimachinery/pkg/util/validation
 * (IsConfigMapKey) and k8s.io/kubernetes pkg/apis/core/validation (ValidateConfigMap, ValidateSecret).
 */
import type { FieldCause } from '../types.js';

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MESSAGE =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** Upstream limit on the summed size of a ConfigMap's or Secret's data (1 MiB). */
export const MAX_DATA_BYTES = 1024 * 1024;

export function quote(value: string): string {
  return JSON.stringify(value);
}

/** Causes for one data key that is not a valid config key. */
export function validateConfigKey(field: string, key: string): FieldCause[] {
  const causes: FieldCause[] = [];
  if (key.length > 253) {
    causes.push({
      field,
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${quote(key)}: must be no more than 253 characters`,
    });
  }
  if (!CONFIG_KEY.test(key)) {
    causes.push({
      field,
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${quote(key)}: ${CONFIG_KEY_MESSAGE}`,
    });
  } else if (key === '.' || key === '..') {
    causes.push({
      field,
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${quote(key)}: must not be '.' or '..'`,
    });
  } else if (key.startsWith('..')) {
    causes.push({
      field,
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${quote(key)}: must not start with '..'`,
    });
  }
  return causes;
}

/**
 * The byte offset of the first error in standard base64 text, as Go's encoding/base64 reports
 * `illegal base64 data at input byte N`; -1 when valid. CR and LF are ignored, as Go does.
 */
export function base64ErrorOffset(text: string): number {
  const clean = text.replace(/[\r\n]/g, '');
  const alphabet = /[A-Za-z0-9+/]/;
  let index = 0;
  while (index < clean.length && alphabet.test(clean.charAt(index))) index++;
  const dataLength = index;
  let padding = 0;
  while (index < clean.length && clean.charAt(index) === '=') {
    padding++;
    index++;
  }
  if (index < clean.length) return index;
  const total = dataLength + padding;
  if (total % 4 !== 0) return total - (total % 4);
  if (padding > 2 || (padding > 0 && dataLength % 4 === 0)) return dataLength;
  if (dataLength % 4 === 1) return dataLength - 1;
  return -1;
}

/**
 * A base64 data value (Secret `data`, ConfigMap `binaryData`): its decoded size in bytes, or
 * undefined after adding the Invalid cause to `causes`, with the value shown as `redacted`.
 */
export function base64Size(field: string, value: string, redacted: string, causes: FieldCause[]) {
  const offset = base64ErrorOffset(value);
  if (offset < 0) return base64DecodedLength(value);
  causes.push({
    field,
    reason: 'FieldValueInvalid',
    message: `Invalid value: "${redacted}": illegal base64 data at input byte ${offset}`,
  });
  return undefined;
}

/** Decoded size of valid base64 text in bytes. */
export function base64DecodedLength(text: string): number {
  return Buffer.from(text.replace(/[\r\n]/g, ''), 'base64').length;
}

/** A string map of the object field, ignoring malformed values (the schema reports those). */
export function stringEntries(value: unknown): [string, string][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
}

export function tooLong(field: string, limit: number): FieldCause {
  return { field, reason: 'FieldValueTooLong', message: `Too long: must have at most ${limit} bytes` };
}
