// Shared by the audit tests: the bundled audit scenario and variants of it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const AUDIT_SCENARIO = join(ROOT, 'data', 'scenarios', 'audit.json');
