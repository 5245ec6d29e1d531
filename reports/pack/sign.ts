// Signed evidence packs. A pack's hashes only prove it is self-consistent: whoever rewrites every
// file can recompute them. A signature by the lab's key over the manifest (which holds the chain
// head, every file's SHA-256, the versions, the signer's key fingerprint and the time) proves the
// manifest is the one the key holder exported; a recipient who got the lab's public key by
// another channel checks it with `verify --trusted-key`. Ed25519 through Node's crypto (no
// dependency): small keys, deterministic signatures, no parameters to get wrong.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { UserError } from '../../protocol/errors.js';

export const SIGNATURE_FILE = 'manifest.sig';
export const SIGNATURE_FORMAT = 'sdktrace-signature/1';

export interface Signer {
  /** "sha256:" + hex SHA-256 of the public key's DER (SubjectPublicKeyInfo). */
  fingerprint: string;
  /** The public key, PEM (SPKI). */
  publicKey: string;
  /** A name the lab gave when exporting (`--signer`), or null. */
  name: string | null;
}

/** manifest.sig: the Ed25519 signature over the exact bytes of manifest.json. */
export interface SignatureFile {
  format: typeof SIGNATURE_FORMAT;
  algorithm: 'ed25519';
  fingerprint: string;
  signature: string;
}

export function generateKeys(): { privatePem: string; publicPem: string; fingerprint: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
  };
}

export function fingerprintOf(key: KeyObject): string {
  return `sha256:${createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

/** A private key from PEM text; `where` names the file in errors. */
export function privateKeyFrom(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new UserError(`${where}: not a private key in PEM form (${(e as Error).message}); make one with \`sdktrace keygen\``);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UserError(`${where}: an ${key.asymmetricKeyType} key; packs are signed with Ed25519 keys (\`sdktrace keygen\`)`);
  return key;
}

/** A public key from PEM text (a private key file is accepted and its public half used). */
export function publicKeyFrom(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (e) {
    throw new UserError(`${where}: not a public key in PEM form (${(e as Error).message}); use the .pub file \`sdktrace keygen\` wrote`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UserError(`${where}: an ${key.asymmetricKeyType} key; packs are signed with Ed25519 keys`);
  return key;
}

export function signerOf(key: KeyObject, name: string | null): Signer {
  const pub = createPublicKey(key);
  return { fingerprint: fingerprintOf(pub), publicKey: pub.export({ type: 'spki', format: 'pem' }).toString(), name };
}

export function signManifest(manifestBytes: Uint8Array, key: KeyObject): SignatureFile {
  return { format: SIGNATURE_FORMAT, algorithm: 'ed25519', fingerprint: fingerprintOf(createPublicKey(key)), signature: sign(null, manifestBytes, key).toString('base64') };
}

export type SignatureCheck =
  | { state: 'unsigned' }
  | { state: 'valid'; fingerprint: string; name: string | null; trusted: boolean }
  | { state: 'invalid'; reason: string };

/**
 * Checks manifest.sig against the manifest's bytes. Without a trusted key the key named in the
 * manifest is used (proving only that the manifest was not changed after signing by that key's
 * holder); with one, the signature must verify with the trusted key itself.
 */
export function checkSignature(manifestBytes: Uint8Array, sigBytes: Uint8Array | undefined, signer: Signer | null | undefined, trusted: KeyObject | null): SignatureCheck {
  if (sigBytes === undefined && (signer === null || signer === undefined)) return { state: 'unsigned' };
  if (sigBytes === undefined) return { state: 'invalid', reason: `the manifest names signer ${signer!.fingerprint} but the pack has no ${SIGNATURE_FILE}` };
  let sig: SignatureFile;
  try {
    sig = JSON.parse(Buffer.from(sigBytes).toString('utf8')) as SignatureFile;
  } catch {
    return { state: 'invalid', reason: `${SIGNATURE_FILE} is not JSON` };
  }
  if (sig.format !== SIGNATURE_FORMAT || sig.algorithm !== 'ed25519' || typeof sig.signature !== 'string') return { state: 'invalid', reason: `${SIGNATURE_FILE} is not an ${SIGNATURE_FORMAT} Ed25519 signature` };
  if (signer === null || signer === undefined) return { state: 'invalid', reason: `${SIGNATURE_FILE} is present but the manifest names no signer (manifest.signer)` };
  if (sig.fingerprint !== signer.fingerprint) return { state: 'invalid', reason: `${SIGNATURE_FILE} is by key ${sig.fingerprint}, the manifest names ${signer.fingerprint}` };
  let key: KeyObject;
  try {
    key = trusted ?? publicKeyFrom(signer.publicKey, 'manifest.signer.publicKey');
  } catch (e) {
    return { state: 'invalid', reason: (e as Error).message };
  }
  if (fingerprintOf(key) !== signer.fingerprint) {
    return trusted !== null
      ? { state: 'invalid', reason: `signed by key ${signer.fingerprint}${signer.name ? ` (${signer.name})` : ''}, not by the trusted key ${fingerprintOf(key)}` }
      : { state: 'invalid', reason: `manifest.signer.publicKey does not have the fingerprint ${signer.fingerprint}` };
  }
  let ok = false;
  try {
    ok = verify(null, manifestBytes, key, Buffer.from(sig.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) return { state: 'invalid', reason: `the signature by ${signer.fingerprint} does not match manifest.json: the manifest was changed after signing` };
  return { state: 'valid', fingerprint: signer.fingerprint, name: signer.name, trusted: trusted !== null };
}
