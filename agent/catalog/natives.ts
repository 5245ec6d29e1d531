// Native hooks (agent/natives), listed here so `sdktrace hooks` shows them with the Java ones.
// libc symbols are hooked in libc.so; BoringSSL symbols in every mapped libssl.so (the system
// copy and Conscrypt's /apex/com.android.conscrypt copy on Android 10+), including ones loaded
// later. The 'pi' ones read around the framework; their paths and property names are classified
// by agent/catalog/collection.ts, as the Java file and command hooks are.
import type { NativeHookSpec } from './types.js';

export const NATIVE_HOOKS: readonly NativeHookSpec[] = [
  { id: 'native.connect', module: 'libc.so', symbol: 'connect', kind: 'net', note: 'destination from the sockaddr (IPv4, IPv6, v4-mapped); marks the fd as a network socket' },
  { id: 'native.sendto', module: 'libc.so', symbol: 'sendto', kind: 'net', note: 'send() is sendto() in bionic, so send is not hooked (no double count)' },
  { id: 'native.write', module: 'libc.so', symbol: 'write', kind: 'net', note: 'filtered in native code (CModule fd bitmap): only marked network sockets enter JavaScript' },
  { id: 'native.writev', module: 'libc.so', symbol: 'writev', kind: 'net', note: 'socket fds only; the first iovec is sampled' },
  { id: 'native.sendmsg', module: 'libc.so', symbol: 'sendmsg', kind: 'net', note: 'socket fds only; destination from msg_name, first iovec sampled' },
  { id: 'native.sendmmsg', module: 'libc.so', symbol: 'sendmmsg', kind: 'net', note: 'socket fds only; one event per call: destination and sample of the first message, bytes of all' },
  { id: 'native.getaddrinfo', module: 'libc.so', symbol: 'getaddrinfo', kind: 'net', note: 'emits nothing: the answers map ip -> name so native connects and sends carry the name (hostFrom getaddrinfo)' },
  { id: 'native.android_getaddrinfofornet', module: 'libc.so', symbol: 'android_getaddrinfofornet', kind: 'net', note: "the platform resolver entry (libjavacore's InetAddress lookups); emits nothing, feeds the same ip -> name map" },
  { id: 'native.close', module: 'libc.so', symbol: 'close', kind: 'net', note: 'forgets the cached socket type of the fd (fds are reused); filtered in native code, which clears the fd bit; emits nothing' },
  { id: 'native.socket', module: 'libc.so', symbol: 'socket', kind: 'net', note: 'marks AF_INET/AF_INET6 sockets for the native fd pre-filter (agent/natives/fdfilter.ts); emits nothing' },
  { id: 'native.accept4', module: 'libc.so', symbol: 'accept4', kind: 'net', note: "marks accepted connections for the native fd pre-filter (bionic's accept() calls accept4); emits nothing" },
  { id: 'native.SSL_write', module: 'libssl.so', symbol: 'SSL_write', kind: 'net', note: 'plaintext before encryption, in every mapped libssl.so; host from SNI' },
  { id: 'native.SSL_read', module: 'libssl.so', symbol: 'SSL_read', kind: 'net', note: 'bytes received over TLS (no payload kept)' },
  { id: 'native.SSL_free', module: 'libssl.so', symbol: 'SSL_free', kind: 'net', note: 'forgets the cached SNI host of the SSL* (freed SSL objects are reused by the allocator); emits nothing' },
  { id: 'native.open', module: 'libc.so', symbol: 'open', kind: 'pi', note: 'identifier and app-list paths only (agent/catalog/collection.ts); under IoBridge.open the Java event is the one call' },
  { id: 'native.openat', module: 'libc.so', symbol: 'openat', kind: 'pi', note: 'as open (the path argument is the second)' },
  { id: 'native.fopen', module: 'libc.so', symbol: 'fopen', kind: 'pi', note: 'as open' },
  { id: 'native.__system_property_get', module: 'libc.so', symbol: '__system_property_get', kind: 'pi', note: 'identifier properties only (ro.serialno, IMEI/MAC/operator keys); the value is read after the call' },
  { id: 'native.getifaddrs', module: 'libc.so', symbol: 'getifaddrs', kind: 'pi', note: 'interface list (addresses; link-layer addresses on older releases)' },
  { id: 'native.ioctl', module: 'libc.so', symbol: 'ioctl', kind: 'pi', note: 'SIOCGIFHWADDR only (the request number is checked first)' },
];
