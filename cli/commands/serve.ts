/**
 * `switchboard serve` (what `npm start` runs): the dashboard and API on one port, over an
 * embedded DuckDB file. Builds the dashboard if it has not been built, loads the demo
 * district into an empty database so a newcomer sees figures at once, and on Ctrl-C
 * closes the server and then the database. Structured logs (pino JSON lines with request
 * ids, no query strings or ticket text) go to standard output unless --quiet.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dbPath, parse, positiveInt } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { buildApp } from '#dashboard/server/app.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import type { Command } from '../main.ts';

// The checkout: the nearest folder above this module holding package.json. That is two up
// both from the source (cli/commands/) and from the compiled chunk (dist/cli/), but found,
// not counted, so a change to the bundle's layout cannot point it elsewhere.
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}
const root = projectRoot();
export const BUILD_DIR = join(root, 'dashboard', 'build');
const CLOSE_TIMEOUT_MS = 20_000;

const usage = `Usage: switchboard serve [--db FILE] [--port N] [--host ADDRESS] [--no-demo]

Serves the dashboard at http://localhost:3000 (PORT or --port to change it).
  --db FILE        database file (default: $SWITCHBOARD_DB or data/switchboard.duckdb)
  --port N         port (default: $PORT or 3000)
  --host ADDRESS   address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --no-demo        leave an empty database empty instead of loading the demo district
  --quiet          no request log (by default one JSON line per request on standard output)

Environment: SWITCHBOARD_TRUST_PROXY (true, or the proxy's addresses) when a
reverse proxy terminates https; SWITCHBOARD_LOG_LEVEL (info); SWITCHBOARD_REQUEST_TIMEOUT_S
(600: a request body must arrive within it); SWITCHBOARD_FILE_WORK (2 previews or imports
at once); SWITCHBOARD_UPLOAD_LIMIT_MB (500).`;

export function ensureBuilt(): void {
  if (existsSync(join(BUILD_DIR, 'index.html'))) return;
  console.error('building the dashboard (first start only)...');
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the dashboard build failed; run `npx vite build` to see why');
}

const command: Command = {
  summary: 'serve the dashboard and API (what npm start runs)',
  usage,
  async run(args) {
    const { values } = parse(args, { db: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean' }, quiet: { type: 'boolean' } });
    const port = positiveInt('port', values.port ?? process.env.PORT, 3000, 65535);
    ensureBuilt();
    const db = await Database.open(dbPath(values.db));
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM tickets');
    if (n === 0 && !values['no-demo']) {
      console.error('the database is empty: loading the demo district (20,000 tickets)...');
      await writeDistrictToDatabase(db, { tickets: 20_000 });
    }
    const app = await buildApp({ db, closeDatabase: true, staticDir: BUILD_DIR, logger: !values.quiet, warmAnswers: true, scheduleDeliveries: true });
    const host = values.host ?? '127.0.0.1';
    await app.listen({ port, host });
    console.log(`Switchboard is serving http://localhost:${port} (database ${db.path})`);
    await new Promise<void>((resolve) => {
      const stop = async (signal: string) => {
        console.error(`${signal}: closing the server and the database...`);
        // Committed imports are safe in DuckDB's write-ahead log; a statement still running
        // on DuckDB's threads must not hold the process past Ctrl-C.
        const watchdog = setTimeout(() => {
          console.error(`the server did not close within ${CLOSE_TIMEOUT_MS / 1000} s; exiting`);
          process.exit(1);
        }, CLOSE_TIMEOUT_MS);
        watchdog.unref();
        await app.close();
        clearTimeout(watchdog);
        resolve();
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
    // Closed cleanly: exit even if a finished request left a timer or socket behind.
    setTimeout(() => process.exit(0), 1_000).unref();
    return 0;
  },
};
export default command;
