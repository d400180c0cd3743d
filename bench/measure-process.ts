/**
 * Runs one command as a child process and measures it from the outside: wall time, peak
 * resident memory, and the machine's load when it started (the machine is shared, so a
 * number without its load cannot be judged).
 *
 * Peak RSS comes from GNU time's "Maximum resident set size" where /usr/bin/time exists;
 * otherwise /proc/<pid>/status VmHWM (the kernel's own high-water mark) is sampled, which
 * can miss only the last sampling interval of growth.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface ProcessRun {
  command: string;
  seconds: number;
  peakRssMiB: number | null;
  /** User + system CPU seconds of the process and its children (GNU time), null without it: less swayed by a shared machine's load than wall time. */
  cpuSeconds: number | null;
  rssSource: 'gnu-time' | 'proc-vmhwm' | 'none';
  exitCode: number | null;
  stdout: string;
  stderr: string;
  load1: number;
}

const GNU_TIME = '/usr/bin/time';

function vmHwmKiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export async function measureProcess(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProcessRun> {
  const useTime = existsSync(GNU_TIME);
  const [cmd, ...args] = useTime ? [GNU_TIME, '-v', ...argv] : argv;
  const load1 = loadavg()[0];
  const started = performance.now();
  const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  let sampledKiB = 0;
  const sampler = useTime
    ? null
    : setInterval(() => {
        const k = child.pid ? vmHwmKiB(child.pid) : null;
        if (k !== null && k > sampledKiB) sampledKiB = k;
      }, 50);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const seconds = (performance.now() - started) / 1000;
  if (sampler) clearInterval(sampler);
  let stderr = Buffer.concat(err).toString('utf8');
  let peakRssMiB: number | null = sampledKiB ? sampledKiB / 1024 : null;
  let cpuSeconds: number | null = null;
  if (useTime) {
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
    if (user && sys) cpuSeconds = Number(user[1]) + Number(sys[1]);
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    peakRssMiB = m ? Number(m[1]) / 1024 : null;
    // GNU time appends its report to the child's stderr; keep only the child's own lines.
    const at = stderr.indexOf('\tCommand being timed:');
    if (at >= 0) stderr = stderr.slice(0, at);
    stderr = stderr.replace(/Command exited with non-zero status \d+\n?$/, '');
  }
  return {
    command: argv.join(' '),
    seconds,
    peakRssMiB,
    cpuSeconds,
    rssSource: useTime ? 'gnu-time' : sampledKiB ? 'proc-vmhwm' : 'none',
    exitCode,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr,
    load1,
  };
}

/** Throws with the child's own words when it failed: a benchmark of a failure is no number. */
export function mustSucceed(run: ProcessRun, what: string): ProcessRun {
  if (run.exitCode !== 0) {
    throw new Error(`${what} failed (exit ${run.exitCode}): ${run.command}\n${run.stderr.slice(-2000)}`);
  }
  return run;
}
