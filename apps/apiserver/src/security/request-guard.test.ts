/**
 * The guard in front of every route, through inject(): 401 before anything else, 403 for resource,
 * non-resource and unknown paths alike (no handler runs, nothing is stored), the insecure
 * superuser, and in-flight slots released when requests end.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../testing/harness.js';

let dir: string;
let h: Harness;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-guard-'));
  await writeFile(join(dir, 'tokens.csv'), 'admin-token,root,1,system:masters\nnobody-token,nobody,2\n');
  h = await harness('memory', {
    security: {
      authentication: { tokenFile: join(dir, 'tokens.csv'), anonymous: { enabled: true } },
      limits: { maxMutatingInFlight: 1 },
    },
  });
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

describe('request guard', () => {
  it('refuses unauthenticated callers before routing, except health checks', async () => {
    for (const url of ['/api/v1/namespaces/x/configmaps', '/apis', '/no/such/path', '/openapi/v3']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
    }
    expect((await h.app.inject({ method: 'GET', url: '/livez' })).body).toBe('ok');
  });

  it('authorizes resource, non-resource and unknown paths alike, before any handler', async () => {
    const denied = await h.app.inject({
      method: 'POST',
      url: '/api/v1/namespaces/x/configmaps',
      headers: bearer('nobody-token'),
      payload: cm('blocked'),
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().message).toBe(
      'configmaps is forbidden: User "nobody" cannot create resource "configmaps" in API group "" in the namespace "x"',
    );
    const unknown = await h.app.inject({
      method: 'GET',
      url: '/no/such/path',
      headers: bearer('nobody-token'),
    });
    expect(unknown.statusCode).toBe(403);
    expect(unknown.json().message).toBe('forbidden: User "nobody" cannot get path "/no/such/path"');
    // Discovery is granted to every authenticated user by the bootstrap policy.
    expect(
      (await h.app.inject({ method: 'GET', url: '/apis', headers: bearer('nobody-token') })).statusCode,
    ).toBe(200);
    const stored = await h.app.inject({
      method: 'GET',
      url: '/api/v1/namespaces/x/configmaps/blocked',
      headers: bearer('admin-token'),
    });
    expect(stored.statusCode).toBe(404);
  });

  it('releases in-flight slots when requests end', async () => {
    for (const name of ['one', 'two', 'three']) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/namespaces/x/configmaps',
        headers: bearer('admin-token'),
        payload: cm(name),
      });
      expect(res.statusCode).toBe(201);
    }
  });

  it('treats every caller of an insecure server as the superuser', async () => {
    const insecure = await harness('memory', { security: { insecure: true } });
    try {
      const res = await insecure.app.inject({
        method: 'POST',
        url: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        payload: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        status: {
          userInfo: { username: 'system:unsecured', groups: ['system:masters', 'system:authenticated'] },
        },
      });
    } finally {
      await insecure.close();
    }
  });
});
