import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** The key types the initializer offers. ECDSA is always P-256 (the curve Istio and Go TLS prefer). */
export type KeySpec = { type: 'rsa'; size: RsaSize } | { type: 'ecdsa'; curve: 'P-256' };

export const RSA_SIZES = [2048, 3072, 4096] as const;
export type RsaSize = (typeof RSA_SIZES)[number];

/** Thrown for a key that cannot be parsed or does not fit; the message names the problem. */
export class KeyError extends Error {
  override readonly name = 'KeyError';
}

/**
 * Builds a KeySpec from CLI-style options; rejects sizes and types we do not offer
 * rather than silently picking another.
 */
export function keySpecFrom(type: string, size?: number | string): KeySpec {
  if (type === 'ecdsa') {
    if (size !== undefined && String(size) !== '256') {
      throw new KeyError(`ECDSA keys are P-256 only; --key-size ${size} is not valid with --key-type ecdsa`);
    }
    return { type: 'ecdsa', curve: 'P-256' };
  }
  if (type === 'rsa') {
    const bits = size === undefined ? 4096 : Number(size);
    if (!(RSA_SIZES as readonly number[]).includes(bits)) {
      throw new KeyError(`RSA key size must be one of ${RSA_SIZES.join(', ')}, got ${String(size)}`);
    }
    return { type: 'rsa', size: bits as RsaSize };
  }
  throw new KeyError(`key type must be rsa or ecdsa, got ${type}`);
}

export function describeKeySpec(spec: KeySpec): string {
  return spec.type === 'rsa' ? `RSA ${spec.size}` : 'ECDSA P-256';
}

/** A generated or loaded private key with its PKCS#8 PEM form. */
export interface PrivateKey {
  readonly key: KeyObject;
  readonly pem: string;
}

/** Generates a key pair natively (node:crypto, off the main thread). PEM is PKCS#8. */
export async function generatePrivateKey(spec: KeySpec): Promise<PrivateKey> {
  const pair =
    spec.type === 'rsa'
      ? await generateKeyPairAsync('rsa', { modulusLength: spec.size, publicExponent: 0x10001 })
      : await generateKeyPairAsync('ec', { namedCurve: 'prime256v1' });
  const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { key: pair.privateKey, pem };
}

/** Parses a PEM private key (PKCS#1, SEC1 or PKCS#8); throws KeyError naming `label` otherwise. */
export function parsePrivateKey(pem: string, label = 'private key'): PrivateKey {
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    return { key, pem };
  } catch (err) {
    throw new KeyError(`${label} is not a readable PEM private key (${(err as Error).message})`);
  }
}

/** The KeySpec a key actually has, or undefined for a type we never generate (e.g. Ed25519, P-384). */
export function keySpecOf(key: KeyObject): KeySpec | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength !== undefined) {
    const size = details.modulusLength;
    return (RSA_SIZES as readonly number[]).includes(size)
      ? { type: 'rsa', size: size as RsaSize }
      : undefined;
  }
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') {
    return { type: 'ecdsa', curve: 'P-256' };
  }
  return undefined;
}

export function sameKeySpec(a: KeySpec | undefined, b: KeySpec): boolean {
  if (!a || a.type !== b.type) return false;
  return a.type === 'ecdsa' || (b.type === 'rsa' && a.size === b.size);
}

/** DER SubjectPublicKeyInfo of a private or public key. */
export function publicKeyDer(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ type: 'spki', format: 'der' });
}
