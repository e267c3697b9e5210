import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './envelope.js';
import { bytes, entry, envelope, gogoMeta, message, str, sub, varint } from './test-helpers/encoder.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const decode = (kind: string, ...fields: Uint8Array[]) =>
  decodeKubernetesProtobuf(envelope('v1', kind, message(...fields)));

describe('core/v1 descriptors', () => {
  it('ConfigMap: data, binaryData, immutable', () => {
    const cm = decode(
      'ConfigMap',
      gogoMeta('c', 'x'),
      entry(2, 'k', str(2, 'v')),
      entry(2, 'empty', str(2, '')),
      entry(3, 'bin', bytes(2, Uint8Array.of(0xff, 0x00))),
      varint(4, false),
    );
    expect(cm).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'x' },
      data: { k: 'v', empty: '' },
      binaryData: { bin: '/wA=' },
      immutable: false,
    });
  });

  it('Secret: bytes become base64, stringData and type kept, empty type omitted', () => {
    const secret = decode(
      'Secret',
      gogoMeta('s'),
      entry(2, 'password', bytes(2, utf8('hunter2'))),
      entry(4, 'plain', str(2, 'text')),
      str(3, 'kubernetes.io/basic-auth'),
    );
    expect(secret).toMatchObject({
      data: { password: Buffer.from('hunter2').toString('base64') },
      stringData: { plain: 'text' },
      type: 'kubernetes.io/basic-auth',
    });
    expect(decode('Secret', gogoMeta('s'), str(3, ''))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
    });
  });

  it('Namespace: spec.finalizers, empty spec/status kept as objects', () => {
    expect(decode('Namespace', gogoMeta('ns'), sub(2), sub(3, str(1, '')))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns' },
      spec: {},
      status: {},
    });
    expect(decode('Namespace', gogoMeta('ns'), sub(2, str(1, 'kubernetes'))).spec).toEqual({
      finalizers: ['kubernetes'],
    });
  });

  it('ServiceAccount: secrets, imagePullSecrets, explicit automount false', () => {
    const sa = decode(
      'ServiceAccount',
      gogoMeta('sa', 'x'),
      sub(2, str(1, ''), str(3, 'tok'), str(2, '')),
      sub(3, str(1, 'registry')),
      varint(4, false),
    );
    expect(sa).toMatchObject({
      secrets: [{ name: 'tok' }],
      imagePullSecrets: [{ name: 'registry' }],
      automountServiceAccountToken: false,
    });
  });

  it('Service: ports with IntOrString targetPort in both forms, nodePort, selector, type', () => {
    const port = (name: string, p: number, target: Uint8Array, nodePort = 0) =>
      sub(1, str(1, name), str(2, 'TCP'), varint(3, p), sub(4, ...[target]), varint(5, nodePort));
    const svc = decode(
      'Service',
      gogoMeta('web', 'x'),
      sub(
        2,
        port('80-8080', 80, message(varint(1, 0), varint(2, 8080), str(3, '')), 30080),
        port('443-https', 443, message(varint(1, 1), varint(2, 0), str(3, 'https'))),
        port('9000', 9000, message()),
        entry(2, 'app', str(2, 'web')),
        str(3, 'None'),
        str(4, 'NodePort'),
        str(7, ''),
        str(10, ''),
        varint(12, 0),
        varint(13, false),
      ),
      sub(3, sub(1)),
    );
    expect(svc).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'x' },
      spec: {
        ports: [
          { name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 },
          { name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' },
          { name: '9000', protocol: 'TCP', port: 9000 },
        ],
        selector: { app: 'web' },
        clusterIP: 'None',
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    });
    const external = decode('Service', gogoMeta('e'), sub(2, str(4, 'ExternalName'), str(10, 'example.com')));
    expect(external.spec).toEqual({ type: 'ExternalName', externalName: 'example.com' });
  });
});
