// Encryption, encoding and compression: where an SDK hides what it sends. Each call reports its
// input and output samples (kind 'transform'), so the host can follow personal information from
// the read, through gzip and AES, into the send (reports/transforms.ts). A digest or HMAC of an
// identifier is still that identifier's flow (marked hashed, with the algorithm).
//
// Chain groups (outermostOnly): libcore forwards GZIPOutputStream/DeflaterOutputStream writes to
// their Deflater (setInput, deflate) and finish()/close() drain it; MessageDigest.digest(byte[]) is
// update + digest(), Mac.doFinal(byte[]) is update + doFinal(). One group per family keeps one
// call of the app one event: the outermost hooked frame reports.
import type { HookArea, HookSpec } from './types.js';

const ZIP = 'transform:zip';
const DIGEST = 'transform:digest';
const MAC = 'transform:mac';

const t = (spec: Omit<HookSpec, 'kind' | 'args' | 'ret'>): HookSpec => ({ kind: 'transform', args: false, ret: false, ...spec });

export const transforms: HookArea = {
  area: 'transforms',
  hooks: [
    t({ id: 'cipher.init', class: 'javax.crypto.Cipher', method: 'init', overloads: 'all', outermostOnly: true, extract: 'cipher-init', note: 'algorithm/mode/padding, direction and key length (null for keystore keys)' }),
    t({ id: 'cipher.update', class: 'javax.crypto.Cipher', method: 'update', overloads: 'all', outermostOnly: true, extract: 'cipher-data', note: 'byte[] input and output; ByteBuffer forms report no bytes' }),
    t({ id: 'cipher.doFinal', class: 'javax.crypto.Cipher', method: 'doFinal', overloads: 'all', outermostOnly: true, extract: 'cipher-data', note: 'plaintext in, ciphertext out (or the reverse when decrypting)' }),
    t({ id: 'base64.encode', class: 'android.util.Base64', method: 'encode', overloads: 'all', outermostOnly: true, extract: 'base64-encode' }),
    t({ id: 'base64.encodeToString', class: 'android.util.Base64', method: 'encodeToString', overloads: 'all', outermostOnly: true, extract: 'base64-encode' }),
    t({ id: 'gzip.write', class: 'java.util.zip.GZIPOutputStream', method: 'write', overloads: 'all', outermostOnly: ZIP, extract: 'compress-write', note: 'the uncompressed bytes; the host inflates gzip found later in cipher inputs and sends' }),
    t({ id: 'gzip.finish', class: 'java.util.zip.GZIPOutputStream', method: 'finish', overloads: 'all', outermostOnly: ZIP, extract: 'silent', note: 'reports nothing: keeps the Deflater calls that drain the stream silent' }),
    t({ id: 'deflaterstream.write', class: 'java.util.zip.DeflaterOutputStream', method: 'write', overloads: 'all', outermostOnly: ZIP, extract: 'compress-write', note: 'zlib streams (and GZIPOutputStream.write(byte[])/write(int), reported as gzip)' }),
    t({ id: 'deflaterstream.finish', class: 'java.util.zip.DeflaterOutputStream', method: 'finish', overloads: 'all', outermostOnly: ZIP, extract: 'silent', note: 'reports nothing: keeps the Deflater calls that drain the stream silent' }),
    t({ id: 'deflater.setInput', class: 'java.util.zip.Deflater', method: 'setInput', overloads: 'all', outermostOnly: ZIP, extract: 'zip-data', note: 'a Deflater used directly: the bytes to compress' }),
    t({ id: 'deflater.deflate', class: 'java.util.zip.Deflater', method: 'deflate', overloads: 'all', outermostOnly: ZIP, extract: 'zip-data', note: 'the compressed bytes written into the caller buffer (calls that wrote none report nothing)' }),
    t({ id: 'inflater.inflate', class: 'java.util.zip.Inflater', method: 'inflate', overloads: 'all', outermostOnly: 'java.util.zip.Inflater', extract: 'zip-data', note: 'decompressed bytes (responses, configuration): never the start of an outgoing chain' }),
    t({ id: 'digest.update', class: 'java.security.MessageDigest', method: 'update', overloads: 'all', outermostOnly: DIGEST, extract: 'digest-data', note: 'the bytes hashed (update(ByteBuffer) reports no bytes)' }),
    t({ id: 'digest.digest', class: 'java.security.MessageDigest', method: 'digest', overloads: 'all', outermostOnly: DIGEST, extract: 'digest-data', note: 'the digest (and the input of digest(byte[]))' }),
    t({ id: 'mac.init', class: 'javax.crypto.Mac', method: 'init', overloads: 'all', outermostOnly: MAC, extract: 'mac-init', note: 'algorithm and key length' }),
    t({ id: 'mac.update', class: 'javax.crypto.Mac', method: 'update', overloads: 'all', outermostOnly: MAC, extract: 'digest-data', note: 'the bytes authenticated' }),
    t({ id: 'mac.doFinal', class: 'javax.crypto.Mac', method: 'doFinal', overloads: 'all', outermostOnly: MAC, extract: 'digest-data', note: 'the HMAC (and the input of doFinal(byte[])); doFinal(byte[], int) is read back from the buffer (getMacLength)' }),
  ],
};
