import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { registry } from './registry.js';
import type { KubeObject } from './types.js';
import { findUnknownFields, validateObject, withoutNulls } from './validate.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** Every document of every fixture file, labelled `file#index`. */
function fixtureDocuments(): [string, KubeObject][] {
  const documents: [string, KubeObject][] = [];
  for (const file of readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.yaml'))
    .sort()) {
    parseAllDocuments(readFileSync(new URL(file, FIXTURES), 'utf8')).forEach((document, index) => {
      documents.push([`${file}#${index}`, document.toJS() as KubeObject]);
    });
  }
  return documents;
}

const documents = fixtureDocuments();

describe('real-world manifests', () => {
  it('cover the Higress seed and console kinds', () => {
    const kinds = new Set(documents.map(([, object]) => object.kind));
    for (const kind of [
      'Ingress',
      'McpBridge',
      'WasmPlugin',
      'EnvoyFilter',
      'Secret',
      'ConfigMap',
      'Service',
      'Http2Rpc',
    ]) {
      expect(kinds.has(kind), kind).toBe(true);
    }
  });

  it.each(documents)('%s round-trips through its schema unchanged', (_label, object) => {
    const def = registry.forObject(object.apiVersion, object.kind);
    expect(def, `${object.apiVersion} ${object.kind}`).toBeDefined();
    if (!def) return;
    // Served objects carry `null` members (e.g. Pod `lastProbeTime: null`), which mean "absent".
    const input = withoutNulls(object);
    const parsed = def.schema.parse(input);
    expect(parsed).toEqual(input);
    // A second pass over the output is also stable (nothing defaulted or transformed).
    expect(def.schema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(input);
  });

  it.each(documents)('%s is valid and declares no unknown field', (_label, object) => {
    const def = registry.forObject(object.apiVersion, object.kind);
    if (!def) throw new Error(`unserved ${object.kind}`);
    expect(validateObject(def, object)).toEqual([]);
    expect(findUnknownFields(def, object)).toEqual([]);
  });

  it('keeps the higress-config ConfigMap keys the initializer renders into mesh files', () => {
    const [, configMap] = documents.find(([label]) => label.startsWith('configmap-higress-config')) ?? [];
    const data = (configMap?.data ?? {}) as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(['higress', 'mesh', 'meshNetworks']);
    expect(data.mesh).toContain('discoveryAddress: pilot:15012');
  });
});
