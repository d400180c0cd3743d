#!/usr/bin/env node
// `npm run build:cli`: compiles the `switchboard` command ahead of time into dist/cli, so
// a command starts without compiling TypeScript (tsx's loader took most of a --help's
// 0.6 s of CPU). esbuild bundles cli/main.ts and everything it imports (the '#core/...'
// aliases resolve through package.json "imports"); every command stays its own chunk,
// loaded only when run; packages in node_modules stay imports. The migrations are read
// from disk beside the code that applies them, so they are copied beside the bundle.
// dist/cli/sources.json lists every source the bundle holds (and this file): bin/switchboard.js
// runs the bundle only while none of them changed since (else it runs the sources through tsx).
//
// `--if-stale` (what `npm start` runs before `serve`) builds only when dist/cli is missing or
// older than a source (bin/compiled-cli.js), so a fresh clone's server runs the bundle, as an
// installed command does, and a current one costs a few stats. It is a step of `npm start`,
// not of bin/switchboard.js, so that running a command never rewrites dist/cli under another
// process running it; and when the build fails it says so and leaves the sources to run.
//
// The new build is written to a folder of its own and then renamed into place, so a
// command starting meanwhile finds either the whole old build or the whole new one.
import { cpSync, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { staleReason } from './compiled-cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ifStale = process.argv.includes('--if-stale');
const stale = staleReason(root);

async function compile() {
  const { build } = await import('esbuild');
  const out = `${root}dist/cli`;
  const next = `${out}.next-${process.pid}`;
  const builtAt = Date.now();
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['cli/main.ts'],
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outdir: next,
      metafile: true,
      logLevel: 'warning',
      // Before `svelte-kit sync` (a fresh clone) tsconfig.json's base file is missing: it adds
      // only the dashboard's $lib paths, which the CLI does not use (the bundle is the same).
      logOverride: existsSync(`${root}.svelte-kit/tsconfig.json`) ? {} : { 'tsconfig.json': 'silent' },
    });
    cpSync(`${root}core/db/migrations`, `${next}/migrations`, { recursive: true });
    const migrations = readdirSync(`${root}core/db/migrations`).sort().map((f) => `core/db/migrations/${f}`);
    const inputs = [...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')), ...migrations, 'package.json', 'bin/build-cli.js'];
    for (const f of inputs) if (statSync(`${root}${f}`).mtimeMs > builtAt) throw new Error(`${f} changed during the build; build again`);
    writeFileSync(`${next}/sources.json`, JSON.stringify({ builtAt, inputs, migrations }) + '\n');
    const old = `${out}.old-${process.pid}`;
    try {
      renameSync(out, old);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
    renameSync(next, out);
    rmSync(old, { recursive: true, force: true });
    console.error(`compiled the CLI into dist/cli (${inputs.length} sources${stale ? `; ${stale}` : ''})`);
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

if (!ifStale) await compile();
else if (stale) {
  try {
    await compile();
  } catch (e) {
    console.error(`could not compile the CLI (${e.message}); the TypeScript sources run instead`);
  }
}
