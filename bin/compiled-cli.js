// Whether dist/cli (the bundle bin/build-cli.js writes) may run: it may while every source
// listed in dist/cli/sources.json is no newer than the build and the migrations folder
// holds the same files as the copy beside the bundle. Shared by bin/switchboard.js (which
// entry to run) and `bin/build-cli.js --if-stale` (whether to build).
import { readdirSync, readFileSync, statSync } from 'node:fs';

/** null when dist/cli under root is current, else why it may not run (missing, or which source changed). */
export function staleReason(root) {
  let built;
  try {
    built = JSON.parse(readFileSync(`${root}dist/cli/sources.json`, 'utf8'));
  } catch {
    return 'dist/cli has not been built';
  }
  const { builtAt, inputs, migrations } = built;
  for (const f of inputs) {
    let mtime;
    try {
      mtime = statSync(`${root}${f}`).mtimeMs;
    } catch {
      return `${f} is gone since the build`;
    }
    if (mtime > builtAt) return `${f} changed since the build`;
  }
  // A migration added since the build would be missing from the copy beside the bundle.
  const now = readdirSync(`${root}core/db/migrations`).sort().map((f) => `core/db/migrations/${f}`);
  if (now.join('\n') !== migrations.join('\n')) return 'core/db/migrations changed since the build';
  return null;
}
