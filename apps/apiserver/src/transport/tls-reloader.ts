/**
 * Reloads the serving certificate and the client CA bundle when their files change, as
 * kube-apiserver's dynamic certificates do (k8s.io/apiserver/pkg/server/dynamiccertificates:
 * DynamicCertKeyPairContent and DynamicFileCAContent watch the files and re-check them
 * periodically). Here: fs.watch on the files' directories (a rename-into-place replaces the inode,
 * so the directory is watched, not the file) for a prompt reload, plus a periodic re-read that
 * catches what watching misses (network filesystems, bind mounts); events are debounced so a writer
 * that replaces cert, key and CA one after the other causes one reload. A reload is applied only
 * when the content changed and the certificate matches its key; a broken intermediate state keeps
 * the previous material and is reported once.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseCertificates } from '@hs/pki';

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

/** Reads the files; throws when the certificate does not belong to the key or the CA bundle is unreadable. */
export async function readTlsFiles(files: TlsFiles): Promise<TlsMaterial> {
  const [cert, key, ca] = await Promise.all([
    readFile(files.certFile),
    readFile(files.keyFile),
    files.clientCaFile ? readFile(files.clientCaFile) : undefined,
  ]);
  if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
    throw new Error(`${files.certFile} does not match ${files.keyFile}`);
  }
  if (ca) parseCertificates(ca.toString(), files.clientCaFile);
  return { cert, key, ca };
}

export function materialDigest(m: TlsMaterial): string {
  const h = createHash('sha256');
  for (const part of [m.cert, m.key, m.ca ?? Buffer.alloc(0)]) h.update(String(part.length)).update(part);
  return h.digest('hex');
}

export interface TlsReloader {
  /** Re-reads the files now (also what the watcher and the timer call). */
  check(): Promise<void>;
  stop(): void;
}

export interface TlsReloadOptions {
  /** Periodic re-read; default 60 s (kube-apiserver's dynamic certificates re-check every minute). */
  intervalMs?: number;
  /** Quiet time after the last file event before reading; default 100 ms. */
  debounceMs?: number;
  /** The material already served, so an unchanged first read is not applied again. */
  initial?: TlsMaterial;
  onError?: (err: unknown) => void;
  onReload?: (material: TlsMaterial) => void;
}

export function watchTlsFiles(
  files: TlsFiles,
  apply: (material: TlsMaterial) => void,
  options: TlsReloadOptions = {},
): TlsReloader {
  const paths = [files.certFile, files.keyFile, ...(files.clientCaFile ? [files.clientCaFile] : [])];
  let applied = options.initial ? materialDigest(options.initial) : undefined;
  let failedOn: string | undefined;
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();

  const readAndApply = async () => {
    if (stopped) return;
    let raw: string;
    let material: TlsMaterial;
    try {
      const [cert, key, ca] = await Promise.all(paths.map((p) => readFile(p)));
      raw = materialDigest({ cert: cert!, key: key!, ca });
      if (raw === applied || raw === failedOn) return;
      material = await readTlsFiles(files);
    } catch (err) {
      // A file missing halfway through a replacement: report once per distinct state.
      const state = `error:${(err as Error).message}`;
      if (state !== failedOn) options.onError?.(err);
      failedOn = state;
      return;
    }
    try {
      apply(material);
      applied = raw;
      failedOn = undefined;
      options.onReload?.(material);
    } catch (err) {
      failedOn = raw;
      options.onError?.(err);
    }
  };
  const check = () => {
    chain = chain.then(readAndApply);
    return chain;
  };

  let debounce: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => void check(), options.debounceMs ?? 100);
    debounce.unref();
  };
  const names = new Map<string, Set<string>>();
  for (const p of paths) {
    const dir = dirname(p);
    names.set(dir, (names.get(dir) ?? new Set()).add(basename(p)));
  }
  const watchers: FSWatcher[] = [];
  for (const [dir, wanted] of names) {
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || wanted.has(String(name))) schedule();
      });
      w.on('error', () => {}); // the directory went away: the periodic check still runs
      watchers.push(w);
    } catch {
      // Not watchable here (e.g. some network filesystems): the periodic check covers it.
    }
  }
  const timer = setInterval(() => void check(), options.intervalMs ?? 60_000);
  timer.unref();
  return {
    check,
    stop: () => {
      stopped = true;
      clearInterval(timer);
      if (debounce) clearTimeout(debounce);
      for (const w of watchers) w.close();
    },
  };
}
