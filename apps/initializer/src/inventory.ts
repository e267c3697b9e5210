/**
 * Every certificate and token the initializer issues, with its expiry: what `status` prints and
 * what `renew` compares before and after. Reads through a `read(path under volumes/)` function so
 * the same list comes from a local state directory or from a container's archive.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type Expiry, expiryOf, parseCertificates, peekClaims } from '@hs/pki';
import { CONSUMERS, volumeLayout } from './layout.js';

export interface CredentialEntry {
  kind: 'certificate' | 'token';
  /** A CA certificate (kept by `renew` unless rotating). */
  ca: boolean;
  /** What it is, e.g. "apiserver serving certificate". */
  name: string;
  /** Path under `volumes/`, e.g. `api/server.crt`. */
  file: string;
  /** Certificate subject on one line, or the token's `sub`. */
  subject: string;
  notAfter: Date;
  expiry: Expiry;
  /** SHA-256 fingerprint of the certificate or the token: changes when re-issued. */
  identity: string;
}

export interface InventoryProblem {
  file: string;
  problem: string;
}

export interface Inventory {
  entries: CredentialEntry[];
  problems: InventoryProblem[];
}

export type VolumeReader = (pathUnderVolumes: string) => Promise<string | undefined>;

type Source = { file: string; name: string; kind: 'bundle' | 'leaf' | 'token' };

/** The files, in the order `status` prints them. */
function sources(): Source[] {
  const l = volumeLayout('/');
  const rel = (p: string) => relative(l.volumes, p);
  return [
    { file: rel(l.api.caCert), name: 'apiserver CA', kind: 'bundle' },
    { file: rel(l.api.serverCert), name: 'apiserver serving certificate', kind: 'leaf' },
    ...CONSUMERS.map((c) => ({
      file: rel(l.kube.clientCert(c)),
      name: `${c} client certificate`,
      kind: 'leaf' as const,
    })),
    { file: rel(l.pilot.rootCert), name: 'Pilot root CA', kind: 'leaf' },
    { file: rel(l.pilot.caCert), name: 'Pilot intermediate CA', kind: 'leaf' },
    { file: rel(l.gateway.certChain), name: 'gateway certificate', kind: 'leaf' },
    { file: rel(l.gateway.istioToken), name: 'gateway istio-token', kind: 'token' },
    { file: rel(l.console.token), name: 'console token', kind: 'token' },
  ];
}

export async function credentialInventory(read: VolumeReader, now = new Date()): Promise<Inventory> {
  const entries: CredentialEntry[] = [];
  const problems: InventoryProblem[] = [];
  for (const src of sources()) {
    const text = await read(src.file);
    if (text === undefined) continue;
    try {
      if (src.kind === 'token') {
        const claims = peekClaims(text);
        if (typeof claims.exp !== 'number') throw new Error('the token has no exp claim');
        const notAfter = new Date(claims.exp * 1000);
        entries.push({
          kind: 'token',
          ca: false,
          name: src.name,
          file: src.file,
          subject: String(claims.sub ?? ''),
          notAfter,
          expiry: expiryOf(notAfter, now),
          identity: createHash('sha256').update(text.trim()).digest('base64url'),
        });
        continue;
      }
      const certs = parseCertificates(text, src.file);
      (src.kind === 'bundle' ? certs : certs.slice(0, 1)).forEach((cert, i) => {
        const notAfter = new Date(cert.validTo);
        entries.push({
          kind: 'certificate',
          ca: cert.ca,
          name: i === 0 ? src.name : `${src.name} (previous, still trusted: CA rotation in progress)`,
          file: src.file,
          subject: cert.subject.split('\n').join(', '),
          notAfter,
          expiry: expiryOf(notAfter, now),
          identity: cert.fingerprint256,
        });
      });
    } catch (err) {
      problems.push({ file: src.file, problem: (err as Error).message });
    }
  }
  return { entries, problems };
}

/** Reads from `<root>/volumes` on this machine. */
export function localVolumes(root: string): VolumeReader {
  const volumes = volumeLayout(root).volumes;
  return async (path) => {
    try {
      return await readFile(join(volumes, path), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
}
