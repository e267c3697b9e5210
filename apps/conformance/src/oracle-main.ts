#!/usr/bin/env node
/**
 * `pnpm oracle:start`: etcd + the built kube-apiserver on loopback with our registry's CRDs,
 * until Ctrl-C. Prints the URL and an admin kubeconfig for kubectl.
 */
import { kubeApiserverMissing, startKubeApiserver } from '@hs/peers';
import { registryCrds } from './crds.js';

const missing = kubeApiserverMissing();
if (missing) {
  console.error(`oracle: ${missing}`);
  process.exit(1);
}
const started = performance.now();
const oracle = await startKubeApiserver({ crds: registryCrds() });
console.log(
  `kube-apiserver ready on ${oracle.url} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`kubeconfig: ${oracle.kubeconfig}`);
console.log(`logs: ${oracle.dir}  (Ctrl-C stops kube-apiserver and etcd and removes it)`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await oracle.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
