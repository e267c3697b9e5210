import { NAME_DESCRIPTION, type PrinterColumn } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { humanAge, humanDuration } from './human-duration.js';
import { evaluateJsonPath, parseJsonPath } from './jsonpath.js';
import { toPartialObjectMetadata, toPartialObjectMetadataList } from './partial-object-metadata.js';
import { StatusError } from './status.js';
import { parseIncludeObject, toTable } from './table.js';
import { object, testDefinition } from './test-helpers/definitions.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

// Expectations from k8s.io/apimachinery/pkg/util/duration/duration_test.go (TestHumanDuration).
describe('humanDuration', () => {
  const cases: Array<[number, string]> = [
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1 * s, '0s'],
    [0, '0s'],
    [1 * s, '1s'],
    [59 * s, '59s'],
    [60 * s, '60s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [2 * m + 1 * s, '2m1s'],
    [3 * m + 12 * s, '3m12s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 1 * m, '3h1m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [48 * h + 1 * h, '2d1h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [8 * 365 * d - 1 * s, '7y364d'],
    [8 * 365 * d, '8y'],
    [20 * 365 * d, '20y'],
  ];
  it.each(cases)('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('renders timestamps as ages, zero time as <unknown> and garbage as <invalid>', () => {
    const now = new Date('2026-11-21T22:38:08Z');
    expect(humanAge('2026-11-21T22:33:08Z', now)).toBe('5m');
    expect(humanAge('2026-11-18T18:00:00Z', now)).toBe('3d4h');
    expect(humanAge('0001-01-01T00:00:00Z', now)).toBe('<unknown>');
    expect(humanAge('yesterday', now)).toBe('<invalid>');
  });
});

describe('JSONPath subset', () => {
  const obj = {
    metadata: { labels: { app: 'demo', 'app.kubernetes.io/name': 'x' } },
    spec: { ports: [{ port: 80 }, { port: 443 }], rules: [{ host: 'a' }] },
  };
  const cases: Array<[string, unknown[]]> = [
    ['.metadata.labels.app', ['demo']],
    ['{.metadata.labels.app}', ['demo']],
    ['.spec.ports[*].port', [80, 443]],
    ['.spec.ports[0].port', [80]],
    ['.spec.ports[-1].port', [443]],
    ['.spec.ports[5].port', []],
    ['.metadata.labels.missing', []],
    [".metadata.labels['app.kubernetes.io/name']", ['x']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', ['x']],
    ['.spec.rules[*].host', ['a']],
  ];
  it.each(cases)('%s', (path, values) => {
    expect(evaluateJsonPath(obj, path)).toEqual(values);
  });

  it('rejects syntax it does not support', () => {
    expect(() => parseJsonPath('.a[?(@.x)]')).toThrow(/unsupported/);
    expect(() => parseJsonPath('a.b')).toThrow(/unexpected/);
  });
});

describe('toTable', () => {
  const now = new Date('2026-11-21T22:38:08Z');
  const columns: PrinterColumn[] = [
    {
      name: 'Data',
      type: 'integer',
      jsonPath: '.data',
      compute: (o) => Object.keys((o.data as object) ?? {}).length,
    },
    { name: 'Ports', type: 'string', jsonPath: '.spec.ports[*].port' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Ready', type: 'boolean', jsonPath: '.status.ready' },
    { name: 'Extra', type: 'string', jsonPath: '.spec.extra', priority: 1, description: 'extra things' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ];
  // a custom resource: cells as the CRD table convertor makes them
  const def = testDefinition({ printerColumns: columns, custom: true });
  const cm = object(
    'cm-a',
    {
      data: { a: '1', b: '2' },
      spec: { ports: [{ port: 80 }, { port: 443 }], replicas: 2.0 },
      status: { ready: true },
    },
    { uid: 'u1', resourceVersion: '101', creationTimestamp: '2026-11-21T22:33:08Z', labels: { app: 'demo' } },
  );
  const bare = object('cm-b', {}, { creationTimestamp: '2026-11-21T22:38:00Z' });

  it('builds columns with a leading Name column and rows with typed cells', () => {
    const table = toTable(def, [cm, bare], { now, resourceVersion: '105' });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '105' });
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Data', 'integer', '', 0],
      ['Ports', 'string', '', 0],
      ['Replicas', 'integer', '', 0],
      ['Ready', 'boolean', '', 0],
      ['Extra', 'string', '', 1],
      ['Age', 'date', '', 0],
    ]);
    expect(table.columnDefinitions[0]?.description).toBe(NAME_DESCRIPTION);
    expect(table.columnDefinitions[5]?.description).toBe('extra things');
    expect(table.columnDefinitions[2]?.description).toBe(
      'Custom resource definition column (in JSONPath format): .spec.ports[*].port',
    );
    // the first value a path finds (tableconvertor.go results[0][0]); missing → null
    expect(table.rows[0]?.cells).toEqual(['cm-a', 2, '80', 2, true, null, '5m']);
    expect(table.rows[1]?.cells).toEqual(['cm-b', 0, null, null, null, null, '8s']);
  });

  it("renders a built-in kind's missing fields as the Go zero values its printer shows", () => {
    const builtIn = testDefinition({
      printerColumns: [
        ...columns.slice(0, 4),
        { name: 'Seen', type: 'date', declaredType: 'string', jsonPath: '.lastTimestamp' },
      ],
    });
    const table = toTable(builtIn, [bare], { now });
    expect(table.columnDefinitions.map((c) => c.type)).toEqual([
      'string',
      'integer',
      'string',
      'integer',
      'boolean',
      'string',
    ]);
    expect(table.rows[0]?.cells).toEqual(['cm-b', 0, '', 0, false, '<unknown>']);
  });

  it("lists a string column's map or list value as JSON in a custom resource table", () => {
    const hosts = testDefinition({
      custom: true,
      printerColumns: [{ name: 'Hosts', type: 'string', jsonPath: '.spec.hosts' }],
    });
    const withHosts = object('r', { spec: { hosts: ['a.example', 'b.example'] } });
    expect(toTable(hosts, [withHosts], { now }).rows[0]?.cells).toEqual(['r', '["a.example","b.example"]']);
  });

  it('puts PartialObjectMetadata in rows by default, the full object or nothing on request', () => {
    const byDefault = toTable(def, [cm], { now });
    expect(byDefault.rows[0]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: cm.metadata,
    });
    expect(toTable(def, [cm], { now, includeObject: 'Object' }).rows[0]?.object).toEqual(cm);
    expect(toTable(def, [cm], { now, includeObject: 'None' }).rows[0]?.object).toBeNull();
  });

  it('gives kinds without printer columns Name and Age, and carries paging metadata', () => {
    const table = toTable(testDefinition(), [cm], {
      now,
      resourceVersion: '9',
      continue: 'tok',
      remainingItemCount: 3,
    });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(table.rows[0]?.cells).toEqual(['cm-a', '5m']);
    expect(table.metadata).toEqual({ resourceVersion: '9', continue: 'tok', remainingItemCount: 3 });
  });

  it('renders a computed cell that throws as empty', () => {
    const throwing = testDefinition({
      printerColumns: [
        {
          name: 'Boom',
          type: 'string',
          jsonPath: '.x',
          compute: () => {
            throw new Error('unexpected shape');
          },
        },
      ],
    });
    expect(toTable(throwing, [cm], { now }).rows[0]?.cells).toEqual(['cm-a', '']);
    expect(toTable({ ...throwing, custom: true }, [cm], { now }).rows[0]?.cells).toEqual(['cm-a', null]);
  });

  it('can leave out column definitions (watch events after the first)', () => {
    expect(toTable(def, [cm], { now, includeColumnDefinitions: false }).columnDefinitions).toEqual([]);
  });

  it('validates includeObject', () => {
    expect(parseIncludeObject(undefined)).toBeUndefined();
    expect(parseIncludeObject('Object')).toBe('Object');
    expect(() => parseIncludeObject('All')).toThrow(StatusError);
    expect(() => parseIncludeObject('All')).toThrow(
      `includeObject: Invalid value: "All": must be 'Metadata', 'Object', 'None', or empty`,
    );
  });
});

describe('PartialObjectMetadata', () => {
  const cm = object('a', { data: { secret: 'x' } }, { labels: { l: '1' }, resourceVersion: '3' });

  it('keeps metadata only and copies it', () => {
    const p = toPartialObjectMetadata(cm);
    expect(p).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata });
    expect(JSON.stringify(p)).not.toContain('secret');
    p.metadata.labels = {};
    expect(cm.metadata.labels).toEqual({ l: '1' });
  });

  it('builds lists with list metadata and typed items', () => {
    const list = toPartialObjectMetadataList([cm], { resourceVersion: '7' });
    expect(list).toEqual({
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '7' },
      items: [{ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata }],
    });
  });
});
