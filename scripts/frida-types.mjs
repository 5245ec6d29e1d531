#!/usr/bin/env node
// Makes the declarations of the pinned `frida` version available for type-checking the Frida
// adapter, without installing the package (its install script downloads a native binding, which
// fails on machines without internet access). `npm pack` fetches only the tarball from the npm
// registry; its build/src/*.d.ts are unpacked into .cache/frida-types/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = pkg.optionalDependencies.frida;
const dest = join(root, '.cache', 'frida-types');
const marker = join(dest, 'package', 'build', 'src', 'frida.d.ts');
const stamp = join(dest, 'VERSION');

if (existsSync(marker) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === version) process.exit(0);

rmSync(dest, { recursive: true, force: true });
mkdirSync(dest, { recursive: true });
const out = execFileSync('npm', ['pack', `frida@${version}`, '--silent', '--pack-destination', dest], { cwd: dest, encoding: 'utf8' }).trim().split('\n').pop();
execFileSync('tar', ['xzf', join(dest, out), '-C', dest, 'package/build/src/frida.d.ts', 'package/build/src/frida_binding.d.ts', 'package/package.json']);
rmSync(join(dest, out));
writeFileSync(stamp, version);
if (!existsSync(marker)) {
  console.error(`frida-types: ${marker} missing after unpacking frida@${version}`);
  process.exit(1);
}
console.log(`frida-types: declarations of frida@${version} in ${dest}`);
