#!/usr/bin/env node
// `npm run build:cli`: compiles the `switchboard` command ahead of time into dist/cli, so
// a command starts without compiling TypeScript (tsx's loader took most of a --help's
// 0.6 s of CPU). esbuild bundles cli/main.ts and everything it imports (the '#core/...'
// aliases resolve through package.json "imports"); every command stays its own chunk,
// loaded only when run; packages in node_modules stay imports. The migrations are read
// from disk beside the code that applies them, so they are copied beside the bundle.
// dist/cli/sources.json lists every source the bundle holds: bin/switchboard.js runs the
// bundle only while none of them changed since (else it runs the sources through tsx).
import { build } from 'esbuild';
import { cpSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/cli`;
const builtAt = Date.now();
rmSync(out, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['cli/main.ts'],
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outdir: out,
  metafile: true,
  logLevel: 'warning',
});
cpSync(`${root}core/db/migrations`, `${out}/migrations`, { recursive: true });
const migrations = readdirSync(`${root}core/db/migrations`).sort().map((f) => `core/db/migrations/${f}`);
const inputs = [...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')), ...migrations, 'package.json'];
for (const f of inputs) if (statSync(`${root}${f}`).mtimeMs > builtAt) throw new Error(`${f} changed during the build; build again`);
writeFileSync(`${out}/sources.json`, JSON.stringify({ builtAt, inputs, migrations }) + '\n');
console.error(`compiled the CLI into dist/cli (${inputs.length} sources)`);
