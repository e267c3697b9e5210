import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json, listening } from '../testing/harness.js';
import { openWatch } from '../testing/watch-client.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

describe('special resources', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it('lists exactly the served custom kinds as CustomResourceDefinitions', async () => {
    const list = json((await h.app.inject(CRDS)).body) as {
      kind: string;
      metadata: { resourceVersion: string };
      items: Array<{ metadata: { name: string }; spec: { group: string; names: { kind: string } } }>;
    };
    expect(list.kind).toBe('CustomResourceDefinitionList');
    const names = list.items.map((i) => i.metadata.name);
    expect(names).toContain('mcpbridges.networking.higress.io');
    expect(names).toContain('envoyfilters.networking.istio.io');
    expect(names).not.toContain('configmaps');
    expect(names).not.toContain('ingresses.networking.internal.knative.dev');
    const one = await h.app.inject(`${CRDS}/mcpbridges.networking.higress.io`);
    expect(json(one.body)).toMatchObject({
      kind: 'CustomResourceDefinition',
      spec: { group: 'networking.higress.io' },
    });
    expect((await h.app.inject(`${CRDS}/nope.example.com`)).statusCode).toBe(404);
    const meta = await h.app.inject({
      url: CRDS,
      headers: {
        accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json',
      },
    });
    expect(json(meta.body)).toMatchObject({ kind: 'PartialObjectMetadataList' });
  });

  it('synthesises Active namespaces for namespaces in use and lists them', async () => {
    expect((await h.app.inject('/api/v1/namespaces/ghost')).statusCode).toBe(404);
    await h.app.inject({ method: 'POST', url: '/api/v1/namespaces/ghost/configmaps', payload: cm('a') });
    const ns = await h.app.inject('/api/v1/namespaces/ghost');
    expect(ns.statusCode).toBe(200);
    expect(json(ns.body)).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'ghost' },
      status: { phase: 'Active' },
    });
    const list = json((await h.app.inject('/api/v1/namespaces')).body) as {
      items: Array<{ metadata: { name: string } }>;
    };
    expect(list.items.map((i) => i.metadata.name)).toContain('ghost');
  });

  it('serves an empty EventList so kubectl describe works', async () => {
    const res = await h.app.inject(
      '/api/v1/namespaces/x/events?fieldSelector=involvedObject.name%3Dcm-a%2CinvolvedObject.namespace%3Dx&limit=500',
    );
    expect(res.statusCode).toBe(200);
    expect(json(res.body)).toMatchObject({ kind: 'EventList', items: [] });
  });

  it('answers SubjectAccessReview and SelfSubjectAccessReview with allowed by default', async () => {
    const sar = await h.app.inject({
      method: 'POST',
      url: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      payload: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: 'system:serviceaccount:higress-system:higress-gateway',
          resourceAttributes: { verb: 'list', resource: 'secrets', namespace: 'higress-system' },
        },
      },
    });
    expect(sar.statusCode).toBe(201);
    expect(json(sar.body)).toMatchObject({ kind: 'SubjectAccessReview', status: { allowed: true } });
    const self = await h.app.inject({
      method: 'POST',
      url: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      payload: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: 'get', resource: 'pods' } },
      },
    });
    expect(json(self.body)).toMatchObject({ status: { allowed: true } });
    const local = await h.app.inject({
      method: 'POST',
      url: '/apis/authorization.k8s.io/v1/namespaces/a/localsubjectaccessreviews',
      payload: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'LocalSubjectAccessReview',
        spec: { user: 'u', resourceAttributes: { namespace: 'b', verb: 'get', resource: 'pods' } },
      },
    });
    expect(local.statusCode).toBe(400);
  });

  it('answers TokenReview through the default authenticator with authenticated false', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/apis/authentication.k8s.io/v1/tokenreviews',
      payload: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'abc' } },
    });
    expect(res.statusCode).toBe(201);
    expect(json(res.body)).toMatchObject({ kind: 'TokenReview', status: { authenticated: false } });
  });
});

describe('pluggable authorization', () => {
  it('denies through a custom Authorizer with 403 Forbidden, and reviews report the decision', async () => {
    const h = await harness('memory', {
      authorizer: {
        authorize: async (a) => ({
          decision: a.verb !== 'delete' && a.verb !== 'list' ? 'allow' : 'no-opinion',
          reason: 'test policy',
        }),
      },
    });
    try {
      const res = await h.app.inject('/api/v1/namespaces/x/configmaps');
      expect(res.statusCode).toBe(403);
      expect(json(res.body)).toMatchObject({ reason: 'Forbidden' });
      expect(json(res.body).message).toContain('cannot list resource "configmaps"');
      const sar = await h.app.inject({
        method: 'POST',
        url: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        payload: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: { user: 'u', resourceAttributes: { verb: 'delete', resource: 'pods' } },
        },
      });
      expect(json(sar.body)).toMatchObject({ status: { allowed: false, reason: 'test policy' } });
    } finally {
      await h.close();
    }
  });
});

describe('CRD watch', () => {
  it('sends the initial ADDED events and stays open', async () => {
    const server = await listening();
    try {
      const w = await openWatch(`${server.url}${CRDS}?watch=true`);
      const names = new Set<string>();
      const first = await w.next();
      expect(first.type).toBe('ADDED');
      names.add(String(first.object.metadata?.name));
      expect(names.size).toBe(1);
      let open = true;
      void w.ended.then(() => {
        open = false;
      });
      const list = json(await (await fetch(`${server.url}${CRDS}`)).text()) as { items: unknown[] };
      for (let i = 1; i < list.items.length; i++) expect((await w.next()).type).toBe('ADDED');
      expect(open).toBe(true);
      w.close();
    } finally {
      await server.close();
    }
  });
});

describe('request authentication seam', () => {
  it('passes the authenticated user to the authorizer and refuses with the thrown Status', async () => {
    const { unauthorized } = await import('@hs/apimachinery');
    const seen: string[] = [];
    const h = await harness('memory', {
      authenticateRequest: (req) => {
        const token = req.headers.authorization;
        if (token === 'Bearer bad') throw unauthorized();
        return token === 'Bearer alice' ? { username: 'alice', groups: ['devs'] } : undefined;
      },
      authorizer: {
        authorize: async (a) => {
          seen.push(a.user.username);
          return { decision: 'allow', reason: '' };
        },
      },
    });
    try {
      await h.app.inject({
        url: '/api/v1/namespaces/x/configmaps',
        headers: { authorization: 'Bearer alice' },
      });
      await h.app.inject('/api/v1/namespaces/x/configmaps');
      expect(seen).toEqual(['alice', 'system:anonymous']);
      const refused = await h.app.inject({
        url: '/api/v1/namespaces/x/configmaps',
        headers: { authorization: 'Bearer bad' },
      });
      expect(refused.statusCode).toBe(401);
      expect(json(refused.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
      const self = await h.app.inject({
        method: 'POST',
        url: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        headers: { authorization: 'Bearer alice' },
        payload: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb: 'get', resource: 'pods' } },
        },
      });
      expect(json(self.body)).toMatchObject({ status: { allowed: true } });
      expect(seen.at(-1)).toBe('alice');
    } finally {
      await h.close();
    }
  });
});
