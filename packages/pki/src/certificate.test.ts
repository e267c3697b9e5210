import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate } from './certificate.js';
import { canonicalIp, certificateProblems } from './inspect.js';
import { generatePrivateKey, type KeySpec, type PrivateKey } from './keys.js';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pki-cert-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function openssl(...args: string[]): Promise<string> {
  const { stdout } = await run('openssl', args);
  return stdout;
}

const specs: KeySpec[] = [
  { type: 'rsa', size: 2048 },
  { type: 'ecdsa', curve: 'P-256' },
];

describe.each(specs)('certificates with $type keys', (spec) => {
  let caKey: PrivateKey;
  let caPem: string;
  const tag = spec.type;

  beforeAll(async () => {
    caKey = await generatePrivateKey(spec);
    caPem = issueCertificate({
      subject: { CN: 'test-ca', O: 'higress' },
      subjectKey: caKey.key,
      validityDays: 3650,
      ca: {},
      keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
    });
  });

  it('issues a serving certificate that openssl verifies, with the SANs and usages asked for', async () => {
    const key = await generatePrivateKey(spec);
    const pem = issueCertificate({
      subject: { CN: 'apiserver' },
      subjectKey: key.key,
      issuer: { certificatePem: caPem, key: caKey.key },
      validityDays: 365,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['serverAuth'],
      dnsNames: ['apiserver', 'localhost'],
      ipAddresses: ['127.0.0.1'],
    });
    const caFile = await file(`${tag}-ca.crt`, caPem);
    const certFile = await file(`${tag}-server.crt`, pem);
    const keyFile = await file(`${tag}-server.key`, key.pem);
    expect(await openssl('verify', '-CAfile', caFile, '-purpose', 'sslserver', certFile)).toContain(': OK');
    const text = await openssl('x509', '-in', certFile, '-noout', '-text');
    expect(text).toMatch(/DNS:apiserver, DNS:localhost, IP Address:127\.0\.0\.1/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication/);
    expect(text).toMatch(/CA:FALSE/);
    // the key matches the certificate: same public key from both sides
    const fromCert = await openssl('x509', '-in', certFile, '-noout', '-pubkey');
    const fromKey = await openssl('pkey', '-in', keyFile, '-pubout');
    expect(fromCert).toBe(fromKey);
    expect(
      certificateProblems(new X509Certificate(pem), {
        key: key.key,
        issuer: new X509Certificate(caPem),
        ca: false,
        dnsNames: ['localhost', 'apiserver'],
        ipAddresses: ['127.0.0.1'],
      }),
    ).toEqual([]);
  });

  it('builds a root → intermediate → leaf chain openssl accepts', async () => {
    const interKey = await generatePrivateKey(spec);
    const interPem = issueCertificate({
      subject: { CN: 'Higress CA', O: 'Higress' },
      subjectKey: interKey.key,
      issuer: { certificatePem: caPem, key: caKey.key },
      validityDays: 3650,
      ca: {},
      keyUsage: ['keyCertSign', 'cRLSign'],
    });
    const leafKey = await generatePrivateKey(spec);
    const uri = 'spiffe://cluster.local/ns/higress-system/sa/higress-gateway';
    const leafPem = issueCertificate({
      subject: { CN: 'Higress Gateway' },
      subjectKey: leafKey.key,
      issuer: { certificatePem: interPem, key: interKey.key },
      validityDays: 365,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['serverAuth', 'clientAuth'],
      uris: [uri],
    });
    const root = await file(`${tag}-root.pem`, caPem);
    const inter = await file(`${tag}-inter.pem`, interPem);
    const leaf = await file(`${tag}-leaf.pem`, leafPem);
    expect(await openssl('verify', '-CAfile', root, inter)).toContain(': OK');
    expect(await openssl('verify', '-CAfile', root, '-untrusted', inter, leaf)).toContain(': OK');
    // without the intermediate the leaf does not verify against the root alone
    await expect(openssl('verify', '-CAfile', root, leaf)).rejects.toThrow();
    const interText = await openssl('x509', '-in', inter, '-noout', '-text');
    expect(interText).toMatch(/CA:TRUE/);
    expect(interText).toMatch(/Certificate Sign/);
    const leafText = await openssl('x509', '-in', leaf, '-noout', '-text');
    expect(leafText).toContain(`URI:${uri}`);
  });

  it('reports a certificate that does not match the key, issuer, SANs or validity', async () => {
    const key = await generatePrivateKey(spec);
    const other = await generatePrivateKey(spec);
    const now = new Date('2030-01-01T00:00:00Z');
    const pem = issueCertificate({
      subject: { CN: 'x' },
      subjectKey: key.key,
      issuer: { certificatePem: caPem, key: caKey.key },
      validityDays: 10,
      keyUsage: ['digitalSignature'],
      dnsNames: ['a'],
      now,
    });
    const cert = new X509Certificate(pem);
    const selfSigned = new X509Certificate(
      issueCertificate({
        subject: { CN: 'other' },
        subjectKey: other.key,
        validityDays: 1,
        ca: {},
        keyUsage: [],
      }),
    );
    const problems = certificateProblems(cert, {
      key: other.key,
      issuer: selfSigned,
      dnsNames: ['b'],
      now: new Date('2030-02-01T00:00:00Z'),
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('; ')).toMatch(/expired.*does not match its private key.*was not issued by.*SANs/);
    expect(certificateProblems(cert, { now, renewBeforeDays: 30 })).toEqual([
      expect.stringContaining('expires soon'),
    ]);
  });
});

describe('IP SANs', () => {
  it('compare equal however an IPv6 address is spelled', async () => {
    const key = await generatePrivateKey({ type: 'ecdsa', curve: 'P-256' });
    const pem = issueCertificate({
      subject: { CN: 'v6' },
      subjectKey: key.key,
      validityDays: 1,
      keyUsage: ['digitalSignature'],
      ipAddresses: ['::1', 'FE80::1', '::ffff:10.0.0.1', '127.0.0.1'],
    });
    const cert = new X509Certificate(pem);
    const want = { ipAddresses: ['0:0:0:0:0:0:0:1', 'fe80::1', '::ffff:a00:1', '127.0.0.1'] };
    expect(certificateProblems(cert, want)).toEqual([]);
    expect(
      certificateProblems(cert, { ipAddresses: ['::2', 'fe80::1', '::ffff:a00:1', '127.0.0.1'] }),
    ).toHaveLength(1);
    expect(canonicalIp('2001:DB8::0:1')).toBe('2001:db8:0:0:0:0:0:1');
  });
});

describe('name string types', () => {
  // Go's crypto/x509 (Pilot, client-go) refuses a PrintableString holding '@' or '_', so a CA named
  // with an e-mail address could not be loaded as Pilot's plugged-in CA.
  it('writes emailAddress as IA5String, PrintableString where it fits and UTF8String otherwise', async () => {
    const key = await generatePrivateKey({ type: 'ecdsa', curve: 'P-256' });
    const pem = issueCertificate({
      subject: { C: 'CN', O: 'Higress', OU: 'gate_way', CN: 'Root CA', emailAddress: 'rootca@higress.io' },
      subjectKey: key.key,
      validityDays: 1,
      ca: {},
      keyUsage: ['keyCertSign'],
    });
    const path = await file('types.pem', pem);
    const subject = await openssl(
      'x509',
      '-in',
      path,
      '-noout',
      '-subject',
      '-nameopt',
      'multiline,show_type',
    );
    expect(subject).toMatch(/countryName\s+= PRINTABLESTRING:CN/);
    expect(subject).toMatch(/organizationName\s+= PRINTABLESTRING:Higress/);
    expect(subject).toMatch(/organizationalUnitName\s+= UTF8STRING:gate_way/);
    expect(subject).toMatch(/commonName\s+= PRINTABLESTRING:Root CA/);
    expect(subject).toMatch(/emailAddress\s+= IA5STRING:rootca@higress.io/);
    // The issuer of a self-signed certificate is the same encoded name.
    const issuer = await openssl('x509', '-in', path, '-noout', '-issuer', '-nameopt', 'multiline,show_type');
    expect(issuer).toMatch(/emailAddress\s+= IA5STRING:rootca@higress.io/);
  });
});
