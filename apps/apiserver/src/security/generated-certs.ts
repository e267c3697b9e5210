/**
 * Self-generated PKI for the embedded default (kube-apiserver's --cert-dir idea, but with a CA so
 * clients verify the server): a CA, a serving certificate with SANs for every local name and
 * address, an admin client certificate (O=system:masters) and a kubeconfig using them. Existing
 * files in the directory are reused, so restarts keep clients' trust; a serving certificate that
 * misses a wanted name is reissued under the same CA.
 */
import { X509Certificate } from 'node:crypto';
import { access, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, issueCertificate, parsePrivateKey } from '@hs/pki';

export interface GeneratedPki {
  caFile: string;
  certFile: string;
  keyFile: string;
  adminCertFile: string;
  adminKeyFile: string;
}

const FILES = {
  caFile: 'ca.crt',
  caKey: 'ca.key',
  certFile: 'apiserver.crt',
  keyFile: 'apiserver.key',
  adminCertFile: 'admin.crt',
  adminKeyFile: 'admin.key',
} as const;

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function writeSecret(file: string, content: string) {
  await writeFile(file, content, { mode: 0o600 });
  await chmod(file, 0o600);
}

/** Names the serving certificate covers: localhost, this host, loopback and `extraHosts`. */
export function servingNames(extraHosts: readonly string[]): { dnsNames: string[]; ipAddresses: string[] } {
  const all = ['localhost', hostname(), '127.0.0.1', '::1', ...extraHosts].filter(
    (h) => h !== '' && h !== '0.0.0.0' && h !== '::',
  );
  const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
  return {
    dnsNames: [...new Set(all.filter((h) => !isIp(h)))],
    ipAddresses: [...new Set(all.filter(isIp))],
  };
}

/** Creates what is missing in `dir` and returns the file paths. */
export async function ensureGeneratedPki(
  dir: string,
  extraHosts: readonly string[] = [],
): Promise<GeneratedPki> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = (name: string) => join(dir, name);
  const out: GeneratedPki = {
    caFile: path(FILES.caFile),
    certFile: path(FILES.certFile),
    keyFile: path(FILES.keyFile),
    adminCertFile: path(FILES.adminCertFile),
    adminKeyFile: path(FILES.adminKeyFile),
  };
  let caPem: string;
  let caKey: Awaited<ReturnType<typeof generatePrivateKey>>['key'];
  if ((await exists(out.caFile)) && (await exists(path(FILES.caKey)))) {
    caPem = await readFile(out.caFile, 'utf8');
    caKey = parsePrivateKey(await readFile(path(FILES.caKey), 'utf8')).key;
  } else {
    const key = await generatePrivateKey({ type: 'ecdsa', curve: 'P-256' });
    caPem = issueCertificate({
      subject: { CN: 'higress-apiserver-ca' },
      subjectKey: key.key,
      validityDays: 3650,
      ca: { pathLength: 0 },
      keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
    });
    caKey = key.key;
    await writeSecret(path(FILES.caKey), key.pem);
    await writeFile(out.caFile, caPem);
  }
  const issuer = { certificatePem: caPem, key: caKey };
  const signedByCa = async (file: string) =>
    (await exists(file)) && new X509Certificate(await readFile(file)).checkIssued(new X509Certificate(caPem));

  const names = servingNames(extraHosts);
  const covers = async (file: string) => {
    const cert = new X509Certificate(await readFile(file));
    return (
      names.dnsNames.every((n) => cert.checkHost(n) !== undefined) &&
      names.ipAddresses.every((ip) => cert.checkIP(ip) !== undefined)
    );
  };
  if (!(await signedByCa(out.certFile)) || !(await exists(out.keyFile)) || !(await covers(out.certFile))) {
    const key = await generatePrivateKey({ type: 'ecdsa', curve: 'P-256' });
    const cert = issueCertificate({
      subject: { CN: 'higress-apiserver' },
      subjectKey: key.key,
      issuer,
      validityDays: 365,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['serverAuth'],
      ...names,
    });
    await writeSecret(out.keyFile, key.pem);
    await writeFile(out.certFile, cert);
  }
  if (!(await signedByCa(out.adminCertFile)) || !(await exists(out.adminKeyFile))) {
    const key = await generatePrivateKey({ type: 'ecdsa', curve: 'P-256' });
    const cert = issueCertificate({
      subject: { CN: 'higress-admin', O: ['system:masters'] },
      subjectKey: key.key,
      issuer,
      validityDays: 365,
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['clientAuth'],
    });
    await writeSecret(out.adminKeyFile, key.pem);
    await writeFile(out.adminCertFile, cert);
  }
  return out;
}

/** A kubeconfig for `server` using the generated CA and admin certificate (embedded data). */
export async function writeAdminKubeconfig(file: string, server: string, pki: GeneratedPki): Promise<void> {
  const b64 = async (f: string) => (await readFile(f)).toString('base64');
  const [ca, cert, key] = await Promise.all([b64(pki.caFile), b64(pki.adminCertFile), b64(pki.adminKeyFile)]);
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: higress',
    `  cluster: {server: "${server}", certificate-authority-data: ${ca}}`,
    'users:',
    '- name: higress-admin',
    `  user: {client-certificate-data: ${cert}, client-key-data: ${key}}`,
    'contexts:',
    '- name: higress',
    '  context: {cluster: higress, user: higress-admin, namespace: higress-system}',
    'current-context: higress',
    '',
  ].join('\n');
  await writeSecret(file, yaml);
}
