#!/usr/bin/env node
// The `switchboard` command. It runs the ahead-of-time build in dist/cli (`npm run build`,
// see bin/build-cli.js) when there is one and no source it was built from has changed
// since; otherwise, as in a fresh clone or while the code is being edited, the TypeScript
// sources through tsx's loader. SWITCHBOARD_FROM_SOURCE=1 always runs the sources.
// SWITCHBOARD_SHOW_ENTRY=1 says on standard error which of the two ran, and why.
import { fileURLToPath } from 'node:url';
import { staleReason } from './compiled-cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const stale = process.env.SWITCHBOARD_FROM_SOURCE ? 'SWITCHBOARD_FROM_SOURCE is set' : staleReason(root);
if (process.env.SWITCHBOARD_SHOW_ENTRY) {
  console.error(stale ? `switchboard: running cli/main.ts through tsx (${stale})` : 'switchboard: running dist/cli/main.js');
}
let main;
if (!stale) ({ main } = await import('../dist/cli/main.js'));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
