/**
 * The real server (`switchboard serve`, what `npm start` runs) on a free loopback port
 * over a given database file, stopped with SIGINT as Ctrl-C would. `--no-demo` keeps a
 * benchmark database exactly as ingested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface BenchServer {
  url: string;
  process: ChildProcess;
  /** Seconds from spawning to "is serving". */
  startSeconds: number;
  stop: () => Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startServer(root: string, dbPath: string): Promise<BenchServer> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/switchboard.js', 'serve', '--db', dbPath, '--port', String(port), '--no-demo'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('is serving http://')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before serving:\n${output.slice(-2000)}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    startSeconds: (performance.now() - started) / 1000,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        // A server busy in a long statement finishes it before closing; past a minute it is killed.
        const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.once('exit', (code) => {
          clearTimeout(kill);
          resolve(code);
        });
        child.kill('SIGINT');
      }),
  };
}
