import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from './admin-client.js';
import { kubeApiserverMissing, type RunningKubeApiserver, startKubeApiserver } from './kube-apiserver.js';

const missing = kubeApiserverMissing();
if (missing) console.log(`skipping kube-apiserver oracle tests: ${missing}`);

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com', uid: 'dropped-by-the-installer', resourceVersion: '7' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

describe.skipIf(missing)('startKubeApiserver', () => {
  let oracle: RunningKubeApiserver;
  beforeAll(async () => {
    oracle = await startKubeApiserver({ crds: [crd] });
  }, 180_000);
  afterAll(() => oracle?.stop());

  it('is ready, trusts our admin certificate and anonymous health checks, and serves the CRDs', async () => {
    const pki = oracle.pki;
    const admin = adminClient(oracle.url, { ca: pki.caPem, cert: pki.adminCertPem, key: pki.adminKeyPem });
    expect((await admin.send('GET', '/readyz')).body).toBe('ok');
    const version = JSON.parse((await admin.send('GET', '/version')).body) as {
      major: string;
      minor: string;
    };
    expect([version.major, version.minor]).toEqual(['1', '32']);
    expect((await admin.send('GET', '/apis/example.com/v1/namespaces/default/widgets')).status).toBe(200);
    const secrets = await admin.send('GET', '/api/v1/secrets');
    expect(secrets.status).toBe(200);
    const anonymous = await fetch(`${oracle.url}/api/v1/secrets`).catch((e: Error) => e);
    // fetch rejects the self-signed chain: anonymous access is checked through node:https below.
    expect(anonymous).toBeInstanceOf(Error);
    const { request } = await import('node:https');
    const status = (path: string) =>
      new Promise<number>((resolve, reject) =>
        request(`${oracle.url}${path}`, { ca: pki.caPem }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end(),
      );
    expect(await status('/readyz')).toBe(200);
    expect(await status('/api/v1/secrets')).toBe(403);
    admin.close();
  });

  it('stops kube-apiserver and etcd and removes its directory', async () => {
    const dir = oracle.dir;
    await oracle.stop();
    expect(await oracle.child.exited).toMatch(/exit|signal/);
    expect(await oracle.etcd.child.exited).toMatch(/exit|signal/);
    expect(existsSync(dir)).toBe(false);
  });
});
