import { existsSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  readTlsFiles,
  type StartedServer,
  type StorageConfig,
  startServer,
  watchTlsFiles,
} from '@hs/apiserver';
import { startFileServer } from '@hs/fileserver';
import { runInit, runSeed, volumeLayout } from '@hs/initializer';
import { freePort } from './free-port.js';

export interface EmbeddedOptions {
  /** State directory (default `.dev` in the workspace); a second start reuses it. */
  stateDir: string;
  /** 0 picks a free port. Defaults follow the compose ports: 8443 and 3000. */
  apiserverPort: number;
  fileserverPort: number;
  /** Default: file storage under the state directory (the embedded default). */
  storage?: EmbeddedStorage | undefined;
  /** Where the API server writes its audit log (one JSON event per request); none by default. */
  auditLog?: string | undefined;
  log: (line: string) => void;
}

/** File storage in the state directory, or a Nacos the caller runs. */
export type EmbeddedStorage =
  | { type: 'file' }
  | {
      type: 'nacos';
      server: string;
      username?: string | undefined;
      password?: string | undefined;
      namespaceId: string;
    };

export interface SeedSummary {
  created: string[];
  existing: string[];
}

export interface EmbeddedStack {
  apiserverUrl: string;
  fileserverUrl: string;
  /** `<stateDir>/kubeconfig`: stock kubectl uses it as is (HTTPS, client certificate, CA inline). */
  kubeconfig: string;
  /**
   * The seed step. On a fresh state directory it has finished before the stack is returned; on a
   * state that was seeded before, the persisted objects are already served and the seed (which
   * only re-creates what is missing) finishes in the background.
   */
  seeded: Promise<SeedSummary>;
  seededBeforeReady: boolean;
  /** Stops the API server and starts it again on the same port and storage (restart drills). */
  restartApiserver(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The embedded default of `pnpm dev`: initializer `init`, the API server on file storage, the file
 * server and the initializer's `seed`, all in this process with their state under `stateDir`.
 * In-process rather than child processes: nothing can outlive the CLI, and it is ready sooner.
 */
export async function startEmbeddedStack(options: EmbeddedOptions): Promise<EmbeddedStack> {
  const { stateDir, log } = options;
  const apiPort = options.apiserverPort || (await freePort());
  const layout = volumeLayout(stateDir);
  // The initializer reports every file; the summary is enough here.
  const quiet = () => {};

  const init = await runInit({
    root: stateDir,
    storage: 'file',
    apiserverUrl: `https://127.0.0.1:${apiPort}`,
    log: quiet,
  });
  log(`  init: ${init.changes.length} file(s) written${init.changes.length === 0 ? ' (state reused)' : ''}`);
  const tlsFiles = {
    certFile: layout.api.serverCert,
    keyFile: layout.api.serverKey,
    clientCaFile: layout.api.caCert,
  };
  const storageSpec = options.storage ?? { type: 'file' };
  const storage: StorageConfig =
    storageSpec.type === 'file'
      ? { type: 'file', rootDir: layout.data, legacyEncryptionKeyFile: layout.api.dataEncryptionKey }
      : { ...storageSpec, legacyEncryptionKeyFile: layout.api.dataEncryptionKey };
  // As the binary and the compose service: Secrets encrypted at rest with the initializer's
  // data key, callers authenticated by client certificate and authorized by the seeded RBAC.
  // The certificate files are read at each start and reloaded when `renew` rewrites them.
  const startApiserver = async () =>
    startServer({
      port: apiPort,
      host: '127.0.0.1',
      storage,
      tls: await readTlsFiles(tlsFiles),
      security: {
        authentication: { clientCertificates: true },
        authorizationMode: 'RBAC',
        ...(options.auditLog ? { audit: { path: options.auditLog } } : {}),
      },
    });
  let apiserver: StartedServer = await startApiserver();
  const reloader = watchTlsFiles(tlsFiles, (m) => apiserver.reloadTls(m), {
    initial: await readTlsFiles(tlsFiles),
    onError: (err) => log(`  apiserver: keeping the previous certificate: ${(err as Error).message}`),
  });
  const stops: (() => Promise<void>)[] = [
    async () => {
      reloader.stop();
      await apiserver.close();
    },
  ];
  const restartApiserver = async () => {
    await apiserver.close();
    apiserver = await startApiserver();
  };
  const stop = async () => {
    // Reverse start order; every close runs even if one fails.
    await Promise.allSettled(stops.reverse().map((close) => close()));
  };

  try {
    const fileserver = await startFileServer({
      root: layout.fileserver.root,
      port: options.fileserverPort,
      host: '127.0.0.1',
    });
    stops.push(() => fileserver.close());

    const kubeconfig = join(stateDir, 'kubeconfig');
    await copyFile(layout.kube.adminConfig, kubeconfig);
    const marker = join(stateDir, 'seeded');
    const seededBeforeReady = !existsSync(marker);
    const seeded = runSeed({ root: stateDir, kubeconfig: layout.kube.adminConfig, log: quiet }).then(
      async (r) => {
        await writeFile(marker, `${new Date().toISOString()}\n`);
        return { created: r.created, existing: r.existing };
      },
    );
    if (seededBeforeReady) await seeded;
    else seeded.catch(() => {}); // reported by whoever awaits it; never an unhandled rejection
    return {
      apiserverUrl: apiserver.url,
      fileserverUrl: fileserver.url,
      kubeconfig,
      seeded,
      seededBeforeReady,
      restartApiserver,
      stop: async () => {
        await seeded.catch(() => {});
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
