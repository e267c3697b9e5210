/**
 * `pnpm bench` for the initializer: a full `init` against the same artefacts produced with the
 * openssl command line the way higress-standalone's scripts do (compose/scripts/precheck.sh: CA,
 * serving, client; prepare.sh renewPilotCerts: Pilot root, intermediate, gateway), at equal RSA
 * key sizes, in the same run. Writes <repo>/bench-results/initializer.json and prints a table.
 *
 * Reported ratios over the openssl wall time: `fullInit` (our whole first init: 10 keys,
 * kubeconfigs, tokens, JWKS), `sameArtefacts` (only the six certificates and keys the scripts
 * make), `rerun` (a second init, which the scripts' design regenerates on every start: precheck.sh
 * runs before each apiserver start). `fullInitCpuRatio` compares CPU time, which a busy machine
 * distorts less than wall time. RSA key generation (OpenSSL's prime search on both sides)
 * dominates, so parallel key generation is what brings wall time down.
 */
import { execFile } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generatePrivateKey, issueCertificate, type PrivateKey, type RsaSize } from '@hs/pki';
import { runInit } from '../src/init.js';

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES: RsaSize[] = [2048, 4096];

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('pnpm-workspace.yaml not found above the bench');
    dir = parent;
  }
  return dir;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The scripts' openssl sequence as one bash script, commands one after the other as the shell
 * runs them; bash's `times` reports the CPU its children used.
 */
async function opensslScripts(dir: string, bits: number): Promise<number> {
  const script = `set -e
openssl req -x509 -newkey rsa:${bits} -nodes -keyout ca.key -out ca.crt -days 36500 -subj /CN=higress-root-ca/O=higress 2>/dev/null
for n in server client; do
  openssl genrsa -out $n.key ${bits} 2>/dev/null
  openssl req -new -key $n.key -out $n.csr -subj /CN=higress-$n/O=higress
  openssl x509 -req -in $n.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $n.crt -days 36500 2>/dev/null
done
openssl req -newkey rsa:${bits} -nodes -keyout root-key.pem -x509 -days 36500 -out root-cert.pem -subj "/C=CN/ST=Shanghai/L=Shanghai/O=Higress/OU=Gateway/CN=Root CA" 2>/dev/null
printf '[req]\ndistinguished_name=dn\nreq_extensions=v3_req\nprompt=no\n[dn]\nO=Higress\nCN=Higress CA\n[v3_req]\nkeyUsage=keyCertSign\nbasicConstraints=CA:TRUE\nsubjectAltName=DNS:ca.higress.io\n' > ca.cfg
openssl genrsa -out ca-key.pem ${bits} 2>/dev/null
openssl req -new -key ca-key.pem -out ca-cert.csr -config ca.cfg -batch -sha256
openssl x509 -req -days 36500 -in ca-cert.csr -sha256 -CA root-cert.pem -CAkey root-key.pem -CAcreateserial -out ca-cert.pem -extensions v3_req -extfile ca.cfg 2>/dev/null
printf '[req]\ndistinguished_name=dn\nreq_extensions=v3_req\nprompt=no\n[dn]\nO=Higress\nCN=Higress Gateway\n[v3_req]\nkeyUsage=digitalSignature,keyEncipherment\nsubjectAltName=URI:spiffe://cluster.local/ns/higress-system/sa/higress-gateway\n' > gateway.cfg
openssl genrsa -out gateway-key.pem ${bits} 2>/dev/null
openssl req -new -key gateway-key.pem -out gateway-cert.csr -config gateway.cfg -batch -sha256
openssl x509 -req -days 36500 -in gateway-cert.csr -sha256 -CA ca-cert.pem -CAkey ca-key.pem -CAcreateserial -out gateway-cert.pem -extensions v3_req -extfile gateway.cfg 2>/dev/null
openssl verify -CAfile root-cert.pem -untrusted ca-cert.pem gateway-cert.pem >/dev/null
times`;
  const { stdout } = await run('bash', ['-c', script], { cwd: dir });
  const children = stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return ((seconds[0] ?? 0) + (seconds[1] ?? 0)) * 1000;
}

async function cpuOf(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const wall = await timed(fn);
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

/**
 * The same six certificates with @hs/pki, built as init builds them: every key generated
 * concurrently, each certificate signed as soon as its issuer exists.
 */
async function sameArtefacts(bits: RsaSize): Promise<void> {
  const spec = { type: 'rsa', size: bits } as const;
  type Signer = { certificatePem: string; key: KeyObject };
  const issue = async (
    cn: string,
    key: Promise<PrivateKey>,
    issuer?: Promise<Signer>,
    leaf = false,
  ): Promise<Signer> => {
    const [own, parent] = await Promise.all([key, issuer]);
    const certificatePem = issueCertificate({
      subject: { CN: cn },
      subjectKey: own.key,
      ...(parent ? { issuer: parent } : {}),
      ...(leaf
        ? { validityDays: 365, keyUsage: ['digitalSignature'] as const }
        : { validityDays: 3650, ca: {}, keyUsage: ['keyCertSign', 'cRLSign'] as const }),
    });
    return { certificatePem, key: own.key };
  };
  const [apiCa, server, client, root, intermediate, gateway] = Array.from({ length: 6 }, () =>
    generatePrivateKey(spec),
  ) as [Promise<PrivateKey>, ...Promise<PrivateKey>[]];
  const ca = issue('apiserver-ca', apiCa);
  const pilotRoot = issue('root', root!);
  const pilotIntermediate = issue('intermediate', intermediate!, pilotRoot);
  await Promise.all([
    issue('server', server!, ca, true),
    issue('client', client!, ca, true),
    issue('gateway', gateway!, pilotIntermediate, true),
  ]);
}

const results: Record<string, unknown>[] = [];
const scratch = await mkdtemp(join(tmpdir(), 'init-bench-'));
try {
  for (const bits of SIZES) {
    const rows = {
      openssl: [] as number[],
      opensslCpu: [] as number[],
      full: [] as number[],
      fullCpu: [] as number[],
      rerun: [] as number[],
    };
    const same: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const a = join(scratch, `openssl-${bits}-${round}`);
      await mkdir(a);
      let cpu = 0;
      rows.openssl.push(await timed(async () => (cpu = await opensslScripts(a, bits))));
      rows.opensslCpu.push(cpu);
      const b = join(scratch, `init-${bits}-${round}`);
      const full = await cpuOf(() => runInit({ root: b, keySize: bits, log: () => undefined }));
      rows.full.push(full.wall);
      rows.fullCpu.push(full.cpu);
      rows.rerun.push(await timed(() => runInit({ root: b, keySize: bits, log: () => undefined })));
      same.push(await timed(() => sameArtefacts(bits)));
    }
    const m = (xs: number[]) => Math.round(median(xs));
    results.push({
      keyType: 'rsa',
      keySize: bits,
      rounds: ROUNDS,
      opensslScriptsMs: m(rows.openssl),
      fullInitMs: m(rows.full),
      sameArtefactsMs: m(same),
      fullInitRatio: +(median(rows.full) / median(rows.openssl)).toFixed(3),
      sameArtefactsRatio: +(median(same) / median(rows.openssl)).toFixed(3),
      opensslCpuMs: m(rows.opensslCpu),
      fullInitCpuMs: m(rows.fullCpu),
      fullInitCpuRatio: +(median(rows.fullCpu) / median(rows.opensslCpu)).toFixed(3),
      rerunInitMs: m(rows.rerun),
      rerunRatio: +(median(rows.rerun) / median(rows.openssl)).toFixed(3),
      target: 0.5,
    });
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const out = join(repoRoot(), 'bench-results', 'initializer.json');
await mkdir(dirname(out), { recursive: true });
const report = {
  bench: 'initializer',
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  note: 'median of rounds; ratio = ours / openssl CLI (scripts sequence) at equal RSA key size',
  results,
};
await writeFile(out, JSON.stringify(report, null, 2) + '\n');
console.table(results);
console.log(`wrote ${out}`);
