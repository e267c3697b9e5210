/** Test certificates made with @hs/pki: a CA, a serving certificate for 127.0.0.1 and client certificates. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { issueCertificate } from '@hs/pki';

export interface Pem {
  certPem: string;
  keyPem: string;
}

const ecKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

export interface TestPki {
  ca: Pem;
  serving: Pem;
  client(cn: string, groups?: string[]): Pem;
}

/** `validityDays` (default 1, fractions allowed) applies to the CA and every leaf. */
export function testPki(validityDays = 1): TestPki {
  const caKey = ecKey();
  const caPem = issueCertificate({
    subject: { CN: 'test-ca' },
    subjectKey: caKey,
    validityDays,
    ca: {},
    keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
  });
  const issuer = { certificatePem: caPem, key: caKey };
  const leaf = (spec: { cn: string; groups?: string[]; usage: 'serverAuth' | 'clientAuth' }): Pem => {
    const key = ecKey();
    const certPem = issueCertificate({
      subject: { CN: spec.cn, ...(spec.groups?.length ? { O: spec.groups } : {}) },
      subjectKey: key,
      issuer,
      validityDays,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: [spec.usage],
      ...(spec.usage === 'serverAuth' ? { ipAddresses: ['127.0.0.1'], dnsNames: ['localhost'] } : {}),
    });
    return { certPem, keyPem: pem(key) };
  };
  return {
    ca: { certPem: caPem, keyPem: pem(caKey) },
    serving: leaf({ cn: 'higress-apiserver', usage: 'serverAuth' }),
    client: (cn, groups) => leaf({ cn, groups: groups ?? [], usage: 'clientAuth' }),
  };
}
