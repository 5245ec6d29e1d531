// `sdktrace trace --tls-patterns FILE`: byte patterns of SSL_write/SSL_read in builds that link
// BoringSSL statically without exporting it (libflutter.so, libcronet*.so, the WebView library),
// handed to the agent (AgentConfig.tlsPatterns). sdktrace ships no patterns for real builds: the
// public pattern databases (friTap's) publish key-logging patterns, not SSL_write/SSL_read ones,
// so a lab extracts them from the build it traces. Errors name the JSON path and what to fix.
import { readFileSync } from 'node:fs';
import type { TlsPatterns } from '../../protocol/messages.js';
import { UserError } from '../../protocol/errors.js';

/** Memory.scanSync syntax: hex bytes, '??' or nibble '?' wildcards, optional ':' mask. */
const PATTERN = /^\s*(?:[0-9a-fA-F?]{2}\s*)+(?::\s*(?:[0-9a-fA-F]{2}\s*)+)?$/;

export function loadTlsPatterns(file: string): TlsPatterns[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`--tls-patterns ${file}: ${(e as Error).message} (expected a JSON array of {"module": "libflutter.so", "SSL_write": ["ff 43 01 d1 ..."], "SSL_read": [...]})`);
  }
  if (!Array.isArray(raw)) throw new UserError(`--tls-patterns ${file}: $ must be an array of {module, SSL_write, SSL_read} entries`);
  return raw.map((e: unknown, i) => {
    const at = `$[${i}]`;
    if (typeof e !== 'object' || e === null) throw new UserError(`--tls-patterns ${file}: ${at} must be an object`);
    const o = e as Record<string, unknown>;
    if (typeof o.module !== 'string' || !/^[\w.+-]+$/.test(o.module)) throw new UserError(`--tls-patterns ${file}: ${at}.module must be a library file name such as "libflutter.so"`);
    const out: TlsPatterns = { module: o.module };
    for (const fn of ['SSL_write', 'SSL_read'] as const) {
      const v = o[fn];
      if (v === undefined) continue;
      if (!Array.isArray(v)) throw new UserError(`--tls-patterns ${file}: ${at}.${fn} must be an array of byte patterns`);
      v.forEach((p, k) => {
        if (typeof p !== 'string' || !PATTERN.test(p) || /^[\s?:]*$/.test(p.split(':')[0]!)) throw new UserError(`--tls-patterns ${file}: ${at}.${fn}[${k}] is not a Memory.scanSync pattern (hex bytes like "ff 43 01 d1", "??" or "5?" wildcards, at least one fixed byte)`);
      });
      out[fn] = v as string[];
    }
    if (out.SSL_write === undefined && out.SSL_read === undefined) throw new UserError(`--tls-patterns ${file}: ${at} has neither SSL_write nor SSL_read patterns`);
    return out;
  });
}
