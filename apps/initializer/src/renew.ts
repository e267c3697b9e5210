/**
 * `renew`: re-issues the leaf certificates and tokens that expire within `before` (or all of them
 * with `force`), keeping the CAs, the keys and everything else `init` wrote; optionally starts or
 * finishes an apiserver CA rotation (ca-rotation.ts) or a token-signing key rotation
 * (token-key-rotation.ts). It re-runs `init`'s own code with the
 * parameters of the existing installation (server URL, SANs, token issuer, key type), so a renewed
 * file is exactly what a fresh `init` would write. Idempotent: a second run renews nothing.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import {
  describeTimeLeft,
  EXPIRY_WARNING_MS,
  keySpecOf,
  parseCertificates,
  parsePrivateKey,
  parseSubjectAltNames,
  peekClaims,
} from '@hs/pki';
import { parse } from 'yaml';
import type { Change } from './file-plan.js';
import { runInit } from './init.js';
import { type CredentialEntry, credentialInventory, type Inventory, localVolumes } from './inventory.js';
import { type VolumeLayout, volumeLayout } from './layout.js';
import { InitError, readOptional } from './pki-state.js';

export interface RenewOptions {
  root: string;
  /** Renew what expires within this many ms; default the 30-day warning window. */
  beforeMs?: number;
  /** Renew every leaf certificate and token. */
  force?: boolean;
  /** Lifetime of what is re-issued (ms); default 365 days. */
  validityMs?: number;
  /** Start an apiserver CA rotation (new CA, old one still trusted). */
  rotateCa?: boolean;
  /** Finish it: trust the new CA only (the cross-signed CA leaves the serving chain). */
  finishCaRotation?: boolean;
  /** Start a token-signing key rotation (new key signs, old one stays in the JWKS). */
  rotateSigningKey?: boolean;
  /** Finish it: the JWKS publishes the new key only. */
  finishSigningKeyRotation?: boolean;
  now?: Date;
  log?: (line: string) => void;
}

export interface Renewed {
  name: string;
  file: string;
  from: Date;
  to: Date;
}

export interface RenewResult {
  layout: VolumeLayout;
  renewed: Renewed[];
  changes: Change[];
  notes: string[];
  inventory: Inventory;
}

/** What the existing installation was made with, so renewal keeps it. */
async function installationParameters(layout: VolumeLayout) {
  const missing = [
    layout.api.caCert,
    layout.pki.apiserverCaKey,
    layout.api.serverCert,
    layout.kube.adminConfig,
  ]
    .filter((p) => !existsSync(p))
    .map((p) => relative(layout.root, p));
  if (missing.length) {
    throw new InitError(
      `no installation to renew under ${layout.root} (missing ${missing.join(', ')}): run init first`,
    );
  }
  const kubeconfig = parse((await readOptional(layout.kube.adminConfig)) ?? '') as {
    clusters?: { cluster?: { server?: string } }[];
  };
  const apiserverUrl = kubeconfig?.clusters?.[0]?.cluster?.server;
  if (!apiserverUrl) throw new InitError(`${relative(layout.root, layout.kube.adminConfig)} names no server`);
  const serving = parseCertificates((await readOptional(layout.api.serverCert)) ?? '', 'api/server.crt')[0]!;
  const sans = parseSubjectAltNames(serving.subjectAltName).flatMap((s) =>
    s.startsWith('DNS:') ? [s.slice(4)] : s.startsWith('IP Address:') ? [s.slice(11)] : [],
  );
  const keyText = await readOptional(layout.pki.apiserverCaKey);
  const spec = keyText ? keySpecOf(parsePrivateKey(keyText).key) : undefined;
  const token = await readOptional(layout.gateway.istioToken);
  const issuer = token ? peekClaims(token).iss : undefined;
  const proxyUid =
    process.getuid?.() === 0
      ? await stat(layout.pilot.caKey).then(
          (s) => s.uid,
          () => 1337,
        )
      : 1337;
  return {
    apiserverUrl,
    sans,
    keyType: spec?.type ?? 'rsa',
    ...(spec?.type === 'rsa' ? { keySize: spec.size } : {}),
    tokenIssuer: typeof issuer === 'string' ? issuer : 'higress',
    proxyUid,
  };
}

const key = (e: CredentialEntry) => `${e.file}\u0000${e.name}`;

export async function runRenew(options: RenewOptions): Promise<RenewResult> {
  if (options.rotateCa && options.finishCaRotation) {
    throw new InitError('--rotate-ca and --finish-ca-rotation are two steps: give one of them');
  }
  if (options.rotateSigningKey && options.finishSigningKeyRotation) {
    throw new InitError(
      '--rotate-signing-key and --finish-signing-key-rotation are two steps: give one of them',
    );
  }
  const layout = volumeLayout(options.root);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? new Date();
  const params = await installationParameters(layout);
  const read = localVolumes(layout.root);
  const before = await credentialInventory(read, now);
  const init = await runInit({
    root: layout.root,
    // The data directory is file storage's: left alone (not created) for other storages.
    storage: existsSync(layout.data) ? 'file' : 'memory',
    ...params,
    renewBeforeMs: options.beforeMs ?? EXPIRY_WARNING_MS,
    ...(options.force ? { forceRenew: true } : {}),
    ...(options.validityMs !== undefined ? { leafValidityMs: options.validityMs } : {}),
    ...(options.rotateCa ? { caRotation: 'start' as const } : {}),
    ...(options.finishCaRotation ? { caRotation: 'finish' as const } : {}),
    ...(options.rotateSigningKey ? { tokenKeyRotation: 'start' as const } : {}),
    ...(options.finishSigningKeyRotation ? { tokenKeyRotation: 'finish' as const } : {}),
    now,
    log: () => {},
  });
  const after = await credentialInventory(read, now);
  const old = new Map(before.entries.map((e) => [key(e), e]));
  const renewed: Renewed[] = after.entries.flatMap((e) => {
    const was = old.get(key(e));
    if (was?.identity === e.identity) return [];
    return [{ name: e.name, file: e.file, from: was?.notAfter ?? now, to: e.notAfter }];
  });
  for (const note of init.notes) log(`note: ${note}`);
  for (const r of renewed) {
    log(
      `renewed ${r.file} (${r.name}): notAfter ${r.from.toISOString()} -> ${r.to.toISOString()} (${describeTimeLeft(r.to.getTime() - now.getTime())})`,
    );
  }
  if (renewed.length === 0) {
    const next = after.entries
      .filter((e) => !e.ca)
      .sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())[0];
    log(
      `nothing to renew: no leaf certificate or token expires within the window${next ? ` (next: ${next.file}, ${describeTimeLeft(next.expiry.msLeft)})` : ''}`,
    );
  }
  const rewritten = init.changes.filter((c) => c.action === 'created' || c.action === 'updated').length;
  if (rewritten) log(`renew: ${rewritten} file(s) rewritten under ${layout.volumes}`);
  return { layout, renewed, changes: init.changes, notes: init.notes, inventory: after };
}
