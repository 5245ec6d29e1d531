// Loads and validates scenario files. Structural errors come from the TypeBox schema, semantic
// ones (unknown process, executor, variable, API method missing at the device's API level...) from
// the checks below; both name the JSON path, e.g. "demo.json: timeline[4].do[0].call: ...".
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { apacheLegacyLibrary } from '../android/http.js';
import { isModelledService, unmodelledServiceReason } from '../android/content.js';
import { registeredAt, SYSTEM_SERVICES } from '../android/services.js';
import { FRAMEWORK, frameworkClass } from '../android/index.js';
import { EXCLUSIVE, LIBRARIES, librarySpecs } from '../libraries/index.js';
import { existsAt, m as mm } from '../java/model.js';
import { ACC, normalizeTypeName, overloadKey } from '../java/types.js';
import { ActionSchema, ArgSchema, READS, ScenarioSchema, type Action, type ArgValue, type ComponentDeclaration, type Scenario } from './schema.js';

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${source}: ${path === '' ? '' : `${path}: `}${problem}`);
    this.name = 'ScenarioError';
  }
}

const check = TypeCompiler.Compile(ScenarioSchema, [ActionSchema, ArgSchema]);
const compiled = new Map<TSchema, ReturnType<typeof TypeCompiler.Compile>>();

function compile(schema: TSchema): ReturnType<typeof TypeCompiler.Compile> {
  let c = compiled.get(schema);
  if (c === undefined) {
    c = TypeCompiler.Compile(schema, [ActionSchema, ArgSchema]);
    compiled.set(schema, c);
  }
  return c;
}

/** Keys that say which kind of action an object is. */
const ACTION_KEYS = ['call', 'read', 'in', 'execute', 'submit', 'post', 'thread', 'http', 'socket', 'native', 'start', 'exec', 'throw'];

/** The union member a value means: by its `type` literal, or by the action key it carries. */
function discriminate(union: TSchema & { anyOf: TSchema[] }, v: unknown): TSchema | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  for (const variant of union.anyOf) {
    const props = (variant as { properties?: Record<string, { const?: unknown }> }).properties;
    if (props === undefined) continue;
    if ('type' in o && props.type?.const !== undefined) {
      if (props.type.const === o.type) return variant;
      continue;
    }
    const key = ACTION_KEYS.find((k) => k in o);
    if (key !== undefined && key in props) return variant;
  }
  return null;
}

function at(v: unknown, pointer: string): unknown {
  let cur = v;
  for (const part of pointer.split('/').slice(1)) cur = (cur as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return cur;
}

/** The most specific error: a union is explained by the member the value evidently means. */
function explain(schema: TSchema, value: unknown, base: string): { path: string; message: string } {
  const first = compile(schema).Errors(value).First();
  if (first === undefined) return { path: base, message: 'invalid' };
  let s = first.schema as TSchema & { anyOf?: TSchema[]; $ref?: string };
  if (s.$ref === 'Action') s = ActionSchema;
  if (s.$ref === 'Arg') s = ArgSchema;
  if (s.anyOf !== undefined) {
    const sub = at(value, first.path);
    const variant = discriminate(s as TSchema & { anyOf: TSchema[] }, sub);
    if (variant !== null) return explain(variant, sub, base + first.path);
  }
  return { path: base + first.path, message: first.message };
}

function pointerToPath(pointer: string): string {
  let out = '';
  for (const part of pointer.split('/').slice(1)) {
    const p = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else out += out === '' ? p : `.${p}`;
  }
  return out;
}

/** Parses 'a.b.C.method(x.Y, int)' into class, method and Class.getName() parameter types. */
export function parseCall(s: string): { className: string; method: string; params: string[] } {
  const open = s.indexOf('(');
  const head = s.slice(0, open);
  const dot = head.lastIndexOf('.');
  const inner = s.slice(open + 1, s.lastIndexOf(')')).trim();
  return {
    className: head.slice(0, dot),
    method: head.slice(dot + 1),
    params: inner === '' ? [] : inner.split(',').map((p) => normalizeTypeName(p.trim())),
  };
}

/** Parses 'a.b.C(x.Y, int)' (a constructor reference) into class and parameter types. */
export function parseNew(s: string): { className: string; params: string[] } {
  const open = s.indexOf('(');
  const inner = s.slice(open + 1, s.lastIndexOf(')')).trim();
  return { className: s.slice(0, open), params: inner === '' ? [] : inner.split(',').map((p) => normalizeTypeName(p.trim())) };
}

export function splitFrame(ref: string): { className: string; method: string } {
  const dot = ref.lastIndexOf('.');
  return { className: ref.slice(0, dot), method: ref.slice(dot + 1) };
}

export const DEFAULT_EPOCH = Date.UTC(2026, 0, 1);

/** Validates a parsed scenario; throws ScenarioError. */
export function validateScenario(value: unknown, source = 'scenario'): Scenario {
  if (!check.Check(value)) {
    const e = explain(ScenarioSchema, value, '');
    throw new ScenarioError(source, pointerToPath(e.path), e.message);
  }
  const s = value as Scenario;
  semanticChecks(s, source);
  return s;
}

export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScenarioError(path, '', `cannot read the file (${(e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(path, '', `not valid JSON (${(e as Error).message})`);
  }
  return validateScenario(json, path);
}

const PROCESS_CALLBACKS: Record<string, readonly string[]> = {
  application: ['onCreate'],
  activities: ['onCreate', 'onResume', 'onPause'],
  launcher: ['onCreate', 'onResume', 'onPause'],
  services: ['onCreate', 'onStartCommand', 'onBind', 'onStartJob'],
  receivers: ['onReceive'],
  providers: ['onCreate', 'onQuery', 'onCall', 'onInsert'],
};

const CALLBACKS = ['onCreate', 'onResume', 'onPause', 'onStartCommand', 'onBind', 'onReceive', 'onStartJob', 'onQuery', 'onCall', 'onInsert'] as const;

/** The framework class each component kind extends (a `superclass` must be it or a subclass). */
const ROLE: Record<string, string> = {
  application: 'android.app.Application',
  activities: 'android.app.Activity',
  launcher: 'android.app.Activity',
  services: 'android.app.Service',
  receivers: 'android.content.BroadcastReceiver',
  providers: 'android.content.ContentProvider',
};

function semanticChecks(s: Scenario, source: string): void {
  const fail = (path: string, problem: string): never => {
    throw new ScenarioError(source, path, problem);
  };
  const api = s.device.apiLevel;
  const app = s.app;
  if (app.launcher === undefined) fail('app.launcher', 'the traced app needs a launcher activity (Frida spawns it)');

  // Certificates.
  for (const [i, a] of [app, ...(s.otherApps ?? [])].entries()) {
    const path = i === 0 ? 'app' : `otherApps[${i - 1}]`;
    if (a.signingCertificate !== undefined && a.signingCertSha256 !== undefined) {
      const got = createHash('sha256').update(Buffer.from(a.signingCertificate, 'base64')).digest('hex');
      if (got !== a.signingCertSha256) fail(`${path}.signingCertSha256`, `does not match signingCertificate (its SHA-256 is ${got})`);
    }
  }

  // Packages are unique.
  const pkgs = new Set<string>();
  const all = [app.package, ...(s.otherApps ?? []).map((o) => o.package), ...(s.device.installedApps ?? []).map((o) => o.package)];
  for (const [i, p] of all.entries()) {
    if (pkgs.has(p)) fail(i === 0 ? 'app.package' : 'otherApps', `package ${p} is declared twice`);
    pkgs.add(p);
  }

  // Component callbacks are the ones each kind has.
  const processes = new Set<string>([app.package]);
  // Libraries compiled into the app.
  const libraries = app.libraries ?? [];
  for (const [i, l] of libraries.entries()) {
    if (LIBRARIES[l] === undefined) fail(`app.libraries[${i}]`, `unknown library "${l}" (known: ${Object.keys(LIBRARIES).join(', ')})`);
  }
  for (const group of EXCLUSIVE) if (group.filter((g) => libraries.includes(g)).length > 1) fail('app.libraries', `${group.join(' and ')} cannot be in one app (the same classes)`);
  const libSpecs = librarySpecs(libraries);
  // Apache HttpClient from API 28: the org.apache.http.legacy shared library, for apps that declare
  // it or target API 27 or lower (added for them automatically).
  if (api >= 28 && ((app.usesLibraries ?? []).includes('org.apache.http.legacy') || (app.targetSdk ?? api) < 28)) for (const c of apacheLegacyLibrary()) libSpecs.set(c.name, c);
  // SDK classes the scenario declares with methods (app.classes): a library class (one the app
  // lists in app.libraries) gains the declared methods, as the runtime joins them.
  for (const [i, k] of (app.classes ?? []).entries()) {
    const lib = libSpecs.get(k.class);
    if (lib === undefined) continue;
    if (k.extends !== undefined) fail(`app.classes[${i}].extends`, `${k.class} ships in a library listed in app.libraries: its superclass is the library's`);
    libSpecs.set(k.class, { ...lib, methods: [...lib.methods, ...k.methods.map((x) => mm(x.decl))] });
  }
  const classOf = (name: string) => frameworkClass(name, api) ?? libSpecs.get(name);
  const isA = (name: string, base: string): boolean => {
    for (let c = classOf(name); c !== undefined; c = c.superName === null ? undefined : classOf(c.superName)) if (c.name === base) return true;
    return false;
  };

  const componentLists: [string, ComponentDeclaration[]][] = [
    ['app.application', app.application ? [app.application] : []],
    ['app.launcher', app.launcher ? [app.launcher] : []],
    ['app.components.activities', app.components?.activities ?? []],
    ['app.components.services', app.components?.services ?? []],
    ['app.components.receivers', app.components?.receivers ?? []],
    ['app.components.providers', app.components?.providers ?? []],
  ];
  for (const [path, list] of componentLists) {
    const kind = path.split('.').pop()!;
    for (const [i, comp] of list.entries()) {
      const where = path === 'app.application' || path === 'app.launcher' ? path : `${path}[${i}]`;
      for (const cb of CALLBACKS) {
        if (comp[cb] !== undefined && !PROCESS_CALLBACKS[kind]!.includes(cb)) fail(`${where}.${cb}`, `a ${kind === 'receivers' ? 'receiver' : kind.replace(/s$/, '')} has no ${cb} callback`);
      }
      if (comp.superclass !== undefined && !isA(comp.superclass, ROLE[kind]!)) fail(`${where}.superclass`, `${comp.superclass} is not a modelled ${ROLE[kind]} subclass at API ${api}`);
      if (comp.onStartJob !== undefined && !(comp.superclass !== undefined && isA(comp.superclass, 'android.app.job.JobService'))) fail(`${where}.onStartJob`, 'only a JobService (superclass android.app.job.JobService) has onStartJob');
      if (kind === 'providers' && comp.authority === undefined) fail(`${where}.authority`, 'a provider needs its authority');
      if (kind !== 'providers' && comp.authority !== undefined) fail(`${where}.authority`, 'only providers have an authority');
      if (comp.startMode !== undefined && kind !== 'services') fail(`${where}.startMode`, 'only services have a startMode');
      if (comp.persistableMode !== undefined && kind !== 'activities' && kind !== 'launcher') fail(`${where}.persistableMode`, 'only activities have a persistableMode');
      for (const attr of ['theme', 'excludeFromRecents', 'taskAffinity'] as const) {
        if (comp[attr] !== undefined && kind !== 'activities' && kind !== 'launcher') fail(`${where}.${attr}`, `only activities have ${attr} here (move it to an entry of components.activities)`);
      }
      if (comp.process !== undefined) {
        if (path === 'app.application') fail(`${where}.process`, 'the Application runs in every process of the app');
        processes.add(processName(app.package, comp.process));
      }
    }
  }

  const executors = new Set(Object.keys(app.executors ?? {}));
  const staticTls = new Set((app as { staticTlsLibs?: string[] }).staticTlsLibs ?? []);
  const libs = new Set([...(app.nativeLibs ?? []), ...(app.sdks ?? []).flatMap((x) => x.nativeLibs ?? []), ...staticTls]);

  const checkActions = (actions: readonly Action[], path: string, vars: Set<string>) => {
    for (const [i, a] of actions.entries()) {
      const p = `${path}[${i}]`;
      if ('call' in a) {
        const { className, method, params } = parseCall(a.call);
        checkFrameworkCall(className, method, params, api, `${p}.call`, fail, libSpecs);
        for (const [j, arg] of (a.args ?? []).entries()) checkArg(arg, vars, `${p}.args[${j}]`);
        if (a.on !== undefined) checkArg(a.on, vars, `${p}.on`);
        if (a.as !== undefined) vars.add(a.as);
      } else if ('new' in a) {
        const { className, params } = parseNew(a.new);
        checkFrameworkCall(className, '<init>', params, api, `${p}.new`, fail, libSpecs);
        for (const [j, arg] of (a.args ?? []).entries()) checkArg(arg, vars, `${p}.args[${j}]`);
        vars.add(a.as);
      } else if ('read' in a) {
        vars.add(a.as ?? a.read);
      } else if ('in' in a || 'repeat' in a) {
        checkActions(a.do, `${p}.do`, vars);
      } else if ('execute' in a || 'submit' in a) {
        const pool = 'execute' in a ? a.execute : a.submit;
        const key = 'execute' in a ? 'execute' : 'submit';
        if (!executors.has(pool)) fail(`${p}.${key}`, `no executor "${pool}" in app.executors`);
        checkActions(a.do, `${p}.do`, new Set(vars));
      } else if ('post' in a || 'thread' in a) {
        checkActions(a.do, `${p}.do`, new Set(vars));
      } else if ('format' in a) {
        checkTemplate(a.format, vars, `${p}.format`, fail);
        vars.add(a.as);
      } else if ('http' in a) {
        checkTemplate(a.http.body ?? '', vars, `${p}.http.body`, fail);
        for (const [k, v] of Object.entries(a.http.headers ?? {})) checkTemplate(v, vars, `${p}.http.headers.${k}`, fail);
        if (a.as !== undefined) vars.add(a.as);
      } else if ('socket' in a) {
        checkTemplate(a.socket.payload, vars, `${p}.socket.payload`, fail);
      } else if ('nativeRead' in a) {
        if (!libs.has(a.nativeRead.lib)) fail(`${p}.nativeRead.lib`, `${a.nativeRead.lib} is not among the app's or its SDKs' nativeLibs`);
        if (a.nativeRead.call !== 'getifaddrs' && (a.nativeRead.arg ?? '') === '') fail(`${p}.nativeRead.arg`, `${a.nativeRead.call} needs an arg (a path, a property name or an interface)`);
      } else if ('nativeWrite' in a) {
        if (!libs.has(a.nativeWrite.lib)) fail(`${p}.nativeWrite.lib`, `${a.nativeWrite.lib} is not among the app's or its SDKs' nativeLibs`);
      } else if ('native' in a) {
        if (!libs.has(a.native.lib)) fail(`${p}.native.lib`, `${a.native.lib} is not among the app's or its SDKs' nativeLibs`);
        if (a.native.staticTls === true && !staticTls.has(a.native.lib)) fail(`${p}.native.staticTls`, `${a.native.lib} is not among the app's staticTlsLibs (add it there: it is the library with BoringSSL linked in)`);
        checkTemplate(a.native.payload, vars, `${p}.native.payload`, fail);
      } else if ('if' in a) {
        checkArg(a.if, vars, `${p}.if`);
        checkActions(a.then, `${p}.then`, vars);
        if (a.else !== undefined) checkActions(a.else, `${p}.else`, vars);
      } else if ('start' in a) {
        const st = a.start;
        if (st.via === 'bind' && st.connection === undefined) fail(`${p}.start.connection`, 'bindService needs the ServiceConnection class of the caller');
        if (st.component !== undefined && st.package === undefined) fail(`${p}.start.package`, 'an explicit component needs its package');
      }
    }
  };

  /** Built arguments: variables they read, constructors and calls they make, callback bodies they carry. */
  const checkArg = (arg: ArgValue, vars: Set<string>, path: string): void => {
    if (arg === null || typeof arg !== 'object') {
      checkRef(arg, vars, path, fail);
      return;
    }
    if ('new' in arg) {
      const { className, params } = parseNew(arg.new);
      checkFrameworkCall(className, '<init>', params, api, `${path}.new`, fail, libSpecs);
      for (const [j, x] of (arg.args ?? []).entries()) checkArg(x, vars, `${path}.args[${j}]`);
    } else if ('call' in arg) {
      const { className, method, params } = parseCall(arg.call);
      checkFrameworkCall(className, method, params, api, `${path}.call`, fail, libSpecs);
      for (const [j, x] of (arg.args ?? []).entries()) checkArg(x, vars, `${path}.args[${j}]`);
      if (arg.on !== undefined) checkArg(arg.on, vars, `${path}.on`);
    } else if ('array' in arg) {
      for (const [j, x] of arg.items.entries()) checkArg(x, vars, `${path}.items[${j}]`);
    } else if ('object' in arg || 'class' in arg) {
      if (arg.of !== undefined && classOf(arg.of) === undefined) fail(`${path}.of`, `${arg.of} is not modelled at API ${api} (nor in the app's libraries)`);
      if ('superArgs' in arg) for (const [j, x] of (arg.superArgs ?? []).entries()) checkArg(x, vars, `${path}.superArgs[${j}]`);
      for (const [name, body] of Object.entries(arg.methods ?? {})) {
        const inner = new Set(vars);
        for (let k = 0; k < 12; k++) inner.add(`p${k}`);
        checkActions(body as Action[], `${path}.methods.${name}`, inner);
      }
    }
  };

  const callbacks: [string, ComponentDeclaration][] = componentLists.flatMap(([path, list]) =>
    list.map((c, i): [string, ComponentDeclaration] => [path === 'app.application' || path === 'app.launcher' ? path : `${path}[${i}]`, c]),
  );
  for (const [path, comp] of callbacks) {
    for (const cb of CALLBACKS) {
      const list = comp[cb];
      const given: Record<string, string[]> = { onStartCommand: ['intent'], onBind: ['intent'], onReceive: ['context', 'intent'], onStartJob: ['params'], onQuery: ['uri'], onInsert: ['uri'], onCall: ['method', 'arg'] };
      if (list !== undefined) checkActions(list, `${path}.${cb}`, new Set(given[cb] ?? []));
    }
  }

  // SDK classes with methods: a body sees $p0.. and what any body of its class keeps with `as`.
  const declared = new Set<string>();
  for (const [i, k] of (app.classes ?? []).entries()) {
    const p = `app.classes[${i}]`;
    if (declared.has(k.class)) fail(`${p}.class`, `${k.class} is declared twice (give one entry all its methods)`);
    declared.add(k.class);
    if (FRAMEWORK.some((x) => x.name === k.class)) fail(`${p}.class`, `${k.class} is a framework class, not an SDK's`);
    const owner = Object.keys(LIBRARIES).find((l) => librarySpecs([l]).has(k.class));
    if (owner !== undefined && !libSpecs.has(k.class)) fail(`${p}.class`, `${k.class} ships in the ${owner} library: list it in app.libraries`);
    if (k.extends !== undefined && classOf(k.extends) === undefined) fail(`${p}.extends`, `${k.extends} is not modelled at API ${api} (nor in the app's libraries)`);
    for (const [j, iface] of (k.implements ?? []).entries()) {
      const spec = classOf(iface);
      if (spec === undefined || (spec.flags & ACC.INTERFACE) === 0) fail(`${p}.implements[${j}]`, `${iface} is not an interface modelled at API ${api} (nor in the app's libraries)`);
      // Every abstract method of the interface needs a body, as javac requires.
      for (const am of spec!.methods) {
        if ((am.flags & ACC.ABSTRACT) === 0) continue;
        const sig = `${am.name}(${am.params.join(',')})`;
        const has = k.methods.some((x) => {
          const open = x.decl.indexOf('(');
          return `${x.decl.slice(0, open).trim().split(/\s+/).pop()}(${x.decl.slice(open + 1, -1).split(',').map((t) => t.trim()).filter((t) => t !== '').join(',')})` === sig;
        });
        if (!has) fail(`${p}.methods`, `${k.class} implements ${iface} but declares no ${sig}`);
      }
    }
    const kept = new Set<string>();
    const collect = (xs: readonly Action[]) => {
      for (const x of xs) {
        if ('as' in x && typeof x.as === 'string') kept.add(x.as);
        if ('read' in x) kept.add(x.as ?? x.read);
        const o = x as unknown as Record<string, unknown>;
        for (const key of ['do', 'then', 'else']) if (Array.isArray(o[key])) collect(o[key] as Action[]);
      }
    };
    for (const x of k.methods) collect(x.do);
    const seen = new Set<string>();
    for (const [j, x] of k.methods.entries()) {
      const open = x.decl.indexOf('(');
      const params = x.decl.slice(open + 1, -1).split(',').map((t) => t.trim()).filter((t) => t !== '');
      const sig = `${x.decl.slice(0, open).trim().split(/\s+/).pop()}(${params.join(',')})`;
      if (seen.has(sig)) fail(`${p}.methods[${j}].decl`, `${sig} is declared twice in ${k.class}`);
      seen.add(sig);
      const vars = new Set([...kept, ...params.map((_t, n) => `p${n}`)]);
      checkActions(x.do, `${p}.methods[${j}].do`, vars);
      if (x.returns !== undefined) checkArg(x.returns, vars, `${p}.methods[${j}].returns`);
    }
  }

  const dialog = app.privacyDialog;
  if (dialog !== undefined) {
    const texts = new Set<string>();
    for (const [i, b] of dialog.buttons.entries()) {
      const p = `app.privacyDialog.buttons[${i}]`;
      if (texts.has(b.text)) fail(`${p}.text`, `two buttons say ${JSON.stringify(b.text)}`);
      texts.add(b.text);
      if (b.class !== undefined && !/^android\.widget\.(TextView|Button)$/.test(b.class)) fail(`${p}.class`, 'a dialog button is an android.widget.Button or TextView');
      checkActions(b.do, `${p}.do`, new Set());
    }
  }

  for (const [i, e] of s.timeline.entries()) {
    const p = `timeline[${i}]`;
    if ('process' in e && e.process !== undefined && e.process !== 'main') {
      const name = processName(app.package, e.process);
      if (!processes.has(name)) fail(`${p}.process`, `the app has no process "${name}" (declare a component with "process": "${e.process}")`);
    }
    if (e.type === 'crash' && e.kind === 'native' && e.library !== undefined && !libs.has(e.library)) fail(`${p}.library`, `${e.library} is not among the app's or its SDKs' nativeLibs`);
    if (e.type === 'click' || e.type === 'run') checkActions(e.do, `${p}.do`, new Set());
    if (e.type === 'provider') {
      if (!pkgs.has(e.from) || e.from === app.package) fail(`${p}.from`, `${e.from} is not another installed app (otherApps or device.installedApps)`);
      if (!(app.components?.providers ?? []).some((x) => x.authority === e.authority)) fail(`${p}.authority`, `no provider of ${app.package} has authority ${e.authority}`);
    }
    if (e.type === 'service' && e.from !== undefined && e.from !== 'system') {
      const target = e.package ?? app.package;
      if (!pkgs.has(e.from)) fail(`${p}.from`, `${JSON.stringify(e.from)} is neither "system" nor an installed package (otherApps or device.installedApps)`);
      if (e.from === target || e.from === app.package) fail(`${p}.from`, `${e.from} is ${e.from === target ? "the service's own app" : 'the traced app'}: let its code start the service (a "run" entry calling Context.startService or bindService), so what it does is traced`);
    }
    if (e.type === 'open' && e.from !== undefined && (!pkgs.has(e.from) || e.from === app.package)) fail(`${p}.from`, `${e.from} is not another installed app (otherApps or device.installedApps)`);
    if (e.type === 'open' && !(app.components?.activities ?? []).some((a) => a.class === e.activity) && app.launcher?.class !== e.activity) {
      fail(`${p}.activity`, `${e.activity} is not declared in app.components.activities`);
    }
  }
}

export function processName(pkg: string, proc: string | undefined): string {
  if (proc === undefined || proc === 'main') return pkg;
  return proc.startsWith(':') ? `${pkg}${proc}` : proc;
}

function checkRef(arg: unknown, vars: Set<string>, path: string, fail: (p: string, m: string) => never): void {
  if (typeof arg !== 'string' || !arg.startsWith('$')) return;
  const name = arg.slice(1);
  if (['context', 'activity', 'this', 'looper', 'base'].includes(name)) return;
  if (!vars.has(name)) fail(path, `unknown variable ${arg} (set it with "as" in an earlier action)`);
}

const TEMPLATE = /\{\{\s*((?:(?:md5|sha1|sha256|base64|hex|urlencode|lat|lng|fixed[2-7])\s*:\s*)*)(\$[\w]+|ts)\s*\}\}/g;

function checkTemplate(t: string, vars: Set<string>, path: string, fail: (p: string, m: string) => never): void {
  for (const m of t.matchAll(/\{\{([^}]*)\}\}/g)) {
    TEMPLATE.lastIndex = 0;
    const ok = TEMPLATE.exec(m[0]);
    if (ok === null) fail(path, `bad placeholder ${m[0]} (use {{$var}}, {{md5:$var}}, {{sha1:…}}, {{sha256:…}}, {{base64:…}}, {{hex:…}}, {{urlencode:…}}, {{lat:…}}, {{lng:…}}, {{fixed2:…}}…{{fixed7:…}}, chained like {{fixed2:lat:$loc}}, or {{ts}})`);
    const v = ok![2]!;
    if (v !== 'ts' && !vars.has(v.slice(1))) fail(path, `unknown variable ${v} in ${m[0]}`);
  }
}

/** A framework (or library) call must name a method that exists at the device's API level. */
function checkFrameworkCall(
  className: string,
  method: string,
  params: string[],
  api: number,
  path: string,
  fail: (p: string, m: string) => never,
  libs: ReadonlyMap<string, import('../java/model.js').ClassSpec> = new Map(),
): void {
  const lib = libs.get(className);
  const any = FRAMEWORK.find((c) => c.name === className);
  if (lib === undefined && any === undefined) {
    const unmodelled = SYSTEM_SERVICES.find((e) => e.manager === className && registeredAt(e, api) && !isModelledService(e.name));
    if (unmodelled !== undefined) fail(path, `${className} is not modelled by the emulator: ${unmodelledServiceReason(unmodelled, api)} (a phone's Context.getSystemService("${unmodelled.name}") returns it)`);
    const owner = Object.keys(LIBRARIES).find((l) => librarySpecs([l]).has(className));
    if (owner !== undefined) fail(path, `${className} ships in the ${owner} library: list it in app.libraries`);
    return; // an app or SDK class: resolved at run time
  }
  const spec = lib ?? frameworkClass(className, api);
  if (spec === undefined) fail(path, `${className} does not exist at API ${api}`);
  const key = overloadKey(method, params);
  const byName = (n: string) => libs.get(n) ?? frameworkClass(n, api);
  for (let c: (typeof FRAMEWORK)[number] | undefined = spec; c !== undefined; c = c.superName === null || method === '<init>' ? undefined : byName(c.superName)) {
    // A method may be declared more than once for disjoint API ranges (different bodies).
    const ms = c.methods.filter((x) => overloadKey(x.name, x.params) === key);
    if (ms.length > 0) {
      if (!ms.some((x) => existsAt(x, api))) fail(path, `${className}.${key} does not exist at API ${api}`);
      return;
    }
  }
  fail(path, `${className}.${key} is not modelled by the emulator (see emulator/README.md, "Adding a class")`);
}

export { READS };
