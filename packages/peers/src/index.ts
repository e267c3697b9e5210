export { type BuiltPeer, buildPeers } from './build.js';
export { PeerBuildError } from './go-tool.js';
export { type PeerLookup, peerBinary } from './locate.js';
export { binDir, peersRoot } from './paths.js';
export { PEER_TARGETS, type PeerTarget, peerTarget } from './targets.js';
