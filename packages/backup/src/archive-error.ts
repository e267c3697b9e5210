/** A bad archive or a missing/wrong key. The message says what is wrong; nothing was written. */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
  constructor(
    readonly code: 'Corrupt' | 'Unsupported' | 'KeyRequired' | 'WrongKey' | 'UnknownKind',
    message: string,
  ) {
    super(message);
  }
}

/** Objects of sensitive kinds exist and there is no key to seal them. */
export class SecretsNeedKeyError extends Error {
  override readonly name = 'SecretsNeedKeyError';
  constructor(readonly counts: Record<string, number>) {
    const list = Object.entries(counts)
      .map(([resource, n]) => `${n} ${resource}`)
      .join(', ');
    super(`the backup holds objects of sensitive kinds (${list}) and no key was given to seal them`);
  }
}
