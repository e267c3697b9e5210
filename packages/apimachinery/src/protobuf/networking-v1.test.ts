import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './envelope.js';
import { envelope, gogoMeta, message, str, sub, varint } from './test-helpers/encoder.js';

const serviceBackend = (name: string, port: Uint8Array) => sub(4, str(1, name), sub(2, port));

describe('networking.k8s.io/v1 descriptors', () => {
  it('Ingress: class, default backend, tls, rules with inline http paths', () => {
    const spec = sub(
      2,
      sub(1, serviceBackend('fallback', message(str(1, ''), varint(2, 8080)))),
      sub(2, str(1, 'foo.com'), str(2, 'foo-tls')),
      sub(
        3,
        str(1, 'foo.com'),
        sub(
          2,
          sub(
            1,
            sub(
              1,
              str(1, '/api'),
              str(3, 'Prefix'),
              sub(2, serviceBackend('api', message(str(1, ''), varint(2, 80)))),
            ),
            sub(
              1,
              str(1, '/web'),
              str(3, 'Exact'),
              sub(2, serviceBackend('web', message(str(1, 'http'), varint(2, 0)))),
            ),
          ),
        ),
      ),
      sub(
        3,
        str(1, ''),
        sub(
          2,
          sub(
            1,
            sub(
              1,
              str(1, '/'),
              str(3, 'ImplementationSpecific'),
              sub(2, sub(3, str(2, 'Bucket'), str(3, 'b'))),
            ),
          ),
        ),
      ),
      str(4, 'higress'),
    );
    const ing = decodeKubernetesProtobuf(
      envelope('networking.k8s.io/v1', 'Ingress', message(gogoMeta('ing', 'x'), spec, sub(3, sub(1)))),
    );
    expect(ing).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing', namespace: 'x' },
      spec: {
        ingressClassName: 'higress',
        defaultBackend: { service: { name: 'fallback', port: { number: 8080 } } },
        tls: [{ hosts: ['foo.com'], secretName: 'foo-tls' }],
        rules: [
          {
            host: 'foo.com',
            http: {
              paths: [
                {
                  path: '/api',
                  pathType: 'Prefix',
                  backend: { service: { name: 'api', port: { number: 80 } } },
                },
                {
                  path: '/web',
                  pathType: 'Exact',
                  backend: { service: { name: 'web', port: { name: 'http' } } },
                },
              ],
            },
          },
          {
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'ImplementationSpecific',
                  backend: { resource: { kind: 'Bucket', name: 'b' } },
                },
              ],
            },
          },
        ],
      },
      status: { loadBalancer: {} },
    });
  });
});
