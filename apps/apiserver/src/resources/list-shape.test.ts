/**
 * The shape of LIST answers per kind of storage (@hs/resources listShape): built-in kinds are
 * typed lists (items without apiVersion/kind, no empty continue), custom resources unstructured
 * lists (items with apiVersion/kind, `metadata.continue: ""`); Tables are typed whatever the kind.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/x/configmaps';
const MCP = '/apis/networking.higress.io/v1/namespaces/x/mcpbridges';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const mcp = (name: string) => ({
  apiVersion: 'networking.higress.io/v1',
  kind: 'McpBridge',
  metadata: { name },
  spec: {},
});

type List = { metadata: Record<string, unknown>; items: Record<string, unknown>[] };

describe('list shape', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    for (const name of ['a', 'b']) {
      expect((await h.app.inject({ method: 'POST', url: CMS, payload: cm(name) })).statusCode).toBe(201);
      expect((await h.app.inject({ method: 'POST', url: MCP, payload: mcp(name) })).statusCode).toBe(201);
    }
  });
  afterAll(() => h.close());

  const get = async (url: string, accept?: string) => {
    const res = await h.app.inject({ url, headers: accept ? { accept } : {} });
    expect(res.statusCode).toBe(200);
    return (accept === 'application/yaml' ? YAML.parse(res.body) : json(res.body)) as List;
  };

  it.each(['application/json', 'application/yaml'])(
    'leaves apiVersion/kind out of built-in list items and continue out of the metadata (%s)',
    async (accept) => {
      for (const url of [CMS, `${CMS}?limit=1`]) {
        const list = await get(url, accept);
        expect(list).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
        for (const item of list.items) expect(Object.keys(item).sort()).toEqual(['data', 'metadata']);
      }
      expect(Object.keys((await get(CMS, accept)).metadata)).toEqual(['resourceVersion']);
      // a single object carries them
      expect(await get(`${CMS}/a`, accept)).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    },
  );

  it.each(['application/json', 'application/yaml'])(
    'keeps apiVersion/kind in custom resource list items and sends continue "" (%s)',
    async (accept) => {
      const list = await get(MCP, accept);
      expect(list).toMatchObject({ kind: 'McpBridgeList', apiVersion: 'networking.higress.io/v1' });
      expect(list.metadata).toEqual({ continue: '', resourceVersion: expect.any(String) });
      for (const item of list.items)
        expect(item).toMatchObject({ apiVersion: 'networking.higress.io/v1', kind: 'McpBridge' });
      const page = await get(`${MCP}?limit=1`, accept);
      expect(page.metadata).toEqual({
        continue: expect.stringMatching(/.+/),
        resourceVersion: list.metadata.resourceVersion,
        remainingItemCount: 1,
      });
    },
  );

  it('sends a Table of custom resources without an empty continue', async () => {
    const table = await get(MCP, TABLE);
    expect(table).toMatchObject({ kind: 'Table' });
    expect(Object.keys(table.metadata)).toEqual(['resourceVersion']);
  });

  it('keeps apiVersion/kind in the objects of watch events of a built-in kind', async () => {
    const res = await h.app.inject(`${CMS}?watch=true&timeoutSeconds=1`);
    const events = res.body
      .trim()
      .split('\n')
      .map((line) => json(line) as { type: string; object: Record<string, unknown> });
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
  });
});
