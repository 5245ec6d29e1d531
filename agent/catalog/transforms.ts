// Encryption, encoding and compression: where an SDK hides what it sends. Each call reports its
// input and output samples (kind 'transform'), so the host can follow personal information from
// the read, through gzip and AES, into the send (reports/transforms.ts). MessageDigest and Mac are
// not hooked yet: a digest of an identifier is matched by the payload search's digest forms.
import type { HookArea, HookSpec } from './types.js';

const t = (spec: Omit<HookSpec, 'kind' | 'args' | 'ret'>): HookSpec => ({ kind: 'transform', args: false, ret: false, ...spec });

export const transforms: HookArea = {
  area: 'transforms',
  hooks: [
    t({ id: 'cipher.init', class: 'javax.crypto.Cipher', method: 'init', overloads: 'all', outermostOnly: true, extract: 'cipher-init', note: 'algorithm/mode/padding, direction and key length (null for keystore keys)' }),
    t({ id: 'cipher.update', class: 'javax.crypto.Cipher', method: 'update', overloads: 'all', outermostOnly: true, extract: 'cipher-data', note: 'byte[] input and output; ByteBuffer forms report no bytes' }),
    t({ id: 'cipher.doFinal', class: 'javax.crypto.Cipher', method: 'doFinal', overloads: 'all', outermostOnly: true, extract: 'cipher-data', note: 'plaintext in, ciphertext out (or the reverse when decrypting)' }),
    t({ id: 'base64.encode', class: 'android.util.Base64', method: 'encode', overloads: 'all', outermostOnly: true, extract: 'base64-encode' }),
    t({ id: 'base64.encodeToString', class: 'android.util.Base64', method: 'encodeToString', overloads: 'all', outermostOnly: true, extract: 'base64-encode' }),
    t({ id: 'gzip.write', class: 'java.util.zip.GZIPOutputStream', method: 'write', overloads: 'all', outermostOnly: true, extract: 'compress-write', note: 'the uncompressed bytes; the host inflates gzip found later in cipher inputs and sends' }),
  ],
};
