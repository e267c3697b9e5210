/**
 * `metadata.name` and label rules, after k8s.io/apimachinery/pkg/util/validation/validation.go,
 * pkg/api/validation/path and pkg/apis/meta/v1/validation. Messages match upstream so kubectl
 * prints what a real cluster prints.
 */
import type { FieldCause, ResourceDefinition } from './types.js';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN}$`);

const DNS1123_LABEL_MESSAGE = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL}')`;
const DNS1123_SUBDOMAIN_MESSAGE = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`;

const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME}$`);
const QUALIFIED_NAME_MESSAGE = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`;
const LABEL_VALUE = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE}$`);
const LABEL_VALUE_MESSAGE = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`;

/** Upstream limit on the summed size of all annotations (256 KiB). */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** Problems with a name under a rule, as plain detail strings (empty = valid). */
export function nameProblems(name: string, format: ResourceDefinition['nameFormat']): string[] {
  switch (format) {
    case 'dns1123-label': {
      const problems: string[] = [];
      if (name.length > 63) problems.push('must be no more than 63 characters');
      if (!DNS1123_LABEL_RE.test(name)) problems.push(DNS1123_LABEL_MESSAGE);
      return problems;
    }
    case 'dns1123-subdomain': {
      const problems: string[] = [];
      if (name.length > 253) problems.push('must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN_RE.test(name)) problems.push(DNS1123_SUBDOMAIN_MESSAGE);
      return problems;
    }
    case 'path-segment': {
      if (name === '.' || name === '..') return [`may not be '${name}'`];
      const problems: string[] = [];
      for (const illegal of ['/', '%']) {
        if (name.includes(illegal)) problems.push(`may not contain '${illegal}'`);
      }
      return problems;
    }
  }
}

/** `metadata.name` / `metadata.generateName` causes for an object of the entry. */
export function validateObjectName(def: ResourceDefinition, metadata: Record<string, unknown>): FieldCause[] {
  const name = metadata.name;
  const generateName = metadata.generateName;
  if (typeof name !== 'string' || name === '') {
    if (typeof generateName === 'string' && generateName !== '') {
      // The server appends 5 characters; validate the prefix as upstream's maskTrailingDash does.
      const prefix = generateName.endsWith('-') ? `${generateName.slice(0, -1)}a` : generateName;
      return nameProblems(prefix, def.nameFormat).map((detail) => ({
        field: 'metadata.generateName',
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(generateName)}: ${detail}`,
      }));
    }
    return [
      {
        field: 'metadata.name',
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
      },
    ];
  }
  return nameProblems(name, def.nameFormat).map((detail) => ({
    field: 'metadata.name',
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(name)}: ${detail}`,
  }));
}

/** A qualified name (label or annotation key): optional DNS subdomain prefix + `/` + name. */
function qualifiedNameProblems(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const problems: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix === '') problems.push('prefix part must be non-empty');
    else if (prefix.length > 253 || !DNS1123_SUBDOMAIN_RE.test(prefix)) {
      problems.push(`prefix part ${DNS1123_SUBDOMAIN_MESSAGE}`);
    }
  } else if (parts.length > 2) {
    return [
      `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name === '') problems.push('name part must be non-empty');
  else {
    if (name.length > 63) problems.push('name part must be no more than 63 characters');
    if (!QUALIFIED_NAME_RE.test(name)) problems.push(QUALIFIED_NAME_MESSAGE);
  }
  return problems;
}

/** Label keys and values, annotation keys and total size (ValidateLabels, ValidateAnnotations). */
export function validateLabelsAndAnnotations(metadata: Record<string, unknown>): FieldCause[] {
  const causes: FieldCause[] = [];
  const labels = metadata.labels;
  if (labels !== null && typeof labels === 'object' && !Array.isArray(labels)) {
    for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
      for (const detail of qualifiedNameProblems(key)) {
        causes.push({
          field: 'metadata.labels',
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(key)}: ${detail}`,
        });
      }
      if (typeof value !== 'string') continue;
      const problems: string[] = [];
      if (value.length > 63) problems.push('must be no more than 63 characters');
      if (!LABEL_VALUE_RE.test(value)) problems.push(LABEL_VALUE_MESSAGE);
      for (const detail of problems) {
        causes.push({
          field: `metadata.labels`,
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
        });
      }
    }
  }
  const annotations = metadata.annotations;
  if (annotations !== null && typeof annotations === 'object' && !Array.isArray(annotations)) {
    let size = 0;
    for (const [key, value] of Object.entries(annotations as Record<string, unknown>)) {
      for (const detail of qualifiedNameProblems(key.toLowerCase())) {
        causes.push({
          field: 'metadata.annotations',
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(key)}: ${detail}`,
        });
      }
      size += key.length + (typeof value === 'string' ? value.length : 0);
    }
    if (size > MAX_ANNOTATIONS_BYTES) {
      causes.push({
        field: 'metadata.annotations',
        reason: 'FieldValueTooLong',
        message: `Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes`,
      });
    }
  }
  return causes;
}
