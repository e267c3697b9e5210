#!/usr/bin/env node
/**
 * `higress-apiserver`: parse flags, open storage, serve HTTPS (and plain HTTP when asked), stop on
 * SIGTERM/SIGINT.
 */
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { registry as defaultRegistry } from '@hs/resources';
import { CommanderError } from 'commander';
import { storageFromConfig } from './adapters/storage.js';
import { type CliConfig, CliError, parseCli } from './cli-options.js';
import { createApiserverMetrics } from './metrics/apiserver-metrics.js';
import { ensureGeneratedPki, type GeneratedPki, writeAdminKubeconfig } from './security/generated-certs.js';
import type { SecurityOptions } from './security/security-options.js';
import { type StartedServer, startServer } from './start-server.js';
import { readTlsFiles, type TlsFiles, type TlsReloader, watchTlsFiles } from './transport/tls-reloader.js';

/** The secure server's security block from the flags (kube-apiserver's defaults: RBAC, anonymous only for health). */
function securityOf(config: CliConfig, clientCaFile: string | undefined): SecurityOptions {
  const sec = config.security;
  return {
    authentication: {
      clientCertificates: Boolean(clientCaFile),
      ...(sec.tokenAuthFile ? { tokenFile: sec.tokenAuthFile } : {}),
      ...(sec.jwt ? { jwt: sec.jwt } : {}),
      anonymous: { enabled: sec.anonymousAuth },
    },
    authorizationMode: sec.authorizationMode,
    limits: limitsOf(config),
    audit: sec.auditLogPath ? { path: sec.auditLogPath } : undefined,
  };
}

/** This machine's interface addresses, so clients on the network can verify the generated certificate. */
const localAddresses = (): string[] =>
  Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).map((i) => i.address.split('%')[0] ?? ''),
  );

const limitsOf = (config: CliConfig) => ({
  maxReadonlyInFlight: config.security.maxRequestsInflight,
  maxMutatingInFlight: config.security.maxMutatingRequestsInflight,
  maxWatchesPerClient: config.security.maxWatchesPerClient,
});

async function run(config: CliConfig): Promise<void> {
  const registry = defaultRegistry;
  // One registry for every listener over this storage, with the process metrics.
  const metrics = createApiserverMetrics();
  const storage = await storageFromConfig(config.storage, registry, metrics);
  const common = {
    storage,
    metrics,
    registry,
    logger: { level: config.logLevel },
    minRequestTimeoutSeconds: config.minRequestTimeoutSeconds,
    disableAdmissionPlugins: config.disableAdmissionPlugins,
    host: config.bindAddress,
  };
  const servers: StartedServer[] = [];
  const reloaders: TlsReloader[] = [];
  let tlsFiles: TlsFiles | undefined = config.tls;
  let pki: GeneratedPki | undefined;
  if (!tlsFiles && config.certDir) {
    pki = await ensureGeneratedPki(config.certDir, [
      config.bindAddress,
      ...config.tlsSans,
      ...localAddresses(),
    ]);
    tlsFiles = {
      certFile: pki.certFile,
      keyFile: pki.keyFile,
      clientCaFile: config.security.clientCaFile ?? pki.caFile,
    };
  }
  if (tlsFiles) {
    const files = tlsFiles;
    const initial = await readTlsFiles(files);
    const server = await startServer({
      ...common,
      port: config.securePort,
      tls: initial,
      security: securityOf(config, files.clientCaFile),
    });
    servers.push(server);
    reloaders.push(
      watchTlsFiles(files, (material) => server.reloadTls(material), {
        initial,
        onReload: () =>
          process.stdout.write('higress-apiserver: reloaded the serving certificate and client CA\n'),
        onError: (err) =>
          process.stderr.write(
            `higress-apiserver: keeping the previous certificate: ${err instanceof Error ? err.message : String(err)}\n`,
          ),
      }),
    );
    if (pki && config.certDir) {
      const local = server.url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//127.0.0.1:');
      await writeAdminKubeconfig(join(config.certDir, 'admin.kubeconfig'), local, pki);
    }
  }
  if (config.insecurePort !== undefined) {
    servers.push(
      await startServer({
        ...common,
        port: config.insecurePort,
        // Development only: every caller is the superuser, as kube-apiserver's old insecure port.
        security: {
          insecure: true,
          limits: limitsOf(config),
          audit: config.security.auditLogPath ? { path: config.security.auditLogPath } : undefined,
        },
      }),
    );
  }
  for (const server of servers) process.stdout.write(`higress-apiserver listening on ${server.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`higress-apiserver: ${signal}, shutting down\n`);
    for (const reloader of reloaders) reloader.stop();
    await Promise.allSettled(servers.map((s) => s.close()));
    await storage.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function fail(message: string): never {
  process.stderr.write(`higress-apiserver: ${message}\n`);
  process.exit(1);
}

let config: CliConfig;
try {
  config = parseCli(process.argv.slice(2));
} catch (err) {
  if (
    err instanceof CommanderError &&
    (err.code === 'commander.helpDisplayed' || err.code === 'commander.version')
  ) {
    process.exit(0);
  }
  if (err instanceof CliError || err instanceof CommanderError) fail(err.message.replace(/^error: /, ''));
  throw err;
}
run(config).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
