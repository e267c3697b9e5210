/**
 * Lines of a peer's log that say our API server let it down: a list or watch that failed, a
 * request that was refused or not understood. client-go reflectors and Istio's kube clients print
 * these (`failed to list`, `watch error`, `Failed to watch`, `the server could not find`,
 * `forbidden`, ...); a clean run has none.
 */
const API_TROUBLE = [
  /failed to (list|watch)/i,
  /watch error/i,
  /the server could not find the requested resource/i,
  /is forbidden/i,
  /the server rejected our request/i,
  /an error on the server/i,
  /unable to decode an event from the watch stream/i,
  /Unexpected watch close/i,
  /couldn't get resource list/i,
  /the server has asked for the client to provide credentials/i,
];

export function apiTrouble(log: string): string[] {
  return log.split('\n').filter((line) => API_TROUBLE.some((p) => p.test(line)));
}
