// Files and commands: the routes around the framework's getters. Every Java file open (new
// FileInputStream/FileReader/RandomAccessFile, Files.newInputStream via the stream classes) ends
// in libcore.io.IoBridge.open, and every command in ProcessBuilder.start; both report only what
// agent/catalog/collection.ts classifies as an identifier or app-list source (every call is
// counted). The native routes (open/openat/fopen, __system_property_get, getifaddrs, ioctl) are
// in agent/catalog/natives.ts and use the same classification.
import type { HookArea } from './types.js';

export const files: HookArea = {
  area: 'files',
  hooks: [
    {
      id: 'file.open',
      class: 'libcore.io.IoBridge',
      method: 'open',
      overloads: 'all',
      kind: 'pi',
      hidden: { aosp: 'libcore/luni/src/main/java/libcore/io/IoBridge.java' },
      declared: [{ params: ['java.lang.String', 'int'] }],
      extract: 'file-open',
      args: [0],
      ret: false,
      note: 'the funnel under FileInputStream, FileReader, RandomAccessFile and FileOutputStream; only identifier and app-list paths are reported',
    },
    {
      id: 'exec.runtime',
      class: 'java.lang.Runtime',
      method: 'exec',
      overloads: 'all',
      kind: 'pi',
      outermostOnly: 'exec',
      extract: 'exec-command',
      ret: false,
      note: 'per libcore Runtime.java: exec(String[, envp[, dir]]) tokenizes and calls exec(String[], envp, dir), which runs new ProcessBuilder(cmdarray).start(); the outermost call reports',
    },
    {
      id: 'exec.processBuilder',
      class: 'java.lang.ProcessBuilder',
      method: 'start',
      overloads: 'all',
      kind: 'pi',
      outermostOnly: 'exec',
      extract: 'exec-command',
      ret: false,
      note: 'commands built with ProcessBuilder directly, and the end of every Runtime.exec',
    },
  ],
};
