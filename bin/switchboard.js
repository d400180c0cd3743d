#!/usr/bin/env node
// The `switchboard` command. It runs the ahead-of-time build in dist/cli (`npm run build`,
// see bin/build-cli.js) when there is one and no source it was built from has changed
// since; otherwise, as in a fresh clone or while the code is being edited, the TypeScript
// sources through tsx's loader. SWITCHBOARD_FROM_SOURCE=1 always runs the sources.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The compiled entry point, or null when there is none or any of its sources changed. */
function compiledEntry() {
  if (process.env.SWITCHBOARD_FROM_SOURCE) return null;
  try {
    const { builtAt, inputs, migrations } = JSON.parse(readFileSync(`${root}dist/cli/sources.json`, 'utf8'));
    for (const f of inputs) if (statSync(`${root}${f}`).mtimeMs > builtAt) return null;
    // A migration added since the build would be missing from the copy beside the bundle.
    const now = readdirSync(`${root}core/db/migrations`).sort().map((f) => `core/db/migrations/${f}`);
    if (now.join('\n') !== migrations.join('\n')) return null;
    return `${root}dist/cli/main.js`;
  } catch {
    return null;
  }
}

const compiled = compiledEntry();
let main;
if (compiled) ({ main } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
