import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/x/configmaps';
const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const METADATA_LIST_ACCEPT =
  'application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

interface Table {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion?: string };
  columnDefinitions: Array<{ name: string; priority?: number }>;
  rows: Array<{
    cells: unknown[];
    object: { kind: string; metadata: Record<string, unknown>; data?: unknown };
  }>;
}

describe('content negotiation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    for (const name of ['a', 'b']) {
      await h.app.inject({
        method: 'POST',
        url: CMS,
        payload: cm(name, { metadata: { labels: { app: 'demo' } } }),
      });
    }
  });
  afterAll(() => h.close());

  it('declares column types as the upstream printers do, whatever the cells hold', async () => {
    const res = await h.app.inject({ url: `${CMS}/a`, headers: { accept: TABLE_ACCEPT } });
    const table = json(res.body) as unknown as Omit<Table, 'columnDefinitions'> & {
      columnDefinitions: Array<{ name: string; type: string; format: string }>;
    };
    // ConfigMap DATA is a count declared `string`; built-in AGE is a human age declared `string`.
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Data', 'string', ''],
      ['Age', 'string', ''],
    ]);
    expect(typeof table.rows[0]?.cells[1]).toBe('number');
    expect(table.rows[0]?.cells[2]).toMatch(/^\d+[smhd]/);
  });

  it("gives a one-object Table the object's resourceVersion, as kube-apiserver", async () => {
    const obj = await h.app.inject({ url: `${CMS}/a` });
    const res = await h.app.inject({ url: `${CMS}/a`, headers: { accept: TABLE_ACCEPT } });
    expect(res.statusCode).toBe(200);
    const table = json(res.body) as unknown as Table;
    expect(table.metadata.resourceVersion).toBe(
      (json(obj.body).metadata as { resourceVersion: string }).resourceVersion,
    );
    expect(table.rows).toHaveLength(1);
  });

  it('answers kubectl get with a Table whose rows carry PartialObjectMetadata and human ages', async () => {
    const res = await h.app.inject({ url: `${CMS}?limit=500`, headers: { accept: TABLE_ACCEPT } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const table = json(res.body) as unknown as Table;
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(table.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Name', 'Data', 'Age']),
    );
    expect(table.rows).toHaveLength(2);
    const row = table.rows[0];
    expect(row?.cells[0]).toBe('a');
    expect(String(row?.cells.at(-1))).toMatch(/^\d+s$/);
    expect(row?.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'a', labels: { app: 'demo' } },
    });
    expect(row?.object.data).toBeUndefined();
  });

  it('puts the full object into rows with includeObject=Object, and one row for a single GET', async () => {
    const res = await h.app.inject({ url: `${CMS}?includeObject=Object`, headers: { accept: TABLE_ACCEPT } });
    const table = json(res.body) as unknown as Table;
    expect(table.rows[0]?.object).toMatchObject({ kind: 'ConfigMap', data: { k: 'v' } });
    const one = json(
      (await h.app.inject({ url: `${CMS}/b`, headers: { accept: TABLE_ACCEPT } })).body,
    ) as unknown as Table;
    expect(one.rows).toHaveLength(1);
    expect(one.rows[0]?.cells[0]).toBe('b');
  });

  it('serves PartialObjectMetadataList for the metadata client, and JSON for protobuf-first Accept', async () => {
    const res = await h.app.inject({ url: CMS, headers: { accept: METADATA_LIST_ACCEPT } });
    expect(res.headers['content-type']).toBe('application/json');
    const list = json(res.body) as {
      kind: string;
      apiVersion: string;
      items: Array<Record<string, unknown>>;
    };
    expect(list).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1' });
    expect(list.items[0]).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
    expect(list.items[0]).not.toHaveProperty('data');
    const typed = await h.app.inject({
      url: `${CMS}/a`,
      headers: { accept: 'application/vnd.kubernetes.protobuf,application/json' },
    });
    expect(typed.headers['content-type']).toBe('application/json');
    expect(json(typed.body)).toMatchObject({ kind: 'ConfigMap' });
  });

  it('reads YAML bodies and writes YAML responses', async () => {
    const body = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  key: value\n';
    const created = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: { 'content-type': 'application/yaml', accept: 'application/yaml' },
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toBe('application/yaml');
    expect(YAML.parse(created.body)).toMatchObject({ kind: 'ConfigMap', data: { key: 'value' } });
    const listed = await h.app.inject({ url: CMS, headers: { accept: 'application/yaml' } });
    expect(YAML.parse(listed.body)).toMatchObject({ kind: 'ConfigMapList' });
    const missing = await h.app.inject({ url: `${CMS}/nope`, headers: { accept: 'application/yaml' } });
    expect(missing.statusCode).toBe(404);
  });
});
