// Conformance ledger: Android behaviours the emulator models (see ./types.ts).
import type { ConformanceEntry } from './types.js';

export const ANDROID: ConformanceEntry[] = [
  {
    id: 'android.conscrypt.engine-socket-default',
    runtime: 'android',
    behaviour:
      'From Android 11 (API 30) the platform SSLSocketFactory hands out ConscryptEngineSocket: SSLUtils.USE_ENGINE_SOCKET_BY_DEFAULT reads org.conscrypt.useEngineSocketByDefault, default true, in the Conscrypt module; OpenSSLSocketFactoryImpl.createSocket then calls Platform.createEngineSocket. Earlier releases use ConscryptFileDescriptorSocket.',
    source: 'google/conscrypt common/src/main/java/org/conscrypt/SSLUtils.java (USE_ENGINE_SOCKET_BY_DEFAULT), common/src/main/java/org/conscrypt/OpenSSLSocketFactoryImpl.java (createSocket)',
    model: 'emulator/android/net.ts (ENGINE_SOCKET_API, exchange)',
    test: 'test/network/engine-socket.test.ts',
  },
  {
    id: 'android.conscrypt.engine-ssl-no-fd',
    runtime: 'android',
    behaviour:
      'An engine socket encrypts into a memory BIO: ConscryptEngineSocket.SSLOutputStream.writeInternal calls engine.wrap (NativeCrypto.ENGINE_SSL_write_direct -> SSL_write) and then socketOutputStream.write(target) on the same thread, so the ciphertext leaves through java.net.SocketOutputStream; SSL_get_fd on that SSL* answers -1 (SSL_get_rfd finds no BIO_TYPE_DESCRIPTOR); SSL_get_servername still answers the SNI host Conscrypt set.',
    source: 'google/conscrypt common/src/main/java/org/conscrypt/ConscryptEngineSocket.java (SSLOutputStream.writeInternal); google/boringssl ssl/ssl_lib.cc (SSL_get_fd -> SSL_get_rfd)',
    model: 'emulator/native/natives.ts (sslWriteBio, invokeFunction SSL_get_fd), emulator/android/net.ts (ConscryptEngineSocket$SSLOutputStream)',
    test: 'test/network/engine-socket.test.ts',
  },
  {
    id: 'android.bionic.addrinfo-layout',
    runtime: 'android',
    behaviour:
      'bionic declares struct addrinfo in BSD order: ai_flags, ai_family, ai_socktype, ai_protocol, ai_addrlen, then ai_canonname BEFORE ai_addr, then ai_next (glibc and musl put ai_addr first); LP64 offsets 0/4/8/12/16/24/32/40. getaddrinfo(node, service, hints, res) and android_getaddrinfofornet(node, service, hints, netid, mark, res) return 0 and the list in *res, or an EAI_* code (EAI_NONAME 8).',
    source: 'aosp-mirror/platform_bionic libc/include/netdb.h (struct addrinfo, EAI_*); packages/modules/DnsResolver tests (android_getaddrinfofornet declaration)',
    model: 'emulator/native/natives.ts (NativeLayer.getaddrinfo)',
    test: 'test/network/native-dns.test.ts',
  },
  {
    id: 'android.bionic.mmsghdr-layout',
    runtime: 'android',
    behaviour: 'sendmmsg(fd, struct mmsghdr*, vlen, flags): mmsghdr is { struct msghdr msg_hdr; unsigned int msg_len; }, 64 bytes on LP64 (msghdr 56 + 4 + padding), so message i starts at i*64.',
    source: 'aosp-mirror/platform_bionic libc/include/sys/socket.h (struct mmsghdr)',
    model: 'emulator/native/natives.ts (NativeLayer.send via sendmmsg)',
    test: 'test/network/native-dns.test.ts',
  },
  {
    id: 'android.okhttp.alpn-h2',
    runtime: 'vendor',
    behaviour:
      "App-bundled OkHttp 3/4 offers h2 and http/1.1 in ALPN on https (OkHttpClient DEFAULT_PROTOCOLS = [HTTP_2, HTTP_1_1]) and speaks HTTP/2 when the server selects it: Http2Connection.start() writes the client preface and SETTINGS, then each stream's HEADERS and DATA. The platform HttpURLConnection (com.android.okhttp) offers only http/1.1 (HttpHandler HTTP_1_1_ONLY).",
    source: 'square/okhttp okhttp/src/main/java/okhttp3/OkHttpClient.java (DEFAULT_PROTOCOLS), okhttp3/internal/http2/Http2Connection.java (start); aosp external/okhttp android/main/java/com/squareup/okhttp/HttpHandler.java (HTTP_1_1_ONLY)',
    model: 'emulator/libraries/http.ts (okhttp exchange, device.h2Hosts), emulator/android/net.ts (h2Preface, h2Request)',
    test: 'test/network/h2-traffic.test.ts',
  },
  {
    id: 'android.crypto.cipher-aes',
    runtime: 'android',
    behaviour:
      'javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding") (Conscrypt/BouncyCastle providers) with a 16/24/32-byte SecretKeySpec and an IvParameterSpec encrypts with AES-CBC and PKCS#7 padding; doFinal(byte[]) returns the whole ciphertext; an unknown transformation throws NoSuchAlgorithmException, a wrong key size InvalidKeyException, doFinal before init IllegalStateException, a too-short output array ShortBufferException.',
    source: 'aosp libcore/ojluni/src/main/java/javax/crypto/Cipher.java (getInstance, init, doFinal, checkCipherState); external/conscrypt common/src/main/java/org/conscrypt/OpenSSLCipher.java',
    model: 'emulator/android/crypto.ts (javax.crypto.Cipher)',
    test: 'test/network/transforms.test.ts',
  },
  {
    id: 'android.zip.gzip-stream',
    runtime: 'android',
    behaviour: 'java.util.zip.GZIPOutputStream writes one gzip member (RFC 1952: 1f 8b 08 header, deflate data, CRC32 and size trailer) to the wrapped stream; finish() completes it, close() finishes and closes the wrapped stream. The model emits the member at finish(), where the real class writes the header at construction and deflates as data comes.',
    source: 'aosp libcore/ojluni/src/main/java/java/util/zip/GZIPOutputStream.java (writeHeader, finish)',
    model: 'emulator/android/crypto.ts (java.util.zip.GZIPOutputStream)',
    test: 'test/network/transforms.test.ts',
  },
  {
    id: 'android.util.base64',
    runtime: 'android',
    behaviour: 'android.util.Base64.encodeToString(byte[], flags): standard alphabet; NO_WRAP (2) gives one line, DEFAULT (0) wraps at 76 characters and ends with a newline, NO_PADDING (1) drops "=", URL_SAFE (8) uses "-" and "_".',
    source: 'aosp frameworks/base core/java/android/util/Base64.java (Encoder, LINE_GROUPS = 19)',
    model: 'emulator/android/crypto.ts (android.util.Base64)',
    test: 'test/network/transforms.test.ts',
  },
];
