import { type KubeObject, type ResourceDefinition, registry } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { goJson, LAST_APPLIED_ANNOTATION as LAST_APPLIED } from './apply-conflicts.js';
import { FieldSet, pathToString } from './field-set.js';
import { apply, parseApplyBody, trackUpdate } from './server-side-apply.js';
import { StatusError } from './status.js';

const entry = (plural: string) => registry.find('', 'v1', plural) as ResourceDefinition;
const cmDef = entry('configmaps');
const svcDef = entry('services');

const t0 = new Date('2026-11-21T22:00:00.750Z');
const t1 = new Date('2026-11-21T22:05:00Z');

const cm = (data: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'app-config', namespace: 'x', ...extra },
  data,
});

/** A configuration that applies no fields at all (`data: {}` would own `.data`). */
const bare = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'app-config', namespace: 'x' },
});

const svc = (spec: Record<string, unknown>, rest: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'gw', namespace: 'x' },
  spec,
  ...rest,
});

function conflictOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StatusError);
    return (err as StatusError).toStatus();
  }
  throw new Error('expected a conflict');
}

const managers = (obj: KubeObject) =>
  (obj.metadata.managedFields ?? []).map((e) => `${e.manager}/${e.operation}/${e.apiVersion}`);
const fieldsOf = (obj: KubeObject, manager: string) =>
  obj.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1;

describe('server-side apply: one manager', () => {
  it('creates the object and records the applied fields in FieldsV1', () => {
    const out = apply(cmDef, undefined, cm({ a: '1' }, { labels: { app: 'demo' } }), {
      manager: 'kubectl',
      now: t0,
    });
    expect(out.data).toEqual({ a: '1' });
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2026-11-21T22:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      },
    ]);
  });

  it('updates values it owns and removes fields it no longer applies', () => {
    const first = apply(cmDef, undefined, cm({ a: '1', b: '2' }), { manager: 'kubectl', now: t0 });
    const second = apply(cmDef, first, cm({ a: '9' }), { manager: 'kubectl', now: t1 });
    expect(second.data).toEqual({ a: '9' });
    expect(fieldsOf(second, 'kubectl')).toEqual({ 'f:data': { 'f:a': {} } });
    expect(second.metadata.managedFields?.[0]?.time).toBe('2026-11-21T22:05:00Z');
    // inputs stay untouched
    expect(first.data).toEqual({ a: '1', b: '2' });
  });

  it('prunes nested fields it let go of but keeps what another manager took over', () => {
    const x = (spec: Record<string, unknown> | undefined): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'n' },
      ...(spec ? { spec } : {}),
    });
    const first = apply(cmDef, undefined, x({ a: { b: 1, c: 1 }, d: 1 }), { manager: 'alice', now: t0 });
    const edited = trackUpdate(cmDef, first, x({ a: { b: 1, c: 2 }, d: 1 }), {
      manager: 'kubectl-edit',
      now: t0,
    });
    const out = apply(cmDef, edited, x(undefined), { manager: 'alice', now: t1 });
    expect(out.spec).toEqual({ a: { c: 2 } });
    expect(managers(out)).toEqual(['kubectl-edit/Update/v1']);
    const gone = apply(cmDef, first, x(undefined), { manager: 'alice', now: t1 });
    expect(gone.spec).toBeUndefined();
    expect(gone.metadata).toEqual({ name: 'n' });
  });

  it('keeps the timestamp when an apply changes nothing', () => {
    const first = apply(cmDef, undefined, cm({ a: '1' }), { manager: 'kubectl', now: t0 });
    const again = apply(cmDef, first, cm({ a: '1' }), { manager: 'kubectl', now: t1 });
    expect(again).toEqual(first);
  });

  it('deletes a field applied as null', () => {
    const first = apply(cmDef, undefined, cm({ a: '1', b: '2' }), { manager: 'kubectl', now: t0 });
    const out = apply(cmDef, first, { ...cm({ a: '1' }), data: { a: '1', b: null } } as KubeObject, {
      manager: 'kubectl',
      now: t1,
    });
    expect(out.data).toEqual({ a: '1' });
  });
});

describe('server-side apply: two managers', () => {
  const base = apply(cmDef, undefined, cm({ a: '1' }), { manager: 'alice', now: t0 });

  it('answers a changed field owned by another applier with 409 and per-field causes', () => {
    const status = conflictOf(() => apply(cmDef, base, cm({ a: '2' }), { manager: 'bob', now: t1 }));
    expect(status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "alice": .data.a',
      details: {
        causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.a' }],
      },
    });
  });

  it('lets force take ownership', () => {
    const out = apply(cmDef, base, cm({ a: '2' }), { manager: 'bob', force: true, now: t1 });
    expect(out.data).toEqual({ a: '2' });
    expect(managers(out)).toEqual(['bob/Apply/v1']);
    expect(fieldsOf(out, 'bob')).toEqual({ 'f:data': { 'f:a': {} } });
  });

  it('shares ownership of equal values, and keeps shared fields when one applier lets go', () => {
    const shared = apply(cmDef, base, cm({ a: '1', b: '2' }), { manager: 'bob', now: t1 });
    expect(managers(shared)).toEqual(['alice/Apply/v1', 'bob/Apply/v1']);
    const aliceLetsGo = apply(cmDef, shared, bare(), { manager: 'alice', now: t1 });
    expect(aliceLetsGo.data).toEqual({ a: '1', b: '2' });
    expect(managers(aliceLetsGo)).toEqual(['bob/Apply/v1']);
    const bobLetsGo = apply(cmDef, aliceLetsGo, bare(), { manager: 'bob', now: t1 });
    expect(bobLetsGo.data).toBeUndefined();
    expect(bobLetsGo.metadata.managedFields).toBeUndefined();
  });

  it('owns an empty map applied as such', () => {
    const out = apply(cmDef, base, cm({}), { manager: 'bob', now: t1 });
    expect(fieldsOf(out, 'bob')).toEqual({ 'f:data': {} });
    expect(out.data).toEqual({ a: '1' });
  });

  it('lists several conflicts grouped by manager', () => {
    const two = apply(cmDef, base, cm({ a: '1', b: '1' }), { manager: 'carol', now: t1 });
    const status = conflictOf(() => apply(cmDef, two, cm({ a: '2', b: '2' }), { manager: 'dave', now: t1 }));
    expect(status.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "alice":\n- .data.a\nconflicts with "carol":\n- .data.a\n- .data.b',
    );
    expect(status.details?.causes).toHaveLength(3);
  });
});

describe('server-side apply against Update managers (kubectl-wire.md §7)', () => {
  it('reports a conflict with a client-side-apply manager as kubectl prints it', () => {
    const created = trackUpdate(cmDef, undefined, cm({ key1: 'value1', key2: 'value2' }), {
      manager: 'kubectl-client-side-apply',
      now: t0,
    });
    const status = conflictOf(() =>
      apply(cmDef, created, cm({ key1: 'value1', key2: 'changed' }), { manager: 'kubectl', now: t1 }),
    );
    expect(status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.key2',
    );
    expect(status.details?.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-client-side-apply" using v1',
        field: '.data.key2',
      },
    ]);
  });

  it('lets kubectl take over from client-side apply and keeps last-applied in sync', () => {
    const lastApplied = (data: Record<string, string>) =>
      `${JSON.stringify({ apiVersion: 'v1', data, kind: 'ConfigMap', metadata: { annotations: {}, name: 'app-config', namespace: 'x' } })}\n`;
    const created = trackUpdate(
      cmDef,
      undefined,
      cm(
        { key1: 'value1', key2: 'value2' },
        { annotations: { [LAST_APPLIED]: lastApplied({ key1: 'value1', key2: 'value2' }) } },
      ),
      { manager: 'kubectl-client-side-apply', now: t0 },
    );
    const config = cm({ key1: 'value1', key2: 'changed' });
    // another manager still conflicts
    expect(conflictOf(() => apply(cmDef, created, config, { manager: 'helm', now: t1 })).code).toBe(409);
    const out = apply(cmDef, created, config, { manager: 'kubectl', now: t1 });
    expect(out.data).toEqual({ key1: 'value1', key2: 'changed' });
    expect(out.metadata.annotations?.[LAST_APPLIED]).toBe(
      '{"apiVersion":"v1","data":{"key1":"value1","key2":"changed"},"kind":"ConfigMap","metadata":{"name":"app-config","namespace":"x"}}\n',
    );
    expect(fieldsOf(out, 'kubectl')).toEqual({ 'f:data': { 'f:key1': {}, 'f:key2': {} } });
    // kubectl's follow-up apply of the annotation changes nothing, so it cannot conflict
    const annotationOnly: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'app-config',
        namespace: 'x',
        annotations: { [LAST_APPLIED]: out.metadata.annotations?.[LAST_APPLIED] as string },
      },
    };
    const again = apply(cmDef, out, annotationOnly, { manager: 'kubectl-last-applied', now: t1 });
    expect(again.data).toEqual(out.data);
    expect(again.metadata.annotations).toEqual(out.metadata.annotations);
    // a field the user changed out of band (live differs from last-applied) still conflicts
    const drifted = trackUpdate(
      cmDef,
      created,
      { ...created, data: { key1: 'edited', key2: 'value2' } },
      {
        manager: 'kubectl-edit',
        now: t1,
      },
    );
    expect(
      conflictOf(() =>
        apply(cmDef, drifted, cm({ key1: 'mine', key2: 'value2' }), { manager: 'kubectl', now: t1 }),
      ).message,
    ).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.key1');
  });

  it('attributes pre-existing fields of an untracked object to before-first-apply', () => {
    const untracked = cm({ a: '1' });
    const status = conflictOf(() => apply(cmDef, untracked, cm({ a: '2' }), { manager: 'kubectl', now: t1 }));
    expect(status.message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a',
    );
    const ok = apply(cmDef, untracked, cm({ a: '1', b: '2' }), { manager: 'kubectl', now: t1 });
    expect(managers(ok)).toEqual(['kubectl/Apply/v1', 'before-first-apply/Update/v1']);
    expect(ok.data).toEqual({ a: '1', b: '2' });
  });
});

describe('server-side apply: lists', () => {
  it('merges map-lists by key and records k: elements', () => {
    const a = apply(svcDef, undefined, svc({ ports: [{ port: 80, name: 'http' }] }), {
      manager: 'alice',
      now: t0,
    });
    const b = apply(svcDef, a, svc({ ports: [{ port: 443, name: 'https' }] }), { manager: 'bob', now: t0 });
    expect(b.spec).toEqual({
      ports: [
        { port: 80, name: 'http' },
        { port: 443, name: 'https' },
      ],
    });
    expect(fieldsOf(b, 'bob')).toEqual({
      // the key's protocol is the schema default (TCP) when the item omits it
      'f:spec': {
        'f:ports': { 'k:{"port":443,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
      },
    });
    const status = conflictOf(() =>
      apply(svcDef, b, svc({ ports: [{ port: 80, name: 'web' }] }), { manager: 'bob', now: t1 }),
    );
    expect(status.message).toBe(
      'Apply failed with 1 conflict: conflict with "alice": .spec.ports[port=80,protocol="TCP"].name',
    );
  });

  it('removes map-list items the applier dropped, and keeps items others own', () => {
    const a = apply(svcDef, undefined, svc({ ports: [{ port: 80 }, { port: 443 }, { port: 8080 }] }), {
      manager: 'alice',
      now: t0,
    });
    const b = apply(svcDef, a, svc({ ports: [{ port: 8080 }] }), { manager: 'bob', now: t0 });
    const out = apply(svcDef, b, svc({ ports: [{ port: 80 }] }), { manager: 'alice', now: t1 });
    expect(out.spec).toEqual({ ports: [{ port: 80 }, { port: 8080 }] });
  });

  it('treats set-lists as sets and undeclared lists as atomic', () => {
    const a = apply(
      svcDef,
      undefined,
      { ...svc({ args: ['x'] }), metadata: { name: 'gw', namespace: 'x', finalizers: ['a'] } } as KubeObject,
      { manager: 'alice', now: t0 },
    );
    expect(fieldsOf(a, 'alice')).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"a"': {} } },
      'f:spec': { 'f:args': {} },
    });
    const b = apply(
      svcDef,
      a,
      { ...svc({}), metadata: { name: 'gw', namespace: 'x', finalizers: ['b'] } } as KubeObject,
      {
        manager: 'bob',
        now: t0,
      },
    );
    expect(b.metadata.finalizers).toEqual(['a', 'b']);
    const status = conflictOf(() => apply(svcDef, b, svc({ args: ['y'] }), { manager: 'bob', now: t0 }));
    expect(status.details?.causes?.[0]?.field).toBe('.spec.args');
  });

  it('keeps live items that share a key unless the configuration names it', () => {
    const live = trackUpdate(
      svcDef,
      undefined,
      svc({ ports: [{ port: 53, name: 'a' }, { port: 53, name: 'b' }, { port: 80 }] }),
      { manager: 'creator', now: t0 },
    );
    const out = apply(svcDef, live, svc({ ports: [{ port: 80, name: 'http' }] }), {
      manager: 'kubectl',
      force: true,
      now: t1,
    });
    expect(out.spec).toEqual({
      ports: [
        { port: 53, name: 'a' },
        { port: 53, name: 'b' },
        { port: 80, name: 'http' },
      ],
    });
    expect(
      conflictOf(() => apply(svcDef, live, svc({ ports: [{ port: 80 }, { port: 80 }] }), { manager: 'k' }))
        .message,
    ).toBe('.spec.ports: duplicate entries for key [port=80,protocol="TCP"]');
  });

  it('follows the configuration order for shared items and keeps live-only items in place', () => {
    const live = trackUpdate(
      svcDef,
      undefined,
      svc({ ports: [{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }] }),
      {
        manager: 'creator',
        now: t0,
      },
    );
    const out = apply(svcDef, live, svc({ ports: [{ port: 3 }, { port: 5 }, { port: 1 }] }), {
      manager: 'k',
      now: t1,
    });
    expect((out.spec as { ports: Array<{ port: number }> }).ports.map((p) => p.port)).toEqual([
      2, 3, 4, 5, 1,
    ]);
  });

  it('rejects a map-list item without any key field with 400', () => {
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'x' } };
    const status = conflictOf(() =>
      apply(entry('serviceaccounts'), undefined, { ...sa, secrets: [{ kind: 'Secret' }] }, { manager: 'a' }),
    );
    expect(status.code).toBe(400);
    expect(status.message).toContain('omits all key fields ["name"]');
  });

  it('fills a key field the item omits from its schema default', () => {
    const out = apply(svcDef, undefined, svc({ ports: [{ name: 'noport' }] }), { manager: 'a', now: t0 });
    expect(fieldsOf(out, 'a')).toEqual({
      'f:spec': { 'f:ports': { 'k:{"protocol":"TCP"}': { '.': {}, 'f:name': {} } } },
    });
  });
});

describe('server-side apply: status subresource', () => {
  it('neither changes nor owns status on the main resource', () => {
    const live = svc({ type: 'ClusterIP' }, { status: { loadBalancer: {} } });
    const out = apply(
      svcDef,
      live,
      svc({ type: 'NodePort' }, { status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }),
      {
        manager: 'kubectl',
        force: true,
        now: t0,
      },
    );
    expect(out.status).toEqual({ loadBalancer: {} });
    expect(JSON.stringify(out.metadata.managedFields)).not.toContain('f:status');
  });

  it('only owns status through /status', () => {
    const live = trackUpdate(svcDef, undefined, svc({ type: 'ClusterIP' }), { manager: 'creator', now: t0 });
    const out = trackUpdate(
      svcDef,
      live,
      { ...live, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } } as KubeObject,
      { manager: 'controller', subresource: 'status', now: t1 },
    );
    const entry = out.metadata.managedFields?.find((e) => e.manager === 'controller');
    expect(entry).toMatchObject({ operation: 'Update', subresource: 'status' });
    expect(Object.keys(entry?.fieldsV1 ?? {})).toEqual(['f:status']);
  });
});

describe('trackUpdate', () => {
  it('records created fields with "." for containers, as kubectl create shows', () => {
    const out = trackUpdate(cmDef, undefined, cm({ key1: 'v' }, { labels: { app: 'demo' } }), {
      manager: 'kubectl-create',
      now: t0,
    });
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-11-21T22:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:key1': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        },
      },
    ]);
  });

  it('does not invent ownership for an existing object without managedFields', () => {
    const out = trackUpdate(cmDef, cm({ a: '1' }), cm({ a: '2' }), { manager: 'kubectl-edit', now: t0 });
    expect(out.metadata.managedFields).toBeUndefined();
    expect(out.data).toEqual({ a: '2' });
  });

  it('takes changed fields from appliers so their next apply conflicts', () => {
    const applied = apply(cmDef, undefined, cm({ a: '1', b: '1' }), { manager: 'kubectl', now: t0 });
    const edited = trackUpdate(
      cmDef,
      applied,
      { ...applied, data: { a: '2', b: '1' } },
      { manager: 'kubectl-edit', now: t1 },
    );
    expect(managers(edited)).toEqual(['kubectl/Apply/v1', 'kubectl-edit/Update/v1']);
    expect(fieldsOf(edited, 'kubectl')).toEqual({ 'f:data': { 'f:b': {} } });
    expect(fieldsOf(edited, 'kubectl-edit')).toEqual({ 'f:data': { 'f:a': {} } });
    const status = conflictOf(() =>
      apply(cmDef, edited, cm({ a: '1', b: '1' }), { manager: 'kubectl', now: t1 }),
    );
    expect(status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.a',
    );
  });

  it('merges successive updates of one manager and keys managers by apiVersion', () => {
    const created = trackUpdate(cmDef, undefined, cm({ a: '1' }), { manager: 'm', now: t0 });
    const second = trackUpdate(
      cmDef,
      created,
      { ...created, data: { a: '1', b: '2' } },
      { manager: 'm', now: t1 },
    );
    expect(managers(second)).toEqual(['m/Update/v1']);
    expect(fieldsOf(second, 'm')).toEqual({ 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } });
    expect(second.metadata.managedFields?.[0]?.time).toBe('2026-11-21T22:05:00Z');
    const other = trackUpdate(
      cmDef,
      second,
      { ...second, apiVersion: 'v2', data: { a: '1', b: '3' } },
      { manager: 'm', now: t1 },
    );
    expect(managers(other)).toEqual(['m/Update/v1', 'm/Update/v2']);
  });

  it('leaves managedFields identical on a no-op write and drops fields that were removed', () => {
    const created = trackUpdate(cmDef, undefined, cm({ a: '1', b: '2' }), { manager: 'm', now: t0 });
    expect(trackUpdate(cmDef, created, structuredClone(created), { manager: 'other', now: t1 })).toEqual(
      created,
    );
    const removed = trackUpdate(
      cmDef,
      created,
      { ...created, data: { a: '1' } },
      { manager: 'other', now: t1 },
    );
    expect(fieldsOf(removed, 'm')).toEqual({ 'f:data': { '.': {}, 'f:a': {} } });
    expect(managers(removed)).toEqual(['m/Update/v1']);
  });

  it('folds the oldest Update managers beyond 10 into ancient-changes', () => {
    let obj = trackUpdate(cmDef, undefined, cm({ k0: '0' }), {
      manager: 'm0',
      now: new Date(Date.UTC(2026, 0, 1, 0, 0, 0)),
    });
    for (let i = 1; i <= 11; i++) {
      obj = trackUpdate(
        cmDef,
        obj,
        { ...obj, data: { ...(obj.data as object), [`k${i}`]: String(i) } },
        {
          manager: `m${i}`,
          now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        },
      );
    }
    expect(managers(obj)).toEqual([
      'ancient-changes/Update/v1',
      ...Array.from({ length: 9 }, (_, i) => `m${i + 3}/Update/v1`),
    ]);
    const bucket = obj.metadata.managedFields?.[0];
    expect(bucket?.time).toBe('2026-01-01T00:00:02Z');
    expect(bucket?.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:k0': {}, 'f:k1': {}, 'f:k2': {} } });
    expect(obj.data).toEqual(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, String(i)])));
  });

  it('uses managedFields a client sends (e.g. to reset them)', () => {
    const created = trackUpdate(cmDef, undefined, cm({ a: '1' }), { manager: 'm', now: t0 });
    const reset = trackUpdate(
      cmDef,
      created,
      { ...created, metadata: { ...created.metadata, managedFields: [{}] } },
      {
        manager: 'n',
        now: t1,
      },
    );
    expect(reset.metadata.managedFields).toBeUndefined();
  });
});

describe('FieldsV1 and apply bodies', () => {
  it('round-trips FieldsV1 and prints paths', () => {
    const fields = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:name': {} } } },
      'f:x': { 'v:"a"': {} },
    };
    const set = FieldSet.fromFieldsV1(fields);
    expect(set.size).toBe(5);
    expect(set.toFieldsV1()).toEqual(fields);
    expect(pathToString(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}', 'f:name'])).toBe(
      '.spec.ports[port=80,protocol="TCP"].name',
    );
    expect(pathToString(['f:x', 'v:"a"'])).toBe('.x[="a"]');
    expect(() => FieldSet.fromFieldsV1({ bogus: {} })).toThrow();
  });

  it("encodes last-applied as Go's encoding/json does", () => {
    expect(goJson({ b: 1, a: { d: '<&>', c: [2, 1] } })).toBe(
      '{"a":{"c":[2,1],"d":"\\u003c\\u0026\\u003e"},"b":1}\n',
    );
  });

  it('accepts fieldManager as an alias of manager and requires one for apply', () => {
    const out = apply(cmDef, undefined, cm({ a: '1' }), {
      fieldManager: 'kubectl',
      force: false,
      subresource: undefined,
    });
    expect(managers(out)).toEqual(['kubectl/Apply/v1']);
    expect(conflictOf(() => apply(cmDef, undefined, cm({ a: '1' }), {})).message).toBe(
      'PATCH: fieldManager is required for apply requests',
    );
    const tracked = trackUpdate(cmDef, undefined, cm({ a: '1' }), { fieldManager: 'kubectl-create' });
    expect(managers(tracked)).toEqual(['kubectl-create/Update/v1']);
  });

  it('parses YAML and JSON apply bodies and rejects garbage with 400', () => {
    expect(parseApplyBody('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}').kind).toBe(
      'ConfigMap',
    );
    expect(parseApplyBody('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n').metadata.name).toBe('a');
    expect(conflictOf(() => parseApplyBody('a: [1')).code).toBe(400);
    expect(conflictOf(() => parseApplyBody('- 1')).code).toBe(400);
    expect(
      conflictOf(() =>
        apply(cmDef, undefined, { ...cm({}), metadata: { name: 'a', managedFields: [] } } as KubeObject, {
          manager: 'k',
        }),
      ).message,
    ).toBe('metadata.managedFields must be nil');
  });
});

describe('server-side apply: a second manager applying values already there', () => {
  it('becomes a co-owner without a time, listed first, and keeps the field when the first drops it', () => {
    const first = apply(cmDef, undefined, cm({ k: 'a', x: 'a' }), { fieldManager: 'alice', now: t0 });
    const shared = apply(cmDef, first, cm({ x: 'a' }), { fieldManager: 'carol', now: t1 });
    expect(shared.data).toEqual(first.data);
    // upstream sortEncodedManagedFields: an entry without a time sorts before timed ones
    expect(managers(shared)).toEqual(['carol/Apply/v1', 'alice/Apply/v1']);
    const carol = shared.metadata.managedFields?.find((e) => e.manager === 'carol');
    expect(carol?.time).toBeUndefined();
    expect(fieldsOf(shared, 'carol')).toEqual({ 'f:data': { 'f:x': {} } });
    const dropped = apply(cmDef, shared, cm({ k: 'a' }), { fieldManager: 'alice', now: t1 });
    expect(dropped.data).toEqual({ k: 'a', x: 'a' });
  });
});
