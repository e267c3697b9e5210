import { randomBytes } from 'node:crypto';
import { isRecord, StorageError, type ValueTransformer } from '@hs/apimachinery';
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { parse as parseYaml } from 'yaml';
import type { KeyValue } from '../driver.js';
import { storageApiVersion } from './keys.js';
import { emitYaml } from './yaml-emit.js';
import { parseEmittedYaml } from './yaml-parse.js';

export type ValueFormat = 'json' | 'yaml';

/** Serialises an object in the driver's format. */
export function serializeObject(obj: KubeObject, format: ValueFormat): string {
  return format === 'yaml' ? emitYaml(obj) : JSON.stringify(obj);
}

/**
 * Parses a stored value whatever its format (JSON is a subset the YAML parser also reads, but the
 * JSON fast path matters for large lists; so does the reader of our own YAML, `yaml-parse.ts`). Throws StorageError `Corrupt` when it is not an object
 * with `metadata`.
 */
export function parseObject(text: string, key: string): KubeObject {
  let value: unknown;
  try {
    value = text.trimStart().startsWith('{') ? JSON.parse(text) : (parseEmittedYaml(text) ?? parseYaml(text));
  } catch (err) {
    throw new StorageError('Corrupt', key, `stored value of ${key} cannot be decoded`, { cause: err });
  }
  if (!isRecord(value) || !isRecord(value.metadata)) {
    throw new StorageError('Corrupt', key, `stored value of ${key} is not a Kubernetes object`);
  }
  return value as KubeObject;
}

/**
 * Decodes a stored value of a kind: decrypts when the kind asks, parses, and makes the key and the
 * revision authoritative: name and namespace come from the key (a hand-written file may disagree),
 * resourceVersion is the value's revision, and missing apiVersion/kind are filled from the kind.
 * Throws StorageError `Corrupt` for undecodable values and for keys whose shape contradicts the
 * kind's scope (e.g. a namespaced object's file placed at `<plural>/<name>.yaml`).
 */
export function decodeValue(
  def: ResourceDefinition,
  kv: KeyValue,
  transformer: ValueTransformer,
): { object: KubeObject; stale: boolean } {
  const segments = kv.key.split('/');
  if ((def.scope === 'Namespaced') !== (segments.length === 3)) {
    const expected = def.scope === 'Namespaced' ? `${def.plural}/<namespace>/<name>` : `${def.plural}/<name>`;
    throw new StorageError(
      'Corrupt',
      kv.key,
      `stored key ${kv.key} does not match the ${def.scope} kind ${def.kind} (expected ${expected})`,
    );
  }
  let decrypted: { plaintext: string; stale: boolean };
  try {
    decrypted = def.encryptAtRest
      ? transformer.fromStorage(kv.value, kv.key)
      : { plaintext: kv.value, stale: false };
  } catch (err) {
    throw new StorageError('Corrupt', kv.key, `stored value of ${kv.key} cannot be decrypted`, {
      cause: err,
    });
  }
  const object = parseObject(decrypted.plaintext, kv.key);
  const meta = object.metadata;
  meta.name = segments[segments.length - 1]!;
  if (segments.length === 3) meta.namespace = segments[1]!;
  else delete meta.namespace;
  meta.resourceVersion = String(kv.revision);
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') {
    object.apiVersion = storageApiVersion(def);
  }
  if (typeof object.kind !== 'string' || object.kind === '') object.kind = def.kind;
  return { object, stale: decrypted.stale };
}

/** Stands for the resourceVersion in pre-rendered values; random, so no user data contains it. */
const PLACEHOLDER = `hs-rv-${randomBytes(12).toString('hex')}`;

/**
 * Serialises `obj` once and returns a function that yields the serialisation with
 * metadata.resourceVersion = the given revision (always a quoted string, in JSON and YAML alike).
 */
export function renderTemplate(obj: KubeObject, format: ValueFormat): (revision: number) => string {
  const text = serializeObject(withPlaceholder(obj), format);
  let start = text.indexOf(PLACEHOLDER);
  let end = start + PLACEHOLDER.length;
  if (start < 0) return (revision) => serializeObject(withResourceVersion(obj, revision), format);
  const quote = text[start - 1];
  if ((quote === '"' || quote === "'") && text[end] === quote) {
    start--;
    end++;
  }
  const head = text.slice(0, start);
  const tail = text.slice(end);
  return (revision) => `${head}"${revision}"${tail}`;
}

function withPlaceholder(obj: KubeObject): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: PLACEHOLDER } };
}

/** A copy of `obj` whose metadata.resourceVersion is `revision`. Shares everything but the top level and metadata. */
export function withResourceVersion(obj: KubeObject, revision: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
}
