/**
 * Reloads the serving certificate when its files change (kube-apiserver's dynamic serving
 * certificates, k8s.io/apiserver/pkg/server/dynamiccertificates): the files are polled (robust to
 * the rename-into-place of cert-manager and kubelet-style writers) and, once all of them parse as a
 * matching pair, handed to `apply` (server.setSecureContext). A broken intermediate state keeps the
 * previous certificate.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { type Stats, unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  clientCaFile?: string | undefined;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer | undefined;
}

/** Reads the files; throws when the certificate does not belong to the key. */
export async function readTlsFiles(files: TlsFiles): Promise<TlsMaterial> {
  const [cert, key, ca] = await Promise.all([
    readFile(files.certFile),
    readFile(files.keyFile),
    files.clientCaFile ? readFile(files.clientCaFile) : undefined,
  ]);
  if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
    throw new Error(`${files.certFile} does not match ${files.keyFile}`);
  }
  return { cert, key, ca };
}

export interface TlsReloader {
  stop(): void;
}

export function watchTlsFiles(
  files: TlsFiles,
  apply: (material: TlsMaterial) => void,
  options: { intervalMs?: number; onError?: (err: unknown) => void } = {},
): TlsReloader {
  const paths = [files.certFile, files.keyFile, ...(files.clientCaFile ? [files.clientCaFile] : [])];
  let pending: Promise<void> = Promise.resolve();
  const reload = () => {
    pending = pending.then(async () => {
      try {
        apply(await readTlsFiles(files));
      } catch (err) {
        options.onError?.(err);
      }
    });
  };
  const listener = (curr: Stats, prev: Stats) => {
    if (curr.mtimeMs !== prev.mtimeMs || curr.size !== prev.size || curr.ino !== prev.ino) reload();
  };
  for (const p of paths) watchFile(p, { interval: options.intervalMs ?? 2000, persistent: false }, listener);
  return {
    stop: () => {
      for (const p of paths) unwatchFile(p, listener);
    },
  };
}
