// The part of Frida 17's Device / Session / Script API that sdktrace uses, written structurally so
// that a real `frida.Device` satisfies it (checked by `npm run typecheck` against the pinned frida
// declarations that scripts/frida-types.mjs unpacks: host/device/frida.ts assigns the Device it gets
// to a DeviceLike) and the emulated device implements it. The tracer codes only against these
// interfaces, so it cannot tell a phone from the emulator.
//
// Names follow frida.d.ts exactly: signals are properties with connect/disconnect and camelCase
// names; there is no EventEmitter `.on()`.

export interface Signal<H extends (...args: any[]) => void> {
  connect(handler: H): void;
  disconnect(handler: H): void;
}

export interface SpawnLike {
  pid: number;
  /** Process name; on Android may be "pkg:proc". */
  identifier: string;
}

export interface ChildLike {
  pid: number;
  parentPid: number;
  origin: 'fork' | 'exec' | 'spawn' | string;
  identifier: string;
  path: string;
  argv: string[];
  envp: string[];
}

export interface CrashLike {
  pid: number;
  processName: string;
  summary: string;
  report: string;
  parameters: Record<string, unknown>;
}

export interface ProcessLike {
  pid: number;
  name: string;
  parameters: Record<string, unknown>;
}

export interface ApplicationLike {
  identifier: string;
  name: string;
  /** 0 when not running. */
  pid: number;
  parameters: Record<string, unknown>;
}

export interface SystemParametersLike {
  os: { id: string; name: string; version?: string; build?: string };
  platform?: string;
  arch?: string;
  [key: string]: unknown;
}

export type DetachReason =
  | 'application-requested'
  | 'process-replaced'
  | 'process-terminated'
  | 'connection-terminated'
  | 'device-lost';

export type SendMessageLike = { type: 'send'; payload: any };
export type ErrorMessageLike = {
  type: 'error';
  description: string;
  stack?: string;
  fileName?: string;
  lineNumber?: number;
  columnNumber?: number;
};
export type MessageLike = SendMessageLike | ErrorMessageLike;

export interface ScriptLike {
  readonly message: Signal<(message: any, data: Buffer | null) => void>;
  readonly destroyed: Signal<() => void>;
  readonly exports: { [name: string]: (...args: any[]) => Promise<any> };
  readonly isDestroyed: boolean;
  logHandler: (level: any, text: string) => void;
  load(): Promise<void>;
  unload(): Promise<void>;
  post(message: any, data?: Buffer | null): void;
}

export interface SessionLike {
  readonly pid: number;
  readonly detached: Signal<(reason: any, crash: any) => void>;
  isDetached(): boolean;
  detach(): Promise<void>;
  resume(): Promise<void>;
  enableChildGating(): Promise<void>;
  disableChildGating(): Promise<void>;
  createScript(source: string, options?: { name?: string; runtime?: any }): Promise<ScriptLike>;
}

export interface DeviceLike {
  readonly id: string;
  readonly name: string;
  readonly type: any;
  readonly spawnAdded: Signal<(spawn: SpawnLike) => void>;
  readonly spawnRemoved: Signal<(spawn: SpawnLike) => void>;
  readonly childAdded: Signal<(child: ChildLike) => void>;
  readonly childRemoved: Signal<(child: ChildLike) => void>;
  readonly processCrashed: Signal<(crash: CrashLike) => void>;
  readonly spawnGatingDisabled: Signal<(reason: any) => void>;
  readonly lost: Signal<() => void>;
  isLost(): boolean;
  querySystemParameters(): Promise<SystemParametersLike>;
  enumerateProcesses(options?: { pids?: number[]; scope?: any }): Promise<ProcessLike[]>;
  enumerateApplications(options?: { identifiers?: string[]; scope?: any }): Promise<ApplicationLike[]>;
  enableSpawnGating(options?: { scope?: any }): Promise<void>;
  disableSpawnGating(): Promise<void>;
  enumeratePendingSpawn(): Promise<SpawnLike[]>;
  spawn(program: string | string[], options?: { aux?: Record<string, unknown>; [k: string]: unknown }): Promise<number>;
  resume(target: number): Promise<void>;
  kill(target: number): Promise<void>;
  attach(target: number, options?: { realm?: any; persistTimeout?: number }): Promise<SessionLike>;
}
