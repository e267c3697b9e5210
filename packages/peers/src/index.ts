export { type BuiltPeer, buildPeers } from './build.js';
export { PeerBuildError } from './go-tool.js';
export { type PeerLookup, peerBinary } from './locate.js';
export { etcdMissing, type RunningEtcd, startEtcd } from './oracle/etcd.js';
export {
  type KubeApiserverOptions,
  kubeApiserverMissing,
  type RunningKubeApiserver,
  startKubeApiserver,
} from './oracle/kube-apiserver.js';
export { type OraclePki, oraclePki } from './oracle/pki.js';
export { freePort } from './oracle/ports.js';
export { binDir, peersRoot } from './paths.js';
export { PEER_TARGETS, type PeerTarget, peerTarget } from './targets.js';
