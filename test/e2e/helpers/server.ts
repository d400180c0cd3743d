/**
 * Starts the real server (`switchboard serve`) on a free loopback port, as a person would
 * with `npm start`, and stops it with SIGINT the way Ctrl-C does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  url: string;
  dbPath: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

export async function startServer(options: { dbPath?: string; args?: string[] } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dbPath = options.dbPath ?? join(mkdtempSync(join(tmpdir(), 'switchboard-e2e-')), 'e2e.duckdb');
  const child = spawn(process.execPath, ['bin/switchboard.js', 'serve', '--db', dbPath, '--port', String(port), ...(options.args ?? [])], {
    cwd: join(import.meta.dirname, '..', '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes('is serving http://')) resolve();
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before serving:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dbPath,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}
