/**
 * Encryption at rest hook: the store passes the encoded object of kinds whose registry entry sets
 * `encryptAtRest` through a transformer before handing it to the driver, like kube-apiserver's
 * value transformers (staging/src/k8s.io/apiserver/pkg/storage/value).
 */
export interface ValueTransformer {
  /** Turns the plaintext encoding of an object into what is stored. `key` is the storage key (bind it as AAD). */
  toStorage(plaintext: string, key: string): string;
  /**
   * Reverses `toStorage`. `stale` means it was written under an old key or a legacy format and should
   * be rewritten with the current one on its next update. Throws on tampered or undecryptable data.
   */
  fromStorage(stored: string, key: string): { plaintext: string; stale: boolean };
}

export const identityTransformer: ValueTransformer = {
  toStorage: (plaintext) => plaintext,
  fromStorage: (stored) => ({ plaintext: stored, stale: false }),
};
