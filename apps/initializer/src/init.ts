import { randomBytes } from 'node:crypto';
import { access, constants, mkdir } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { jwksJson } from '@hs/pki';
import { apiserverPki, pilotPki } from './certificates.js';
import { type Change, FilePlan, OutputError } from './file-plan.js';
import { GATEWAY_POD_LABELS, IDENTITIES } from './identities.js';
import { renderKubeconfig } from './kubeconfig.js';
import { CONSUMERS, type VolumeLayout, volumeLayout } from './layout.js';
import { ensureNacosNamespace, nacosFamily, waitForNacos } from './nacos-prepare.js';
import { type InitOptions, type ResolvedInitOptions, resolveInitOptions } from './options.js';
import { type PkiContext, readOptional } from './pki-state.js';
import { tokenArtefacts } from './tokens.js';

export interface InitResult {
  layout: VolumeLayout;
  changes: Change[];
  notes: string[];
}

const PRIVATE = 0o600;
const PUBLIC = 0o644;
const DIR = 0o755;

/**
 * The `init` phase (before the apiserver starts): Nacos readiness and namespace, data-encryption
 * key, every certificate, key, kubeconfig, token and JWKS, the gateway's pod labels and the
 * writable directories the containers need. Idempotent: a second run writes nothing.
 */
export async function runInit(options: InitOptions): Promise<InitResult> {
  const o = resolveInitOptions(options);
  const layout = volumeLayout(o.root);
  await preflight(layout.root);
  const notes: string[] = [];

  if (o.nacos) {
    const nacos = await waitForNacos(o.nacos, o.log);
    const newRandomKey =
      o.dataEncryptionKey === undefined && (await readOptional(layout.api.dataEncryptionKey)) === undefined;
    const created = await ensureNacosNamespace(nacos, o.nacos, { newRandomKey });
    notes.push(
      `Nacos ${nacosFamily(nacos)} ready; namespace ${o.nacos.namespace} ${created ? 'created' : 'exists'}`,
    );
  }

  const ctx: PkiContext = {
    root: layout.root,
    now: o.now,
    rotate: o.rotate,
    keySpec: o.keySpec,
    notes,
    ...o.renewal,
  };
  const [api, pilot, tokens, dataKey] = await Promise.all([
    apiserverPki(ctx, layout, o),
    pilotPki(ctx, layout),
    tokenArtefacts(ctx, layout, o.tokenIssuer),
    dataEncryptionKey(o, layout, notes),
  ]);

  const plan = new FilePlan();
  const uid = o.proxyUid;
  // apiserver: serving identity, client CA, data-encryption key, token verification keys
  plan.file(layout.api.caCert, api.caBundlePem, PUBLIC);
  plan.file(layout.pki.apiserverCaKey, api.ca.key.pem, PRIVATE);
  plan.file(layout.api.serverCert, api.servingChainPem, PUBLIC);
  plan.file(layout.api.serverKey, api.serving.key.pem, PRIVATE);
  plan.file(layout.api.dataEncryptionKey, dataKey, PRIVATE);
  plan.file(layout.api.jwks, jwksJson(tokens.jwks), PUBLIC);
  if (o.storage === 'file') plan.dir(layout.data, 0o700);
  // one kubeconfig per consumer, plus the admin one at kube/config
  for (const consumer of CONSUMERS) {
    const client = api.clients[consumer];
    const kubeconfig = renderKubeconfig({
      server: o.apiserverUrl,
      caPem: api.caBundlePem,
      user: IDENTITIES[consumer].user,
      clientCertPem: client.certPem,
      clientKeyPem: client.key.pem,
    });
    plan.file(layout.kube.clientCert(consumer), client.certPem, PUBLIC);
    plan.file(layout.kube.clientKey(consumer), client.key.pem, PRIVATE);
    plan.file(layout.kube.config(consumer), kubeconfig, PRIVATE);
    if (consumer === 'admin') plan.file(layout.kube.adminConfig, kubeconfig, PRIVATE);
  }
  // Pilot's plugged-in CA (Pilot runs as uid 1337 and must read ca-key.pem)
  plan.file(layout.pilot.rootCert, pilot.root.certPem, PUBLIC);
  plan.file(layout.pki.pilotRootKey, pilot.root.key.pem, PRIVATE);
  plan.file(layout.pilot.caCert, pilot.intermediate.certPem, PUBLIC);
  plan.file(layout.pilot.caKey, pilot.intermediate.key.pem, PRIVATE, uid);
  plan.file(layout.pilot.certChain, pilot.intermediate.certPem + pilot.root.certPem, PUBLIC);
  plan.dir(layout.pilot.configDir, DIR);
  // gateway: mTLS identity, pod labels, token, writable directories
  plan.file(layout.gateway.certChain, pilot.gateway.certPem + pilot.intermediate.certPem, PUBLIC);
  plan.file(layout.gateway.key, pilot.gateway.key.pem, PRIVATE, uid);
  plan.file(layout.gateway.rootCert, pilot.root.certPem, PUBLIC);
  plan.file(layout.gateway.podLabels, GATEWAY_POD_LABELS, PUBLIC);
  for (const dir of [
    layout.gateway.istioData,
    layout.gateway.secrets,
    layout.gateway.proxy,
    layout.gateway.logDir,
  ]) {
    plan.dir(dir, DIR, uid);
  }
  plan.dir(dirname(layout.gateway.istioToken), DIR, uid);
  plan.file(layout.gateway.istioToken, tokens.gatewayToken, PRIVATE, uid);
  plan.ensureFile(layout.gateway.accessLog, PUBLIC, uid);
  // controller: HS init.sh makes its Nacos SDK log directory world-writable
  plan.dir(layout.controller.nacosLogDir, 0o777);
  plan.file(layout.console.token, tokens.consoleToken, PRIVATE);
  plan.file(layout.pki.tokenSigningKey, tokens.signingKey.pem, PRIVATE);
  plan.file(layout.fileserver.jwks, jwksJson(tokens.jwks), PUBLIC);

  const canChown = process.getuid?.() === 0;
  const { changes, skippedChown } = await plan.commit(layout.root, canChown);
  if (skippedChown > 0) {
    notes.push(
      `not running as root: left ${skippedChown} path(s) owned by uid ${process.getuid?.()} instead of ${uid} ` +
        '(compose runs the initializer as root; local processes do not need it)',
    );
  }
  for (const note of notes) o.log(`note: ${note}`);
  for (const c of changes) o.log(`${c.action}: ${relative(layout.root, c.path)}`);
  o.log(
    changes.length
      ? `init: ${changes.length} change(s) under ${layout.volumes}`
      : 'init: everything up to date',
  );
  return { layout, changes, notes };
}

async function preflight(root: string): Promise<void> {
  try {
    await mkdir(root, { recursive: true });
    await access(root, constants.W_OK);
  } catch (err) {
    throw new OutputError(`output directory ${root} is not writable: ${(err as Error).message}`);
  }
}

/** Kept once written: the apiserver cannot read secrets encrypted under another key. */
async function dataEncryptionKey(
  o: ResolvedInitOptions,
  layout: VolumeLayout,
  notes: string[],
): Promise<string> {
  const existing = await readOptional(layout.api.dataEncryptionKey);
  if (existing !== undefined) {
    if (o.dataEncryptionKey !== undefined && o.dataEncryptionKey !== existing) {
      notes.push('data-encryption key: keeping the existing key (stored secrets are encrypted with it)');
    }
    return existing;
  }
  if (o.dataEncryptionKey !== undefined) return o.dataEncryptionKey;
  // 32 printable characters, like HS init.sh: read as 32 raw bytes → AES-256.
  return randomBytes(24).toString('base64url');
}
