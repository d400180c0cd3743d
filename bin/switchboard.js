#!/usr/bin/env node
// The `switchboard` command. The project is TypeScript run through tsx's loader, so a
// fresh clone needs no compile step before `npx switchboard ...`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
