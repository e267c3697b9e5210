/**
 * Anonymous requests on a real HTTPS port with anonymous authentication on every path (as
 * kube-apiserver's --anonymous-auth=true): system:anonymous gets exactly what the v1.32 bootstrap
 * policy grants system:unauthenticated — GET of /healthz, /livez, /readyz, /version and /version/
 * (system:public-info-viewer) — and 403 for everything else, discovery included (system:discovery
 * and system:basic-user are bound to system:authenticated only). With anonymous authentication off
 * the same requests are 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { listening } from '../testing/harness.js';
import { httpsJson } from '../testing/https-client.js';
import { testPki } from '../testing/test-pki.js';

const pki = testPki();
const anonymous = { ca: pki.ca.certPem };
let open: StartedServer;
let closed: StartedServer;

const start = (enabled: boolean) =>
  listening('memory', {
    tls: { cert: pki.serving.certPem, key: pki.serving.keyPem, ca: pki.ca.certPem },
    security: { authentication: { clientCertificates: true, anonymous: { enabled, paths: ['*'] } } },
  });

beforeAll(async () => {
  open = await start(true);
  closed = await start(false);
}, 60_000);
afterAll(async () => {
  await open?.close();
  await closed?.close();
});

const PUBLIC = ['/healthz', '/livez', '/readyz', '/version', '/version/'];
const REFUSED: { method: string; url: string; message: string }[] = [
  { method: 'GET', url: '/api', message: 'forbidden: User "system:anonymous" cannot get path "/api"' },
  { method: 'GET', url: '/apis', message: 'forbidden: User "system:anonymous" cannot get path "/apis"' },
  {
    method: 'GET',
    url: '/openapi/v3',
    message: 'forbidden: User "system:anonymous" cannot get path "/openapi/v3"',
  },
  {
    method: 'GET',
    url: '/api/v1/namespaces',
    message:
      'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
  },
  {
    method: 'POST',
    url: '/api/v1/namespaces/x/configmaps',
    message:
      'configmaps is forbidden: User "system:anonymous" cannot create resource "configmaps" in API group "" in the namespace "x"',
  },
  {
    method: 'POST',
    url: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    message:
      'selfsubjectaccessreviews.authorization.k8s.io is forbidden: User "system:anonymous" cannot create resource "selfsubjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
  },
  {
    method: 'POST',
    url: '/healthz',
    message: 'forbidden: User "system:anonymous" cannot post path "/healthz"',
  },
];

describe('anonymous requests under the bootstrap policy', () => {
  it('may GET health and version', async () => {
    for (const url of PUBLIC) {
      const res = await httpsJson(`${open.url}${url}`, anonymous);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
    }
  });

  it('gets 403 with upstream messages for everything else', async () => {
    for (const { method, url, message } of REFUSED) {
      const res = await httpsJson(`${open.url}${url}`, anonymous, {
        method,
        ...(method === 'POST' ? { body: {} } : {}),
      });
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
      expect(res.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403, message });
    }
  });

  it('gets 401 for all of it when anonymous authentication is off', async () => {
    for (const { method, url } of [...PUBLIC.map((url) => ({ method: 'GET', url })), ...REFUSED]) {
      const res = await httpsJson(`${closed.url}${url}`, anonymous, {
        method,
        ...(method === 'POST' ? { body: {} } : {}),
      });
      expect({ url, status: res.status }).toEqual({ url, status: 401 });
    }
  });
});
