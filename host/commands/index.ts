// Every subcommand, one module each. Adding a command = one module + one line here.
export { register as sdks } from './sdks.js';
export { register as attribute } from './attribute.js';
export { register as hooks } from './hooks.js';
export { register as demo } from './demo.js';
export { register as trace } from './trace.js';
export { register as report } from './report.js';
export { register as exportPack } from './export.js';
export { register as verify } from './verify.js';
export { register as keygen } from './keygen.js';
export { register as schema } from './schema.js';
export { register as serve } from './serve.js';
export { register as audit } from './audit.js';
export { register as lists } from './lists.js';
export { register as fleet } from './fleet.js';
