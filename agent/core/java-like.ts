// The slice of frida-java-bridge the installer touches, structurally typed so the core can be
// unit-tested without a VM. Names and semantics are FJB's (see docs/frida-notes.md §1).

export interface JavaTypeLike {
  /** JNI-style name: 'I', 'Ljava/lang/String;', '[B'. */
  name: string;
  /** Class.getName()-style: 'int', 'java.lang.String', '[B'. */
  className?: string;
}

export interface JavaMethodLike {
  (...args: any[]): any;
  methodName: string;
  argumentTypes: JavaTypeLike[];
  returnType: JavaTypeLike;
  implementation: ((this: any, ...args: any[]) => any) | null;
}

export interface JavaDispatcherLike extends JavaMethodLike {
  overloads: JavaMethodLike[];
  overload(...signature: string[]): JavaMethodLike;
}

export interface ClassFactoryLike {
  use(className: string): any;
}

/** Type name as hook specs and `sdktrace hooks` spell it. */
export function typeName(t: JavaTypeLike): string {
  return t.className ?? t.name;
}
